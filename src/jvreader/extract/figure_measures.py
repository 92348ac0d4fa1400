"""What a found figure measures and when: the measure phrase beside it ("bilateral trade
volume reached"), who trades with whom, the pairing of a "respectively" list, and the
period the sentence states for it."""

from __future__ import annotations

import re

from jvreader.extract.figure_patterns import _MEASURE_BREAKERS, _R, _SCALES, _Found
from jvreader.extract.rules import alternation
from jvreader.model import DateMention

_WORD_RE = re.compile(r"[\w'’-]+|[^\w\s]")
_NAME_PART = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w’'-]*)"
_NAME = rf"{_NAME_PART}(?:\s(?:of\s|the\s)?{_NAME_PART})*"
_TRADE_BEFORE = re.compile(
    rf"(?P<who>{_NAME})\s(?:(?:has|have|had|also|reportedly)\s)*"
    rf"(?P<verb>{alternation(list(_R['trade_verbs']))})\s(?:(?:goods|products|a\stotal\sof|"
    rf"about|around|some|nearly|over|more\sthan|worth)\s)*$")
_TRADE_AFTER = re.compile(
    rf"\s(?:(?:of|in|worth)\s[a-z][\w-]*(?:\s[a-z][\w-]*)?\s)?"
    rf"(?P<prep>to|from|in|into)\s(?P<whom>{_NAME})")
_RESPECTIVELY = re.compile(r"(?i:\brespectively\b)")


def _respective_measures(text: str, found: list[_Found]) -> dict[int, str]:
    """"X and Y reached A and B respectively": A measures X, B measures Y (by index)."""
    if len(found) < 2 or not _RESPECTIVELY.search(text[found[-1].end:]):
        return {}
    # The figures listed together: joined only by "and" / "," between them.
    run = [len(found) - 1]
    while run[0] > 0 and re.fullmatch(r"\s*(?:,|and|,\s*and)?\s*",
                                      text[found[run[0] - 1].end:found[run[0]].start]):
        run.insert(0, run[0] - 1)
    subject = _backward_phrase(_WORD_RE.findall(text[max(0, found[run[0]].start - 200):
                                                     found[run[0]].start]), joined=True)
    if not subject:
        return {}
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject) if p.strip()]
    if len(parts) != len(run):
        return {}
    return dict(zip(run, parts, strict=True))


def _measure(text: str, start: int, end: int) -> str | None:
    """What a figure quantifies, when the sentence names it right beside the figure."""
    trade = _trade_measure(text, start, end)
    if trade:
        return trade
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


def _trade_measure(text: str, start: int, end: int) -> str | None:
    """"Japan exported $14 billion to Vietnam" → "Japan’s exports to Vietnam": who sends
    to whom, from the verb's subject and the place after the figure."""
    before = _TRADE_BEFORE.search(text[max(0, start - 120):start])
    if not before:
        return None
    noun = _R["trade_verbs"][before.group("verb")]
    after = _TRADE_AFTER.match(text, end)
    where = f" {after.group('prep')} {after.group('whom')}" if after else ""
    return f"{before.group('who')}’s {noun}{where}"


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


def _backward_phrase(words: list[str], joined: bool = False) -> str | None:
    """``stock investment of`` / ``trade volume reached`` / ``aid to Vietnam adds up to``.

    ``joined``: the measure may be several phrases joined by "and" (a "respectively" list),
    and "the value of" before them says nothing of which is which."""
    if not words or words[-1].lower() not in _LINKS:
        return None
    i = len(words) - 1
    while i >= 0 and words[i].lower() in _LINK_WORDS:
        i -= 1
    phrase: list[str] = []
    while i >= 0 and len(phrase) < (14 if joined else 6):
        w = words[i]
        low = w.lower()
        if not w[0].isalnum():
            if w in ("’", "'") and phrase:
                phrase.insert(0, w)
                i -= 1
                continue
            if joined and w == "," and phrase:
                phrase.insert(0, w)
                i -= 1
                continue
            break
        if joined and low == "and":
            phrase.insert(0, w)
            i -= 1
            continue
        if joined and low == "of" and i > 0 and words[i - 1].lower() in (
                "value", "volume", "amount", "values", "volumes"):
            break  # "the value of X and Y": X and Y are the measures
        if (low in _MEASURE_BREAKERS and low not in _INNER_PREPOSITIONS) or low in _SCALES \
                or w[0].isdigit():
            break
        phrase.insert(0, w)
        i -= 1
    while phrase and phrase[0].lower() in _INNER_PREPOSITIONS:
        phrase.pop(0)
    text = " ".join(phrase).replace(" ’ ", "’").replace(" ' ", "'").replace(" , ", ", ")
    return text or None


def _period(
    text: str,
    f: _Found,
    dates: tuple[DateMention, ...],
    offset: int,
    lead: int | None,
) -> str | None:
    """The date right after the figure ("$30 billion this year"), else the sentence's
    main date, else none: a period is what the text states."""
    for d in dates:
        gap = text[f.end:d.start - offset]
        if d.start - offset >= f.end and len(gap.split()) <= 2 and not re.search(r"[,;.]", gap):
            return d.value
    if lead is not None:
        return dates[lead].value
    return None
