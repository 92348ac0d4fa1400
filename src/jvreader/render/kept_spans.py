"""Which marked spans of a paragraph are drawn, when some overlap (``markup.mark_text``).

    kept_spans([Span(0, 5, 3, …), Span(0, 12, 3, …)], bounds=[0, 40], length=40)
    -> [Span(0, 12, 3, …)]          (the longer of two names at one place)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jvreader.render.markup import Span

_START = itemgetter(0)
"""A span's start (``Span`` is a tuple: its first field)."""


def kept_spans(spans: list[Span], bounds: list[int], length: int) -> list[Span]:
    """The spans marked, by start: of two that overlap, the lower rank, then the longer,
    then the earlier; none crossing a sentence bound (``bounds``, sorted)."""
    valid = sorted((s for s in spans if 0 <= s.start < s.end <= length), key=_START)
    # Most paragraphs' spans are apart and within their sentences: then all are kept (a
    # check in start order, not the choice below)
    last_end = 0
    for span in valid:
        start, end = span.start, span.end
        inside = bisect_right(bounds, start)
        if start < last_end or (inside < len(bounds) and bounds[inside] < end):
            break
        last_end = end
    else:
        return valid
    kept: list[Span] = []
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    for span in sorted(spans, key=lambda s: (s.rank, s.start - s.end, s.start)):
        start, end = span.start, span.end
        if not 0 <= start < end <= length:
            continue
        inside = bisect_right(bounds, start)  # the first sentence bound after the start
        if inside < len(bounds) and bounds[inside] < end:
            continue
        # kept spans never overlap, so sorted by start their ends rise too: only the last
        # one starting before ``end`` can reach past ``start``
        before = bisect_left(kept_starts, end)
        if before and kept_ends[before - 1] > start:
            continue
        at = bisect_left(kept_starts, start)
        kept_starts.insert(at, start)
        kept_ends.insert(at, end)
        kept.append(span)
    return sorted(kept, key=_START)
