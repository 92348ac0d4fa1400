"""Dates relative to the time of writing: "last week", "on Monday", "this year".

Before: ``"on Monday"`` in an article dated Wednesday ``2020-10-21``.
After: ``2020-10-19`` (a ``relative`` date). ``resolve_relative`` shifts the article date
by whole days, weeks, months or years; ``weekday`` finds the named day before (or, in a
clause about the future, after) the article date (``vi_weekday``, ``ja_weekday`` in those
languages); ``ago`` counts units back ("two years ago"); ``nearest_year`` puts a year-less
date in the year nearest the article in the sense of the tense; ``speaks_of_now`` tells
whether a text dates things against the time of writing at all. The words are data
(``extract_dates.yml``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from jvreader.extract.rules import alternation, initials, key_words, rules, text_words

_R = rules("dates")


def anchor_parts(anchor: str | None) -> tuple[int | None, int | None, int | None]:
    if not anchor:
        return None, None, None
    parts: list[int | None] = [int(p) for p in anchor.split("-")[:3]]
    y, m, d = [*parts, None, None][:3]
    return y, m, d


def iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


WEEKDAYS: dict[str, int] = _R["weekdays"]
_FUTURE = re.compile(rf"(?i:\b(?:{alternation(_R['future_markers'])})\b)")
_VI_FUTURE = re.compile(rf"(?i:\b(?:{alternation(_R['vi']['future_markers'])})\b)")
_JA_FUTURE = re.compile(alternation(_R["ja"]["future_markers"]))
# Where a clause ends, looking back from a date: "landed on Monday and will meet … on Friday".
_CLAUSE_BREAK = re.compile(r"[,;]|\band\b|\bbut\b|\bvà\b|\bnhưng\b")


def weekday(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"on Monday" in an article dated Wednesday 2020-10-21 → 2020-10-19."""
    which = (m.groupdict().get("which") or "").lower()
    return nearest_weekday(anchor, WEEKDAYS[m.group("wd")], which,
                           _future_clause(m.string[: m.start()], _FUTURE))


