"""When two partial dates can name the same moment: ISO dates and intervals as day spans.

A date at any precision is the span of days it covers; a qualifier narrows it. Qualifiers
cut a year in thirds (``early`` = January–April, ``mid`` = May–August, ``late`` =
September–December) and ``end`` is its last quarter (October–December); a month in thirds
of ten days (``end`` = ``late`` = from the 21st). Two dates are *compatible* when one span
contains the other: "2014-03" fits "2014", "early 2016" fits "2016-04-12", but "2014-03"
and "2014-08" do not fit each other.

Before: ``compatible("2016", "2016-04-12", qualifier_a="early")``. After: ``True``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from jvreader.extract.rules import MEMO_SIZE

Span = tuple[date, date]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_YEAR_PARTS = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8),
               "late": (9, 12), "end": (10, 12)}
_MONTH_PARTS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
                "late": (21, 31), "end": (21, 31)}
# An interval longer than this says "over a period", not "when something happened".
_EVENT_SPAN_DAYS = 366


def _point_span(value: str, qualifier: str | None = None) -> Span | None:
    m = _ISO.match(value.strip())
    if not m:
        return None
    y, mo, d = int(m[1]), m[2], m[3]
    if d:
        day = date(y, int(mo), int(d))
        return day, day
    if mo:
        month = int(mo)
        last = calendar.monthrange(y, month)[1]
        lo, hi = _MONTH_PARTS.get(qualifier or "", (1, last))
        return date(y, month, lo), date(y, month, min(hi, last))
    first, final = _YEAR_PARTS.get(qualifier or "", (1, 12))
    return date(y, first, 1), date(y, final, calendar.monthrange(y, final)[1])


@lru_cache(maxsize=MEMO_SIZE)  # kept: without it annotation 12 % slower (distinct corpus, N = 3000)
def span(value: str | None, qualifier: str | None = None) -> Span | None:
    """The days ``value`` covers (``2014``, ``2014-03``, ``1992/2011``), or ``None`` if unreadable.

    An open end (``1992/``) runs to the end of the other side's year.
    """
    if not value:
        return None
    if "/" not in value:
        return _point_span(value, qualifier)
    start_text, _, end_text = value.partition("/")
    start = _point_span(start_text) if start_text else None
    end = _point_span(end_text) if end_text else None
    if start is None and end is None:
        return None
    return (start or end)[0], (end or start)[1]


def contains(outer: Span, inner: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def compatible_spans(a: Span | None, b: Span | None) -> bool:
    """One span inside the other: both can be the date of one event."""
    return a is not None and b is not None and (contains(a, b) or contains(b, a))


def compatible(a: str | None, b: str | None, qualifier_a: str | None = None,
               qualifier_b: str | None = None) -> bool:
    """Whether ISO dates ``a`` and ``b`` (each possibly qualified) can name the same moment."""
    return compatible_spans(span(a, qualifier_a), span(b, qualifier_b))


def overlaps(a: str | None, b: str | None) -> bool:
    """Whether two periods share at least a day: used for the periods of figures."""
    sa, sb = span(a), span(b)
    return sa is not None and sb is not None and sa[0] <= sb[1] and sb[0] <= sa[1]


def days(value: str | None, qualifier: str | None = None) -> int | None:
    """How many days a date covers: smaller is more precise."""
    s = span(value, qualifier)
    return None if s is None else (s[1] - s[0]).days + 1


def is_event_date(value: str, qualifier: str | None = None) -> bool:
    """A point or a short interval: something that can date an event, unlike "since 1992"
    (an interval with an open end, however short the year it falls in)."""
    if value.startswith("/") or value.endswith("/"):
        return False
    n = days(value, qualifier)
    return n is not None and n <= _EVENT_SPAN_DAYS


def most_precise(values: list[str]) -> str | None:
    """The value covering the fewest days (first one on ties); ``None`` for no values."""
    readable = [v for v in values if days(v) is not None]
    return min(readable, key=lambda v: days(v) or 0) if readable else None


def sort_key(value: str | None) -> tuple[int, str]:
    """Order by the first day a date covers; undated last."""
    s = span(value)
    return (0, s[0].isoformat()) if s else (1, "")


def qualified(value: str, qualifier: str | None) -> str:
    """A year narrowed by ``qualifier`` as an ISO interval: ("2016", "early") → ``2016-01/2016-04``.

    Only a bare year is narrowed: a month or day already says more than the qualifier
    (an extractor may give "the end of 2015" as ``2015-12``).
    """
    if not qualifier or len(value) != 4:
        return value
    s = span(value, qualifier)
    if s is None or s == span(value):
        return value
    return f"{s[0]:%Y-%m}/{s[1]:%Y-%m}"
