"""The patterns that recognise single date expressions (their meanings: ``date_parsers``).

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
from types import MappingProxyType

from jvreader.extract.date_parsers import (
    _AGO,
    _JA,
    _JA_RELATIVE,
    _MONTHS,
    _PROBE_ANCHOR,
    _QUALIFIERS,
    _VI,
    RELATIVE,
    Point,
    R,
    _ago,
    _bare_weekday,
    _day_of_relative_month,
    _day_only,
    _day_range,
    _decade,
    _era,
    _full,
    _g,
    _ja_relative,
    _month_day_weekday,
    _month_this_year,
    _numeric,
    _relative,
    _valid,
    _vi_weekday,
    _year,
)
from jvreader.extract.relative import (
    WEEKDAYS,
    ja_weekday,
    nearest_year,
    speaks_of_future,
)
from jvreader.extract.relative import anchor_parts as _anchor
from jvreader.extract.relative import iso as _iso
from jvreader.extract.relative import weekday as _weekday
from jvreader.extract.rules import (
    PhraseWords,
    alternation,
    digit_run_starts,
    initials,
    key_words,
    matches_at,
    text_words,
)

_MON = rf"(?P<mon>{initials(list(_MONTHS))}(?:{alternation(list(_MONTHS))}))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
# A year is four digits standing alone: not part of 1,000 or 6.5, not a percentage or code.
_Y_BEFORE = r"(?<![\w$€£¥.,/])(?<![^\W\d_]-)"
_Y_AFTER = r"(?![\w%]|[.,/]\d|-\d{1,3}\b|\s?(?:percent|per cent)\b)"
_QUAL = rf"(?P<qual>{alternation(list(_QUALIFIERS))})"


# Each rule: a pattern, a function from its match (and the anchor) to a point or None, its
# gates (a digit needed, the words of a phrase needed, a string needed) and whether its
# matches start at a digit run.
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], str | None], tuple | None],
              bool, PhraseWords | None, str | None, bool]


_DIGIT = re.compile(r"\d")
# Each rule also says whether a sentence must hold a digit (DIGIT) and names the words one of
# which it must hold (a month name matches as a whole word, so _MONTH_GATE), for the rule to
# be worth running; a few name a string the text must hold instead. Skipping hopeless
# patterns keeps extraction fast.
DIGIT, ANY = True, False
# A rule whose match starts at the first digit of a run is tried only there, not at every
# position (pays 10 % of the date patterns' time).
AT_DIGITS = True
MONTH_WORDS = frozenset(m.lower() for m in _MONTHS)
_MONTH_GATE = key_words(list(_MONTHS))
# Every word of some relative phrase, not any word of any: "the", "in" of "earlier in the
# month" let the rule run on every sentence (this gate pays 15 % of the date patterns' time).
_RELATIVE_WORDS = key_words(list(RELATIVE))
_WEEKDAY_GATE = key_words(list(WEEKDAYS))

_VI_END = alternation(_VI["end_of_year"])
_VI_EARLY = alternation(_VI["early_year"])
_VI_MID = alternation(_VI["mid_year"])
_RELS = alternation(list(RELATIVE))
_MONTH_ONLY_AFTER = alternation(R["month_only_after"])

_COMMON_RULES = [
    (re.compile(rf"\b{_MON} {_DAY},? {_YEAR}\b"), _full, DIGIT, _MONTH_GATE),
    (re.compile(rf"\b{_DAY} {_MON},? {_YEAR}\b"), _full, DIGIT, _MONTH_GATE),
    (re.compile(rf"\b(?:{_QUAL}[- ])?{_MON},? {_YEAR}\b"), _full, DIGIT, _MONTH_GATE),
    (re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
     _full, DIGIT, None, "-", AT_DIGITS),
    (re.compile(r"(?<![\d./])(?P<a>[0-3]?\d)[./](?P<b>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b"),
     _numeric, DIGIT, None, None, AT_DIGITS),
    (re.compile(rf"\b{_MON},? (?P<rel>this year|last year|next year)\b"), _month_this_year, ANY,
     _MONTH_GATE, "year"),
    (re.compile(rf"\b{_MON} {_DAY}\b(?!,? \d)(?![.:]\d)"), _full, DIGIT, _MONTH_GATE),
    (re.compile(rf"\b{_DAY} {_MON}\b(?!,? \d)"), _full, DIGIT, _MONTH_GATE),
    # A bare month needs a preposition before it: "in May" but not "may exert", "June Smith".
    (re.compile(rf"(?i:\b{initials(R['month_only_after'])}(?:{_MONTH_ONLY_AFTER}))[- ]"
                rf"(?P<span>(?:{_QUAL}[- ])?{_MON})\b(?![ ,]+\d)"), _full, ANY, _MONTH_GATE),
    (re.compile(rf"{initials(['the', *_QUALIFIERS])}(?:the )?\b{_QUAL}(?: of)?[- ]"
                rf"{_Y_BEFORE}{_YEAR}{_Y_AFTER}", re.I), _year, DIGIT,
     key_words(list(_QUALIFIERS))),
    (re.compile(rf"\b{initials(['the', *RELATIVE])}(?:the )?(?P<rel>{_RELS})\b", re.I),
     _relative, ANY, _RELATIVE_WORDS),
    (re.compile(rf"\b(?P<which>{alternation(R['weekday_before'])}) "
                rf"(?P<span>(?P<wd>{alternation(list(WEEKDAYS))}))\b(?!,? (?:\d|{_MON}))"),
     _weekday, ANY, _WEEKDAY_GATE),
    # Vietnamese: "ngày 3.11" (day.month), "tháng 2.2015", "tháng 9 năm 2015", "cuối năm 2015".
    (re.compile(rf"\b{_VI['month']} (?P<mnum>1[0-2]|0?[1-9])(?:[./]| {_VI['year']} ){_YEAR}\b",
                re.I), _full, DIGIT, key_words([_VI["month"]])),
    (re.compile(rf"\b{_VI['day']} (?P<day>[0-3]?\d)[./](?P<mnum>1[0-2]|0?[1-9])\b(?![./]\d)",
                re.I), _full, DIGIT, key_words([_VI["day"]])),
    (re.compile(rf"\b{_VI['month']} (?P<mnum>1[0-2]|0?[1-9])\b(?![./]\d)", re.I),
     _full, DIGIT, key_words([_VI["month"]])),
    (re.compile(rf"\b(?P<qual>{_VI_END}) {_YEAR}\b", re.I),
     lambda m, a: (_iso(int(m.group("year")), 12), "stated", "end"), DIGIT,
     key_words(_VI["end_of_year"])),
    (re.compile(rf"\b(?P<qual>{_VI_EARLY}|{_VI_MID}) {_YEAR}\b", re.I),
     lambda m, a: (m.group("year"), "stated",
                   "early" if re.fullmatch(_VI_EARLY, m.group("qual"), re.I) else "mid"),
     DIGIT, key_words([*_VI["early_year"], *_VI["mid_year"]])),
    (re.compile(rf"\b{_VI['year']} {_YEAR}\b", re.I), _year, DIGIT, key_words([_VI["year"]])),
    (re.compile(rf"\bthe {_Y_BEFORE}(?P<year>1[6-9]\d0|20\d0)s\b"), _decade, DIGIT, None,
     "0s"),
    (re.compile(rf"{_Y_BEFORE}{_YEAR}{_Y_AFTER}"), _year, DIGIT, None, None, AT_DIGITS),
]

_WEEKDAY_NAMES = alternation(list(WEEKDAYS))
_EN_RULES = [
    # "arrived in Tokyo Sunday": not a weekday before a date ("Tuesday, April 11") or a name
    # ("the Sunday Times").
    (re.compile(rf"\b(?P<wd>{_WEEKDAY_NAMES})\b(?!,? \(?(?:\d|{_MON}))(?! [A-Z])"),
     _bare_weekday, ANY, _WEEKDAY_GATE),
    (re.compile(rf"(?i:\b(?P<n>\d{{1,3}}|{alternation(list(_AGO['en']['counts']))}) "
                rf"(?P<unit>{alternation(list(_AGO['en']['units']))}) ago\b)"),
     _ago("en"), ANY, key_words(["ago"])),
]

_VI_YEARS = alternation([w for w, r in RELATIVE.items()
                         if r["unit"] == "year" and w.startswith(_VI["year"])])
_VI_DAY = r"(?P<day>[0-3]?\d)"
_VI_MON = r"(?P<mnum>1[0-2]|0?[1-9])"
_VI_NUM = rf"(?:\d+|{alternation(list(_AGO['vi']['counts']))})"
_VI_UNIT = alternation(list(_AGO["vi"]["units"]))
# A weekday needs "thứ" or the name of Sunday (this gate pays 5 % of Vietnamese dates' time).
_VI_WEEKDAY_WORDS = key_words(["thứ", *_VI["sunday"]])
_VI_RULES = [
    # "ngày 24 tháng 10 năm 2011", "ngày 24 tháng 10"
    (re.compile(rf"(?i:\b{_VI['day']}) {_VI_DAY} (?i:{_VI['month']}) {_VI_MON}"
                rf"(?: (?i:{_VI['year']}) {_YEAR})?\b"), _full, DIGIT, None),
    # "chiều 24-10", "sáng 13/2", "ngày 3.11": day-month after a word that introduces a day
    (re.compile(rf"\b(?:{alternation(_VI['day_lead'])})\s+(?:{_VI['day']}\s+)?"
                rf"(?P<span>{_VI_DAY}[-/.]{_VI_MON})\b(?![-/.,]\d)"), _full, DIGIT, None),
    # "thứ Hai (24/10)": the weekday picks the year, as in Japanese
    (re.compile(rf"\b(?:[Tt]hứ\s+(?P<wdn>{alternation(list(_VI['weekdays']))})"
                rf"|(?:{alternation(_VI['sunday'])}))\s*\(\s*{_VI_DAY}[-/.]{_VI_MON}"
                rf"(?:[-/.]{_YEAR})?\s*\)"), _month_day_weekday, DIGIT, _VI_WEEKDAY_WORDS),
    # "Hôm qua (24/10), …", "sáng nay (25/10)": the day a relative word means, in brackets
    (re.compile(rf"\b(?:{alternation(_VI['before_bracketed_day'])})\s*"
                rf"\(\s*(?P<span>{_VI_DAY}/{_VI_MON}(?:/{_YEAR})?)\s*\)"), _full, DIGIT, None),
    # "24-10-2011"
    (re.compile(rf"(?<![\d./-]){_VI_DAY}-{_VI_MON}-{_YEAR}\b"), _full, DIGIT, None, None,
     AT_DIGITS),
    # "từ ngày 13 - 18/02/2023"
    (re.compile(rf"\b(?:{alternation(_VI['day_lead'])})\s+(?:{_VI['day']}\s+)?"
                rf"(?P<d1>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)[/.]{_VI_MON}(?:[/.]{_YEAR})?\b"),
     _day_range, DIGIT, None),
    (re.compile(rf"(?:\b(?P<lead>{alternation(_VI['weekday_lead'])})\s+)?"
                rf"(?P<span>\b[Tt]hứ\s+(?P<wdn>{alternation(list(_VI['weekdays']))})\b"
                rf"|\b(?:{alternation(_VI['sunday'])})\b)(?!,?\s*\(?\d)"),
     _vi_weekday, ANY, _VI_WEEKDAY_WORDS),
    # "tháng 12 năm ngoái", "ngày 5 tháng 3 năm nay"
    (re.compile(rf"(?:\b{_VI['day']} {_VI_DAY} |\b){_VI['month']} {_VI_MON}"
                rf" (?P<rel>{_VI_YEARS})\b",
                re.I), _month_this_year, DIGIT, None),
    # "hai năm trước", "cách đây 5 năm"
    (re.compile(rf"(?i:\b(?P<n>{_VI_NUM})\s+(?P<unit>{_VI_UNIT})\s+trước\b)"),
     _ago("vi"), ANY, key_words(["trước"])),
    (re.compile(rf"(?i:\bcách đây\s+(?P<n>{_VI_NUM})\s+(?P<unit>{_VI_UNIT})\b)"),
     _ago("vi"), ANY, key_words(["đây"])),
]

# Japanese: no spaces between words, so no \b; a number is not part of a longer one.
_ND = r"(?<![\d０-９])"
_JA_WD = "".join(_JA["weekdays"])
_JA_WEEKDAY_AFTER = rf"(?:\s?[(（](?P<jwd>[{_JA_WD}])(?:曜日?)?[)）])?"
_JA_ERAS = alternation(list(_JA["eras"]))
_JA_NUM = rf"(?:\d+|[{''.join(_AGO['ja']['counts'])}]+)"
_JA_MONTHS = alternation([w for w, r in _JA_RELATIVE.items() if r["unit"] == "month"])
_JA_YEARS = alternation([w for w, r in _JA_RELATIVE.items() if r["unit"] == "year"])
_JA_RULES = [
    (re.compile(rf"{_ND}{_YEAR}\s?年\s?(?P<mnum>\d{{1,2}})\s?月\s?(?P<day>\d{{1,2}})\s?日"
                rf"{_JA_WEEKDAY_AFTER}"), _full, DIGIT, None, "日", AT_DIGITS),
    (re.compile(rf"(?P<era>{_JA_ERAS})\s?(?P<eyear>\d{{1,2}}|{_JA['first_year']})\s?年(?!度)"
                rf"(?:\s?(?P<mnum>\d{{1,2}})\s?月(?:\s?(?P<day>\d{{1,2}})\s?日)?)?"),
     _era, ANY, None, "年"),
    (re.compile(rf"{_ND}{_YEAR}\s?年\s?(?P<mnum>\d{{1,2}})\s?月(?!\s?\d)"), _full, DIGIT, None,
     "月", AT_DIGITS),
    # "2015年"; not "2015年度", a fiscal year, which mostly names a budget or a plan
    # ("2015年度案件"), not when something happened.
    (re.compile(rf"{_ND}{_YEAR}\s?年(?!\s?\d{{1,2}}\s?月)(?![前間代度])"), _year, DIGIT, None,
     "年", AT_DIGITS),
    (re.compile(rf"{_ND}(?P<mnum>\d{{1,2}})\s?月\s?(?P<day>\d{{1,2}})\s?日{_JA_WEEKDAY_AFTER}"),
     _month_day_weekday, DIGIT, None, "日", AT_DIGITS),
    (re.compile(rf"(?<![\d０-９月年])(?P<day>\d{{1,2}})\s?日(?![{''.join(_JA['not_after_day'])}])"),
     _day_only, DIGIT, None, "日", AT_DIGITS),
    # "8月", "同年8月" (the year "同年" gives), but not the month of "2014年8月" again
    (re.compile(r"(?<![\d０-９])(?<![\d０-９]年)(?P<mnum>1[0-2]|0?[1-9])\s?月(?![\d日間])"),
     _full, DIGIT, None, "月", AT_DIGITS),
    (re.compile(rf"(?P<rel>{alternation(list(_JA_RELATIVE))})"), _ja_relative, ANY, None),
    # "先月28日", "今月3日"
    (re.compile(rf"(?P<rel>{_JA_MONTHS})\s?(?P<day>\d{{1,2}})\s?日"), _day_of_relative_month,
     DIGIT, None, "日"),
    # "昨年12月", "今年3月5日"
    (re.compile(rf"(?P<rel>{_JA_YEARS})"
                r"\s?(?P<mnum>1[0-2]|0?[1-9])\s?月(?:\s?(?P<day>\d{1,2})\s?日)?"),
     _month_this_year, DIGIT, None, "月"),
    (re.compile(rf"(?P<which>先週|今週|来週)?(?P<wd>[{_JA_WD}])曜日?"), ja_weekday, ANY, None,
     "曜"),
    (re.compile(rf"{_ND}(?P<n>{_JA_NUM})\s?(?P<unit>{alternation(list(_AGO['ja']['units']))})前"),
     _ago("ja"), ANY, None, "前"),
]

_JA_TEXT = frozenset(["ja", "zh"])


def _gated(rules: list) -> tuple[_Rule, ...]:
    """Rules with their string gate (``None`` when they name none) and whether they start
    at a digit run."""
    defaults = (None, False)  # the fields a rule may leave out, in order
    return tuple((*rule, *defaults[len(rule) - 4:]) for rule in rules)


# Each language's rules in rule order, chosen once rather than per sentence; any other
# language reads the common ones.
_COMMON = _gated(_COMMON_RULES)
_RULES_OF = MappingProxyType({
    "en": _COMMON + _gated(_EN_RULES),
    "vi": _COMMON + _gated(_VI_RULES),
    **{language: _COMMON + _gated(_JA_RULES) for language in _JA_TEXT},
})
# The rules a text without a digit can match, by language: such a text (most sentences)
# looks through these few only (with the tables by language, pays 5 % of dating).
_COMMON_WITHOUT_DIGITS = tuple(rule for rule in _COMMON if not rule[2])
_RULES_WITHOUT_DIGITS_OF = MappingProxyType({
    language: tuple(rule for rule in rules if not rule[2]) for language, rules in _RULES_OF.items()
})
# Rules whose year-less dates take the year the article (or the text before) gives, not the
# time of writing itself.
_YEAR_ANCHORED = frozenset([_full, _month_day_weekday, _day_range])
# Full-width digits and brackets as ASCII, one character for one so offsets stay.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９（）", "0123456789()")


_DAY_RANGE = re.compile(
    rf"\b{_MON} (?P<d1>[0-3]?\d)(?: (?:to|through|until) |\s?[-–]\s?)(?P<d2>[0-3]?\d)"
    rf"(?:,? {_YEAR})?\b"
)


_CONTEXT = [r for r, s in RELATIVE.items() if s["unit"] == "context"]
# Japanese words have no spaces to stand between: "同年8月" is matched without \b.
_CONTEXT_CJK = [r for r in _CONTEXT if not r.isascii() and "\u3000" <= r[0] <= "\u9fff"]
SAME_YEAR = re.compile(
    rf"(?i:\b(?P<rel>{alternation([r for r in _CONTEXT if r not in _CONTEXT_CJK])}))\b"
    rf"|(?P<cjk>{alternation(_CONTEXT_CJK)})"
)
_SAME_YEAR_KEYS = key_words([r for r in _CONTEXT if r not in _CONTEXT_CJK])
_SAME_YEAR_CJK_FIRSTS = frozenset(r[0] for r in _CONTEXT_CJK)


def same_year(text: str, words: frozenset[str]) -> re.Match[str] | None:
    """``SAME_YEAR.search(text)``, not run where it cannot match: a text without the first
    character of a CJK phrase nor the words of another (``words``: ``text_words(text)``);
    pays 10 % of dating."""
    if _SAME_YEAR_CJK_FIRSTS and _SAME_YEAR_CJK_FIRSTS.isdisjoint(text) \
            and _SAME_YEAR_KEYS is not None and not _SAME_YEAR_KEYS.may_match(words):
        return None
    return SAME_YEAR.search(text)


def find_points(text: str, anchor: str | None, year_anchor: str | None,
                language: str = "en", words: frozenset[str] | None = None) -> list[Point]:
    """Every single date expression in ``text``, overlapping ones included; ``anchor``
    resolves relative words, ``year_anchor`` year-less dates ("in July"); ``language``
    (``en``, ``vi``, ``ja`` …) chooses the rules that apply beside the common ones;
    ``words``, ``text_words(text)`` when the caller has them."""
    day_ranges, matches = _matches(text, language, words)
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
    days_only = []
    for parse, m in matches:
        if parse is _day_only:
            days_only.append(m)
            continue
        parsed = parse(m, year_anchor if parse in _YEAR_ANCHORED else anchor)
        if parsed is None and (probe := parse(m, _PROBE_ANCHOR)) is not None:
            parsed = (None, "relative", probe[2])
        if parsed is None:
            continue
        if (parse in _YEAR_ANCHORED and parsed[0] and parsed[1] == "relative" and year_anchor
                and year_anchor == anchor and len(parsed[0]) in (7, 10)
                and not (_g(m, "jwd") or "wdn" in m.re.groupindex)):
            # "on December 28" in an article of January: the December before it
            parsed = (nearest_year(parsed[0], anchor, speaks_of_future(text, language)),
                      *parsed[1:])
        start, end = m.span("span") if "span" in m.re.groupindex else m.span()
        if text[start:end].lower().startswith("the "):
            start += 4  # "the end of 2019": the date is "end of 2019"
        found.append(Point(start, end, *parsed))
    for m in days_only:
        # "10月24日から26日まで": a day alone takes the month of a full date before it.
        before = [p for p in found if p.end <= m.start() and p.value and len(p.value) == 10]
        context = before[-1].value if before else anchor
        parsed = _day_only(m, context, bool(before)) or (
            (None, "relative", None) if _day_only(m, _PROBE_ANCHOR) else None)
        if parsed is not None:
            found.append(Point(m.start(), m.end(), *parsed))
    return found


_Parse = Callable[[re.Match[str], str | None], tuple | None]


def _matches(text: str, language: str = "en", words: frozenset[str] | None = None
             ) -> tuple[tuple[re.Match[str], ...], tuple[tuple[_Parse, re.Match[str]], ...]]:
    """What the patterns match in ``text`` (day ranges, then each rule's matches in rule
    order): the costly part of ``find_points``, and the same whatever the anchors."""
    if language in _JA_TEXT and (half := text.translate(_HALF_WIDTH)) != text:
        text, words = half, None  # "２０１５" reads "2015": other words
    has_digit = _DIGIT.search(text) is not None
    if words is None:
        words = text_words(text)
    has_month = _MONTH_GATE is None or _MONTH_GATE.may_match(words)
    day_ranges = tuple(_DAY_RANGE.finditer(text)) if has_digit and has_month else ()
    digits = digit_run_starts(text) if has_digit else []
    matches = tuple(
        (parse, m)
        for pattern, parse, needs_digit, gate, needs, at_digits in (
            _RULES_OF.get(language, _COMMON) if has_digit
            else _RULES_WITHOUT_DIGITS_OF.get(language, _COMMON_WITHOUT_DIGITS))
        if not ((needs_digit and not has_digit) or (gate is not None and not gate.may_match(words))
                or (needs is not None and needs not in text))
        for m in (matches_at(pattern, text, digits) if at_digits else pattern.finditer(text))
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
