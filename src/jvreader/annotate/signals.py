"""What a sentence says happened around each of its dates: the signals automatic events use.

A sentence is cut at its dates: each word of ``data/events.yml`` (an action such as "sign"
or "hand over", an object such as "memorandum" or "patrol vessels", in English, Vietnamese
or Japanese) and each gazetteer agreement or document belongs to the nearest date of its
clause, or else to the date of the clause before (after, when none comes before). Actors
(gazetteer people, organisations and places) belong to every date of the sentence; a
sentence naming none, or saying "the two countries", has its article's two most named places.

Before: "Cooperation grew after the establishment of a strategic partnership in 2009, which
was later upgraded to an extensive strategic partnership in 2014." (Japan, Vietnam named).
After: two ``Candidate``s: 2009 with ``actions=("establish",)``,
``objects=("strategic_partnership",)``; 2014 with ``("upgrade",)`` and
``("extensive_strategic_partnership",)``, both with ``actors=("japan", "vietnam")``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress

from jvreader.annotate.dates import is_event_date, qualified
from jvreader.annotate.lexicon import CJK, TOKEN, Lexicon, lexicon
from jvreader.annotate.view import SentenceView
from jvreader.model import Claim, Extraction

_CLAUSE_BREAK = re.compile(r"[,;:，、；。()（）]|\s[–—-]\s|\bwhich\b|\band then\b")
_BARE_YEAR = re.compile(r"(?<![\w$€£¥.,/-])(1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)")
_GAP = re.compile(r"[\s\-‐–]+")
_CURRENCIES = frozenset({"USD", "JPY", "VND", "EUR", "GBP", "CNY", "percent"})


def event_words(text: str) -> tuple[tuple[int, int, tuple[tuple[str, str], ...]], ...]:
    """The lexicon's words in ``text``: (start, end, meanings), left to right. Latin-script
    words match token by token (whole words, only spaces and hyphens between their tokens),
    the longest at each token; CJK words as substrings, longest first. Words that overlap a
    longer one are not found; "ignore" words are found and dropped."""
    lex = lexicon()
    found: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
    folded = text.casefold()
    free = 0  # where the next word may start: words do not overlap
    # The tokens that start a word (``lex.by_first``), kept by C-level maps, not found by
    # scanning with an alternation of every first token (pays 40 % of this).
    tokens_all = list(TOKEN.finditer(folded))
    for first in compress(tokens_all, map(lex.by_first.__contains__,
                                          map(re.Match.group, tokens_all))):
        if first.start() < free:
            continue
        tokens = []
        for t in TOKEN.finditer(folded, first.start()):
            tokens.append(t)
            if len(tokens) == lex.longest:
                break
        for form in lex.by_first.get(first.group(), ()):
            n = len(form)
            if n <= len(tokens) and all(tokens[j].group() == form[j] for j in range(n)) and all(
                    _GAP.fullmatch(folded, tokens[j].end(), tokens[j + 1].start())
                    for j in range(n - 1)):
                found.append((tokens[0].start(), tokens[n - 1].end(), lex.meaning[form]))
                free = tokens[n - 1].end()
                break
    if lex.cjk and CJK.search(text):
        taken: list[tuple[int, int]] = []
        for word in lex.cjk:
            at = text.find(word)
            while at >= 0:
                end = at + len(word)
                if not any(a < end and at < b for a, b in taken):
                    taken.append((at, end))
                    found.append((at, end, lex.meaning[(word,)]))
                at = text.find(word, end)
    return tuple(sorted((w for w in found if w[2][0][0] != "ignore"), key=lambda w: w[:2]))


def clause_breaks(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in _CLAUSE_BREAK.finditer(text))


MAX_SENTENCE_CHARS = 2000
"""Longer "sentences" tell no event: each of their dates would quote the whole text again
(one line of 1 MB with 25,000 dates gave 21,679 events of 1 MB each)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """What one sentence says happened at one of its dates (or, undated, at all)."""

    view: int
    """Index of the sentence in the views."""
    date: str | None
    primary: bool
    """The sentence's main date (or the sentence has none): not a reference back."""
    actors: tuple[str, ...]
    actions: tuple[str, ...]
    objects: tuple[str, ...]
    """Lexicon objects, and ``@id`` for a gazetteer agreement or document."""
    marks: tuple[str, ...]
    topics: tuple[str, ...]
    counts: tuple[tuple[float, str], ...]
    """Counted figures ((6.0, "vessels")): two candidates counting one unit differently
    are not one event."""
    place: str | None
    """A place named after the action word, not as a possessive: where it happened."""
    told: tuple = ()
    """The sentence as ``_parts`` read it (text, date spots, names, the article's two
    countries), shared with its memo: ``frames`` reads how it tells its actions."""
    part: int = 0
    """Which of the sentence's dates this candidate is."""


