"""The event words of ``data/events.yml`` (actions, objects, marks, topics, context and
recipient words, countries), compiled once: ``lexicon()``. ``signals`` finds them in a
sentence; ``frames`` reads how a sentence tells its actions with them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from jvreader.yaml_safe import package_data

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
"""Chinese characters, kana and full-width forms: words in them are found as substrings."""
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """``data/events.yml`` compiled: its words by their first token, and what each means."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]
    """A Latin-script word's first token → the words (as tokens) starting with it, longest
    first."""
    longest: int
    """Tokens in the longest word."""
    cjk: tuple[str, ...]
    """Words in Chinese or Japanese script, longest first: found as substrings."""
    meaning: dict[tuple[str, ...], tuple[tuple[str, str], ...]]
    """A word (its tokens, or one CJK string) → ``(kind, key)`` pairs; kind is action,
    object, mark, topic, bilateral or ignore."""
    action_labels: dict[str, tuple[str, str, str]]
    """Action → (verb for one actor, verb for several, pattern)."""
    object_labels: dict[str, str]
    actor_kinds: frozenset[str]
    object_kinds: frozenset[str]
    weights: dict[str, float]
    order: dict[str, int]
    """Actions and objects in file order: the tie-break when labels choose among them."""
    action_done: dict[str, str]
    """Action → its participle, for a label told in the passive ("established")."""
    passive: re.Pattern[str]
    """Matches the whole text between an object and the action after it when the act is
    told in the passive ("was", "has been formally", "đã được")."""
    action_alone: dict[str, str]
    """Action → what a label says when it governs no object ("talks", "aid")."""
    context_before: re.Pattern[str]
    """Matches a text ending in a context word ("after the", "since its"): what follows is a
    time or a background, not an object."""
    context_after: tuple[str, ...]
    """Context words written after their object (Japanese postpositions)."""
    periods: re.Pattern[str]
    """A period word in a named object's text ("Cold War"): a background, never an object."""
    near: dict[str, int]
    """How many characters from its object a mark or topic may be written."""
    recipient_before: re.Pattern[str]
    """Matches the text between a verb and a name when the name is its recipient: only
    determiners, or a recipient word ("… to the", "cho")."""
    range_from: re.Pattern[str]
    """A word opening a span ("from")."""
    range_to: re.Pattern[str]
    """A word closing a span, right before its date ("to", "until the year")."""
    recipient_marks: tuple[str, ...]
    """Written after a name, mark it as the recipient of a verb that comes last (Japanese)."""
    countries: frozenset[str]
    """Case-folded display names of the gazetteer places that are countries: label actors."""


def _form(word: str) -> tuple[str, ...]:
    """How a word is looked up: its case-folded tokens, or the CJK string itself."""
    return (word,) if CJK.search(word) else tuple(TOKEN.findall(word.casefold()))


