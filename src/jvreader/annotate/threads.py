"""Storylines: curated threads of events, and threads found by an object the events share,
each put in date order.

Before: thread ``patrol-vessels`` naming events dated ``2015-08``, ``2014-05`` and one with
no date; and, with the corpus, automatic events whose sentences say "patrol boats"
(``2014``), "tàu tuần tra" (``2016-05``) and "巡視船" (``2020``).
After: ``Thread(events=("…-2014-05", "…-2015-08", "…undated"))``, the undated event last;
and ``Thread(id="auto-patrol-vessels", curated=False, events=(2014…, 2016-05…, 2020…))``
unless most of those events are already in one curated thread (curated storylines win).
Events a thread names but no article reports are left out of it. The objects and their
words, in every language, are data (``data/storylines.yml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from jvreader.annotate.dates import sort_key
from jvreader.annotate.view import alternatives_regex, bounded_phrase_regex, key_word
from jvreader.extract.rules import MEMO_SIZE
from jvreader.model import Corpus, CuratedThread, Event, Thread
from jvreader.writing import UNSPACED_LETTER
from jvreader.yaml_safe import package_data

AUTO_PREFIX = "auto-"
"""Automatic storylines' ids start so (curated ids never need to)."""


@dataclass(frozen=True, slots=True)
class StoryObject:
    """A thing storylines follow (patrol vessels, ODA loans …) and the words naming it."""

    id: str
    label: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _WordGroup:
    pattern: re.Pattern[str]
    keys: frozenset[str]
    """Key words of spaced writing, case-folded: looked up among the text's words."""
    unspaced: re.Pattern[str] | None
    """Words of writing without spaces: looked for anywhere in the text."""


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: asked per sentence
class WordFinder:
    """Finds any of several groups of words in a text: ``hits(text)`` gives each match's
    ``(start, end, group)`` in text order. Most sentences name none: a group is searched
    only in a text holding one of its key words (each phrase's longest word), as one
    pattern of every word costs a third of a millisecond a sentence."""

    groups: tuple[_WordGroup, ...]
    by_key: Mapping[str, tuple[int, ...]]
    """Each group's key words → the groups holding it: one set intersection a text finds
    which groups to search (pays 6 % of annotation, distinct corpus N = 3000)."""
    unspaced: tuple[int, ...]
    """The groups with words of writing without spaces, asked of a text only when it holds
    a letter of such writing (every word of theirs has one)."""

    def hits(self, text: str) -> tuple[tuple[int, int, int], ...]:
        return _hits(self, text)


def word_finder(groups: Iterable[Iterable[str]]) -> WordFinder:
    """A ``WordFinder`` for ``groups`` of words; a match names its group's index."""
    made = []
    by_key: dict[str, list[int]] = {}
    for i, words in enumerate(map(list, groups)):
        unspaced = sorted({w for w in words if UNSPACED_LETTER.search(w)}, key=len, reverse=True)
        made.append(_WordGroup(
            re.compile(words_regex(words), re.IGNORECASE),
            frozenset(key_word(w) for w in words if not UNSPACED_LETTER.search(w)) - {""},
            re.compile("|".join(map(re.escape, unspaced))) if unspaced else None))
        for key in made[-1].keys:
            by_key.setdefault(key, []).append(i)
    return WordFinder(tuple(made), {k: tuple(v) for k, v in by_key.items()},
                      tuple(i for i, g in enumerate(made) if g.unspaced))


_TEXT_WORD = re.compile(r"\w+")


@lru_cache(maxsize=MEMO_SIZE)  # kept: without it annotation 13 % slower (distinct corpus, N = 300)
def _hits(finder: WordFinder, text: str) -> tuple[tuple[int, int, int], ...]:
    keys = finder.by_key.keys() & _TEXT_WORD.findall(text.casefold())
    searched = {i for key in keys for i in finder.by_key[key]}
    if finder.unspaced and UNSPACED_LETTER.search(text):
        searched.update(i for i in finder.unspaced if finder.groups[i].unspaced.search(text))
    found = []
    for i in searched:  # (the order of the groups is not the order of the hits: sorted)
        found.extend((m.start(), m.end(), i) for m in finder.groups[i].pattern.finditer(text))
    return tuple(sorted(found))


@dataclass(frozen=True, slots=True)
class StorylineRules:
    objects: tuple[StoryObject, ...]
    min_dated_events: int
    finder: WordFinder
    """Any object's words; a match's group is the object's index."""


