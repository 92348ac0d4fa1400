"""Find figures (money, percentages, counts, distances) in a sentence and normalise them.

Before: the sentence ``"In 2014, bilateral trade volume reached $28 billion."``.
After: ``Figure(text="$28 billion", value=28e9, unit="USD", currency="USD",
measure="bilateral trade volume", period="2014", …)``. Years, dates, footnote markers,
ordinals and names with digits ("P-3C", "G7", "No.3") are never figures: a bare number
counts only with a currency, a percent sign or word, or a counted noun after it.

English, Vietnamese and Japanese are read by the same patterns; what differs is data
(``extract_figures.yml``) and the number conventions of the sentence's script: Vietnamese
"3.304 tấn" is 3,304 t and "105,4m" is 105.4 m; Japanese "951億6,700万円" is 95,167,000,000
yen, full-width digits read as digits, and a line break inside a Japanese number is a wrap.
Ranges ("600−800トン") and bounds ("at least eight") set ``value_min`` / ``value_max``.
A period comes only from a date the sentence states; a money figure repeating one already
found in the article (``earlier``) is a repeated mention, not a new figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from jvreader.extract.claims import main_date
from jvreader.extract.figure_measures import _measure, _period, _respective_measures
from jvreader.extract.figure_patterns import (
    _AMBIGUOUS_CURRENCY,
    _ANAPHOR_BEFORE,
    _CJK_CHAR,
    _CJK_SCALE,
    _CJK_SCALES,
    _COUNT,
    _COUNT_OF,
    _COUNT_OF_KEYS,
    _COUNT_OF_NOUN,
    _COUNTED,
    _CUR_AFTER,
    _CUR_BEFORE,
    _D,
    _DURATION_KEYS,
    _DURATION_NOUN_KEYS,
    _FRACTION,
    _FRACTION_KEYS,
    _FRACTIONS,
    _GENERIC,
    _GLUED,
    _GLUED_UNIT,
    _HALF_WIDTH,
    _LOWER_AFTER,
    _LOWER_BEFORE,
    _MONEY_AFTER,
    _MONEY_BEFORE,
    _NOT_BOUND,
    _NUMBER_WORDS,
    _OFFER,
    _PERCENT,
    _POPULATION,
    _PRICE_PERIOD,
    _SCALES,
    _TOTAL_KEYS,
    _UNIT_NEXT,
    _UNIT_OF,
    _UPPER_AFTER,
    _UPPER_BEFORE,
    _VI_DURATION_KEYS,
    _VIETNAMESE,
    _Found,
    _holds,
    _may_be_percent,
    _may_be_population,
    _number_starts,
)
from jvreader.extract.quantities import durations, totals, vi_durations
from jvreader.extract.rules import alternation, matches_at, text_words
from jvreader.model import DateMention, Figure, Sentence


def find_figures(
    sentence: Sentence,
    dates: tuple[DateMention, ...],
    article_date: str | None = None,
    first_id: int = 1,
    earlier: Sequence[Figure] = (),
    language: str | None = None,
    words: frozenset[str] | None = None,
) -> tuple[Figure, ...]:
    """Figures in ``sentence``; ``dates`` are its date mentions (paragraph offsets).

    Ids run ``f{first_id}``, ``f{first_id + 1}`` …; offsets index the paragraph text.
    ``earlier`` holds the article's figures before this sentence (a money figure repeating
    one of them is skipped); ``language`` (``en``/``vi``/``ja``) defaults to the sentence's
    script. ``article_date`` is kept for callers: a figure's period is only ever a date the
    sentence states. ``words``: ``rules.text_words`` of the sentence, when the caller has them.
    """
    del article_date  # a period comes from the text, never from the article's date
    text = sentence.text
    candidates = _candidates(text, _conventions(text, language), words)
    if not candidates:
        return ()
    local_dates = [(d.start - sentence.start, d.end - sentence.start) for d in dates]
    found = _non_overlapping(candidates, local_dates)
    lead = main_date(text, dates, sentence.start)
    measures = _respective_measures(text, found)
    figures: list[Figure] = []
    for n, f in enumerate(found):
        figure = Figure(
            id=f"f{first_id + len(figures)}", paragraph=sentence.paragraph, sentence=sentence.id,
            text=text[f.start:f.end], start=sentence.start + f.start,
            end=sentence.start + f.end, value=f.value, unit=f.unit, currency=f.currency,
            measure=measures.get(n) or f.noun_phrase or _measure(text, f.start, f.end),
            period=_period(text, f, dates, sentence.start, lead),
            value_min=f.value_min, value_max=f.value_max,
        )
        if not _repeats(figure, [*earlier, *figures]):
            figures.append(figure)
    return tuple(figures)


def _conventions(text: str, language: str | None) -> str:
    """Whose number conventions a sentence follows: a sentence in a script without spaces
    reads as Japanese; otherwise the article's language when known ("Nguyễn said 1,500
    tons" in an English article is 1,500), else the sentence's own letters."""
    if _CJK_CHAR.search(text):
        return "ja"
    if language in ("en", "vi"):
        return language
    return script_language(text)


