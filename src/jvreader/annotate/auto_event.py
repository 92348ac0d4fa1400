"""Building an automatic event from linked candidates: its id, label, date, score and
evidence (``_event``), the label read from its actors, main action, object and place."""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import TYPE_CHECKING

from jvreader.annotate.events import resolve_date
from jvreader.annotate.frames import attributive, frames
from jvreader.annotate.lexicon import lexicon
from jvreader.annotate.signals import Candidate
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
    return Event(id=event_id, label=_label(events.members[k], date, action, obj, names, kinds),
                 date=date, date_conflict=conflict, curated=False, mentions=tuple(mentions),
                 dates=dates, sort_date=date, score=round(score, 2),
                 evidence=(*shared, f"sources:{sources}"))


def _own_score(c: Candidate) -> float:
    w = lexicon().weights
    return (w["object"] * len(c.objects) + w["action"] * len(c.actions)
            + w["actor"] * min(len(c.actors), 2))


_NAMED_FIRST = ("agreement", "document")
_KIND_ORDER = {"place": 0, "organisation": 1, "person": 2}
_PARTIES = ("person", "organisation")
"""Kinds that are always actors; a place is one only when it is a country."""
_COUNTED = ("patrol_vessels", "vessels", "patrol_aircraft", "port_visit_ship")
"""Objects a label counts ("2 patrol vessels")."""


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


def _lead(members: list[Candidate], date: str | None, action: str | None) -> Candidate:
    """The sentence part a label is read from: one naming the event's action, told at the
    event's own date, as its sentence's main date; of equals the first taken (the most
    precise date)."""
    return min(enumerate(members), key=lambda ic: (
        action is not None and action not in ic[1].actions, ic[1].date != date,
        not ic[1].primary, ic[0]))[1]


