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

import functools
import re
from collections import Counter
from itertools import chain

from jvreader.annotate.compare import annotate_rules
from jvreader.annotate.dates import compatible, days, sort_key, span
from jvreader.annotate.events import resolve_date
from jvreader.annotate.signals import Candidate, article_candidates, lexicon
from jvreader.annotate.view import SentenceView
from jvreader.extract.rules import MEMO_SIZE
from jvreader.model import Corpus, Event, EventMention

_MONTH_DAYS = 31
_UNIQUE_KINDS = frozenset({"agreement", "document", "event"})

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_MONTH_DAYS = 31
_UNIQUE_KINDS = frozenset({"agreement", "document", "event"})
_NONE: frozenset[int] = frozenset()


def _tokens(view: SentenceView, stop: frozenset[str], min_len: int) -> frozenset[str]:
    """Distinctive words and ``@entity`` ids; an entity's own words count once, as the entity.

    Words are ``_WORD`` matches of the lower-cased text without a final "'s", at least
    ``min_len`` long, not stop words nor parts of the sentence's entity ids. Set operations
    on the pattern's matches: only words with an apostrophe are looked at one by one.
    """
    return _bag(view.text, view.entities, stop, min_len)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _bag(text: str, entities: tuple[str, ...], stop: frozenset[str], min_len: int
         ) -> frozenset[str]:
    """``_tokens`` of a sentence's text and entities: remembered, as reused and syndicated
    text repeats sentences verbatim (and then one set is shared by every copy)."""
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


@functools.lru_cache(maxsize=1 << 14)
def _entity_tokens(entities: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The words of a sentence's entity ids, and the ids as ``@id`` tokens (sentences share
    their lists of entities often: worked out once per list)."""
    return (frozenset(part for e in entities for part in e.split("-")),
            frozenset(f"@{e}" for e in entities))


@functools.lru_cache(maxsize=8)
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


MAX_CHOICES = 48
"""A candidate that could join more events than this is too vague to join any (a bare
"in 2015, Japan visited…" against every visit of the year): it stays apart, and linking
stays bounded however big a year gets."""


def all_candidates(views: tuple[SentenceView, ...], corpus: Corpus) -> list[Candidate]:
    """Every sentence's candidates, in view order."""
    kinds = {e.id: e.kind for e in corpus.entities}
    found: list[Candidate] = []
    i = 0
    while i < len(views):
        article = views[i].article
        found.extend(article_candidates(views, i, corpus, kinds))
        while i < len(views) and views[i].article == article:
            i += 1
    return found


@functools.lru_cache(maxsize=65536)
def _is_precise(value: str | None) -> bool:
    """A month or less."""
    covered = span(value)
    return covered is not None and abs((covered[1] - covered[0]).days) + 1 <= _MONTH_DAYS


@functools.lru_cache(maxsize=65536)
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


def link_automatic(views: tuple[SentenceView, ...], corpus: Corpus, taken_ids: set[str]
                   ) -> tuple[Event, ...]:
    """Every event the sentences tell, ``curated=False``, with its score and evidence."""
    candidates = all_candidates(views, corpus)
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


def _signals(c: Candidate) -> tuple[str, ...]:
    return _signal_strings(c.actions, c.objects, c.actors, c.marks)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _signal_strings(actions: tuple[str, ...], objects: tuple[str, ...], actors: tuple[str, ...],
                    marks: tuple[str, ...]) -> tuple[str, ...]:
    """A candidate's signals as its evidence shows them (one tuple shared by alike ones)."""
    return (*(f"action:{a}" for a in actions),
            *(f"named:{o[1:]}" if o.startswith("@") else f"object:{o}" for o in objects),
            *(f"actor:{a}" for a in actors), *(f"mark:{m}" for m in marks))


def _event(events: _Events, k: int, names: dict[str, str], kinds: dict[str, str],
           taken_ids: set[str]) -> Event:
    views = events.views
    members = sorted(events.members[k], key=lambda c: c.view)
    anchor = events.members[k][0]
    mentions = []
    # one evidence tuple per kind of mention: reused text makes events of a thousand alike
    evidence: dict[tuple[tuple[str, ...], str | None], tuple[str, ...]] = {}
    kinds_of: Counter[tuple[str, ...]] = Counter()
    for c in members:
        v = views[c.view]
        signals = _signals(c)
        kinds_of[signals] += 1
        key = (signals, c.date)
        if (told := evidence.get(key)) is None:
            told = evidence[key] = (*signals, f"date:{c.date}" if c.date else "undated")
        mentions.append(EventMention(
            article=v.article, paragraph=v.paragraph, sentence=v.sentence, claim=v.claim,
            date=c.date, evidence=told))
    date, conflict, dates = resolve_date(None, [c.date for c in members if c.date])
    sources = len({m.article for m in mentions})
    said: Counter[str] = Counter()
    for signals, n in kinds_of.items():
        for signal in set(signals):
            said[signal] += n
    shared = sorted((s for s, n in said.items() if n > 1 or len(members) == 1),
                    key=lambda s: (-said[s], s))
    action = _main(events.actions[k], members, "actions", kinds)
    obj = _main(events.objects[k], members, "objects", kinds)
    base = "-".join(p for p in (f"auto-{date or 'undated'}", action,
                                (obj or "").lstrip("@")) if p)
    base = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")
    event_id, n = base, 2
    while event_id in taken_ids:
        event_id, n = f"{base}-{n}", n + 1
    taken_ids.add(event_id)
    score = events.best[k] if len(members) > 1 else _own_score(anchor)
    return Event(id=event_id, label=_label(anchor, members, action, obj, names, kinds),
                 date=date, date_conflict=conflict, curated=False, mentions=tuple(mentions),
                 dates=dates, sort_date=date, score=round(score, 2),
                 evidence=(*shared, f"sources:{sources}"))