def script_language(text: str) -> str:
    """``ja`` for text in a script without spaces, ``vi`` for Vietnamese letters, else ``en``
    (what the number conventions need, not a language detector)."""
    if _CJK_CHAR.search(text):
        return "ja"
    if _VIETNAMESE.search(text):
        return "vi"
    return "en"


def _repeats(f: Figure, earlier: Sequence[Figure]) -> bool:
    """The text repeating a quantity it stated: money of the same value and currency; other
    figures written the same way for the same period (two deliveries of "2 tàu" in
    different months are two figures)."""
    if f.currency is not None:
        return any(e.currency == f.currency and e.value == f.value for e in earlier)
    return any(e.unit == f.unit and e.value == f.value and e.period == f.period
               and e.text.casefold() == f.text.casefold() for e in earlier)


def _plain_number(num: str, language: str) -> float | None:
    """"2,661" → 2661; Vietnamese "3.304" → 3304 and "105,4" → 105.4; None when the
    separators fit no convention ("1,5" in English)."""
    if num[:1] == "0" and len(num) > 1 and num[1].isdigit():
        return None  # "00億円": the tail of a number broken off by a line break
    if "," in num and "." in num:  # the last separator is the decimal one
        decimal = max(num.rfind(","), num.rfind("."))
        whole = re.sub(r"[.,]", "", num[:decimal])
        return float(f"{whole}.{num[decimal + 1:]}")
    groups = re.split(r"[.,]", num)
    thousands = len(groups) > 1 and all(len(g) == 3 for g in groups[1:])
    if "," in num:
        if language == "vi" and not (thousands and len(groups) > 2):
            return float(num.replace(",", ".")) if len(groups) == 2 else None
        return float(num.replace(",", "")) if thousands else None
    if "." in num:
        if language == "vi" and thousands:
            return float(num.replace(".", ""))
        return float(num) if len(groups) == 2 else None
    return float(num)


def _number(num: str, language: str) -> float | None:
    word = _NUMBER_WORDS.get(num.lower())
    if word is not None:
        return float(word)
    total = 0.0
    # "951億6,700万": each part times its scale, summed.
    for part, scale in re.findall(rf"({_D})({_CJK_SCALE})?", num):
        value = _plain_number(part, language)
        if value is None:
            return None
        total += value * (_CJK_SCALES[scale] if scale else 1)
    return total if re.fullmatch(rf"(?:(?:{_D})(?:{_CJK_SCALE})?)+", num) else None


def _scaled(m: re.Match[str], language: str, group: str = "num") -> float | None:
    value = _number(m.group(group), language)
    if value is None:
        return None
    # "30 nghìn tỷ đồng": a thousand billion, each scale multiplies.
    for scale in (m.groupdict().get("scale"), m.groupdict().get("scale2")):
        value *= _SCALES[scale] if scale else 1
    return value


_TOKEN = re.compile(r"\w+")
_TRIGGERS = frozenset(
    w for phrase in [*_NUMBER_WORDS, *_FRACTIONS] for w in _TOKEN.findall(phrase.lower())
) - {"a", "of"}


