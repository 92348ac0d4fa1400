"""What a date pattern's match means: the words (``extract_dates.yml``) and the functions that
turn a match and an anchor into an ISO value, its basis and qualifier. ``date_points`` holds
the patterns that call them and assembles the results into ``Point``s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from jvreader.extract.relative import (
    ago,
    resolve_relative,
    vi_weekday,
)
from jvreader.extract.relative import anchor_parts as _anchor
from jvreader.extract.relative import iso as _iso
from jvreader.extract.relative import weekday as _weekday
from jvreader.extract.rules import rules

R = rules("dates")
_MONTHS: dict[str, int] = R["months"]
_QUALIFIERS: dict[str, str] = R["qualifiers"]
RELATIVE: dict[str, dict] = R["relative"]
_VI = R["vi"]
_JA = R["ja"]
_JA_RELATIVE: dict[str, dict] = _JA["relative"]
_AGO: dict[str, dict] = R["ago"]
_NOT_BEFORE_BARE_WEEKDAY = frozenset([*R["weekday_not_after"], *R["weekday_before"]])


@dataclass(frozen=True, slots=True)
class Point:
    """A parsed date before it becomes a mention: ISO value plus how it was known."""

    start: int
    end: int
    value: str | None
    """``None``: a real date expression the anchors given cannot resolve."""
    basis: str
    qualifier: str | None = None


# Any full date resolves every expression: one that resolves against it but not against the
# anchors given is a real date lacking only its year or time of writing. 2000 is a leap year,
# so "February 29" counts.
_PROBE_ANCHOR = "2000-06-15"


def _valid(y: int, m: int | None, d: int | None) -> bool:
    try:
        date(y, m or 1, d or 1)
    except ValueError:
        return False
    return True


def _qualified(year: int, qual: str | None) -> tuple[str, str | None]:
    """``end of 2015`` is December 2015; other qualifiers keep the year's precision."""
    q = _QUALIFIERS.get(qual.lower()) if qual else None
    return (_iso(year, 12) if q == "end" else _iso(year)), q



