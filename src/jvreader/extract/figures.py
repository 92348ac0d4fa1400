"""Find figures (money, percentages, counts, distances) in a sentence and normalise them.

Before: the sentence ``"In 2014, bilateral trade volume reached $28 billion."``.
After: ``Figure(text="$28 billion", value=28e9, unit="USD", currency="USD",
measure="bilateral trade volume", period="2014", …)``. Years, dates, footnote markers,
ordinals and names with digits ("P-3C", "G7", "No.3") are never figures: a bare number
counts only with a currency, a percent sign or word, or a counted noun after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jvreader.extract.claims import main_date
from jvreader.extract.quantities import durations, totals
from jvreader.extract.rules import MEMO_SIZE, alternation, initials, rules
from jvreader.model import DateMention, Figure, Sentence

_R = rules("figures")
_NUMBER_WORDS: dict[str, float] = {k.lower(): v for k, v in _R["number_words"].items()}
_SCALES: dict[str, float] = _R["scales"]
_CUR_BEFORE: dict[str, str] = _R["currency_before"]
_CUR_AFTER: dict[str, str] = {k.lower(): v for k, v in _R["currency_after"].items()}
_FRACTIONS: dict[str, float] = _R["fractions"]
_UNIT_OF: dict[str, str] = {
    noun.lower(): unit for unit, nouns in _R["units"].items() for noun in nouns
}
_CLASSIFIERS = _R["classifiers"]
_COUNTED = frozenset(_UNIT_OF.values()) - frozenset(_R["measure_units"])
_MEASURE_BREAKERS = frozenset(_R["measure_breakers"])

_DIGITS = r"(?<![\w.,/$€£¥₫\[-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w]|[.,]\d)"
_WORDS = rf"(?i:\b{initials(list(_NUMBER_WORDS))}(?:{alternation(list(_NUMBER_WORDS))})\b)"
_NUM = rf"(?P<num>{_DIGITS}|{_WORDS})"
_SCALE = rf"(?:\s?(?P<scale>{alternation(list(_SCALES))})\b)"
_BREAK = alternation(_R["count_breakers"])
_MOD = rf"(?!(?i:{_BREAK})\b)[^\W\d][\w'’-]*|[A-Z]-?\d\w*"
_UNIT = rf"(?P<unit>(?i:{alternation(list(_UNIT_OF) + _CLASSIFIERS)}))(?!\w)"

_MONEY_BEFORE = re.compile(
    rf"(?P<cur>{alternation(list(_CUR_BEFORE))})\s?(?P<num>\d[\d,]*(?:\.\d+)?){_SCALE}?"
    r"(?![\w]|[.,]\d)"
)
_MONEY_AFTER = re.compile(
    rf"{_NUM}{_SCALE}?\s(?P<cur>(?i:{alternation(list(_CUR_AFTER))}))\b"
)
_PERCENT = re.compile(
    rf"{_NUM}(?:\s?%|\s(?i:{alternation(_R['percent_words'])})\b)"
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
_COUNT = re.compile(rf"{_NUM}{_SCALE}?(?P<mods>(?:\s(?:{_MOD})){{0,4}}?)\s{_UNIT}")
_WORD_RE = re.compile(r"[\w'’-]+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    value: float
    unit: str
    currency: str | None
    noun_phrase: str | None = None


def find_figures(
    sentence: Sentence,
    dates: tuple[DateMention, ...],
    article_date: str | None,
    first_id: int = 1,
) -> tuple[Figure, ...]:
    """Figures in ``sentence``; ``dates`` are its date mentions (paragraph offsets).

    Ids run ``f{first_id}``, ``f{first_id + 1}`` …; offsets index the paragraph text.
    """
    text = sentence.text
    candidates = _candidates(text)
    if not candidates:
        return ()
    local_dates = [(d.start - sentence.start, d.end - sentence.start) for d in dates]
    found = _non_overlapping(candidates, local_dates)
    lead = main_date(text, dates, sentence.start)
    figures = []
    for n, f in enumerate(found):
        figures.append(Figure(
            id=f"f{first_id + n}", paragraph=sentence.paragraph, sentence=sentence.id,
            text=text[f.start:f.end], start=sentence.start + f.start,
            end=sentence.start + f.end, value=f.value, unit=f.unit, currency=f.currency,
            measure=f.noun_phrase or _measure(text, f.start, f.end),
            period=_period(text, f, dates, sentence.start, lead, article_date),
        ))
    return tuple(figures)


def _number(num: str) -> float:
    word = _NUMBER_WORDS.get(num.lower())
    return float(word) if word is not None else float(num.replace(",", ""))


def _scaled(m: re.Match[str]) -> float:
    scale = m.groupdict().get("scale")
    return _number(m.group("num")) * (_SCALES[scale] if scale else 1)


_TOKEN = re.compile(r"\w+")
_TRIGGERS = frozenset(
    w for phrase in [*_NUMBER_WORDS, *_FRACTIONS] for w in _TOKEN.findall(phrase.lower())
) - {"a", "of"}


@lru_cache(maxsize=MEMO_SIZE)
def _candidates(text: str) -> tuple[_Found, ...]:
    found: list[_Found] = []
    if not any(map(str.isdigit, text)) and _TRIGGERS.isdisjoint(_TOKEN.findall(text.lower())):
        return ()  # no number in any form: skip the patterns
    for m in _MONEY_BEFORE.finditer(text):
        cur = _CUR_BEFORE[m.group("cur")]
        found.append(_Found(m.start(), m.end(), _scaled(m), cur, cur))
    numbers = [m.start() for m in _NUMBER_AT.finditer(text)]
    for m in _matches_at(_MONEY_AFTER, text, numbers):
        cur = _CUR_AFTER[m.group("cur").lower()]
        found.append(_Found(m.start(), m.end(), _scaled(m), cur, cur))
    for m in _matches_at(_PERCENT, text, numbers):
        found.append(_Found(m.start(), m.end(), _number(m.group("num")), "percent", None))
    for m in _FRACTION.finditer(text):
        found.append(_Found(m.start(), m.end(), float(_FRACTIONS[m.group("frac").lower()]),
                            "percent", None))
    for m in _matches_at(_POPULATION, text, numbers):
        found.append(_Found(m.start(), m.end(), _scaled(m), "people", None))
    previous_unit = None
    for m in _matches_at(_COUNT, text, numbers):
        noun = m.group("unit").lower()
        unit = _UNIT_OF.get(noun) or previous_unit
        if unit is None:
            continue  # a classifier with nothing counted before it
        if unit in _COUNTED:
            previous_unit = unit  # a classifier counts things, never tons or kilometres
        # The words between number and noun say what is counted: "maritime patrol ships".
        phrase = text[m.start("mods"):m.end()].strip() if m.group("mods").strip() else None
        found.append(_Found(m.start(), m.end(), _scaled(m), unit, None, phrase))
    for q in [*durations(text), *totals(text, _UNIT_OF, _COUNTED)]:
        found.append(_Found(q.start, q.end, q.value, q.unit, None))
    return tuple(found)


# Where a number starts (overlapping ones included: "one" in "twenty-one"). The patterns
# led by a number can match only there, so they are tried at these few positions instead of
# scanning the whole sentence once each.
_NUMBER_AT = re.compile(rf"(?={_NUM})")


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds when ``pattern`` can only match at ``starts``
    (ascending); ``match`` at a position sees the text before it, as a scan would."""
    matches: list[re.Match[str]] = []
    end = 0
    for pos in starts:
        if pos >= end and (m := pattern.match(text, pos)):
            matches.append(m)
            end = m.end()
    return matches


