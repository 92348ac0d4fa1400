"""A sentence quoted away from its article (an entity page's quotes), its names marked.

    highlight("Japan and Viet Nam signed.", [(0, 5), (10, 18)])
    -> Markup("<mark>Japan</mark> and <mark>Viet Nam</mark> signed.")
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from markupsafe import Markup

from jvreader.render.markup import (
    _SPECIAL,
    Span,
    _footnote_spans,
    _markup,
    escape_str,
    mark_text,
)


def highlight(
    text: str, ranges: Iterable[tuple[int, int]], footnotes: Collection[int] = ()
) -> Markup:
    """``text`` escaped with each (start, end) range in ``<mark>`` (overlaps dropped) and the
    markers of ``footnotes`` shown as plain superscripts."""
    numbers = frozenset(footnotes) if footnotes and "[" in text else None
    length = len(text)
    ranges = ranges if isinstance(ranges, list) else list(ranges)
    marks = [(start, end) for start, end in ranges if 0 <= start < end <= length]
    if numbers or (len(marks) < len(ranges) and any(
            start == end and 0 <= start <= length for start, end in ranges)):
        # a marker to show, or a point to place: ``mark_text`` does both
        spans = [Span(s, e, 1, "<mark>", "</mark>") for s, e in ranges]
        return mark_text(text, (), [*_footnote_spans(text, numbers or (), linked=False),
                                    *spans], set())
    # Only marks (an entity page's quotes, tens of thousands a site): ``mark_text``'s choice
    # made directly, the longer range first, then the earlier; overlaps dropped.
    if len(marks) > 1:
        kept: list[tuple[int, int]] = []
        for start, end in sorted(marks, key=_longer_first):
            if all(end <= s or start >= e for s, e in kept):
                kept.append((start, end))
        marks = sorted(kept)
    escaped = escape_str if _SPECIAL.search(text) else str
    out = []
    cursor = 0
    for start, end in marks:
        out += (escaped(text[cursor:start]), "<mark>", escaped(text[start:end]), "</mark>")
        cursor = end
    out.append(escaped(text[cursor:]))
    return _markup("".join(out))


def _longer_first(mark: tuple[int, int]) -> tuple[int, int]:
    return (mark[0] - mark[1], mark[0])
