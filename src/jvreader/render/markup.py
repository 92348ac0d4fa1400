"""Paragraph text plus what was extracted from it → safe HTML with every find marked inline.

Every character of article text is escaped; only the tags made here are markup. For the
paragraph ``In October 2011, Japan lent $4 million.[1]`` with a sentence, a date, an entity
and a figure found, the result is (wrapped here)::

    <span id="p3s1">In <time datetime="2011-10" …>October 2011</time>, <a class="entity"
    href="../entities/japan.html">Japan</a> lent <data value="4000000" …>$4 million</data>.
    <sup id="fnref-1" class="fnref"><a href="#fn-1">1</a></sup></span>

An entity is linked at its first marked mention in the article; later mentions are left as
plain text, so a page is neither a wall of links nor a heavy download.

Marked spans never overlap in the output: when two would, the one of lower priority
(footnote marker > figure > date > entity name, then the longer) is dropped, and so is any span
that would cross a sentence boundary or whose offsets do not match its text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import NamedTuple

from markupsafe import Markup, escape

from jvreader.model import (
    Article,
    Claim,
    DateMention,
    Extraction,
    Figure,
    Mention,
    Sentence,
)
from jvreader.render.kept_spans import kept_spans
from jvreader.render.labels import date_label, is_iso_date, number_label, number_value
from jvreader.render.urls import external_url

FOOTNOTE_MARKER = re.compile(r"\[(\d{1,3})\]")
_FOOTNOTE_CALL = re.compile(r"\s*\[\d{1,3}(?:[,–-]\s*\d{1,3})*\](?!\()")
"""A footnote call as scraped, with the space before it: " [2]", "[3, 4]", "[5–7]" (not a
Markdown link's "[2](…)")."""


class Span(NamedTuple):
    """A stretch of paragraph text to wrap in tags (a named tuple: an article page makes a
    hundred, and a tuple is made in a third of a frozen dataclass's time)."""

    start: int
    end: int
    rank: int
    """0 is kept first: footnote marker, figure, date, entity name."""
    open: str
    close: str
    anchor: str | None = None
    """A key used once per page: the first kept span with it is drawn with ``open``/``close``,
    later ones with ``open_plain``/``close_plain`` (ids must not repeat; names link once)."""
    open_plain: str = ""
    close_plain: str = ""
    replaces: bool = False
    """The span's own text is dropped: ``open`` already holds what shows instead."""




@dataclass(frozen=True, slots=True)
class MarkedArticle:
    """Each paragraph's HTML by paragraph id, and the footnotes whose marker got an anchor."""

    paragraphs: Mapping[str, Markup]
    footnote_refs: frozenset[int]


def mark_article(
    article: Article, extraction: Extraction | None, entity_hrefs: Mapping[str, str],
    extra: Mapping[str, Iterable[Span]] | None = None,
) -> MarkedArticle:
    """Mark every paragraph of ``article``; ``entity_hrefs`` maps entity id → URL from this page.

    ``extra`` adds spans by paragraph id (e.g. zero-width note markers)."""
    numbers = frozenset(f.n for f in article.footnotes)
    dates = dates_by_paragraph(article, extraction)
    taken: set[str] = {p.id for p in article.paragraphs}
    html: dict[str, Markup] = {}
    # each kind of find grouped by paragraph once (in order), not filtered per paragraph
    all_sentences = _by_paragraph(extraction.sentences if extraction else ())
    all_figures = _by_paragraph(extraction.figures if extraction else ())
    all_mentions = _by_paragraph(extraction.mentions if extraction else ())
    # only claims with an unresolved date are marked (most have none)
    all_claims = _by_paragraph(c for c in (extraction.claims if extraction else ())
                               if c.unresolved)
    links: dict[str, tuple[str, str]] = {}
    extra = extra or {}
    for p in article.paragraphs:
        text, pid = p.text, p.id
        sentences = all_sentences.get(pid, ())
        # each kind's spans in this order (the order breaks ties), asked for only where
        # the paragraph has some: most have no footnote marker, figure or unresolved date
        spans = _footnote_spans(text, numbers) if numbers and "[" in text else []
        if p.kind != "heading":  # a heading names its section: finds are marked in the text
            for found, make in ((all_figures.get(pid), _figure_spans),
                                (dates.get(pid), _date_spans)):
                if found:
                    spans += make(text, found)
            claims = all_claims.get(pid)
            if claims:
                spans += _unresolved_spans(text, claims, sentences)
            mentions = all_mentions.get(pid)
            if mentions:
                spans += _entity_spans(text, mentions, entity_hrefs, links)
        more = extra.get(pid)
        if more:
            spans += more
        html[pid] = mark_text(text, sentences, spans, taken)
    refs = frozenset(n for n in numbers if f"fnref-{n}" in taken)
    return MarkedArticle(paragraphs=html, footnote_refs=refs)


def dates_by_paragraph(
    article: Article, extraction: Extraction | None
) -> dict[str, tuple[DateMention, ...]]:
    """Date mentions grouped by the paragraph they sit in.

    ``DateMention`` carries offsets but no paragraph id: claims say where theirs are, and any
    other date is placed in the one paragraph whose text holds it at those offsets.
    """
    found: dict[str, dict[tuple[int, int], DateMention]] = {}
    if extraction is None:
        return {}
    for claim in extraction.claims:
        for d in claim.dates:
            found.setdefault(claim.paragraph, {}).setdefault((d.start, d.end), d)
    for d in extraction.dates:
        where = getattr(d, "paragraph", None)
        homes = [where] if where else [
            p.id for p in article.paragraphs if p.text[d.start : d.end] == d.text
        ]
        if len(homes) == 1:
            found.setdefault(homes[0], {}).setdefault((d.start, d.end), d)
    return {pid: tuple(v.values()) for pid, v in found.items()}


def mark_text(
    text: str, sentences: Iterable[Sentence], spans: Iterable[Span], taken_ids: set[str]
) -> Markup:
    """``text`` escaped, sentences wrapped in ``<span id>``, the kept ``spans`` marked.

    ``taken_ids`` holds the ids already on the page; ids used here are added to it, and a
    sentence whose id is taken is wrapped without one, so no id is ever duplicated.
    """
    kept_sentences = _non_overlapping_sentences(text, sentences)
    bounds = sorted({b for s in kept_sentences for b in (s.start, s.end)})
    events: list[tuple[int, float, str]] = []  # (position, order at that position, html)
    for s in kept_sentences:
        attr = "" if s.id in taken_ids else f' id="{_escaped(s.id)}"'
        taken_ids.add(s.id)
        events += [(s.start, 2, f"<span{attr}>"), (s.end, 1, "</span>")]
    spans = list(spans)
    length = len(text)
    points = [s for s in spans if s.start == s.end and 0 <= s.start <= length]
    kept = kept_spans(spans, bounds, length)
    hidden: list[tuple[int, int]] = []
    for span in kept:  # "first" in reading order
        opening, closing = span.open, span.close
        if span.anchor is not None:
            if span.anchor in taken_ids:  # an empty open_plain drops the later marks
                opening = span.open_plain
                closing = (span.close_plain or span.close) if opening else ""
            taken_ids.add(span.anchor)
        if opening or closing:  # a name linked before leaves no mark: its text stays whole
            events += [(span.start, 3, opening), (span.end, 0, closing)]
        if span.replaces:
            hidden.append((span.start, span.end))
    for point in points:  # a point inside a marked span moves to that span's end
        pos = next((k.end for k in kept if k.start < point.start < k.end), point.start)
        events.append((pos, 0.5, point.open))
    out: list[str] = []
    cursor = 0
    # most paragraphs have nothing to escape: their pieces are then taken as they are
    escaped = (str if not _SPECIAL.search(text)
               else escape_str if type(text) is str else _escaped)
    for pos, _, tag in sorted(events, key=_POSITION):
        if not hidden or not any(s <= cursor and pos <= e for s, e in hidden):
            out.append(escaped(text[cursor:pos]))
        out.append(tag)
        cursor = pos
    out.append(escaped(text[cursor:]))
    return _markup("".join(out))


_SPECIAL = re.compile("[&<>'\"]")
"""What ``escape_str`` replaces."""
_POSITION = itemgetter(0, 1)
"""A tag's place: its position, then its order among the tags at that position."""


def escape_str(text: str) -> str:
    """``str(markupsafe.escape(text))`` for a plain ``str``, without making a ``Markup``
    (markupsafe's constructor is Python code, and the result is only joined)."""
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


def _escaped(text: str) -> str:
    """``escape_str`` of a plain ``str``; ``markupsafe.escape`` of anything else."""
    if type(text) is str:
        return escape_str(text)
    if isinstance(text, Markup) or not isinstance(text, str):
        return str(escape(text))
    return escape_str(text)


def escaped_value(value: object) -> str:
    """``value`` as ``Markup("{}").format`` puts it in an attribute: formatted, escaped."""
    if type(value) is str:
        return escape_str(value)
    if type(value) is int:  # digits and a sign: nothing to escape
        return str(value)
    return _escaped(value if isinstance(value, str) else format(value, ""))


def without_footnote_calls(text: str) -> str:
    """``text`` without its footnote calls: a sentence quoted away from its article has no
    notes to call ("…signed in 2011.”[2]" → "…signed in 2011.”")."""
    return _FOOTNOTE_CALL.sub("", text) if "[" in text else text


def footnote_html(text: str, url: str | None) -> Markup:
    """A footnote's text escaped, with its address (if safe to link) made a link in place."""
    href = external_url(url)
    if not href:
        return escape(text)
    link = Markup('<a href="{0}">{0}</a>').format(href)
    before, found, after = text.partition(href)
    if found:
        return escape(before) + link + escape(after)
    return escape(text) + Markup(" ") + link


def _by_paragraph(records: Iterable) -> dict[str, list]:
    """Records by their paragraph id, each list in the records' order."""
    grouped: dict[str, list] = {}
    for r in records:
        grouped.setdefault(r.paragraph, []).append(r)
    return grouped


_BOUNDS = attrgetter("start", "end")


def _non_overlapping_sentences(text: str, sentences: Iterable[Sentence]) -> list[Sentence]:
    kept: list[Sentence] = []
    for s in sorted(sentences, key=_BOUNDS):
        if 0 <= s.start < s.end <= len(text) and (not kept or s.start >= kept[-1].end):
            kept.append(s)
    return kept


def _matches(text: str, start: int, end: int, expected: str) -> bool:
    """A find's offsets still hold its text (a find whose offsets drifted is not marked)."""
    return 0 <= start < end <= len(text) and text[start:end] == expected


def _footnote_spans(text: str, numbers: Collection[int], linked: bool = True) -> list[Span]:
    """``[n]`` for a known footnote n → a superscript n linking to the note.

    The first marker kept for each number gets the ``fnref-n`` anchor the note links back to.
    Unlinked (``linked=False``) markers, for quotes away from the article, are a bare ``<sup>``.
    """
    spans = []
    for m in FOOTNOTE_MARKER.finditer(text):
        n = int(m.group(1))
        if n not in numbers:
            continue
        if not linked:
            spans.append(Span(m.start(), m.end(), 0, f'<sup class="fnref">{n}', "</sup>",
                               replaces=True))
            continue
        link = f'class="fnref"><a href="#fn-{n}">{n}</a>'
        spans.append(Span(m.start(), m.end(), 0, f'<sup id="fnref-{n}" {link}', "</sup>",
                           anchor=f"fnref-{n}", open_plain=f"<sup {link}", replaces=True))
    return spans


def _figure_spans(text: str, figures: Iterable[Figure]) -> list[Span]:
    spans = []
    for f in figures:
        start, end = f.start, f.end
        if not _matches(text, start, end, f.text):
            continue
        value = number_value(f.value)  # digits, sign, point and exponent: nothing to escape
        if value is None:
            continue
        spans.append(Span(start, end, 1, f'<data class="figure" value="{value}"'
                                         f' title="{escaped_value(figure_title(f))}">',
                          "</data>"))
    return spans


def figure_title(f: Figure) -> str:
    """``4,000,000 USD (converted from JPY) · Japanese ODA · 2016``."""
    words = f"{number_label(f.value)} {f.unit}"
    if f.currency and f.currency != "USD":
        words += f" (converted from {f.currency})"
    extras = [x for x in (f.measure, date_label(f.period) if f.period else None) if x]
    return " · ".join([words, *extras])


def _date_spans(text: str, dates: Iterable[DateMention]) -> list[Span]:
    spans = []
    for d in dates:
        if not _matches(text, d.start, d.end, d.text):
            continue
        label = date_label(d.value)
        if d.qualifier:
            label = f"{d.qualifier} {label}"
        if d.basis == "relative":
            label += " (worked out from the article’s date)"
        iso = is_iso_date(d.value)
        if iso and label.casefold() == d.text.casefold():
            tag = f'<time class="date" datetime="{escaped_value(d.value)}">'  # says it all
            spans.append(Span(d.start, d.end, 2, tag, "</time>"))
        elif iso:
            tag = (f'<time class="date" datetime="{escaped_value(d.value)}"'
                   f' title="{escaped_value(label)}">')
            spans.append(Span(d.start, d.end, 2, tag, "</time>"))
        else:  # an interval has no valid <time datetime>; say it in the title instead
            tag = f'<span class="date" title="{escaped_value(label)}">'
            spans.append(Span(d.start, d.end, 2, tag, "</span>"))
    return spans


def _unresolved_spans(
    text: str, claims: Iterable[Claim], sentences: Iterable[Sentence]
) -> list[Span]:
    """Date expressions nothing resolves ("on September 15" in an undated article), marked
    where their claim's sentence holds them, so the reader sees the date was not guessed."""
    bounds = {s.id: (s.start, s.end) for s in sentences}
    spans = []
    for claim in claims:
        start, end = bounds.get(claim.sentence, (0, len(text)))
        for expression in claim.unresolved:
            at = text.find(expression, start, end)
            if at >= 0:
                spans.append(Span(at, at + len(expression), 2,
                                  '<span class="date unresolved" title="date as written: the '
                                  'article gives no year or date to place it">', "</span>"))
    return spans


def _entity_spans(
    text: str, mentions: Iterable[Mention], entity_hrefs: Mapping[str, str],
    links: dict[str, tuple[str, str]] | None = None,
) -> list[Span]:
    """``links`` remembers each entity's opening tag and anchor across the article's
    paragraphs."""
    spans = []
    links = {} if links is None else links
    for m in mentions:
        link = links.get(m.entity)
        if link is None:
            href = entity_hrefs.get(m.entity)
            if href is None:
                continue
            link = links[m.entity] = (f'<a class="entity" href="{escaped_value(href)}">',
                                      f"entity:{m.entity}")
        start, end = m.start, m.end
        if not _matches(text, start, end, m.text):
            continue
        # later mentions stay plain text: the longest article names its entities 300+ times,
        # and "Named in this article" lists them all
        spans.append(Span(start, end, 3, link[0], "</a>", link[1]))
    return spans


def _markup(html: str) -> Markup:
    """``Markup(html)`` for a ``str`` made here, without ``Markup.__new__``'s Python code
    (it asks for ``__html__`` and an encoding), called for every quote and paragraph."""
    return str.__new__(Markup, html)
