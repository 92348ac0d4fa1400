"""The patterns that find figures: number, scale, currency, unit and bound expressions built
from ``extract_figures.yml``, the script tests that pick a sentence's number conventions,
and ``_Found``, one figure matched in a sentence before it becomes a ``Figure``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jvreader.extract.rules import (
    PhraseWords,
    alternation,
    digit_run_starts,
    initials,
    key_words,
    rules,
)
from jvreader.writing import UNSPACED

_R = rules("figures")
_NUMBER_WORDS: dict[str, float] = {k.lower(): v for k, v in _R["number_words"].items()}
_SCALES: dict[str, float] = _R["scales"]
_CJK_SCALES: dict[str, float] = _R["cjk_scales"]
_CUR_BEFORE: dict[str, str] = _R["currency_before"]
_CUR_AFTER: dict[str, str] = {k.lower(): v for k, v in _R["currency_after"].items()}
_FRACTIONS: dict[str, float] = _R["fractions"]
_UNIT_OF: dict[str, str] = {
    noun.lower(): unit for unit, nouns in _R["units"].items() for noun in nouns
}
_GLUED: dict[str, str] = _R["glued_units"]
_CLASSIFIERS = _R["classifiers"]
_COUNTED = frozenset(_UNIT_OF.values()) - frozenset(_R["measure_units"])
_MEASURE_BREAKERS = frozenset(_R["measure_breakers"])
_ANAPHORIC = frozenset(_R["anaphoric_determiners"])
_COUNT_OF: dict[str, str] = _R["count_of_nouns"]
_GENERIC = frozenset(n.lower() for n in _R["generic_nouns"])

# Scripts written without spaces between words: a number or unit may touch them.
_CJK = UNSPACED
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Letters proper to Vietnamese (not in other Latin-script languages of the corpus).
_VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")

# A number as written: "2,661", "38.9", "3.304" (Vietnamese thousands), "105,4".
_D = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
# Not inside a word, a reference or a date (a script without spaces may touch it, but
# "第3" is an ordinal) …
_BEFORE = rf"(?:(?<=[{_CJK}])(?<!第)|(?<![\w.,/$€£¥₫\[-]))"
# … nor followed by letters or more digits (a unit of such a script, or a glued unit, may).
_AFTER = (rf"(?:(?=[{_CJK}])|(?=(?:{alternation([*_GLUED, *_R['glued_scales']])})(?![^\W_]))"
          r"|(?![\w]|[.,]\d))")
_CJK_SCALE = alternation(list(_CJK_SCALES))
_DIGITS_TAIL = rf"(?:{_D}){_AFTER}(?:(?:{_CJK_SCALE})(?:(?:{_D}){_AFTER})?)*"
_DIGITS = rf"{_BEFORE}{_DIGITS_TAIL}"
_WORDS = rf"(?i:\b{initials(list(_NUMBER_WORDS))}(?:{alternation(list(_NUMBER_WORDS))})\b)"
# Never an ordinal: Vietnamese "thứ hai", "lần thứ 3".
_NUM = rf"(?<!thứ )(?<!Thứ )(?P<num>{_DIGITS}|{_WORDS})"
_RANGE = (rf"(?:(?:\s?(?:{alternation([s for s in _R['range_separators'] if not s.isalpha()])})"
          rf"\s?|\s(?:{alternation([s for s in _R['range_separators'] if s.isalpha()])})\s)"
          rf"(?P<num2>{_DIGITS_TAIL}))")
_SCALE = rf"(?:\s?(?P<scale>{alternation(list(_SCALES))})\b)"
_BREAK = alternation(_R["count_breakers"])
_MOD = rf"(?!(?i:{_BREAK})\b)[^\W\d][\w'’-]*|[A-Z]-?\d\w*"
_UNIT_BLOCKERS = "".join(
    rf"(?<!{re.escape(u)}(?=[{re.escape(after)}]))" for u, after in _R["cjk_unit_blockers"].items())
_UNIT = (rf"(?P<unit>(?i:{alternation(list(_UNIT_OF) + _CLASSIFIERS)}))"
         rf"(?:(?<=[{_CJK}]){_UNIT_BLOCKERS}|(?!\w))")
# A unit word ends where a word would: after a character of a script without spaces, anything.
_END = rf"(?:(?<=[{_CJK}])|(?![^\W_]))"

_MONEY_BEFORE = re.compile(
    rf"(?P<cur>{alternation(list(_CUR_BEFORE))})\s?(?P<num>\d[\d,]*(?:\.\d+)?){_SCALE}?"
    r"(?![\w]|[.,]\d)"
)
_MONEY_AFTER = re.compile(
    rf"{_NUM}{_RANGE}?{_SCALE}?(?:\s(?P<scale2>{alternation(list(_SCALES))})\b)?\s?(?P<cur>(?i:{alternation(list(_CUR_AFTER))})){_END}"
)
_PERCENT = re.compile(
    rf"{_NUM}{_RANGE}?(?:\s?%|\s?(?i:{alternation(_R['percent_words'])}){_END})"
)
_FRACTION = re.compile(
    rf"(?i:{initials([*_R['fraction_comparators'], *_FRACTIONS])})"
    rf"(?<!first )(?<!second )(?<!other )(?<!latter )"
    rf"(?:(?i:\b(?:{alternation(_R['fraction_comparators'])}))\s)?"
    rf"\b(?P<frac>(?i:{alternation(list(_FRACTIONS))}))\b"
    rf"(?=\s(?:{alternation(_R['fraction_followers'])})\b)"
)
_POPULATION = re.compile(
    rf"{_NUM}{_SCALE}?(?=(?:{alternation(_R['population_suffixes'])})\b)"
)
_COUNT = re.compile(
    rf"{_NUM}{_RANGE}?{_SCALE}?(?P<mods>(?:\s(?:{_MOD})){{0,4}}?)(?:\s|(?<=[\d{_CJK}])){_UNIT}")
# A counted noun right after a classifier says what it counts: "3 chiếc tàu".
_UNIT_NEXT = re.compile(rf"\s(?P<noun>(?i:{alternation(list(_UNIT_OF))}))(?!\w)")
_AMBIGUOUS_CURRENCY = frozenset(c.lower() for c in _R["ambiguous_currencies"])
_GLUED_UNIT = re.compile(rf"{_NUM}{_RANGE}?(?P<unit>{alternation(list(_GLUED))})(?![^\W_])")
_UNIT_WORDS = alternation(list(_UNIT_OF))
_COUNT_OF_NOUN = re.compile(
    rf"(?i:\b(?P<noun>{alternation(list(_COUNT_OF))}))\s(?:of|at)\s"
    rf"(?:(?i:about|around|some|nearly|over|more than)\s)?{_NUM}{_SCALE}?"
    rf"(?![\w%]|[.,]\d)(?!\s(?i:{_UNIT_WORDS})\b)")
_LOWER_BEFORE = re.compile(rf"(?i:\b(?:{alternation(_R['lower_bound_before'])}))\s?$")
_UPPER_BEFORE = re.compile(rf"(?i:\b(?:{alternation(_R['upper_bound_before'])}))\s?$")
_NOT_BOUND = re.compile(rf"(?i:\b(?:{alternation(_R['not_bounds'])}))\s?$")
_LOWER_AFTER = re.compile(rf"\s?(?:{alternation(_R['lower_bound_after'])})")
_UPPER_AFTER = re.compile(rf"\s?(?:{alternation(_R['upper_bound_after'])})")
_PRICE_PERIOD = re.compile(rf"\s?(?i:{alternation(_R['price_periods'])})\b")
_OFFER = re.compile(rf"(?i:\b(?:{alternation(_R['offer_words'])}))")
_ANAPHOR_BEFORE = re.compile(rf"(?i:\b(?:{alternation(list(_ANAPHORIC))}))\s$")

# Full-width ASCII (０-９, ，, ％, ～) read as ASCII: same length, so offsets stay.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    value: float
    unit: str
    currency: str | None
    noun_phrase: str | None = None
    value_min: float | None = None
    value_max: float | None = None


# Where a number starts (overlapping ones included: "one" in "twenty-one"). The patterns
# led by a number can match only there, so they are tried at these few positions instead of
# scanning the whole sentence once each.
_NUMBER_AT = re.compile(rf"(?={_NUM})")
# Where one may start: the first digit of a run, or a number word; a number word (a whole
# word, any case) only in a text holding one of these words.
_NUMBER_WORD_AT = re.compile(rf"(?={_WORDS})")
_NUMBER_WORD_KEYS = key_words(list(_NUMBER_WORDS))


# The phrases one of which a text must hold (every word of it) for a pattern to match there
# (each matches its phrases as whole words): the gates skip 80 % of the scans of these
# patterns, a fifth of the figure patterns' time.
_FRACTION_KEYS = key_words(list(_FRACTIONS))
_COUNT_OF_KEYS = key_words(list(_COUNT_OF))
_DURATION_KEYS = key_words(list(_R["duration_units"]))
_DURATION_NOUN_KEYS = key_words(_R["duration_nouns"])
_TOTAL_KEYS = key_words(_R["total_words"])
_VI_DURATION_KEYS = key_words(list(_R["vi_duration_units"]))


# Written after the number, a percentage's sign or word (any case: checked in the lower-cased
# text, their letters have no other case folding) and a population's suffix (as written):
# pays 5 % of the figure patterns' time.
_PERCENT_MARKS = ("%", *(w.lower() for w in _R["percent_words"]))
_POPULATION_MARKS = tuple(_R["population_suffixes"])


def _may_be_percent(text: str) -> bool:
    low = text.lower()
    return any(mark in low for mark in _PERCENT_MARKS)


def _may_be_population(text: str) -> bool:
    return any(mark in text for mark in _POPULATION_MARKS)


def _holds(words: frozenset[str], keys: PhraseWords | None) -> bool:
    """Whether ``words`` may hold a phrase of ``keys`` (``None``: no gate)."""
    return keys is None or keys.may_match(words)


def _number_starts(text: str, words: frozenset[str]) -> list[int]:
    """``_NUMBER_AT``'s positions in ``text``, tested only where a number may start (pays
    45 % of finding them, 10 % of the figure patterns' time)."""
    starts = digit_run_starts(text)
    if _holds(words, _NUMBER_WORD_KEYS):
        starts = sorted({*starts, *(m.start() for m in _NUMBER_WORD_AT.finditer(text))})
    return [pos for pos in starts if _NUMBER_AT.match(text, pos)]
