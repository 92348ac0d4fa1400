"""Automatic events: every dated claim that says something happened, clustered across articles.

A sentence gives one ``signals.Candidate`` per date it tells something at (an action or an
object of ``data/events.yml``, or a gazetteer agreement). Candidates are one event when
(precision before recall):

- their dates are compatible at their precision ("2011" fits "October 2011"), with every
  date the event already has;
- they share an actor (a gazetteer person, organisation or place; "the two countries" are
  the article's two most named places), or name the same gazetteer agreement or document;
- they share an object, or, when either names none, an action;
- nothing sets them apart: a newly built vessel is not a used one, six vessels are not two.

Candidates are taken most precise date first, so a month anchors an event that years then
join; each joins the best scoring event it fits, and stays apart when two fit equally well.
A date other than the sentence's main one ("the handover follows the 2011 memorandum") is a
candidate of its own: the sentence is then a mention of both events, which stay two. A
candidate without a date joins an event only on strong evidence (actor, action, object and
a counted figure or named agreement shared, one event only) and never takes a date from its
article. Candidates are looked up by (year, month, word, actor), never pairwise.

Before: "In October 2011, the two countries signed a Memorandum of Understanding on defense
cooperation." (A) and "… the military cooperation outlined in the 2011 Memorandum of
Understanding (MOU)." (B), in two articles about Japan and Vietnam.
After: ``Event(id="auto-2011-10-sign-memorandum", label="Japan and Vietnam sign defence
cooperation memorandum of understanding", date="2011-10", curated=False, mentions=(A, B),
evidence=("action:sign", "object:memorandum", "actor:japan", …, "sources:2"))``.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain

from jvreader.annotate.auto_event import _event
from jvreader.annotate.dates import compatible, days, sort_key, span
from jvreader.annotate.lexicon import lexicon
from jvreader.annotate.signals import Candidate
from jvreader.annotate.view import SentenceView
from jvreader.model import Corpus, Event

_MONTH_DAYS = 31
_UNIQUE_KINDS = frozenset({"agreement", "document", "event"})
_NONE: frozenset[int] = frozenset()


MAX_CHOICES = 48
"""A candidate that could join more events than this is too vague to join any (a bare
"in 2015, Japan visited…" against every visit of the year): it stays apart, and linking
stays bounded however big a year gets."""


def in_corpus(candidates: tuple[Candidate, ...], first: int) -> list[Candidate]:
    """An article's candidates with their ``view`` counted in the corpus's views, whose
    ``first`` is the article's first."""
    if not first:
        return list(candidates)
    return [replace(c, view=c.view + first) for c in candidates]


def _is_precise(value: str | None) -> bool:
    """A month or less."""
    covered = span(value)
    return covered is not None and abs((covered[1] - covered[0]).days) + 1 <= _MONTH_DAYS


def _months(value: str) -> tuple[tuple[int, int], ...]:
    """The (year, month) a precise date covers; (year, 0) for each year of a looser one."""
    covered = span(value)
    if covered is None:
        return ()
    first, last = sorted(covered)
    if _is_precise(value):
        return tuple(dict.fromkeys(((first.year, first.month), (last.year, last.month))))
    return tuple((y, 0) for y in range(first.year, last.year + 1))