def _g(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _full(m: re.Match[str], anchor: str | None) -> tuple | None:
    y = int(_g(m, "year")) if _g(m, "year") else _anchor(anchor)[0]
    if y is None:
        return None
    mon = _MONTHS[_g(m, "mon")] if _g(m, "mon") else int(_g(m, "mnum"))
    day = int(_g(m, "day")) if _g(m, "day") else None
    if not _valid(y, mon, day):
        return None
    basis = "stated" if _g(m, "year") else "relative"
    q = _QUALIFIERS.get(_g(m, "qual").lower()) if _g(m, "qual") else None
    return _iso(y, mon, day), basis, q


def _year(m: re.Match[str], anchor: str | None) -> tuple | None:
    value, q = _qualified(int(_g(m, "year")), _g(m, "qual"))
    return value, "stated", q


def _decade(m: re.Match[str], anchor: str | None) -> tuple | None:
    y = int(_g(m, "year"))
    return f"{y}/{y + 9}", "stated", None


def _numeric(m: re.Match[str], anchor: str | None) -> tuple | None:
    """``18/2/2013``, ``5.2.2015``: day first unless that is impossible."""
    a, b, y = int(_g(m, "a")), int(_g(m, "b")), int(_g(m, "year"))
    day, mon = (a, b) if b <= 12 else (b, a)
    return (_iso(y, mon, day), "stated", None) if _valid(y, mon, day) else None


def _relative(m: re.Match[str], anchor: str | None) -> tuple | None:
    spec = RELATIVE[m.group("rel").lower()]
    if spec["unit"] == "context":
        return None  # resolved by _context_points, against the year stated before
    value = resolve_relative(anchor, spec["unit"], spec["shift"], spec["precision"])
    if value is None:
        return None
    q = spec.get("qualifier")
    if q == "end" and len(value) == 4:
        value = f"{value}-12"
    return value, "relative", q


def _month_this_year(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"March last year", "tháng 3 năm ngoái", "昨年3月5日": a month (and day) of a year
    told relative to the article's."""
    y = _anchor(anchor)[0]
    if y is None:
        return None
    rel = m.group("rel")
    spec = RELATIVE.get(rel.lower()) or _JA_RELATIVE[rel]
    y += spec["shift"]
    mon = _MONTHS[m.group("mon")] if _g(m, "mon") else int(m.group("mnum"))
    day = int(m.group("day")) if _g(m, "day") else None
    return (_iso(y, mon, day), "relative", None) if _valid(y, mon, day) else None


def _bare_weekday(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"arrived in Tokyo Sunday": a weekday with no preposition, unless a word before it
    makes it a name ("Good Friday") or a preposition rule has it already ("on Sunday")."""
    before = m.string[: m.start()].split()
    if before and before[-1] in _NOT_BEFORE_BARE_WEEKDAY:
        return None
    return _weekday(m, anchor)


def _ago(language: str) -> Callable[[re.Match[str], str | None], tuple | None]:
    counts: dict[str, int | None] = _AGO[language]["counts"]
    units: dict[str, str] = _AGO[language]["units"]

    def parse(m: re.Match[str], anchor: str | None) -> tuple | None:
        n = m.group("n")
        count = int(n) if n.isdigit() else counts.get(n.lower())
        if count is None:
            return None  # "several years ago": no date to give
        return ago(anchor, units[m.group("unit").lower()], count)
    return parse


def _day_range(m: re.Match[str], anchor: str | None) -> tuple | None:
    """Vietnamese "từ ngày 13 - 18/02/2023": both days of one month."""
    y = int(m.group("year")) if m.group("year") else _anchor(anchor)[0]
    mon, d1, d2 = int(m.group("mnum")), int(m.group("d1")), int(m.group("d2"))
    if y is None or d2 <= d1 or not (_valid(y, mon, d1) and _valid(y, mon, d2)):
        return None
    basis = "stated" if m.group("year") else "relative"
    return f"{_iso(y, mon, d1)}/{_iso(y, mon, d2)}", basis, None


def _vi_weekday(m: re.Match[str], anchor: str | None) -> tuple | None:
    if m.group("wdn") and m.group("wdn").isdigit() and not m.group("lead"):
        return None  # "thứ 2" alone is as often "the second"
    return vi_weekday(m, anchor)


def _era(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"平成26年8月" → 2014-08: the era's year 1 (元年) is the year it began."""
    n = m.group("eyear")
    y = _JA["eras"][m.group("era")] + (1 if n == _JA["first_year"] else int(n))
    mon = int(m.group("mnum")) if m.group("mnum") else None
    day = int(m.group("day")) if m.group("day") else None
    return (_iso(y, mon, day), "stated", None) if _valid(y, mon, day) else None


def _month_day_weekday(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"1月15日(金)", "thứ Sáu (15/1)": a year-less date; the weekday written beside it
    picks, among the year the article gives and its neighbours, the one where that day is
    that weekday."""
    groups = m.groupdict()
    if groups.get("year"):
        return _full(m, anchor)
    y = _anchor(anchor)[0]
    mon, day = int(m.group("mnum")), int(m.group("day"))
    if y is None or not _valid(2000, mon, day):
        return None
    wd = (_JA["weekdays"][groups["jwd"]] if groups.get("jwd")
          else _VI["weekdays"][groups["wdn"]] if groups.get("wdn")
          else 6 if "wdn" in groups else None)  # "Chủ nhật": Sunday
    if wd is not None:
        y = next((c for c in (y, y + 1, y - 1)
                  if _valid(c, mon, day) and date(c, mon, day).weekday() == wd), y)
    if not _valid(y, mon, day):
        return None
    return _iso(y, mon, day), "relative", None


def _day_only(m: re.Match[str], anchor: str | None, same_month: bool = False
              ) -> tuple | None:
    """Japanese "28日" with no month: the last 28th on or before an article dated to the
    day (a report tells what happened days before it); ``find_points`` prefers the month
    of a full date stated before it in the same text (``same_month``)."""
    y, mo, d = _anchor(anchor)
    day = int(m.group("day"))
    if d is None or not 1 <= day <= 31:
        return None
    if day > d and not same_month:
        mo -= 1
        if mo == 0:
            y, mo = y - 1, 12
    return (_iso(y, mo, day), "relative", None) if _valid(y, mo, day) else None


def _day_of_relative_month(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"先月28日": a day of the month told relative to the article's."""
    spec = _JA_RELATIVE[m.group("rel")]
    month = resolve_relative(anchor, "month", spec["shift"], "month")
    if month is None or len(month) < 7:
        return None
    y, mo = (int(p) for p in month.split("-"))
    day = int(m.group("day"))
    return (_iso(y, mo, day), "relative", None) if _valid(y, mo, day) else None


def _ja_relative(m: re.Match[str], anchor: str | None) -> tuple | None:
    spec = _JA_RELATIVE[m.group("rel")]
    if spec["unit"] == "fiscal_year":
        y, mo, _ = _anchor(anchor)
        if mo is None:
            return None  # an article dated to the year: its fiscal year is one of two
        start = _JA["fiscal_year_starts"]
        return _iso((y if mo >= start else y - 1) + spec["shift"]), "relative", None
    value = resolve_relative(anchor, spec["unit"], spec["shift"], spec["precision"])
    q = spec.get("qualifier")
    if value is not None and q == "end" and len(value) == 4:
        value = f"{value}-12"
    return None if value is None else (value, "relative", q)