def _candidates(original: str, language: str, words: frozenset[str] | None = None
                ) -> tuple[_Found, ...]:
    if words is None:
        words = text_words(original)
    if not any(map(str.isdigit, original)) and words.isdisjoint(_TRIGGERS):
        return ()  # no number in any form: skip the patterns
    text, where = _prepared(original, language)
    if text != original:
        words = text_words(text)  # "ｆｉｖｅ" reads "five"
    found: list[_Found] = []

    def add(m: re.Match[str], value: float | None, unit: str, currency: str | None,
            noun_phrase: str | None = None) -> None:
        if value is None:
            return
        high = _number(m.group("num2"), language) if m.groupdict().get("num2") else None
        if high is not None and m.groupdict().get("scale"):
            high *= _SCALES[m.group("scale")]
        found.append(_bounded(text, _Found(m.start(), m.end(), value, unit, currency,
                                           noun_phrase), high))

    for m in _MONEY_BEFORE.finditer(text):
        cur = _CUR_BEFORE[m.group("cur")]
        if not _is_offer(text, m.end()):
            add(m, _scaled(m, "en"), cur, cur)
    numbers = _number_starts(text, words)
    for m in matches_at(_MONEY_AFTER, text, numbers):
        cur = _CUR_AFTER[m.group("cur").lower()]
        if m.group("cur").lower() in _AMBIGUOUS_CURRENCY and not m.group("scale") \
                and not m.group("scale2") \
                and not re.search(r"\d[.,]\d{3}", m.group("num")):
            continue  # "năm 2015 đồng thời": a year before a word, not 2,015 dong
        if not _is_offer(text, m.end()):
            add(m, _scaled(m, language), cur, cur)
    for m in matches_at(_PERCENT, text, numbers) if _may_be_percent(text) else ():
        add(m, _number(m.group("num"), language), "percent", None)
    for m in _FRACTION.finditer(text) if _holds(words, _FRACTION_KEYS) else ():
        found.append(_Found(m.start(), m.end(), float(_FRACTIONS[m.group("frac").lower()]),
                            "percent", None))
    for m in matches_at(_POPULATION, text, numbers) if _may_be_population(text) else ():
        add(m, _scaled(m, language), "people", None)
    for m in matches_at(_GLUED_UNIT, text, numbers):
        add(m, _number(m.group("num"), language), _GLUED[m.group("unit")], None)
    for m in _COUNT_OF_NOUN.finditer(text) if _holds(words, _COUNT_OF_KEYS) else ():
        add(m, _scaled(m, language), _COUNT_OF[m.group("noun").lower()], None)
    previous_unit = None
    for m in matches_at(_COUNT, text, numbers):
        noun = m.group("unit").lower()
        named = _UNIT_NEXT.match(text, m.end()) if noun not in _UNIT_OF else None
        unit = _UNIT_OF.get(noun) or (_UNIT_OF[named.group("noun").lower()] if named else None) \
            or previous_unit or _last_noun_unit(text[:m.start()])
        if unit is None:
            continue  # a classifier with nothing counted before it
        if unit in _COUNTED:
            previous_unit = unit  # a classifier counts things, never tons or kilometres
        if unit in _COUNTED and _anaphoric(text, m):
            continue  # "the two countries": things already named, no new count
        if _bare_generic(m) or _year_in_name(text, m):
            continue
        # The words between number and noun say what is counted: "maritime patrol ships".
        phrase = text[m.start("mods"):m.end()].strip() if m.group("mods").strip() else None
        if named:  # "3 chiếc tàu": the figure reads to the noun
            found.append(_bounded(text, _Found(m.start(), named.end(), _scaled(m, language)
                                               or 0.0, unit, None, named.group("noun")), None))
            continue
        add(m, _scaled(m, language), unit, None, phrase or _noun_after(text, m.end()))
    for q in [*(durations(text) if _holds(words, _DURATION_KEYS)
                and _holds(words, _DURATION_NOUN_KEYS) else ()),
              *(totals(text, _UNIT_OF, _COUNTED) if _holds(words, _TOTAL_KEYS) else ()),
              *(vi_durations(text) if language == "vi" and _holds(words, _VI_DURATION_KEYS)
                else ())]:
        found.append(_Found(q.start, q.end, q.value, q.unit, None))
    return tuple(replace(f, start=where(f.start), end=where(f.end - 1) + 1) for f in found)


def _prepared(text: str, language: str) -> tuple[str, Callable[[int], int]]:
    """The text the patterns read, and a function from its offsets to ``text``'s.

    Full-width ASCII becomes ASCII (same offsets). In Japanese, where a line break or a
    letter-spacing blank inside a run of characters is no word break, those are dropped
    ("総額95\\n1億6,700万円" reads "総額951億6,700万円")."""
    work = text.translate(_HALF_WIDTH)
    if language != "ja" or not re.search(r"\s", work):
        return work, int
    kept: list[int] = []
    last = 0
    for blank in re.finditer(r"\s+", work):
        kept.extend(range(last, blank.start()))
        last = blank.end()
        if not _joins(work, blank.start(), blank.end()):
            kept.extend(range(blank.start(), blank.end()))
    kept.extend(range(last, len(work) + 1))
    return "".join(work[i] for i in kept[:-1]), kept.__getitem__


