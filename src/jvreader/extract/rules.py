"""Load the extraction rules that are data (``data/extract_*.yml``), once per process.

Before: ``data/extract_dates.yml`` holding ``months: {January: 1, …}``.
After: ``rules("dates")["months"]["January"] == 1``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from jvreader.yaml_safe import package_data


def rules(name: str) -> dict[str, Any]:
    """The parsed ``extract_{name}.yml`` package data file."""
    return package_data(f"extract_{name}.yml")


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so the longest one wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def initials(words: list[str] | tuple[str, ...]) -> str:
    """A lookahead for the first characters of ``words`` (``(?=[Jj])`` for ``["June",
    "july"]``): put before a long alternation, it lets the regex engine reject most positions
    with one character test instead of trying every word in turn. It never changes a match."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


_WORD = re.compile(r"\w+")
# Letters ``re.IGNORECASE`` equates with others that ``str.lower`` keeps apart ("İ" is "i"
# to a pattern): in a text holding one, words tell nothing and no gate skips a pattern.
_FOLDS_APART = frozenset("İıſ")


class _EveryWord(frozenset):
    """The words of a text that ``text_words`` cannot tell: they meet every gate (ask
    them only ``isdisjoint``, through ``PhraseWords.may_match``)."""

    def isdisjoint(self, other: object) -> bool:
        return False


EVERY_WORD: frozenset[str] = _EveryWord()


def text_words(text: str) -> frozenset[str]:
    """The lower-cased words of ``text``, for gates that skip hopeless patterns
    (``key_words(...).may_match(words)``); ``EVERY_WORD`` when they cannot tell."""
    if not (text.isascii() or _FOLDS_APART.isdisjoint(text)):
        return EVERY_WORD
    return frozenset(_WORD.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class PhraseWords:
    """The words of some phrases, to tell cheaply whether a text may hold one of them."""

    keys: frozenset[str]
    """One word of each phrase (its longest, the last of equals: "year" of "that year")."""
    needs: Mapping[str, tuple[frozenset[str], ...]]
    """By key, the words of each phrase with that key."""

    def may_match(self, words: frozenset[str]) -> bool:
        """Whether a text of these ``words`` (``text_words``) holds every word of a phrase."""
        if words.isdisjoint(self.keys):
            return False
        if isinstance(words, _EveryWord):
            return True
        return any(need <= words for key in self.keys.intersection(words)
                   for need in self.needs[key])


def key_words(phrases: list[str] | tuple[str, ...]) -> PhraseWords | None:
    """The words of ``phrases``: a pattern that matches one of them as whole words
    (``\\b`` on both sides, any case) matches only in a text whose ``text_words`` hold
    every word of it. ``None`` when a phrase has no word (nothing to tell by)."""
    needs: dict[str, list[frozenset[str]]] = {}
    for phrase in phrases:
        words = _WORD.findall(phrase.lower())
        if not words:
            return None
        needs.setdefault(max(reversed(words), key=len), []).append(frozenset(words))
    return PhraseWords(frozenset(needs), MappingProxyType({k: tuple(v) for k, v in needs.items()}))


_DIGIT_RUN = re.compile(r"\d(?<!\d\d)")


def digit_run_starts(text: str) -> list[int]:
    """Where each run of digits in ``text`` starts: the places a pattern led by a number
    can match (``matches_at``)."""
    return [m.start() for m in _DIGIT_RUN.finditer(text)]


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds when ``pattern`` can only match at ``starts``
    (ascending); ``match`` at a position sees the text before it, as a scan would."""
    matches: list[re.Match[str]] = []
    end = 0
    for pos in starts:
        if pos >= end and (m := pattern.match(text, pos)):
            matches.append(m)
            end = m.end()
    return matches


MEMO_SIZE = 1 << 14
"""How many texts a per-text memo (``functools.lru_cache``) remembers. Extraction keeps
none: on the distinct benchmark corpus (N = 300) no sentence repeats, and its memos cost
10 % of load + extract + annotate; annotation keeps those that measured a gain (each says
why)."""
