"""What goes in an article's margin, paragraph by paragraph: other sources, figures, notes.

    paragraph_sidenotes(ctx, article, "articles/002.html", None)
    -> {"p11": {"events": [{"label": "Strategic partnership established",
                            "href": "../events/….html", "date_label": "September 2013",
                            "threads": [{"label": "Partnership upgrades", "href": …}],
                            "others": [{"name": "China International Studies",
                                        "date_label": "2017", "links": [{"label": "¶2", …}]}]}],
                "figures": [], "notes": [], "disagreements": []}, …}

Every event a paragraph reports is named in its margin, led by its date and label (linking to
the event's page), with its storylines and the other sources reporting it ("Also in …"), if
any. Figures are noted where they were compared with another source; disagreements
(``render.disagreements``) where one of their sides is in the paragraph.
A note names at most ``MARGIN_SOURCES`` other sources (earliest-dated first) and counts the
rest ("and 12 more sources"), linking to the page that lists them all.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from markupsafe import Markup

from jvreader.model import Article, Note
from jvreader.render import urls
from jvreader.render.context import RenderContext
from jvreader.render.disagreements import (
    article_disagreements,
    margin_parts,
    sides_of,
)
from jvreader.render.events import (
    MARGIN_SOURCES,
    event_entry,
    margin_sources,
)
from jvreader.render.figures import comparison_page
from jvreader.render.labels import date_label
from jvreader.render.markup import Span

MARGIN_EVENTS = 12
"""Events noted beside one paragraph; the rest are counted ("and 40 more events"): a paragraph
of a thousand dated sentences would otherwise carry a thousand notes."""
VERDICT_WORDS = {"agree": "agree", "differ": "differ", "related": "measure related things"}


def paragraph_sidenotes(
    ctx: RenderContext, article: Article, here: str
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Margin material by paragraph id; paragraphs with nothing to say are left out."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def slot(pid: str) -> dict[str, list[dict[str, Any]]]:
        found = out.get(pid)
        if found is None:  # made only when missing: a margin asks for its slot per note
            found = out[pid] = {"events": [], "figures": [], "notes": [],
                                "disagreements": [], "more_events": 0}  # type: ignore
        return found

    numbers = {p.id for p in article.paragraphs}

    index = ctx.index
    for event, here_mentions in index.events_of.get(article.id, ()):
        # every event the paragraph reports is named, its own sources or not: the note leads
        # with the event (date, label → its page), then its storylines and other sources
        others, more = margin_sources(ctx.index, event, article.id, here)
        entry = event_entry(ctx.index, event, here)
        for pid in dict.fromkeys(m.paragraph for m in here_mentions):
            notes = slot(pid)
            if len(notes["events"]) >= MARGIN_EVENTS:
                notes["more_events"] += 1  # type: ignore
                continue
            notes["events"].append({
                "label": event.label,
                "href": entry["href"],
                "date": entry["date"],
                "date_label": entry["date_label"],
                "conflict": entry["conflict"],
                "threads": entry["threads"],
                "others": others,
                "more": more,
            })
    extraction = ctx.corpus.extraction(article.id)
    figures = {f.id: f for f in extraction.figures} if extraction else {}
    for cmp in index.comparisons_of.get(article.id, ()):
        own, shown, other_count = index.comparison_share(cmp, article.id, MARGIN_SOURCES)
        mine = [f for f in own if f.figure in figures]
        if not mine or not other_count:
            continue
        for pid in dict.fromkeys(figures[f.figure].paragraph for f in mine):
            slot(pid)["figures"].append({
                "measure": cmp.measure,
                "verdict": cmp.verdict,
                "verdict_words": VERDICT_WORDS.get(cmp.verdict, cmp.verdict),
                "note": cmp.note,
                "href": urls.rel(here, comparison_page(ctx, cmp.id), f"cmp-{cmp.id}"),
                "mine": [{"text": f.text, "period": date_label(f.period)}
                         for f in mine if figures[f.figure].paragraph == pid],
                "others": [_other_figure(ctx, f, here) for f in shown],
                "more": other_count - len(shown),
            })
    for note in article_notes(ctx, article):
        slot(note.paragraph or "")["notes"].append({
            "id": note.id, "anchor": f"note-{note.id}", "exact": note.exact,
            "html": Markup(note.html),
        })
    for d in article_disagreements(ctx, article.id):
        head, first = margin_parts(ctx, d, here)
        mine = sides_of(ctx, d, article.id)
        for i in mine:
            side = d.sides[i]
            if side.where not in numbers:
                continue
            # like events and comparisons, a note names a few other sides and counts the
            # rest: a measure reported by hundreds of sources is listed on its own page
            # (a side said on this page links to its anchor)
            others = [{**first[j], "href": f"#{d.sides[j].where}"} if j in mine else first[j]
                      for j in islice((j for j in range(len(d.sides)) if j != i),
                                      MARGIN_SOURCES)]
            slot(side.where)["disagreements"].append({
                **head, "says": side.says, "others": others,
                "more": len(d.sides) - 1 - len(others)})
    return out


def _other_figure(ctx: RenderContext, f: Any, here: str) -> dict[str, Any]:
    """A figure of another source in a margin note: made once per figure and folder, as
    every article in a comparison names the same few (a fifth of the margins' time at
    N = 1,000). Read-only."""
    if here == urls.article_path(f.article):  # a link to the page itself differs
        return _other_figure_entry(ctx, f, here)
    parts = ctx.index.folder_parts(urls.folder(here))
    key = ("other figure", f.article, f.figure, f.text, f.period, f.definition)
    found = parts.get(key)
    if found is None:
        found = parts[key] = _other_figure_entry(ctx, f, here)
    return found  # type: ignore[return-value]


def _other_figure_entry(ctx: RenderContext, f: Any, here: str) -> dict[str, Any]:
    article = ctx.corpus.article(f.article)
    paragraph = ctx.index.figure_paragraph(f.article, f.figure)
    number = ctx.index.paragraph_number(article, paragraph) if paragraph else None
    return {
        "text": f.text,
        "name": article.publication or article.series or article.title,
        "period": date_label(f.period),
        "definition": f.definition,
        "href": urls.rel(here, urls.article_path(f.article), paragraph),
        "label": f"¶{number}" if number else "",
    }


def article_notes(ctx: RenderContext, article: Article) -> list[Note]:
    """Editorial notes anchored in this article, in reading order; unanchored ones are left out
    (the build has already warned about them)."""
    order = {p.id: i for i, p in enumerate(article.paragraphs)}
    notes = [n for n in ctx.index.notes_of.get(article.id, ())
             if n.paragraph in order and n.end is not None]
    return sorted(notes, key=lambda n: (order[n.paragraph or ""], n.end or 0, n.id))


def note_marker_spans(notes: list[Note]) -> dict[str, list[Span]]:
    """A zero-width span at the end of each note's quoted text: the marker that links to it."""
    spans: dict[str, list[Span]] = {}
    for note in notes:
        end = note.end or 0
        html = Markup(
            '<a class="note-ref" href="#note-{0}" aria-label="Editor’s note on “{1}”">'
            "<sup>†</sup></a>").format(note.id, note.exact)
        spans.setdefault(note.paragraph or "", []).append(Span(end, end, 0, str(html), ""))
    return spans