def _label(members: list[Candidate], date: str | None, action: str | None, obj: str | None,
           names: dict[str, str], kinds: dict[str, str]) -> str:
    """"Japan and Vietnam sign defence cooperation memorandum of understanding", read from
    the member told at the event's date (``_lead``): its actors (people, organisations and
    countries; most named first), the action, the object that action governs in the sentence
    (never a time or background such as "after the Cold War") and the place it happened
    ("in Hai Phong": a place that is not a country is never an actor). Without an object the
    action's noun phrase ends the label ("Japan–Vietnam talks"): no verb is left dangling.
    By the action's pattern: "A provides X to B" (directed), "A visits B" (visit), "A makes
    a port call at P" (at), "A holds exercises with B" (with)."""
    lex = lexicon()
    lead = _lead(members, date, action)
    told = frames(lead)
    frame = next((f for f in told if f.action == action), None)

    def is_actor(a: str) -> bool:
        kind = kinds.get(a)
        return kind in _PARTIES or (kind == "place"
                                    and names.get(a, a).casefold() in lex.countries)

    said = Counter(a for c in members for a in c.actors)
    first = {a: i for i, a in enumerate(lead.actors)}
    ranked = sorted(said, key=lambda a: (-said[a], _KIND_ORDER.get(kinds.get(a, ""), 3),
                                         first.get(a, len(first)), a))
    movers = [a for a in ranked if kinds.get(a) in _PARTIES]
    # "Vietnam's Prime Minister …" names one actor, the Prime Minister
    whose = set(attributive(lead)) if movers else set()
    actors = [a for a in ranked if is_actor(a) and a not in whose]
    # the label sentence's own actors, when it names any
    actors = [a for a in actors if a in first] or actors
    after = frame.after if frame is not None else ()
    # where: a place named after the action, else before it in its clause (Japanese)
    place = next((a for a in (*after, *(frame.before if frame is not None else ()))
                  if kinds.get(a) == "place" and not is_actor(a)), None)
    key = frame.object if frame is not None else obj
    thing = None
    if key is not None:
        if key.startswith("@"):
            thing = names.get(key[1:], key[1:])
        else:
            thing = lex.object_labels.get(key, key)
            if frame is not None and frame.topic:
                thing = f"{frame.topic} {thing}"
            if frame is not None and frame.mark:
                thing = f"{frame.mark} {thing}"
            counted = {int(v) for c in members for v, _ in c.counts if float(v).is_integer()}
            if len(counted) == 1 and key in _COUNTED:
                thing = f"{counted.pop()} {thing}"

    def name(a: str | None) -> str:
        return names.get(a, a) if a else ""

    where = f" in {name(place)}" if place else ""
    if action is None:
        who = " and ".join(name(a) for a in actors[:2])
        return _capital(f"{thing}{where} ({who})" if who and thing
                        else f"{thing or who or 'Event'}{where}")
    singular, plural, pattern = lex.action_labels[action]
    alone = lex.action_alone[action]
    before = [a for a in (frame.before if frame is not None else ()) if a in actors]
    if thing and frame is not None and frame.passive and pattern in ("mutual", "directed"):
        # "the ASEAN Community was established": what was done is the subject
        to = [a for a in frame.to if a in actors][:1]
        return _capital(f"{thing} {lex.action_done[action]}"
                        f"{f' to {name(to[0])}' if to else ''}{where}")
    if pattern == "visit":
        # who goes: a person or organisation named before the word, else a person (an
        # organisation is more often where one goes or whom one represents)
        agent = next((a for a in (frame.before if frame is not None else ()) if a in movers),
                     None) or min(movers, key=lambda a: kinds.get(a) != "person", default=None)
        # where one goes: a place named after the word, else an organisation, else a country
        goals = sorted((a for a in after if a != agent and kinds.get(a) != "person"),
                       key=lambda a: kinds.get(a) != "place")
        goal = next(iter(goals), None) or next((a for a in actors if a != agent
                                                and kinds.get(a) != "person"), None)
        if agent is None:  # no one named goes: the visit is of the things named, or untold
            return _capital(f"{thing} {plural} {name(goal)}" if thing and goal
                            else f"{alone} to {name(goal)}" if goal else f"{thing or alone}")
        text = f"{name(agent)} {singular} {name(goal)}" if goal else f"{name(agent)}: {alone}"
        return _capital(f"{text}: {thing}" if thing and goal else text)
    if pattern == "directed":
        takers = [a for a in (frame.to if frame is not None else ()) if a in actors]
        agent = next(iter(before), None) or next((a for a in actors if a not in takers), None)
        recipient = next((a for a in takers if a != agent), None)
        if recipient is None and frame is None:
            recipient = next((a for a in actors if a != agent), None)
        to = f" to {name(recipient)}" if recipient else ""
        if thing:  # no one named gives: what is given, and to whom
            return _capital(f"{name(agent)} {singular} {thing}{to}{where}" if agent
                            else f"{thing}{to}{where}")
        by = f" from {name(agent)}" if agent else ""
        return _capital(f"{alone}{by}{to}{where}")
    if pattern in ("at", "with"):
        subjects = [a for f in told for a in f.before if a in actors]
        agent = next(iter(movers or subjects or actors), None)
        if pattern == "at":  # at the place named after the word, else the sentence's place
            other = next((a for a in after if kinds.get(a) == "place" and a != agent),
                         lead.place if lead.place != agent else None)
            where = ""
        else:
            other = next((a for a in (*after, *actors) if a in actors and a != agent), None)
        text = f"{name(agent)} {singular if other else _bare(singular)} {name(other)}".strip()
        return _capital(f"{text}{where} ({thing})" if thing else f"{text}{where}")
    # who acts: those named before the verb, then others not its recipient ("delayed
    # delivering boats to Vietnam"), else the most named
    to = frame.to if frame is not None else ()
    who = [*before, *(a for a in actors if a not in before and a not in to)][:2] if before \
        else actors[:2]
    if thing:
        verb = plural if len(who) > 1 else singular
        subject = " and ".join(name(a) for a in who)
        return _capital(f"{subject} {verb} {thing}{where}".strip())
    if not who:
        return _capital(f"{alone}{where}")
    joined = "–".join(name(a) for a in who)
    return _capital(f"{joined} {alone}{where}" if len(who) > 1 else f"{joined}: {alone}{where}")


def _bare(verb: str) -> str:
    """A verb without the preposition that needs an object ("agrees on" → "agrees")."""
    for tail in (" relations to", " on", " to", " with", " at"):
        if verb.endswith(tail):
            return verb[: -3] if tail == " relations to" else verb[: -len(tail)]
    return verb


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
