"""How one sentence tells each of its actions: the object each governs, who acts, who
receives, where (``ActionFrame``), read only for the sentences automatic events' labels are
made of (``auto_event``), from the words ``signals`` finds.

"In 2031, Ruritania handed over two used patrol ships to Vietnam in Hoi An." → one frame:
action ``deliver``, object ``patrol_vessels``, ``before=("ruritania",)``, ``to=("vietnam",)``.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from jvreader.annotate.lexicon import CJK, Lexicon, lexicon
from jvreader.annotate.signals import (
    Candidate,
    clause_breaks,
    date_owner,
    dates_by_clause,
    event_words,
    outside_span_starts,
)

_ATTRIBUTIVE_GAP = 32
"""Characters between "Vietnam's" and the person it qualifies ("'s new Prime Minister ")."""
_LIST_BREAK = re.compile(r"[,;:(]|\band\b|\bof\b|\bvà\b")
"""Between "Japan's" and a name, these say the name is not the one qualified."""
_NAMED_FIRST = frozenset({"agreement", "document"})
"""Kinds of named objects a label names rather than the word found at the same place."""
_JOINED = 2
"""Characters between two object words that name one thing together ("巡視船2隻")."""
_REACH = 80
"""Characters between an action and an object outside its clause that it may govern (an
aside or a relative clause between: "X (…) was handed over", "X, which came into effect")."""


@dataclass(frozen=True, slots=True)
class ActionFrame:
    """One action of a sentence's part as it is written: what it governs, who is around it.

    "In 2031, Ruritania handed over two used patrol ships to Vietnam in Hoi An." →
    ``ActionFrame("deliver", "patrol_vessels", passive=False, before=("ruritania",),
    after=("vietnam", "hoi-an"), to=("vietnam",), mark="used", topic=None)``."""

    action: str | None
    object: str | None
    """The object it governs: the nearest after it in its clause (before it in Japanese),
    else on the other side; never a context ("after the Cold War", "from a partnership")."""
    before: tuple[str, ...]
    """Actors named before the action in its clause: who acts."""
    after: tuple[str, ...]
    """Actors and places named after the action in the sentence, not as possessives: a
    recipient, a destination, where it happened."""
    passive: bool
    """The object is written before the action, told in the passive ("X was signed")."""
    to: tuple[str, ...]
    """Of those, the ones written as a recipient ("to Vietnam", "cho Việt Nam", the one
    right after the verb: "gave Vietnam six boats"; Japanese "ベトナムに")."""
    mark: str | None
    """A mark ("new", "used") written beside the object."""
    topic: str | None
    """A topic ("defence cooperation") written beside the object."""




def frames(c: Candidate) -> tuple[ActionFrame, ...]:
    """How ``c``'s sentence tells each of its actions: read only for the sentences labels
    are made of, not for every candidate."""
    return _part_frames(*c.told, c.part)[0] if c.told else ()


def attributive(c: Candidate) -> tuple[str, ...]:
    """Names written as a possessive just before a person or organisation in ``c``'s
    sentence ("Vietnam's Prime Minister …"): whose the actor is, not an actor of its own."""
    return _part_frames(*c.told, c.part)[1] if c.told else ()


@functools.lru_cache(maxsize=256)  # ``frames`` and ``attributive`` read one sentence in turn
def _part_frames(text: str, spots: tuple[tuple[int, int, str], ...],
                 named: tuple[tuple[int, int, str, str], ...], pair: tuple[str, ...], k: int
                 ) -> tuple[tuple[ActionFrame, ...], tuple[str, ...]]:
    breaks = clause_breaks(text)
    spot_list = list(spots)
    by_clause = dates_by_clause(spot_list, breaks)
    words, named = outside_span_starts(text, spot_list, breaks, event_words(text), named)
    owned_words = tuple((s, e, pairs, date_owner(s, e, spot_list, by_clause, breaks) or 0)
                        for s, e, pairs in words)
    owned_named = tuple((s, e, ent, kind, date_owner(s, e, spot_list, by_clause, breaks) or 0)
                        for s, e, ent, kind in named)
    lex = lexicon()
    whose = tuple(dict.fromkeys(
        ent for s, e, ent, kind in named if kind in lex.actor_kinds
        and text[e:e + 2] in ("'s", "’s") and any(
            0 <= s2 - e <= _ATTRIBUTIVE_GAP and kind2 in ("person", "organisation")
            and not _LIST_BREAK.search(text, e, s2) for s2, _, _, kind2 in named)))
    return _frames(text, k, breaks, owned_words, owned_named, pair), whose


def _frames(text: str, k: int, breaks: tuple[int, ...],
            words: tuple[tuple[int, int, tuple[tuple[str, str], ...], int], ...],
            named: tuple[tuple[int, int, str, str, int], ...], pair: tuple[str, ...]
            ) -> tuple[ActionFrame, ...]:
    """How the part ``k`` of a sentence tells each of its actions (see ``ActionFrame``).
    ``words`` and ``named``: the sentence's words and names, each with the part it belongs
    to; ``pair``: the article's two countries, who act where "the two countries" do."""
    lex = lexicon()
    acts: list[tuple[int, int, str]] = []
    objs: list[tuple[int, int, str]] = []
    tags: list[tuple[int, int, str, str]] = []  # marks and topics, wherever they are
    bilateral: list[int] = []  # where "the two countries" are written
    for s, e, pairs, owner in words:
        for kind, key in pairs:
            if kind == "action" and owner == k:
                acts.append((s, e, key))
            elif kind == "object" and owner == k and not _is_context(text, s, e, breaks, lex):
                objs.append((s, e, key))
            elif kind in ("mark", "topic"):
                tags.append((s, e, kind, key))
            elif kind == "bilateral":
                bilateral.append(e)
    for s, e, ent, kind, owner in named:
        # a named object first where a word starts at the same place: it says which one
        if kind in lex.object_kinds and owner == k and not _is_context(
                text, s, e, breaks, lex) and not lex.periods.search(text[s:e].casefold()):
            objs.append((s, e, f"@{ent}"))
    objs.sort(key=lambda o: (o[0], not o[2].startswith("@"), -o[1]))
    named_kind = {f"@{ent}": kind for _, _, ent, kind, _ in named}
    verb_last = bool(CJK.search(text))  # Japanese: the object comes before its verb

    def clause(pos: int) -> int:
        return bisect.bisect_left(breaks, pos)

    def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
        return max(a[0] - b[1], b[0] - a[1], 0)

    opened = [i for i, ch in enumerate(text) if ch in "(（"]
    closed = [i for i, ch in enumerate(text) if ch in ")）"] if opened else []

    def aside(pos: int) -> int:
        """How deep in brackets ``pos`` is."""
        return bisect.bisect_left(opened, pos) - bisect.bisect_left(closed, pos)

    def governed(s: int, e: int) -> tuple[int, int, str] | None:
        # its own clause first; then the sentence ("X, which was …"), not inside an aside
        after = [o for o in objs if o[0] >= e]
        before = [o for o in reversed(objs) if o[1] <= s]
        ahead, behind = (before, after) if verb_last else (after, before)
        near = _REACH + e - s  # beyond its clause, an object written near it, not in an aside
        sides = ([o for o in ahead if clause(o[0]) == clause(s)],
                 [o for o in behind if clause(o[0]) == clause(s)],
                 [o for o in ahead if aside(o[0]) <= aside(s) and gap(o[:2], (s, e)) <= near],
                 [o for o in behind if aside(o[0]) <= aside(s) and gap(o[:2], (s, e)) <= near])
        return pick(next((side for side in sides if side), []))

    def pick(side: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
        """The first object of ``side``, or of the words written together with it."""
        if not side:
            return None
        # words written together name one thing ("巡視船2隻", "patrol boat vessels"): the
        # more particular, first in the lexicon, says what
        chain = [side[0]]
        for o in side[1:]:
            if gap(o[:2], chain[-1][:2]) > _JOINED:
                break
            chain.append(o)
        # a named agreement or document says which one; a named programme ("ODA") is as
        # well said by the word
        return min(chain, key=lambda o: (
            0 if named_kind.get(o[2]) in _NAMED_FIRST else 1 if o[2] in lex.order else 2,
            lex.order.get(o[2], len(lex.order))))

    every = [(s, e) for s, e, pairs, _ in words if any(k == "object" for k, _ in pairs)]
    every += [(s, e) for s, e, _, kind, _ in named if kind in lex.object_kinds]

    # each mark or topic with its clause and how near it is to its nearest object, found once
    placed_tags = [(ts, te, tk, key, clause(ts), min((gap((ts, te), x) for x in every),
                                                     default=0)) for ts, te, tk, key in tags]

    def beside(o: tuple[int, int, str], kind: str) -> str | None:
        """The mark or topic written nearest the object, and nearer it than any other."""
        home = clause(o[0])
        near = [(d, ts, key) for ts, te, tk, key, c, least in placed_tags
                if tk == kind and c == home and (d := gap((ts, te), o[:2])) <= least]
        best = min(near, default=None)
        return best[2] if best is not None and best[0] <= lex.near[kind] else None

    def receives(ne: int) -> bool:
        """Written as a recipient before its verb (Japanese "ベトナムに")."""
        return verb_last and text[ne:ne + _NEAR_TEXT].lstrip().startswith(lex.recipient_marks)

    actors = [(ns, ne, ent) for ns, ne, ent, kind, _ in named if kind in lex.actor_kinds]

    def frame(action: str | None, s: int, e: int, o: tuple[int, int, str] | None
              ) -> ActionFrame:
        before = [ent for ns, ne, ent in actors
                  if ne <= s and clause(ns) == clause(s) and not receives(ne)]
        if any(b <= s and clause(b) == clause(s) for b in bilateral):
            before = [*pair, *before]  # "the two countries signed …"
        after = [(ns, ne, ent) for ns, ne, ent in actors if (ns >= e or (ne <= s and receives(ne)))
                 and text[ne:ne + 2] not in ("'s", "’s")]
        passive = bool(o and action and not verb_last and o[1] <= s
                       and lex.passive.fullmatch(text, o[1], s))
        return ActionFrame(
            action, o[2] if o else None, passive=passive, before=tuple(dict.fromkeys(before)),
            after=tuple(dict.fromkeys(ent for _, _, ent in after)),
            to=tuple(dict.fromkeys(ent for ns, ne, ent in after if receives(ne) or (
                ns >= e and lex.recipient_before.search(_tail(text, e, ns))))),
            mark=beside(o, "mark") if o else None, topic=beside(o, "topic") if o else None)

    if not acts:
        first = pick(objs)
        return (frame(None, first[0] if first else 0, first[1] if first else 0, first),)
    chosen: dict[str, tuple[int, int, tuple[int, int, str] | None]] = {}
    for s, e, key in acts:
        o = governed(s, e)
        if key not in chosen or (chosen[key][2] is None and o is not None):
            chosen[key] = (s, e, o)  # its first word that governs an object, else its first
    return tuple(frame(key, s, e, o) for key, (s, e, o) in chosen.items())


def _is_context(text: str, s: int, e: int, breaks: tuple[int, ...], lex: Lexicon) -> bool:
    """An object written as a time or a background: "after the Cold War", "冷戦後"."""
    at = bisect.bisect_left(breaks, s)
    start = breaks[at - 1] + 1 if at else 0
    if lex.context_before.search(_tail(text, start, s)):
        return True
    return text[e:e + _NEAR_TEXT].lstrip().startswith(lex.context_after)


_NEAR_TEXT = 48
"""Characters before an object or a name that can say what it is ("… from the", "to the")."""


def _tail(text: str, start: int, end: int) -> str:
    """``text[start:end]`` case-folded, only its last ``_NEAR_TEXT`` characters: the words
    just before a name are all a pattern ending there needs, and a long text would be
    searched from every position."""
    return text[max(start, end - _NEAR_TEXT):end].casefold()
