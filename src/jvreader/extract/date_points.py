"""The patterns that recognise single date expressions, and what each one means.

Before: ``"In October 2011, aid grew; in Tokyo on September 15"`` with no article date.
After: ``Point(3, 15, "2011-10", "stated")`` for "October 2011" and ``Point(39, 51, None,
"relative")`` for "September 15": a real date whose year nothing gives. ``dates``
assembles points into mentions (intervals, "since …"); the words are data
(``extract_dates.yml``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from jvreader.extract.relative import WEEKDAYS, resolve_relative
from jvreader.extract.relative import anchor_parts as _anchor
from jvreader.extract.relative import iso as _iso
from jvreader.extract.relative import weekday as _weekday
from jvreader.extract.rules import MEMO_SIZE, alternation, initials, rules

R = rules("dates")
_MONTHS: dict[str, int] = R["months"]
_QUALIFIERS: dict[str, str] = R["qualifiers"]
RELATIVE: dict[str, dict] = R["relative"]
_VI = R["vi"]

_MON = rf"(?P<mon>{initials(list(_MONTHS))}(?:{alternation(list(_MONTHS))}))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
# A year is four digits standing alone: not part of 1,000 or 6.5, not a percentage or code.
_Y_BEFORE = r"(?<![\w$€£¥.,/])(?<![^\W\d_]-)"
_Y_AFTER = r"(?![\w%]|[.,/]\d|-\d{1,3}\b|\s?(?:percent|per cent)\b)"
_QUAL = rf"(?P<qual>{alternation(list(_QUALIFIERS))})"


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


# Each rule: a pattern and a function from its match (and the anchor) to a point or None.
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], str | None], tuple | None],
              bool, frozenset[str] | None]


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
    y = _anchor(anchor)[0]
    if y is None:
        return None
    return _iso(y, _MONTHS[m.group("mon")]), "relative", None


_TOKEN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
# Each rule also says whether a sentence must hold a digit (DIGIT) and names the words one of
# which it must hold (a month name matches as a whole word, so MONTH_WORDS), for the rule to
# be worth running. Skipping hopeless patterns keeps extraction fast.
DIGIT, ANY = True, False
MONTH_WORDS = frozenset(m.lower() for m in _MONTHS)
_RELATIVE_WORDS = frozenset(w for phrase in RELATIVE for w in _TOKEN.findall(phrase.lower()))

_VI_END = alternation(_VI["end_of_year"])
_VI_EARLY = alternation(_VI["early_year"])
_VI_MID = alternation(_VI["mid_year"])
_RELS = alternation(list(RELATIVE))
_MONTH_ONLY_AFTER = alternation(R["month_only_after"])

_RULES: list[_Rule] = [
    (re.compile(rf"\b{_MON} {_DAY},? {_YEAR}\b"), _full, DIGIT, MONTH_WORDS),
    (re.compile(rf"\b{_DAY} {_MON},? {_YEAR}\b"), _full, DIGIT, MONTH_WORDS),
    (re.compile(rf"\b(?:{_QUAL}[- ])?{_MON},? {_YEAR}\b"), _full, DIGIT, MONTH_WORDS),
    (re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
     _full, DIGIT, None),
    (re.compile(r"(?<![\d./])(?P<a>[0-3]?\d)[./](?P<b>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b"),
     _numeric, DIGIT, None),
    (re.compile(rf"\b{_MON} (?P<rel>this year)\b"), _month_this_year, ANY, MONTH_WORDS),
    (re.compile(rf"\b{_MON} {_DAY}\b(?!,? \d)(?![.:]\d)"), _full, DIGIT, MONTH_WORDS),
    (re.compile(rf"\b{_DAY} {_MON}\b(?!,? \d)"), _full, DIGIT, MONTH_WORDS),
    # A bare month needs a preposition before it: "in May" but not "may exert", "June Smith".
    (re.compile(rf"(?i:\b{initials(R['month_only_after'])}(?:{_MONTH_ONLY_AFTER}))[- ]"
                rf"(?P<span>(?:{_QUAL}[- ])?{_MON})\b(?![ ,]+\d)"), _full, ANY, MONTH_WORDS),
    (re.compile(rf"{initials(['the', *_QUALIFIERS])}(?:the )?\b{_QUAL}(?: of)?[- ]"
                rf"{_Y_BEFORE}{_YEAR}{_Y_AFTER}", re.I), _year, DIGIT, None),
    (re.compile(rf"\b{initials(['the', *RELATIVE])}(?:the )?(?P<rel>{_RELS})\b", re.I),
     _relative, ANY, _RELATIVE_WORDS),
    (re.compile(rf"\b(?P<which>{alternation(R['weekday_before'])}) "
                rf"(?P<span>(?P<wd>{alternation(list(WEEKDAYS))}))\b(?!,? \d)"),
     _weekday, ANY, frozenset(w.lower() for w in WEEKDAYS)),
    # Vietnamese: "ngày 3.11" (day.month), "tháng 2.2015", "tháng 9 năm 2015", "cuối năm 2015".
    (re.compile(rf"\b{_VI['month']} (?P<mnum>1[0-2]|0?[1-9])(?:[./]| {_VI['year']} ){_YEAR}\b",
                re.I), _full, DIGIT, None),
    (re.compile(rf"\b{_VI['day']} (?P<day>[0-3]?\d)[./](?P<mnum>1[0-2]|0?[1-9])\b(?![./]\d)",
                re.I), _full, DIGIT, None),
    (re.compile(rf"\b{_VI['month']} (?P<mnum>1[0-2]|0?[1-9])\b(?![./]\d)", re.I),
     _full, DIGIT, None),
    (re.compile(rf"\b(?P<qual>{_VI_END}) {_YEAR}\b", re.I),
     lambda m, a: (_iso(int(m.group("year")), 12), "stated", "end"), DIGIT, None),
    (re.compile(rf"\b(?P<qual>{_VI_EARLY}|{_VI_MID}) {_YEAR}\b", re.I),
     lambda m, a: (m.group("year"), "stated",
                   "early" if re.fullmatch(_VI_EARLY, m.group("qual"), re.I) else "mid"),
     DIGIT, None),
    (re.compile(rf"\b{_VI['year']} {_YEAR}\b", re.I), _year, DIGIT, None),
    (re.compile(rf"\bthe {_Y_BEFORE}(?P<year>1[6-9]\d0|20\d0)s\b"), _decade, DIGIT, None),
    (re.compile(rf"{_Y_BEFORE}{_YEAR}{_Y_AFTER}"), _year, DIGIT, None),
]


_DAY_RANGE = re.compile(
    rf"\b{_MON} (?P<d1>[0-3]?\d) (?:to|through|until|-|–) (?P<d2>[0-3]?\d)(?:,? {_YEAR})?\b"
)


SAME_YEAR = re.compile(
    rf"(?i:\b(?P<rel>{alternation([r for r, s in RELATIVE.items() if s['unit'] == 'context'])}))\b"
)


def find_points(text: str, anchor: str | None, year_anchor: str | None) -> list[Point]:
    """Every single date expression in ``text``, overlapping ones included; ``anchor``
    resolves relative words, ``year_anchor`` year-less dates ("in July")."""
    day_ranges, matches = _matches(text)
    found: list[Point] = []
    for m in day_ranges:
        y = int(m.group("year")) if m.group("year") else _anchor(year_anchor)[0]
        mon, d1, d2 = _MONTHS[m.group("mon")], int(m.group("d1")), int(m.group("d2"))
        check = y or _anchor(_PROBE_ANCHOR)[0]
        if not (_valid(check, mon, d1) and _valid(check, mon, d2)) or d2 <= d1:
            continue
        basis = "stated" if m.group("year") else "relative"
        value = f"{_iso(y, mon, d1)}/{_iso(y, mon, d2)}" if y else None
        found.append(Point(m.start(), m.end(), value, basis))
    for parse, m in matches:
        parsed = parse(m, year_anchor if parse is _full else anchor)
        if parsed is None and (probe := parse(m, _PROBE_ANCHOR)) is not None:
            parsed = (None, "relative", probe[2])
        if parsed is None:
            continue
        start, end = m.span("span") if "span" in m.re.groupindex else m.span()
        if text[start:end].lower().startswith("the "):
            start += 4  # "the end of 2019": the date is "end of 2019"
        found.append(Point(start, end, *parsed))
    return found


_Parse = Callable[[re.Match[str], str | None], tuple | None]


@lru_cache(maxsize=MEMO_SIZE)
def _matches(text: str) -> tuple[tuple[re.Match[str], ...],
                                 tuple[tuple[_Parse, re.Match[str]], ...]]:
    """What the patterns match in ``text`` (day ranges, then each rule's matches in rule
    order): the costly part of ``find_points``, and the same whatever the anchors."""
    has_digit = _DIGIT.search(text) is not None
    words = frozenset(_TOKEN.findall(text.lower()))
    has_month = not words.isdisjoint(MONTH_WORDS)
    day_ranges = tuple(_DAY_RANGE.finditer(text)) if has_digit and has_month else ()
    matches = tuple(
        (parse, m)
        for pattern, parse, needs_digit, gate in _RULES
        if not ((needs_digit and not has_digit) or (gate is not None and words.isdisjoint(gate)))
        for m in pattern.finditer(text)
    )
    return day_ranges, matches


def resolve_overlaps(points: list[Point]) -> list[Point]:
    """Keep the longest expression where several overlap ("12 April 2016" over "2016")."""
    # The kept points never overlap, so sorted by start only the neighbours of a new one can
    # touch it (comparing it with every kept point was quadratic in a long paragraph).
    kept: list[Point] = []
    starts: list[int] = []
    for p in sorted(points, key=lambda p: (-(p.end - p.start), p.start)):
        at = bisect.bisect_right(starts, p.start)
        if (at and kept[at - 1].end > p.start) or (at < len(kept) and kept[at].start < p.end):
            continue
        kept.insert(at, p)
        starts.insert(at, p.start)
    return kept