def _own_score(c: Candidate) -> float:
    w = lexicon().weights
    return (w["object"] * len(c.objects) + w["action"] * len(c.actions)
            + w["actor"] * min(len(c.actors), 2))


_NAMED_FIRST = ("agreement", "document")
_KIND_ORDER = {"place": 0, "organisation": 1, "person": 2}


def _main(present: dict[str, None], members: list[Candidate], field: str,
          kinds: dict[str, str]) -> str | None:
    """The action or object most of the event's sentences name; on ties a named agreement
    or document before a word, words in lexicon order."""
    if not present:
        return None
    order = lexicon().order
    said = Counter(x for c in members for x in getattr(c, field))

    def rank(x: str) -> tuple:
        named = x.startswith("@")
        return (-said[x], 0 if named and kinds.get(x[1:]) in _NAMED_FIRST else 1 if not named
                else 2, order.get(x, len(order)), x)

    return min(present, key=rank)


def _label(anchor: Candidate, members: list[Candidate], action: str | None, obj: str | None,
           names: dict[str, str], kinds: dict[str, str]) -> str:
    """"Japan and Vietnam sign defence cooperation memorandum of understanding": the
    event's actors (most named first; countries before organisations before people), action,
    object and place, by the action's pattern; the place is the one named after the action
    word ("visited Japan", "a port call at Cam Ranh Bay"), the recipient of a directed act."""
    lex = lexicon()
    said = Counter(a for c in members for a in c.actors)
    first = {a: i for i, a in enumerate(anchor.actors)}
    ranked = sorted(said, key=lambda a: (-said[a], _KIND_ORDER.get(kinds.get(a, ""), 3),
                                         first.get(a, len(first)), a))
    place = anchor.place or next((c.place for c in members if c.place), None)
    thing = None
    if obj is not None:
        if obj.startswith("@"):
            thing = names.get(obj[1:], obj[1:])
        else:
            thing = lex.object_labels.get(obj, obj)
            topics = Counter(t for c in members for t in c.topics)
            if topics:
                thing = f"{min(topics, key=lambda t: (-topics[t], t))} {thing}"
            marks = set(chain.from_iterable(c.marks for c in members))
            if len(marks) == 1:
                thing = f"{'used' if 'used' in marks else 'new'} {thing}"
            counted = {int(v) for c in members for v, _ in c.counts if float(v).is_integer()}
            if len(counted) == 1 and obj in ("patrol_vessels", "vessels", "patrol_aircraft",
                                             "port_visit_ship"):
                thing = f"{counted.pop()} {thing}"

    def name(a: str | None) -> str:
        return names.get(a, a) if a else ""

    movers = [a for a in ranked if kinds.get(a) in ("person", "organisation")]
    if action is None:
        who = " and ".join(name(a) for a in ranked[:2])
        return _capital(f"{thing} ({who})" if who and thing else (thing or who or "Event"))
    singular, plural, pattern = lex.action_labels[action]
    if pattern == "visit":
        if not movers:  # no one named goes: the visit is of the things named, or untold
            where = place or (ranked or [None])[0]
            return _capital(f"{thing} {plural} {name(where)}" if thing
                            else f"Visit to {name(where)}")
        agent = movers[0]
        where = place if place != agent else None
        where = where or next((a for a in ranked if a != agent), None)
        text = f"{name(agent)} {singular} {name(where)}".strip()
        return _capital(f"{text}: {thing}" if thing else text)
    if pattern == "directed":
        # the one actor named is the one acting; of several, the one named after the action
        # word is the recipient ("… patrol ships to Vietnam")
        recipient = place if len(ranked) > 1 else None
        agent = next((a for a in ranked if a != recipient), None)
        if recipient is None:
            recipient = next((a for a in ranked if a != agent), None)
        verb = singular if thing else _bare(singular)
        text = f"{name(agent)} {verb} {thing or ''}".strip()
        return _capital(f"{text} to {name(recipient)}" if recipient else text)
    if pattern in ("at", "with"):
        agent = (movers or [a for a in ranked if a != place] or [None])[0]
        other = place if pattern == "at" else next(
            (a for a in ranked if a != agent and kinds.get(a) == "place"), None)
        text = f"{name(agent)} {singular if other else _bare(singular)} {name(other)}".strip()
        return _capital(f"{text} ({thing})" if thing else text)
    who = ranked[:2]
    verb = plural if len(who) > 1 else singular
    subject = " and ".join(name(a) for a in who)
    return _capital(f"{subject} {verb} {thing}" if thing else f"{subject} {_bare(verb)}")


def _bare(verb: str) -> str:
    """A verb without the preposition that needs an object ("agrees on" → "agrees")."""
    for tail in (" relations to", " on", " to", " with", " at"):
        if verb.endswith(tail):
            return verb[: -3] if tail == " relations to" else verb[: -len(tail)]
    return verb


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