def _date_spots(view: SentenceView, claims: dict[str, Claim], start: int
                ) -> list[tuple[int, int, str]]:
    """Where each event date of the sentence is written: (start, end, value)."""
    spots: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    claim = claims.get(view.claim) if view.claim else None
    if claim is not None:
        for d in claim.dates:
            value = qualified(d.value, d.qualifier)
            if not is_event_date(value):
                continue
            spots.append((d.start - start, d.end - start, value))
            seen.add(value)
    # A year starts with "1" or "2": most sentences are spared the scan.
    for m in _BARE_YEAR.finditer(view.text) if "1" in view.text or "2" in view.text else ():
        year = m.group(1)
        if year in view.dates and not any(v.startswith(year) for v in seen):
            spots.append((m.start(), m.end(), year))
            seen.add(year)
    return sorted(spots)


def date_owner(pos: int, end: int, spots: list[tuple[int, int, str]],
           by_clause: dict[int, list[int]], breaks: tuple[int, ...]) -> int | None:
    """Index in ``spots`` of the date a word at ``pos``–``end`` belongs to: the nearest in
    its clause, else the last of the nearest clause before, else the first after.
    ``by_clause``: the spots' indexes by clause (``dates_by_clause``)."""
    if not spots:
        return None
    mine = bisect.bisect_left(breaks, pos)  # clause: how many breaks come before
    if mine in by_clause:
        # The clause's dates are in text order: the nearest is beside where the word falls
        # (looked up, not compared with every date: a long clause has thousands).
        own = by_clause[mine]
        at = bisect.bisect_left(own, pos, key=lambda i: spots[i][0])
        return min(own[max(at - 2, 0):at + 2], key=lambda i: (
            max(spots[i][0] - end, pos - spots[i][1], 0), i))
    before = [c for c in by_clause if c < mine]
    if before:
        return by_clause[max(before)][-1]
    return by_clause[min(by_clause)][0]


def dates_by_clause(spots: list[tuple[int, int, str]], breaks: tuple[int, ...]
             ) -> dict[int, list[int]]:
    by_clause: dict[int, list[int]] = {}
    for i, (start, _, _) in enumerate(spots):
        by_clause.setdefault(bisect.bisect_left(breaks, start), []).append(i)
    return by_clause


def article_candidates(views: tuple[SentenceView, ...], x: Extraction | None,
                       kinds: Mapping[str, str]) -> tuple[Candidate, ...]:
    """The candidates of one article's sentence ``views`` (``Candidate.view`` indexes them),
    from its extraction ``x``; ``kinds``: entity id → gazetteer kind. The article alone
    decides them: they are made where it is extracted, and cached with it."""
    lex = lexicon()
    sentences = {s.id: s for s in x.sentences} if x else {}
    claims = {c.id: c for c in x.claims} if x else {}
    mentions: dict[str, list[tuple[int, int, str]]] = {}
    place_count: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    figures: dict[str, list[tuple[int, float, str]]] = {}
    if x is not None:
        for n, m in enumerate(x.mentions):
            mentions.setdefault(m.sentence, []).append((m.start, m.end, m.entity))
            if kinds.get(m.entity) == "place":
                place_count[m.entity] += 1
                first_seen.setdefault(m.entity, n)
        for f in x.figures:
            if f.currency is None and f.unit not in _CURRENCIES:
                figures.setdefault(f.sentence, []).append((f.start, f.value, f.unit))
    # "the two countries": the article's two most named places
    pair = tuple(sorted(place_count, key=lambda e: (-place_count[e], first_seen[e]))[:2])
    found: list[Candidate] = []
    for i, view in enumerate(views):
        found.extend(_sentence_candidates(i, view, claims, sentences, mentions, figures,
                                          pair, kinds, lex))
    return tuple(found)


def _sentence_candidates(index: int, view: SentenceView, claims: dict[str, Claim],
                         sentences: dict, mentions: dict, figures: dict,
                         pair: tuple[str, ...], kinds: Mapping[str, str], lex: Lexicon
                         ) -> list[Candidate]:
    if not (view.dates or view.main_date or view.sentence in figures or any(
            kinds.get(e) in lex.object_kinds for e in view.entities)):
        return []  # undated, nothing counted, no agreement named: nothing to tell or join
    if len(view.text) > MAX_SENTENCE_CHARS:
        return []  # a table or a text without full stops, not a sentence to quote per event
    sentence = sentences.get(view.sentence)
    offset = sentence.start if sentence is not None else 0
    named = tuple((s - offset, e - offset, ent, kinds.get(ent, ""))
                  for s, e, ent in mentions.get(view.sentence, ()))
    counted = tuple((s - offset, value, unit) for s, value, unit in figures.get(view.sentence, ()))
    parts = _parts(view.text, tuple(_date_spots(view, claims, offset)), named, counted, pair,
                   view.main_date)
    return [Candidate(index, *part) for part in parts]


