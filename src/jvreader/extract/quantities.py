"""Figures that are not a number beside its noun: durations as properties, running totals.

Before: ``"She began a four-day visit after the chain opened a new store to bring its
total to 12."``
After: ``Quantity("four-day visit", 4, "days")`` and ``Quantity("total to 12", 12,
"stores")``: a duration counts when it describes a thing ("a 40-year loan", not "40 years
ago"); a bare total takes the unit of the nearest counted noun before it. The nouns are
data (``extract_figures.yml``: ``duration_units``, ``duration_nouns``, ``total_words``).
Vietnamese writes the unit after the number and the thing after the unit ("kỷ niệm 50 năm
thiết lập quan hệ"): ``vi_durations`` reads those, leaving out the ones that place an event
in time ("sau 2 năm", "5 năm qua") and the parts of dates ("tháng 10 năm 2011").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from jvreader.extract.rules import alternation, initials, rules


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    value: float
    unit: str


@cache  # rules: each pattern is compiled once per process
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str], dict[str, float]]:
    r = rules("figures")
    words = {k.lower(): float(v) for k, v in r["number_words"].items()}
    num = rf"(?P<num>\d+(?:\.\d+)?|(?i:{alternation(list(words))}))"
    units: dict[str, str] = r["duration_units"]
    duration = re.compile(
        rf"(?<![\w.,-]){num}[- ](?P<unit>(?i:{alternation(list(units))}))(?:-long)?"
        rf"(?:\s[\w-]+){{0,2}}?\s(?P<noun>(?i:{alternation(r['duration_nouns'])}))\b"
    )
    total = re.compile(
        rf"\b(?i:{initials(r['total_words'])}{alternation(r['total_words'])})\s(?:to|at)\s{num}(?![\w%-]|[.,]\d)"
    )
    return duration, total, {k.lower(): v for k, v in units.items()}, words


@cache  # rules: each pattern is compiled once per process
def _vi_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    r = rules("figures")
    units: dict[str, str] = r["vi_duration_units"]
    before = alternation(r["vi_duration_blockers_before"])
    after = alternation(r["vi_duration_blockers_after"])
    # A blocker before the number is matched (group "pre") so that the scan consumes it and
    # the caller drops the match: lookbehinds cannot hold words of different lengths.
    return re.compile(
        rf"(?P<pre>\b(?i:{before})\s)?(?<![\w.,/-])(?P<num>\d+)\s"
        rf"(?P<unit>(?i:{alternation(list(units))}))(?!\w)"
        rf"(?!\s(?:\d|(?i:{after})(?!\w)))"
    ), units


def vi_durations(text: str) -> list[Quantity]:
    """"50 năm" (years) that is not a time relation nor part of a date."""
    pattern, units = _vi_pattern()
    return [Quantity(m.start("num"), m.end(), float(m.group("num")),
                     units[m.group("unit").lower()])
            for m in pattern.finditer(text) if not m.group("pre")]


def _value(num: str, words: dict[str, float]) -> float:
    return words.get(num.lower()) or float(num)


def durations(text: str) -> list[Quantity]:
    """"a four-day visit", "a 40-year loan": how long a thing lasts, in its unit."""
    duration, _, units, words = _patterns()
    return [Quantity(m.start(), m.end("noun"), _value(m.group("num"), words),
                     units[m.group("unit").lower()]) for m in duration.finditer(text)]


def totals(text: str, unit_of: dict[str, str], counted: frozenset[str]) -> list[Quantity]:
    """"to bring its total to seven": a running count whose noun came earlier in the sentence
    ("out of a total of 30" is a denominator, not a new count, and is left alone).

    ``unit_of`` maps counted nouns to units; only units in ``counted`` (things, not
    measures like tons) can be carried to a bare total.
    """
    _, total, _, words = _patterns()
    out = []
    for m in total.finditer(text):
        after = text[m.end():].split()
        if after and after[0].lower().strip(".,;") in unit_of:
            continue  # "total of 30 ships": the ordinary count pattern reads it
        unit = _last_noun_unit(text[: m.start()], unit_of, counted)
        if unit is not None:
            out.append(Quantity(m.start(), m.end(), _value(m.group("num"), words), unit))
    return out


def _last_noun_unit(text: str, unit_of: dict[str, str], counted: frozenset[str]) -> str | None:
    best, unit = -1, None
    low = text.lower()
    for noun, u in unit_of.items():
        if u not in counted:
            continue
        for m in re.finditer(rf"\b{re.escape(noun)}\b", low):
            if m.start() > best:
                best, unit = m.start(), u
    return unit
