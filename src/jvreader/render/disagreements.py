"""Where sources disagree, gathered for the disagreements page and each article's margin.

    site_disagreements(ctx)
    -> [Disagreement(id="date-defense-mou-2011", kind="date", title="Memorandum …",
                     about="events/defense-mou-2011.html",
                     sides=(Side("001_…", "p11", "October 2011", "China International Studies"),
                            Side("002_…", "p4", "2011", "Khmer Times"))), …]

Three kinds: an event whose sources give incompatible dates (``Event.date_conflict``), figures
of one measure that differ between sources (a comparison's verdict ``"differ"``), and a named
period one source gives two ways, or one measure two values (``annotate.disagreements``: a
paragraph and the article's own footnote, two paragraphs). Each side points at the paragraph
(or footnote) saying it.
Ordered by kind, then as the events, comparisons and articles are ordered, so the same corpus
always gives the same list.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jvreader.annotate.disagreements import (
    InnerConflict,
    inner_conflicts,
    inner_figure_conflicts,
)
from jvreader.render import urls
from jvreader.render.cite import source_name
from jvreader.render.context import RenderContext
from jvreader.render.events import MARGIN_SOURCES, event_order, mention_date_label
from jvreader.render.figures import comparison_page
from jvreader.render.labels import date_label
from jvreader.render.pager import list_pager, page_count, page_of

DISAGREEMENTS = "disagreements.html"
"""The page gathering every disagreement of the corpus."""
KIND_LABELS = {"date": "Dates differ", "figure": "Figures differ",
               "self": "A source disagrees with itself"}
KIND_HEADINGS = {"date": "Dates", "figure": "Figures", "self": "Within one source"}
DISAGREEMENTS_PER_PAGE = 50
"""Disagreements on one page (``disagreements.html``, ``disagreements.p2.html`` …), in the
order of ``site_disagreements``: a page stays the same size however many there are."""


@dataclass(frozen=True, slots=True)
class Side:
    """What one source says, and where: ``where`` is a paragraph id or ``fn-N``."""

    article: str
    where: str
    says: str
    source: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    id: str
    kind: str
    """``"date"``, ``"figure"`` or ``"self"``."""
    title: str
    about: str | None
    """The site page about the thing disagreed on (the event's page, the comparison's)."""
    sides: tuple[Side, ...]


def site_disagreements(ctx: RenderContext) -> list[Disagreement]:
    """Every disagreement of the corpus (made once per ``ctx``; read-only)."""
    memo = ctx.index.memo
    found = memo.get("disagreements")
    if found is None:
        found = memo["disagreements"] = _disagreements(ctx)
    return found  # type: ignore[return-value]


def _disagreements(ctx: RenderContext) -> list[Disagreement]:
    corpus = ctx.corpus
    out: list[Disagreement] = []
    for event in event_order(ctx.events):
        if not event.date_conflict:
            continue
        sides: dict[tuple[str, str], Side] = {}
        for m in event.mentions:
            says = mention_date_label(ctx.index, m)
            if says and (m.article, says) not in sides:
                sides[(m.article, says)] = Side(m.article, m.paragraph, says,
                                                source_name(corpus.article(m.article)))
        if len({s.says for s in sides.values()}) > 1:
            out.append(Disagreement(f"date-{event.id}", "date", event.label,
                                    urls.event_path(event.id), tuple(sides.values())))
    index = ctx.index
    for cmp in ctx.comparisons:
        if cmp.verdict != "differ":
            continue
        figure_sides = []
        for f in cmp.figures:
            where = index.figure_paragraph(f.article, f.figure)
            if where is None:
                continue
            says = f.text + (f" ({date_label(f.period)})" if f.period else "")
            figure_sides.append(Side(f.article, where, says,
                                     source_name(corpus.article(f.article))))
        if len(figure_sides) > 1:
            out.append(Disagreement(f"figure-{cmp.id}", "figure", cmp.measure,
                                    f"{comparison_page(ctx, cmp.id)}#cmp-{cmp.id}",
                                    tuple(figure_sides)))
    figures_of: dict[str, list[InnerConflict]] = {}
    for conflict in inner_figure_conflicts(corpus):
        figures_of.setdefault(conflict.article, []).append(conflict)
    for article in sorted(corpus.articles, key=lambda a: a.id):
        name = source_name(article)
        conflicts = [*inner_conflicts(article), *figures_of.get(article.id, ())]
        for n, conflict in enumerate(conflicts, start=1):
            out.append(Disagreement(
                f"self-{article.id}-{n}", "self", conflict.name, None,
                tuple(Side(article.id, r.where, r.text, name) for r in conflict.sides)))
    return out


def article_disagreements(ctx: RenderContext, article_id: str) -> list[Disagreement]:
    """The disagreements one of whose sides is in ``article_id``."""
    memo = ctx.index.memo
    by_article = memo.get("disagreements by article")
    if by_article is None:
        table: dict[str, list[Disagreement]] = {}
        for d in site_disagreements(ctx):
            for a in dict.fromkeys(s.article for s in d.sides):
                table.setdefault(a, []).append(d)
        by_article = memo["disagreements by article"] = table
    return by_article.get(article_id, [])  # type: ignore[union-attr]


def side_view(ctx: RenderContext, side: Side, here: str) -> dict[str, Any]:
    """A side's words, source and a link to where it says them (``¶n`` or ``note n``)."""
    if side.where.startswith("fn-"):
        label = f"note {side.where[3:]}"
    else:
        label = f"¶{ctx.index.paragraph_number(side.article, side.where)}"
    target = urls.article_path(side.article)
    return {"says": side.says, "source": side.source, "label": label,
            "href": f"#{side.where}" if target == here else urls.rel(here, target, side.where),
            "article": side.article, "where": side.where,
            "title": ctx.index.corpus.article(side.article).title,
            "article_href": urls.rel(here, target)}