def vi_weekday(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"hôm thứ Hai", "vào Chủ nhật": like ``weekday``; "tới"/"sau" after the name means
    next week's, "trước" last week's."""
    names = _R["vi"]["weekdays"]
    wd = names[m.group("wdn")] if m.group("wdn") else 6
    after = m.string[m.end(): m.end() + 12].lower()
    which = ("next" if re.match(r"\s*(?:tuần\s+)?(?:tới|sau)\b", after)
             else "last" if re.match(r"\s*(?:tuần\s+)?trước\b", after) else "")
    return nearest_weekday(anchor, wd, which,
                           _future_clause(m.string[: m.start()], _VI_FUTURE))


def ja_weekday(m: re.Match[str], anchor: str | None) -> tuple | None:
    """"月曜日に": the verb comes after the date, so the rest of the sentence says whether
    it is a future one ("…する予定")."""
    which = {"先週": "last", "来週": "next"}.get(m.group("which") or "", "")
    end = m.string.find("。", m.end())
    future = _JA_FUTURE.search(m.string, m.end(), len(m.string) if end < 0 else end) is not None
    return nearest_weekday(anchor, _R["ja"]["weekdays"][m.group("wd")], which, future)


def speaks_of_future(text: str, language: str) -> bool:
    """Whether a sentence tells of something to come ("will", "sẽ", "予定")."""
    markers = {"vi": _VI_FUTURE, "ja": _JA_FUTURE, "zh": _JA_FUTURE}.get(language, _FUTURE)
    return markers.search(text) is not None


def nearest_year(value: str, anchor: str | None, future: bool) -> str:
    """A year-less date given the article's year, moved to the year before when that puts
    it more than half a year after the article ("on December 28" in an article of 10
    January), or to the year after when the sentence tells of the future and it fell more
    than half a year before. ``value`` is ``YYYY-MM`` or ``YYYY-MM-DD``."""
    y, m, d = anchor_parts(anchor)
    if m is None:
        return value
    parts = [int(p) for p in value.split("-")]
    gap = (date(parts[0], parts[1], min(parts[2] if len(parts) > 2 else 15, 28))
           - date(y, m, d or 15)).days
    shift = -1 if gap > _HALF_YEAR and not future else 1 if gap < -_HALF_YEAR and future else 0
    if not shift:
        return value
    moved = [parts[0] + shift, *parts[1:]]
    if len(moved) == 3 and (moved[1], moved[2]) == (2, 29) and moved[0] % 4:
        return value  # no 29 February that year: keep what the text gives
    return iso(*moved)


_HALF_YEAR = 183


def nearest_weekday(anchor: str | None, wd: int, which: str, future: bool) -> tuple | None:
    """The day ``wd`` (0 = Monday) nearest the article date in the sense of the tense: on or
    before it, or on or after it when ``future``; ``which`` "last"/"next" make it strictly
    before/after. ``None`` for an article not dated to the day."""
    y, mo, d = anchor_parts(anchor)
    if d is None:
        return None
    today = date(y, mo, d)
    back = (today.weekday() - wd) % 7
    if which == "next" or (which != "last" and future):
        ahead = (7 - back) % 7 or (7 if which == "next" else 0)
        when = today + timedelta(days=ahead)
    else:
        when = today - timedelta(days=back or (7 if which == "last" else 0))
    return iso(when.year, when.month, when.day), "relative", None


def _future_clause(before: str, markers: re.Pattern[str]) -> bool:
    """Whether the clause leading up to a weekday speaks of the future ("will meet … on")."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    return markers.search(" ".join(clause.split()[-8:])) is not None


def ago(anchor: str | None, unit: str, count: int) -> tuple | None:
    """"two years ago" in an article of 2019 → 2017: ``count`` ``unit``s before the article
    date, at the unit's precision (a week's at the month's)."""
    precision = {"week": "month"}.get(unit, unit)
    value = resolve_relative(anchor, unit, -count, precision)
    if value is None or len(value) < {"year": 4, "month": 7, "day": 10}[precision]:
        return None  # "three days ago" in an article dated to the month: not to be guessed
    return value, "relative", None


def resolve_relative(anchor: str | None, unit: str, shift: int, precision: str) -> str | None:
    """Shift the article date by ``shift`` ``unit``s and give it at ``precision`` or coarser."""
    y, m, d = anchor_parts(anchor)
    if y is None:
        return None
    if unit in ("day", "week") and d is not None:
        when = date(y, m, d) + timedelta(days=shift * (7 if unit == "week" else 1))
        y, m, d = when.year, when.month, when.day
    elif unit == "month" and m is not None:
        total = y * 12 + (m - 1) + shift
        y, m = divmod(total, 12)
        m += 1
    elif unit == "year":
        y += shift
    elif shift:
        return None  # "yesterday" in an article dated only to the month: cannot resolve
    if precision == "year" or m is None:
        return iso(y)
    if precision == "month" or d is None:
        return iso(y, m)
    return iso(y, m, d)


_NOW = [r for r, s in _R["relative"].items() if s["unit"] != "context"]
# A text matches the pattern's first half (whole words) only if it holds every word of one
# of its phrases, the second, Japanese, only if it holds the first character of one of its
# words (gate pays 70 % of the search).
_NOW_KEYS = key_words(_NOW)
_JA_NOW = list(_R["ja"]["relative"])  # no spaces around Japanese words: no \b either
_JA_NOW_FIRSTS = frozenset(w[0] for w in _JA_NOW)
_NOW_WORDS = re.compile(rf"(?i:\b{initials(_NOW)}(?:{alternation(_NOW)})\b)"
                        rf"|{initials(_JA_NOW)}(?:{alternation(_JA_NOW)})")


def speaks_of_now(text: str, words: frozenset[str] | None = None) -> bool:
    """Whether ``text`` dates something against the time of writing ("this year", "last
    week"): then a year-less "in March" near it means the article's year, not one stated
    earlier in the article. ``words``: ``rules.text_words(text)``, when known."""
    if _NOW_KEYS is not None and _JA_NOW_FIRSTS and _JA_NOW_FIRSTS.isdisjoint(text) \
            and not _NOW_KEYS.may_match(text_words(text) if words is None else words):
        return False
    return _NOW_WORDS.search(text) is not None