@cache  # rules: the data file is read once per process
def storyline_rules() -> StorylineRules:
    """``data/storylines.yml``, with one pattern finding every object's words."""
    data = package_data("storylines.yml")
    objects = tuple(StoryObject(str(o["id"]), str(o["label"]),
                                tuple(str(w) for w in o["words"])) for o in data["objects"])
    return StorylineRules(objects, int(data["min_dated_events"]),
                          word_finder(o.words for o in objects))


def words_regex(words: Iterable[str]) -> str:
    """A regular expression finding any of ``words`` (whole words, but in writing without
    spaces), longest first so a phrase is tried before its part."""
    return alternatives_regex(bounded_phrase_regex(w)
                              for w in sorted(words, key=len, reverse=True))


def objects_named(text: str, rules: StorylineRules | None = None) -> frozenset[str]:
    """The ids of the objects ``text`` names: "Japan handed over two tàu tuần tra" →
    ``{"patrol-vessels"}``."""
    rules = rules or storyline_rules()
    return frozenset(rules.objects[g].id for _, _, g in rules.finder.hits(text))


def event_objects(event: Event, sentences: Iterable[str],
                  rules: StorylineRules | None = None) -> frozenset[str]:
    """The objects an event is about: named in its label, or in more than half of the
    sentences reporting it (a sentence naming something in passing is not enough)."""
    rules = rules or storyline_rules()
    found = set(objects_named(event.label, rules))
    counts: dict[str, int] = {}
    total = 0
    for text in sentences:
        total += 1
        for o in objects_named(text, rules):
            counts[o] = counts.get(o, 0) + 1
    found.update(o for o, n in counts.items() if 2 * n > total)
    return frozenset(found)


def _order_key(e: Event) -> tuple:
    """Date order; undated events last (an article's date is not the event's)."""
    return (sort_key(e.date), e.label.casefold(), e.id)


def build_threads(events: tuple[Event, ...], curated: tuple[CuratedThread, ...],
                  corpus: Corpus | None = None
                  ) -> tuple[tuple[Thread, ...], tuple[Event, ...]]:
    """Threads with their events in date order, and the events with their thread ids set:
    the curated ones, then (given ``corpus``) those found by a shared object."""
    by_id = {e.id: e for e in events}
    threads: list[Thread] = []
    for spec in curated:
        members = [by_id[i] for i in spec.events if i in by_id]
        if members:
            threads.append(Thread(id=spec.id, label=spec.label,
                                  events=tuple(e.id for e in sorted(members, key=_order_key))))
    if corpus is not None:
        taken = {t.id for t in curated}
        threads.extend(t for t in automatic_threads(events, corpus)
                       if t.id not in taken and not _mostly_curated(t, threads))
    member_of: dict[str, list[str]] = {}
    for t in threads:
        for eid in t.events:
            member_of.setdefault(eid, []).append(t.id)
    updated = tuple(replace(e, threads=tuple(member_of.get(e.id, ()))) for e in events)
    return tuple(threads), updated


def _mostly_curated(found: Thread, threads: list[Thread]) -> bool:
    """Whether more than half of an automatic thread's events are in one curated thread."""
    mine = set(found.events)
    return any(2 * len(mine.intersection(t.events)) > len(mine) for t in threads if t.curated)


def automatic_threads(events: tuple[Event, ...], corpus: Corpus) -> list[Thread]:
    """One thread per object of ``data/storylines.yml`` that events of at least
    ``min_dated_events`` different dates share, in the order the objects are listed."""
    rules = storyline_rules()
    texts: dict[str, dict[str, str]] = {}

    def sentences(event: Event) -> Iterable[str]:
        seen: set[tuple[str, str]] = set()
        for m in event.mentions:
            if (m.article, m.sentence) in seen:
                continue
            seen.add((m.article, m.sentence))
            table = texts.get(m.article)
            if table is None:
                x = corpus.extraction(m.article)
                table = texts[m.article] = {s.id: s.text for s in x.sentences} if x else {}
            if m.sentence in table:
                yield table[m.sentence]

    members: dict[str, list[Event]] = {}
    for e in events:
        for o in event_objects(e, sentences(e), rules):
            members.setdefault(o, []).append(e)
    found = []
    for obj in rules.objects:
        ms = members.get(obj.id, [])
        if len({e.date for e in ms if e.date}) >= rules.min_dated_events:
            found.append(Thread(id=AUTO_PREFIX + obj.id, label=obj.label, curated=False,
                                events=tuple(e.id for e in sorted(ms, key=_order_key))))
    return found