def _non_overlapping(found: tuple[_Found, ...], dates: list[tuple[int, int]]) -> list[_Found]:
    """Longest first, never overlapping each other or a date ("in 2015" is no figure)."""
    kept: list[_Found] = []
    taken = list(dates)
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= s or f.start >= e for s, e in taken):
            kept.append(f)
            taken.append((f.start, f.end))
    return sorted(kept, key=lambda f: f.start)


def _measure(text: str, start: int, end: int) -> str | None:
    """What a figure quantifies, when the sentence names it right beside the figure."""
    after = _WORD_RE.findall(text[end:end + 120])
    if after[:1] == ["of"]:
        phrase = _forward_phrase(after[1:])
        if phrase:
            return phrase
    elif after and after[0].lower() not in _MEASURE_BREAKERS and after[0][0].isalpha():
        phrase = _forward_phrase(after)  # "its 42% commodities"
        if phrase and text[start:end].endswith("%"):
            return phrase
    before = _WORD_RE.findall(text[max(0, start - 160):start])
    return _backward_phrase(before)


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "these"})
_INNER_PREPOSITIONS = frozenset({"to", "from", "for", "in", "on"})
_LINKS = frozenset({"of", "reached", "hit", "totaled", "totalled", "exceed", "exceeded",
                    "to", "at", "is", "was", "were", "are"})
# Words of a link between a measure and its value: "is expected to hit", "adds up to".
_LINK_WORDS = _LINKS | frozenset({"up", "adds", "add", "amounted", "stood", "will", "would",
                                  "expected", "likely", "set", "rose", "fell", "grew"})


def _forward_phrase(words: list[str]) -> str | None:
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    phrase: list[str] = []
    for w in words[:5]:
        if not w[0].isalnum() or w.lower() in _MEASURE_BREAKERS:
            break
        phrase.append(w)
    return " ".join(phrase) or None


def _backward_phrase(words: list[str]) -> str | None:
    """``stock investment of`` / ``trade volume reached`` / ``aid to Vietnam adds up to``."""
    if not words or words[-1].lower() not in _LINKS:
        return None
    i = len(words) - 1
    while i >= 0 and words[i].lower() in _LINK_WORDS:
        i -= 1
    phrase: list[str] = []
    while i >= 0 and len(phrase) < 6:
        w = words[i]
        low = w.lower()
        if not w[0].isalnum():
            if w in ("’", "'") and phrase:
                phrase.insert(0, w)
                i -= 1
                continue
            break
        if (low in _MEASURE_BREAKERS and low not in _INNER_PREPOSITIONS) or low in _SCALES \
                or w[0].isdigit():
            break
        phrase.insert(0, w)
        i -= 1
    while phrase and phrase[0].lower() in _INNER_PREPOSITIONS:
        phrase.pop(0)
    text = " ".join(phrase).replace(" ’ ", "’").replace(" ' ", "'")
    return text or None


def _period(
    text: str,
    f: _Found,
    dates: tuple[DateMention, ...],
    offset: int,
    lead: int | None,
    article_date: str | None,
) -> str | None:
    """The date right after the figure ("$30 billion this year"), else the sentence's
    main date, else the article's date."""
    for d in dates:
        gap = text[f.end:d.start - offset]
        if d.start - offset >= f.end and len(gap.split()) <= 2 and not re.search(r"[,;.]", gap):
            return d.value
    if lead is not None:
        return dates[lead].value
    return article_date