@functools.lru_cache(maxsize=1)  # rules: the data file is read once per process
def lexicon() -> Lexicon:
    """The event words, read once."""
    raw: dict[str, Any] = package_data("events.yml")
    meaning: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def add(word: Any, kind: str, key: str) -> None:
        pairs = meaning.setdefault(_form(str(word)), [])
        if (kind, key) not in pairs:
            pairs.append((kind, key))

    action_labels: dict[str, tuple[str, str, str]] = {}
    action_alone: dict[str, str] = {}
    action_done: dict[str, str] = {}
    object_labels: dict[str, str] = {}
    order: dict[str, int] = {}
    for key, spec in raw["actions"].items():
        singular, plural = spec["label"]
        action_labels[key] = (singular, plural, spec.get("pattern", "mutual"))
        action_alone[key] = spec.get("alone", key)
        action_done[key] = spec.get("done", singular)
        order[key] = len(order)
        for w in spec["words"]:
            add(w, "action", key)
    for key, spec in raw["objects"].items():
        object_labels[key] = spec["label"]
        order[key] = len(order)
        for w in spec["words"]:
            add(w, "object", key)
    for kind in ("marks", "topics"):
        for key, words in raw[kind].items():
            for w in words:
                add(w, kind[:-1], key)
    for w in raw["bilateral"]:
        add(w, "bilateral", "bilateral")
    for w in raw["ignore"]:
        add(w, "ignore", "ignore")
    by_first: dict[str, list[tuple[str, ...]]] = {}
    cjk: list[str] = []
    for form in meaning:
        if len(form) == 1 and CJK.search(form[0]):
            cjk.append(form[0])
        elif form:
            by_first.setdefault(form[0], []).append(form)
    # Longest first: at one position the longer word wins ("extensive strategic
    # partnership" over "strategic partnership").
    return Lexicon(by_first={k: tuple(sorted(v, key=lambda f: (-len(f), f)))
                             for k, v in by_first.items()},
                   longest=max((len(f) for f in meaning), default=1),
                   cjk=tuple(sorted(cjk, key=lambda w: (-len(w), w))),
                   meaning={w: tuple(p) for w, p in meaning.items()},
                   action_labels=action_labels, object_labels=object_labels,
                   actor_kinds=frozenset(raw["actor_kinds"]),
                   object_kinds=frozenset(raw["object_kinds"]),
                   weights={k: float(v) for k, v in raw["weights"].items()}, order=order,
                   action_alone=action_alone, action_done=action_done,
                   passive=re.compile(rf"\s*[\"”’']?\s*(?:{_alternatives(raw['passive'])})"
                                      r"(?:\s+\w+ly)?\s*"),
                   context_before=_ending_in(raw["context_before"], raw["determiners"]),
                   context_after=tuple(sorted(map(str, raw["context_after"]), key=len,
                                              reverse=True)),
                   periods=_any_word(raw["periods"]),
                   near={k: int(v) for k, v in raw["near"].items()},
                   recipient_marks=tuple(map(str, raw["recipient_marks"])),
                   range_from=_any_word(raw["range_from"]),
                   range_to=re.compile(rf"(?<!\w)(?:{_alternatives(raw['range_to'])})"
                                       rf"(?:\s+(?:{_alternatives(raw['determiners'])}))*"
                                       rf"(?:\s+(?:{_alternatives(raw['range_units'])}))?\s*$"),
                   recipient_before=_recipient_gap(raw["recipient_before"], raw["determiners"]),
                   countries=frozenset(str(c).casefold() for c in raw["countries"]))


def _alternatives(words: list[Any]) -> str:
    """Words as one regex alternation, longest first, any run of spaces between tokens."""
    forms = sorted({str(w).casefold() for w in words}, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(t) for t in w.split()) for w in forms)


def _any_word(words: list[Any]) -> re.Pattern[str]:
    """Any of the words, whole words in Latin script, anywhere in CJK script."""
    latin = [w for w in words if not CJK.search(str(w))]
    cjk = [w for w in words if CJK.search(str(w))]
    parts = [rf"(?<!\w)(?:{_alternatives(latin)})(?!\w)"] if latin else []
    parts += [_alternatives(cjk)] if cjk else []
    return re.compile("|".join(parts) or r"(?!)")


def _recipient_gap(words: list[Any], determiners: list[Any]) -> re.Pattern[str]:
    """The text between a verb and its recipient: determiners only ("gave Vietnam"), or a
    recipient word and determiners anywhere at its end ("… boats to the")."""
    dets = rf"(?:\s+(?:{_alternatives(determiners)}))*"
    return re.compile(rf"^\s*(?:(?:{_alternatives(determiners)})\s+)*$"
                      rf"|(?<!\w)(?:{_alternatives(words)}){dets}\s*$")


def _ending_in(words: list[Any], determiners: list[Any]) -> re.Pattern[str]:
    """A text ending in one of ``words``, then any determiners and an opening quote."""
    return re.compile(rf"(?<!\w)(?:{_alternatives(words)})"
                      rf"(?:\s+(?:{_alternatives(determiners)}))*\s*[\"“‘'「『]?\s*$")