def disagreement_view(ctx: RenderContext, d: Disagreement, here: str) -> dict[str, Any]:
    """The disagreement as the page ``here`` shows it. Made once per folder (its links
    depend on nothing else), then a side on ``here`` itself links to its anchor: a figure
    disagreement of a thousand sources was made again in each of their margins. Read-only."""
    memo = ctx.index.memo
    found = folder_view(ctx, d, here)
    pages = memo.get(("disagreement pages", d.id))
    if pages is None:  # the article pages its sides are on
        pages = memo["disagreement pages", d.id] = frozenset(
            urls.article_path(s.article) for s in d.sides)
    if here not in pages:  # type: ignore[operator]
        return found  # type: ignore[return-value]
    return {**found, "sides": [  # type: ignore[dict-item]
        {**view, "href": f"#{s.where}"} if urls.article_path(s.article) == here else view
        for s, view in zip(d.sides, found["sides"], strict=True)]}  # type: ignore[index]


def folder_view(ctx: RenderContext, d: Disagreement, here: str) -> dict[str, Any]:
    """``disagreement_view`` as any page of ``here``'s folder that no side is on shows it:
    made once per folder. Read-only."""
    parts = ctx.index.folder_parts(urls.folder(here))
    key = ("disagreement view", d.id)
    found = parts.get(key)
    if found is None:
        found = parts[key] = _disagreement_view(ctx, d, _in_folder(here), d.sides)
    return found  # type: ignore[return-value]


