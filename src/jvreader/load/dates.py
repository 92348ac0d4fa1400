"""Parse one written date into ISO 8601 at the precision the writer gave.

Before: ``"20 September 2015"``, ``"February 26, 2019"``, ``"18/2/2013"``, ``"Sept. 2015"``.
After:  ``"2015-09-20"``,        ``"2019-02-26"``,        ``"2013-02-18"``, ``"2015-09"``.

``parse_date`` reads a string that *is* a date (a date line, a sidecar value);
``search_date`` finds the first date inside a longer string. Numeric dates are read
day-first (the usual order outside the US) unless the day-first reading is impossible.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|wed|thu|fri|sat|sun)\.?),?\s+"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>1[5-9]\d\d|20\d\d)"

_FORMS = (
    # 20 September 2015, 20th Sept. 2015, 20 September, 2015
    rf"{_DAY.format(name='d')}\s+(?:of\s+)?{_MONTH.format(name='m')},?\s+{_YEAR.format(name='y')}",
    # February 26, 2019; Feb. 26th 2019
    rf"{_MONTH.format(name='m')}\s+{_DAY.format(name='d')},?\s+{_YEAR.format(name='y')}",
    # 2015-09-20, 2015/9/20
    r"(?P<y>\d{4})[-/.](?P<nm>\d{1,2})[-/.](?P<d>\d{1,2})",
    # 2015-09 (ISO year and month)
    r"(?P<y>\d{4})-(?P<nm>\d{2})",
    # 18/2/2013, 18.2.2013, 18-02-2013
    r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4})",
    # 2015年9月20日, 2015年9月
    r"(?P<y>\d{4})\s*年\s*(?P<nm>\d{1,2})\s*月(?:\s*(?:(?P<d>\d{1,2})\s*日))?",
    # ngày 20 tháng 9 năm 2015 (Vietnamese)
    r"(?:ngày\s+(?P<d>\d{1,2})\s+)?tháng\s+(?P<nm>\d{1,2})(?:\s+năm\s+|[./])(?P<y>\d{4})",
    # September 2015, Sept. 2015
    rf"{_MONTH.format(name='m')},?\s+{_YEAR.format(name='y')}",
    # 9.2015, 09/2015 (month and year)
    r"(?P<nm>[01]?\d)[/.](?P<y>\d{4})",
    # a year standing alone
    rf"{_YEAR.format(name='y')}",
)
_PATTERNS = tuple(re.compile(rf"(?<![\w/.-]){f}(?![\w/-]|\.\d)", re.I) for f in _FORMS)
_WHOLE = tuple(
    re.compile(rf"^\s*(?:{_WEEKDAY})?(?:{f})\s*[.,;]?\s*$", re.I) for f in _FORMS
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in a string: its ISO value and where it stands."""

    value: str
    start: int
    end: int
    text: str


def parse_date(text: str) -> str | None:
    """The ISO date ``text`` states (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or None."""
    for pattern in _WHOLE:
        m = pattern.match(text)
        if m:
            value = _iso(m)
            if value:
                return value
    return None


def search_date(text: str, *, allow_bare_year: bool = False) -> DateMatch | None:
    """The first (most precise at that place) date written inside ``text``, or None."""
    best: DateMatch | None = None
    patterns = _PATTERNS if allow_bare_year else _PATTERNS[:-1]
    for pattern in patterns:
        for m in pattern.finditer(text):
            value = _iso(m)
            if not value:
                continue
            found = DateMatch(value, m.start(), m.end(), m.group(0))
            if best is None or found.start < best.start or (
                found.start == best.start and len(found.value) > len(best.value)
            ):
                best = found
            break
    return best


FIRST_YEAR, LAST_YEAR = 1000, 2999
"""The years an article date may have: reckoning "a century later" from 9999-12-31 or
"yesterday" from 0001-01-01 would leave the calendar."""


def normalise_date(value: object) -> str | None:
    """A sidecar or front-matter date (YAML gives int, date or str) as ISO, or None."""
    if isinstance(value, dt.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and FIRST_YEAR <= value <= LAST_YEAR:
        return str(value)
    if isinstance(value, str):
        return parse_date(value)
    return None


def _iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["y"])
    month: int | None = None
    day: int | None = None
    if groups.get("m"):
        month = MONTHS[groups["m"].lower().rstrip(".")]
    elif groups.get("nm"):
        month = int(groups["nm"])
    elif groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        # day-first unless that reading is impossible (US "2/18/2013")
        day, month = (first, second) if second <= 12 else (second, first)
    if groups.get("d"):
        day = int(groups["d"])
    return _valid(year, month, day)


def _valid(year: int, month: int | None, day: int | None) -> str | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