def _parts(text: str, spots: tuple[tuple[int, int, str], ...],
           named: tuple[tuple[int, int, str, str], ...],
           counted: tuple[tuple[int, float, str], ...], pair: tuple[str, ...],
           main: str | None) -> tuple[tuple, ...]:
    """A sentence's candidates without their view (its text, dates, names and figures)."""
    lex = lexicon()
    told = (text, spots, named, pair)
    words = event_words(text)
    if not words and not any(kind in lex.object_kinds for _, _, _, kind in named):
        return ()
    breaks = clause_breaks(text)
    by_clause = dates_by_clause(list(spots), breaks)
    spot_list = list(spots)
    words, named = outside_span_starts(text, spot_list, breaks, words, named)
    actors = list(dict.fromkeys(e for _, _, e, kind in named if kind in lex.actor_kinds))
    # "the two countries", or no actor at all: the article's two most named places (an
    # article about two countries tells most of its events as theirs)
    if not actors or any(kind == "bilateral" for _, _, pairs in words for kind, _ in pairs):
        actors.extend(p for p in pair if p not in actors)
    n = max(len(spots), 1)
    acts: list[dict[str, None]] = [{} for _ in range(n)]
    objs: list[dict[str, None]] = [{} for _ in range(n)]
    marks: list[dict[str, None]] = [{} for _ in range(n)]
    topics: list[dict[str, None]] = [{} for _ in range(n)]
    action_at: list[int | None] = [None] * n
    placed: list[tuple[int, int]] = []  # (position, owner) of each object word
    for s, e, pairs in words:
        k = date_owner(s, e, spot_list, by_clause, breaks) or 0
        for kind, key in pairs:
            if kind == "action":
                acts[k][key] = None
                if action_at[k] is None:
                    action_at[k] = e
            elif kind == "object":
                objs[k][key] = None
                placed.append((s, k))
    # A mark ("new", "used") or a topic ("defence cooperation") describes the nearest object,
    # and goes to that object's date.
    for s, _, pairs in words:
        for kind, key in pairs:
            if kind in ("mark", "topic"):
                k = min(placed, key=lambda p: (abs(p[0] - s), p[0]))[1] if placed else (
                    date_owner(s, s + 1, spot_list, by_clause, breaks) or 0)
                (marks if kind == "mark" else topics)[k][key] = None
    for s, e, ent, kind in named:
        if kind in lex.object_kinds:
            objs[date_owner(s, e, spot_list, by_clause, breaks) or 0][f"@{ent}"] = None
    counts: list[dict[tuple[float, str], None]] = [{} for _ in range(n)]
    for s, value, unit in counted:
        counts[date_owner(s, s + 1, spot_list, by_clause, breaks) or 0][(value, unit)] = None
    out = []
    for k in range(n):
        if not (acts[k] or objs[k]):
            continue
        date = spots[k][2] if spots else None
        place = None
        if action_at[k] is not None:
            place = next((ent for s, e, ent, kind in named if s >= action_at[k]
                          and kind == "place" and text[e:e + 2] not in ("'s", "’s")), None)
        out.append((date, (date == main) or not spots, tuple(actors), tuple(acts[k]),
                    tuple(objs[k]), tuple(marks[k]), tuple(topics[k]), tuple(counts[k]), place,
                    told, k))
    return tuple(out)


def outside_span_starts(text: str, spots: list[tuple[int, int, str]], breaks: tuple[int, ...],
                         words: tuple, named: tuple) -> tuple[tuple, tuple]:
    """The words and named objects of a sentence, less those telling where a span began:
    "from establishing relations to 1979" tells nothing of 1979."""
    lex = lexicon()
    starts = _range_starts(text, spots, breaks, lex)
    if not starts:
        return words, named
    return (tuple(w for w in words if not any(a <= w[0] < b for a, b in starts)),
            tuple(m for m in named if m[3] not in lex.object_kinds
                  or not any(a <= m[0] < b for a, b in starts)))


def _range_starts(text: str, spots: list[tuple[int, int, str]], breaks: tuple[int, ...],
                  lex: Lexicon) -> list[tuple[int, int]]:
    """Where a sentence tells the start of a span that ends at one of its dates ("from the
    establishment of relations to 1979", "từ … đến năm 1979"): (start, end) offsets."""
    found = []
    for start, _, _ in spots:
        at = bisect.bisect_left(breaks, start)
        clause_start = breaks[at - 1] + 1 if at else 0
        head = text[clause_start:start].casefold()
        until = lex.range_to.search(head)
        if until is None:
            continue
        opening = [m for m in lex.range_from.finditer(head, 0, until.start())]
        if opening:
            found.append((clause_start + opening[-1].end(), clause_start + until.start()))
    return found
