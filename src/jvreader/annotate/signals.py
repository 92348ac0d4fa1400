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

import functools
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from jvreader.annotate.dates import is_event_date, qualified
from jvreader.annotate.view import SentenceView
from jvreader.extract.rules import MEMO_SIZE
from jvreader.model import Corpus, Extraction, set_by_slot

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_CLAUSE_BREAK = re.compile(r"[,;:，、；。()（）]|\s[–—-]\s|\bwhich\b|\band then\b")
_BARE_YEAR = re.compile(r"(?<![\w$€£¥.,/-])(1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)")
_SPACE = re.compile(r"[\s\-‐–]+")
_CURRENCIES = frozenset({"USD", "JPY", "VND", "EUR", "GBP", "CNY", "percent"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    """``data/events.yml`` compiled: one pattern for every word, and what each word means."""

    pattern: re.Pattern[str]
    meaning: dict[str, tuple[tuple[str, str], ...]]
    """Normalised word → ``(kind, key)`` pairs; kind is action, object, mark, topic,
    bilateral or ignore."""
    action_labels: dict[str, tuple[str, str, str]]
    """Action → (verb for one actor, verb for several, pattern)."""
    object_labels: dict[str, str]
    actor_kinds: frozenset[str]
    object_kinds: frozenset[str]
    weights: dict[str, float]
    order: dict[str, int]
    """Actions and objects in file order: the tie-break when labels choose among them."""


def _normal(word: str) -> str:
    return _SPACE.sub(" ", word.casefold()).strip()


def _regex(word: str) -> str:
    parts = [re.escape(p) for p in _SPACE.split(word.strip()) if p]
    body = r"[\s\-‐–]+".join(parts)
    return body if _CJK.search(word) else rf"(?<!\w){body}(?!\w)"


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The event words, read once."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("jvreader.data").joinpath("events.yml").read_text(encoding="utf-8"))
    meaning: dict[str, list[tuple[str, str]]] = {}

    def add(word: Any, kind: str, key: str) -> None:
        pairs = meaning.setdefault(_normal(str(word)), [])
        if (kind, key) not in pairs:
            pairs.append((kind, key))

    action_labels: dict[str, tuple[str, str, str]] = {}
    object_labels: dict[str, str] = {}
    order: dict[str, int] = {}
    for key, spec in raw["actions"].items():
        singular, plural = spec["label"]
        action_labels[key] = (singular, plural, spec.get("pattern", "mutual"))
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
    # Longest first: at one position the longer word wins ("extensive strategic
    # partnership" over "strategic partnership"); ties alphabetically, for one pattern.
    words = sorted(meaning, key=lambda w: (-len(w), w))
    pattern = re.compile("|".join(_regex(w) for w in words), re.IGNORECASE)
    return Lexicon(pattern=pattern, meaning={w: tuple(p) for w, p in meaning.items()},
                   action_labels=action_labels, object_labels=object_labels,
                   actor_kinds=frozenset(raw["actor_kinds"]),
                   object_kinds=frozenset(raw["object_kinds"]),
                   weights={k: float(v) for k, v in raw["weights"].items()}, order=order)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _words(text: str) -> tuple[tuple[int, int, tuple[tuple[str, str], ...]], ...]:
    """The lexicon's words in ``text``: (start, end, meanings), left to right."""
    lex = lexicon()
    found = []
    for m in lex.pattern.finditer(text):
        pairs = lex.meaning.get(_normal(m.group()))
        if pairs and pairs[0][0] != "ignore":
            found.append((m.start(), m.end(), pairs))
    return tuple(found)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _breaks(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in _CLAUSE_BREAK.finditer(text))


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


set_by_slot(Candidate)


def _date_spots(view: SentenceView, x: Extraction | None, start: int
                ) -> list[tuple[int, int, str]]:
    """Where each event date of the sentence is written: (start, end, value)."""
    spots: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    claim = next((c for c in x.claims if c.id == view.claim), None) if x and view.claim else None
    if claim is not None:
        for d in claim.dates:
            value = qualified(d.value, d.qualifier)
            if not is_event_date(value):
                continue
            spots.append((d.start - start, d.end - start, value))
            seen.add(value)
    for m in _BARE_YEAR.finditer(view.text):
        year = m.group(1)
        if year in view.dates and not any(v.startswith(year) for v in seen):
            spots.append((m.start(), m.end(), year))
            seen.add(year)
    return sorted(spots)


def _owner(pos: int, end: int, spots: list[tuple[int, int, str]], breaks: tuple[int, ...]
           ) -> int | None:
    """Index in ``spots`` of the date a word at ``pos``–``end`` belongs to."""
    if not spots:
        return None

    def clause(p: int) -> int:
        return sum(1 for b in breaks if b < p)

    mine = clause(pos)
    by_clause: dict[int, list[int]] = {}
    for i, (s, _, _) in enumerate(spots):
        by_clause.setdefault(clause(s), []).append(i)
    if mine in by_clause:
        return min(by_clause[mine], key=lambda i: (
            max(spots[i][0] - end, pos - spots[i][1], 0), i))
    before = [c for c in by_clause if c < mine]
    if before:
        return by_clause[max(before)][-1]
    return by_clause[min(by_clause)][0]


def article_candidates(views: tuple[SentenceView, ...], first: int, corpus: Corpus,
                       kinds: dict[str, str]) -> list[Candidate]:
    """The candidates of one article's views (``views[first:]`` up to the next article);
    ``kinds``: entity id → gazetteer kind."""
    lex = lexicon()
    article = views[first].article
    x = corpus.extraction(article)
    sentences = {s.id: s for s in x.sentences} if x else {}
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
    i = first
    while i < len(views) and views[i].article == article:
        found.extend(_sentence_candidates(i, views[i], x, sentences, mentions, figures,
                                          pair, kinds, lex))
        i += 1
    return found


def _sentence_candidates(index: int, view: SentenceView, x: Extraction | None,
                         sentences: dict, mentions: dict, figures: dict,
                         pair: tuple[str, ...], kinds: dict[str, str], lex: Lexicon
                         ) -> list[Candidate]:
    words = _words(view.text)
    sentence = sentences.get(view.sentence)
    offset = sentence.start if sentence is not None else 0
    named = [(s - offset, e - offset, ent) for s, e, ent in mentions.get(view.sentence, ())]
    if not words and not any(kinds.get(e) in lex.object_kinds for _, _, e in named):
        return []
    spots = _date_spots(view, x, offset)
    breaks = _breaks(view.text)
    actors = list(dict.fromkeys(e for _, _, e in named if kinds.get(e) in lex.actor_kinds))
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
        k = _owner(s, e, spots, breaks) or 0
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
                    _owner(s, s + 1, spots, breaks) or 0)
                (marks if kind == "mark" else topics)[k][key] = None
    for s, e, ent in named:
        if kinds.get(ent) in lex.object_kinds:
            objs[_owner(s, e, spots, breaks) or 0][f"@{ent}"] = None
    counts: list[dict[tuple[float, str], None]] = [{} for _ in range(n)]
    for s, value, unit in figures.get(view.sentence, ()):
        counts[_owner(s - offset, s - offset + 1, spots, breaks) or 0][(value, unit)] = None
    main = view.main_date
    out = []
    for k in range(n):
        if not (acts[k] or objs[k]):
            continue
        date = spots[k][2] if spots else None
        place = None
        if action_at[k] is not None:
            place = next((ent for s, e, ent in named if s >= action_at[k]
                          and kinds.get(ent) == "place"
                          and view.text[e:e + 2] not in ("'s", "’s")), None)
        out.append(Candidate(
            view=index, date=date, primary=(date == main) or not spots,
            actors=tuple(actors), actions=tuple(acts[k]), objects=tuple(objs[k]),
            marks=tuple(marks[k]), topics=tuple(topics[k]), counts=tuple(counts[k]),
            place=place))
    return out