class _Events:
    """Events being built: their candidates and what they hold, by number (plain lists,
    made and dropped within one ``link_automatic`` call)."""

    def __init__(self, views: tuple[SentenceView, ...], kinds: dict[str, str]) -> None:
        self.views = views
        self.members: list[list[Candidate]] = []
        self.dates: list[dict[str, None]] = []
        self.actors: list[dict[str, None]] = []
        self.objects: list[dict[str, None]] = []
        self.actions: list[dict[str, None]] = []
        self.marks: list[set[str]] = []
        self.counts: list[dict[str, set[float]]] = []
        self.sentences: list[set[tuple[str, str]]] = []
        self.best: list[float] = []
        self.index: dict[tuple, list[int]] = {}
        self.registered: list[set[tuple]] = []
        self.weights = lexicon().weights
        self.kinds = kinds

    def new(self, c: Candidate) -> int:
        k = len(self.members)
        self.members.append([])
        for table in (self.dates, self.actors, self.objects, self.actions):
            table.append({})
        self.counts.append({})
        self.marks.append(set())
        self.sentences.append(set())
        self.registered.append(set())
        self.best.append(0.0)
        self.add(k, c, 0.0)
        return k

    def add(self, k: int, c: Candidate, score: float) -> None:
        v = self.views[c.view]
        self.members[k].append(c)
        if c.date:
            self.dates[k][c.date] = None
        for table, values in ((self.actors, c.actors), (self.objects, c.objects),
                              (self.actions, c.actions)):
            for value in values:
                table[k][value] = None
        self.marks[k].update(c.marks)
        for value, unit in c.counts:
            self.counts[k].setdefault(unit, set()).add(value)
        self.sentences[k].add((v.article, v.sentence))
        self.best[k] = max(self.best[k], score)
        anchor = self.members[k][0].date
        if c.date and anchor:
            self._register(k, c, anchor)

    def _register(self, k: int, c: Candidate, anchor: str) -> None:
        places = [(y, m if m else "Y") for y, m in _months(anchor)]
        places += [(y, 0) for y in dict.fromkeys(y for y, _ in _months(anchor))]
        for key in chain(c.objects, c.actions):
            people = [*c.actors, "*"] if self._unique(key) else c.actors
            for actor in people:
                for y, m in places:
                    entry = (y, m, key, actor)
                    if entry not in self.registered[k]:
                        self.registered[k].add(entry)
                        self.index.setdefault(entry, []).append(k)

    def choices(self, c: Candidate) -> list[int] | None:
        """Events ``c`` may join, by the index: same year (and month), word and actor;
        ``None`` when more than ``MAX_CHOICES`` (gathering stops there)."""
        assert c.date is not None
        if _is_precise(c.date):
            places = [*_months(c.date), *((y, "Y") for y in dict.fromkeys(
                y for y, _ in _months(c.date)))]
        else:
            places = list(_months(c.date))
        found: dict[int, None] = {}
        for key in chain(c.objects, c.actions):
            people = [*c.actors, "*"] if self._unique(key) else c.actors
            for actor in people:
                for y, m in places:
                    bucket = self.index.get((y, m, key, actor), ())
                    if len(bucket) > MAX_CHOICES:
                        return None
                    for k in bucket:
                        found[k] = None
                    if len(found) > MAX_CHOICES:
                        return None
        return sorted(found)

    def _unique(self, obj: str) -> bool:
        """A gazetteer agreement, document or named event: one thing, not a kind of thing
        (a programme such as ODA is told of many times, of many dates)."""
        return obj.startswith("@") and self.kinds.get(obj[1:]) in _UNIQUE_KINDS

    def fit(self, c: Candidate, k: int) -> float | None:
        """How well ``c`` fits event ``k`` (``None``: not at all)."""
        v = self.views[c.view]
        if (v.article, v.sentence) in self.sentences[k]:
            return None
        if c.date is not None and not all(compatible(c.date, d) for d in self.dates[k]):
            return None
        marks = self.marks[k]
        if ("new" in c.marks and "used" in marks) or ("used" in c.marks and "new" in marks):
            return None
        counts = self.counts[k]
        shared_counts = 0
        for value, unit in c.counts:
            if unit in counts:
                if value not in counts[unit]:
                    return None
                shared_counts += 1
        objects = self.objects[k]
        shared_objects = [o for o in c.objects if o in objects]
        named = [o for o in shared_objects if self._unique(o)]
        shared_actions = [a for a in c.actions if a in self.actions[k]]
        shared_actors = [a for a in c.actors if a in self.actors[k]]
        if not (shared_actors or named):
            return None
        # An action alone joins only what names no object either, or at a month or day with a
        # shared person or organisation: "Trong visited Japan last week" and "In September
        # 2015 Trong visited Japan … adopted a Joint Vision Statement", not "Japan lifted its
        # ban on technology transfer in 2014" and "Japan delayed delivering patrol boats".
        if not shared_objects and (not shared_actions or ((c.objects or objects) and not (
                _is_precise(c.date) and any(self.kinds.get(a) in ("person", "organisation")
                                            for a in shared_actors)))):
            return None
        w = self.weights
        return (w["object"] * len(shared_objects) + w["named"] * len(named)
                + w["action"] * len(shared_actions) + w["actor"] * min(len(shared_actors), 2)
                + w["figure"] * shared_counts)

    def strong(self, c: Candidate, k: int) -> float | None:
        """``fit`` for an undated candidate, which needs actor, action and object shared,
        and a counted figure or a named agreement too."""
        score = self.fit(c, k)
        if score is None:
            return None
        objects, counts = self.objects[k], self.counts[k]
        if not (any(o in objects for o in c.objects)
                and any(a in self.actions[k] for a in c.actions)
                and any(a in self.actors[k] for a in c.actors)
                and (any(self._unique(o) and o in objects for o in c.objects)
                     or any(u in counts and value in counts[u] for value, u in c.counts))):
            return None
        return score


def _best(scored: list[tuple[float, int]]) -> int | None:
    """The best scoring event, or ``None`` when none fits or two fit equally well."""
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def link_automatic(views: tuple[SentenceView, ...], candidates: list[Candidate],
                   corpus: Corpus, taken_ids: set[str]) -> tuple[Event, ...]:
    """Every event the sentences tell, ``curated=False``, with its score and evidence;
    ``candidates``: what each sentence of ``views`` tells (``all_candidates``)."""
    dated = sorted((c for c in candidates if c.date and span(c.date)),
                   key=lambda c: (days(c.date) or 0, sort_key(c.date), not c.primary, c.view))
    kinds = {e.id: e.kind for e in corpus.entities}
    events = _Events(views, kinds)
    for c in dated:
        choices = events.choices(c)
        target = None
        if choices is not None:
            target = _best([(s, k) for k in choices if (s := events.fit(c, k)) is not None])
        if target is None:
            events.new(c)
        else:
            events.add(target, c, events.fit(c, target) or 0.0)
    by_object: dict[tuple[str, str], list[int]] = {}
    for k in range(len(events.members)):
        for o in events.objects[k]:
            for a in events.actors[k]:
                by_object.setdefault((o, a), []).append(k)
    for c in candidates:
        # (strong evidence needs a counted figure or a named agreement: the rest never join)
        if c.date is not None or not c.primary or not (
                c.counts or any(events._unique(o) for o in c.objects)):
            continue
        buckets = [by_object.get((o, a), ()) for o in c.objects for a in c.actors]
        target = None
        if all(len(b) <= MAX_CHOICES for b in buckets):
            choices = sorted({k for b in buckets for k in b})
            if len(choices) <= MAX_CHOICES:
                target = _best([(s, k) for k in choices
                                if (s := events.strong(c, k)) is not None])
        if target is not None:  # else no event: an undated claim alone is not placed in time
            events.add(target, c, events.strong(c, target) or 0.0)
    names = {e.id: e.name for e in corpus.entities}
    built = [_event(events, k, names, kinds, taken_ids)
             for k in sorted(range(len(events.members)),
                             key=lambda k: min(c.view for c in events.members[k]))]
    return tuple(built)