def margin_parts(ctx: RenderContext, d: Disagreement, here: str
                 ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What an article page of ``here``'s folder shows of ``d`` besides its own sides: the
    view without its sides (a margin note, a footnote flag, the "In this article" panel)
    and the views of its first ``MARGIN_SOURCES + 1`` sides (a margin note names up to
    ``MARGIN_SOURCES`` others, its own side aside, and counts the rest). Made once per
    folder; every side of every disagreement, kept instead, took 15 MiB of a process
    rendering the article pages at N = 3,000 (now 6). Read-only."""
    parts = ctx.index.folder_parts(urls.folder(here))
    key = ("disagreement margin", d.id)
    found = parts.get(key)
    if found is None:
        view = _disagreement_view(ctx, d, _in_folder(here), d.sides[:MARGIN_SOURCES + 1])
        found = parts[key] = ({k: v for k, v in view.items() if k != "sides"}, view["sides"])
    return found  # type: ignore[return-value]


def _in_folder(here: str) -> str:
    """A page of ``here``'s folder that no side is on."""
    return posixpath.join(posixpath.dirname(here), "\0")


def sides_of(ctx: RenderContext, d: Disagreement, article_id: str) -> tuple[int, ...]:
    """Which of ``d``'s sides ``article_id`` says (indexes in ``d.sides``), from a table made
    once per disagreement: an article page looks up its own sides without going through
    all of them (a thousand, for a figure many sources give)."""
    memo = ctx.index.memo
    table = memo.get(("disagreement sides by article", d.id))
    if table is None:
        found: dict[str, list[int]] = {}
        for i, s in enumerate(d.sides):
            found.setdefault(s.article, []).append(i)
        table = memo["disagreement sides by article", d.id] = {
            a: tuple(v) for a, v in found.items()}
    return table.get(article_id, ())  # type: ignore[union-attr]


def _disagreement_view(ctx: RenderContext, d: Disagreement, here: str,
                       sides: Sequence[Side]) -> dict[str, Any]:
    return {
        "id": d.id, "anchor": f"d-{d.id}", "kind": d.kind, "kind_label": KIND_LABELS[d.kind],
        "title": d.title, "about": urls.rel(here, d.about.split("#")[0],
                                            d.about.partition("#")[2] or None)
        if d.about else None,
        "href": urls.rel(here, disagreement_page(ctx, d.id), f"d-{d.id}"),
        "sides": [side_view(ctx, s, here) for s in sides],
    }


LISTED_SIDES = 12
"""Sides of one disagreement listed on its page; the rest are counted, and the page of what
is disagreed on (the event's quotes, the comparison's figures) lists them all."""


def _listed(view: dict[str, Any]) -> dict[str, Any]:
    sides = view["sides"]
    return {**view, "sides": sides[:LISTED_SIDES], "more_sides": len(sides) - LISTED_SIDES} \
        if len(sides) > LISTED_SIDES else {**view, "more_sides": 0}


def disagreements_page_count(ctx: RenderContext) -> int:
    return page_count(len(site_disagreements(ctx)), DISAGREEMENTS_PER_PAGE)


def disagreement_page(ctx: RenderContext, disagreement_id: str) -> str:
    """The disagreements page holding ``disagreement_id`` (anchor ``d-ID``): every link to a
    disagreement goes through here, so it lands on the right page."""
    memo = ctx.index.memo
    table = memo.get("disagreement page of")
    if table is None:
        table = memo["disagreement page of"] = {
            d.id: urls.list_page_path(DISAGREEMENTS, page_of(i, DISAGREEMENTS_PER_PAGE))
            for i, d in enumerate(site_disagreements(ctx))}
    return table.get(disagreement_id, DISAGREEMENTS)  # type: ignore[union-attr]


def disagreements_view(ctx: RenderContext, here: str, page: int = 1) -> dict[str, Any]:
    """Page ``page`` of the disagreements, grouped by kind: each kind's heading says how
    many there are in all, and links to the page where the kind starts."""
    every = site_disagreements(ctx)
    first = (page - 1) * DISAGREEMENTS_PER_PAGE
    shown = every[first:first + DISAGREEMENTS_PER_PAGE]
    groups = []
    kinds = ctx.index.memo.get("disagreement kinds")
    if kinds is None:  # each kind's count and first position, the same on every page
        kinds = {}
        for i, d in enumerate(every):
            kinds.setdefault(d.kind, [i, 0])[1] += 1
        ctx.index.memo["disagreement kinds"] = kinds
    for kind, heading in KIND_HEADINGS.items():
        start_at, total = kinds.get(kind, (None, 0))  # type: ignore[union-attr]
        start = DISAGREEMENTS if start_at is None else urls.list_page_path(
            DISAGREEMENTS, page_of(start_at, DISAGREEMENTS_PER_PAGE))
        groups.append({
            "kind": kind, "heading": heading, "total": total,
            "entries": [_listed(disagreement_view(ctx, d, here)) for d in shown
                        if d.kind == kind],
            "href": urls.rel(here, start, f"k-{kind}"),
            # a kind with none still gets its heading on the first page ("None found")
            "here": any(d.kind == kind for d in shown) or (not total and page == 1)})
    return {"groups": groups, "count": len(every), "range": (first + 1, first + len(shown)),
            "pager": list_pager(here, DISAGREEMENTS, page, len(every), DISAGREEMENTS_PER_PAGE)}
