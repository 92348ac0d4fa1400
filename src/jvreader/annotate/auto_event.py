"""Building an automatic event from linked candidates: its id, label, date, score and
evidence (``_event``), the label read from its actors, main action, object and place."""

from __future__ import annotations

import functools
import re
from collections import Counter
from itertools import chain
from typing import TYPE_CHECKING

from jvreader.annotate.events import resolve_date
from jvreader.annotate.signals import Candidate, lexicon
from jvreader.extract.rules import MEMO_SIZE
from jvreader.model import Event, EventMention

if TYPE_CHECKING:
    from jvreader.annotate.auto import _Events


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