def _joins(text: str, start: int, end: int) -> bool:
    """Whether the blank ``text[start:end]`` sits inside a run that a wrap or letter-spacing
    broke: any blank between digits, a line break beside a character of a script without
    spaces, a space between two such characters."""
    before, after = text[start - 1:start], text[end:end + 1]
    if not before or not after:
        return False
    cjk_before, cjk_after = bool(_CJK_CHAR.match(before)), bool(_CJK_CHAR.match(after))
    if before.isdigit() and after.isdigit():
        return True  # "95 1億": a wrapped number joined by a space or a line break
    if "\n" in text[start:end]:
        return cjk_before or cjk_after
    return cjk_before and cjk_after


def _bounded(text: str, f: _Found, high: float | None) -> _Found:
    """A range sets both bounds; "at least", "more than", "以上" … set one (the figure's
    text stays the number and its unit: the bound is in ``value_min`` / ``value_max``)."""
    if high is not None:
        return replace(f, value_min=f.value, value_max=high)
    before = text[max(0, f.start - 24):f.start]
    if _NOT_BOUND.search(before):
        return f
    if _LOWER_BEFORE.search(before) or _LOWER_AFTER.match(text, f.end):
        return replace(f, value_min=f.value)
    if _UPPER_BEFORE.search(before) or _UPPER_AFTER.match(text, f.end):
        return replace(f, value_max=f.value)
    return f


def _is_offer(text: str, end: int) -> bool:
    """A price of the publication itself: "$5 a month", "subscribe for $5"."""
    return bool(_PRICE_PERIOD.match(text, end) or _OFFER.search(text))


def _anaphoric(text: str, m: re.Match[str]) -> bool:
    """"the two countries", "these three projects": a number word after a determiner."""
    return m.group("num").lower() in _NUMBER_WORDS and bool(
        _ANAPHOR_BEFORE.search(text[max(0, m.start() - 8):m.start()]))


def _bare_generic(m: re.Match[str]) -> bool:
    """"two projects": a number word and a generic noun with nothing saying which."""
    return m.group("num").lower() in _NUMBER_WORDS and not m.group("mods").strip() \
        and m.group("unit").lower() in _GENERIC


_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# A capitalised word inside the sentence (the first word may be "About 2000 workers").
_NAME_WORD = re.compile(r"\w[,:]?\s+[A-Z][\w-]*\s$")


def _year_in_name(text: str, m: re.Match[str]) -> bool:
    """"Vision 2030 projects", "White Paper 2024 …": a year closing a name counts nothing."""
    return bool(_YEAR.fullmatch(m.group("num"))) and bool(
        _NAME_WORD.search(text[max(0, m.start() - 30):m.start()]))


_NOUN_AFTER = re.compile("の([\u30a0-\u30ff\u3400-\u9fff\uf900-\ufaff]+)")


def _noun_after(text: str, end: int) -> str | None:
    """What a Japanese count counts when the noun follows it: "6隻の巡視船" → 巡視船."""
    m = _NOUN_AFTER.match(text, end)
    return m.group(1) if m else None


def _last_noun_unit(text: str) -> str | None:
    """The unit of the last counted noun named in ``text`` (for a bare classifier)."""
    return next((u for u in reversed([_UNIT_OF.get(m.group().lower()) for m in
                                      _NOUN_ANYWHERE.finditer(text)]) if u in _COUNTED), None)


_NOUN_ANYWHERE = re.compile(
    rf"(?i:{alternation([n for n, u in _UNIT_OF.items() if u in _COUNTED and len(n) > 1])})")


def _non_overlapping(found: tuple[_Found, ...], dates: list[tuple[int, int]]) -> list[_Found]:
    """Longest first, never overlapping each other or a date ("in 2015" is no figure)."""
    kept: list[_Found] = []
    taken = list(dates)
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= s or f.start >= e for s, e in taken):
            kept.append(f)
            taken.append((f.start, f.end))
    return sorted(kept, key=lambda f: f.start)
