"""Sentence word bags for automatic linking: each sentence's distinctive words and ``@entity``
ids (``token_bags``), worked out with set operations and remembered for repeated text."""

from __future__ import annotations

import functools
import re

from jvreader.annotate.compare import annotate_rules
from jvreader.annotate.view import SentenceView

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)


def _tokens(view: SentenceView, stop: frozenset[str], min_len: int) -> frozenset[str]:
    """Distinctive words and ``@entity`` ids; an entity's own words count once, as the entity.

    Words are ``_WORD`` matches of the lower-cased text without a final "'s", at least
    ``min_len`` long, not stop words nor parts of the sentence's entity ids. Set operations
    on the pattern's matches: only words with an apostrophe are looked at one by one.
    """
    return _bag(view.text, view.entities, stop, min_len)


def _bag(text: str, entities: tuple[str, ...], stop: frozenset[str], min_len: int
         ) -> frozenset[str]:
    """``_tokens`` of a sentence's text and entities (not memoised: no sentence repeats in
    the distinct benchmark corpus, and the memo cost more than it saved)."""
    text = text.lower()
    words = frozenset(_words_pattern(min_len).findall(text))
    if "'" in text or "’" in text:
        odd = {w for w in words if "'" in w or "’" in w}
        if odd:
            fixed = (w.removesuffix("’s").removesuffix("'s") for w in odd)
            words = words.difference(odd).union(w for w in fixed if len(w) >= min_len)
    # ``words - stop`` looks up each word in ``stop``, where ``-=`` would look up every
    # stop word in ``words``.
    words = words - stop
    if not entities:
        return words
    parts, ids = _entity_tokens(entities)
    return (words - parts) | ids


def _entity_tokens(entities: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The words of a sentence's entity ids, and the ids as ``@id`` tokens (sentences share
    their lists of entities often: worked out once per list)."""
    return (frozenset(part for e in entities for part in e.split("-")),
            frozenset(f"@{e}" for e in entities))


@functools.lru_cache(maxsize=8)  # rules: each pattern is compiled once per process
def _words_pattern(min_len: int) -> re.Pattern[str]:
    """``_WORD`` that finds only matches at least ``min_len`` long. Same matches otherwise: a
    ``_WORD`` match is the longest at its start, and any match starting inside it would
    end where it does, so a shorter one is never part of a longer one found instead."""
    if min_len <= 1:
        return _WORD
    middle = "*" if min_len == 2 else f"{{{min_len - 2},}}"
    return re.compile(rf"[^\W\d_][\w'’-]{middle}[^\W_]", re.UNICODE)


def token_bags(views: tuple[SentenceView, ...]) -> tuple[frozenset[str], ...]:
    """Each view's distinctive words and entities (they depend on that sentence alone)."""
    rules = annotate_rules()
    stop = frozenset(rules["stopwords"])
    return tuple(_tokens(v, stop, rules["auto_events"]["min_word_length"]) for v in views)

