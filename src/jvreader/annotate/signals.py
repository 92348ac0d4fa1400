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
import functools
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from jvreader.annotate.dates import is_event_date, qualified
from jvreader.annotate.view import SentenceView
from jvreader.model import Claim, Corpus

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_CLAUSE_BREAK = re.compile(r"[,;:，、；。()（）]|\s[–—-]\s|\bwhich\b|\band then\b")
_BARE_YEAR = re.compile(r"(?<![\w$€£¥.,/-])(1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)")
_TOKEN = re.compile(r"\w+")
_GAP = re.compile(r"[\s\-‐–]+")
_CURRENCIES = frozenset({"USD", "JPY", "VND", "EUR", "GBP", "CNY", "percent"})
_ATTRIBUTIVE_GAP = 32
_NAMED_FIRST = frozenset({"agreement", "document"})
"""Kinds of named objects a label names rather than the word found at the same place."""
_JOINED = 2
_REACH = 80
"""Characters between an action and an object outside its clause that it may govern (an
aside or a relative clause between: "X (…) was handed over", "X, which came into effect")."""
"""Characters between two object words that name one thing together ("巡視船2隻")."""
_LIST_BREAK = re.compile(r"[,;:(]|\band\b|\bof\b|\bvà\b")
"""Between "Japan's" and a name, these say the name is not the one qualified."""
"""Characters between "Vietnam's" and the person it qualifies ("'s new Prime Minister ")."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """``data/events.yml`` compiled: its words by their first token, and what each means."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]
    """A Latin-script word's first token → the words (as tokens) starting with it, longest
    first."""
    firsts: re.Pattern[str]
    """Any first token, as a whole token: where a word may start."""
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
    return (word,) if _CJK.search(word) else tuple(_TOKEN.findall(word.casefold()))


@functools.lru_cache(maxsize=1)  # rules: the data file is read once per process
def lexicon() -> Lexicon:
    """The event words, read once."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("jvreader.data").joinpath("events.yml").read_text(encoding="utf-8"))
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
        if len(form) == 1 and _CJK.search(form[0]):
            cjk.append(form[0])
        elif form:
            by_first.setdefault(form[0], []).append(form)
    # Longest first: at one position the longer word wins ("extensive strategic
    # partnership" over "strategic partnership").
    firsts = "|".join(re.escape(t) for t in sorted(by_first, key=lambda t: (-len(t), t)))
    return Lexicon(by_first={k: tuple(sorted(v, key=lambda f: (-len(f), f)))
                             for k, v in by_first.items()},
                   firsts=re.compile(rf"(?<!\w)(?:{firsts})(?!\w)"),
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
    latin = [w for w in words if not _CJK.search(str(w))]
    cjk = [w for w in words if _CJK.search(str(w))]
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


def _words(text: str) -> tuple[tuple[int, int, tuple[tuple[str, str], ...]], ...]:
    """The lexicon's words in ``text``: (start, end, meanings), left to right. Latin-script
    words match token by token (whole words, only spaces and hyphens between their tokens),
    the longest at each token; CJK words as substrings, longest first. Words that overlap a
    longer one are not found; "ignore" words are found and dropped."""
    lex = lexicon()
    found: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
    folded = text.casefold()
    free = 0  # where the next word may start: words do not overlap
    for first in lex.firsts.finditer(folded):
        if first.start() < free:
            continue
        tokens = []
        for t in _TOKEN.finditer(folded, first.start()):
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
    if lex.cjk and _CJK.search(text):
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


def _breaks(text: str) -> tuple[int, ...]:
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
    for m in _BARE_YEAR.finditer(view.text):
        year = m.group(1)
        if year in view.dates and not any(v.startswith(year) for v in seen):
            spots.append((m.start(), m.end(), year))
            seen.add(year)
    return sorted(spots)


def _owner(pos: int, end: int, spots: list[tuple[int, int, str]],
           by_clause: dict[int, list[int]], breaks: tuple[int, ...]) -> int | None:
    """Index in ``spots`` of the date a word at ``pos``–``end`` belongs to: the nearest in
    its clause, else the last of the nearest clause before, else the first after.
    ``by_clause``: the spots' indexes by clause (``_clauses``)."""
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


def _clauses(spots: list[tuple[int, int, str]], breaks: tuple[int, ...]
             ) -> dict[int, list[int]]:
    by_clause: dict[int, list[int]] = {}
    for i, (start, _, _) in enumerate(spots):
        by_clause.setdefault(bisect.bisect_left(breaks, start), []).append(i)
    return by_clause


def article_candidates(views: tuple[SentenceView, ...], first: int, corpus: Corpus,
                       kinds: dict[str, str]) -> list[Candidate]:
    """The candidates of one article's views (``views[first:]`` up to the next article);
    ``kinds``: entity id → gazetteer kind."""
    lex = lexicon()
    article = views[first].article
    x = corpus.extraction(article)
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
    i = first
    while i < len(views) and views[i].article == article:
        found.extend(_sentence_candidates(i, views[i], claims, sentences, mentions, figures,
                                          pair, kinds, lex))
        i += 1
    return found


def _sentence_candidates(index: int, view: SentenceView, claims: dict[str, Claim],
                         sentences: dict, mentions: dict, figures: dict,
                         pair: tuple[str, ...], kinds: dict[str, str], lex: Lexicon
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
    words = _words(text)
    if not words and not any(kind in lex.object_kinds for _, _, _, kind in named):
        return ()
    breaks = _breaks(text)
    by_clause = _clauses(list(spots), breaks)
    spot_list = list(spots)
    words, named = _outside_span_starts(text, spot_list, breaks, words, named)
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
        k = _owner(s, e, spot_list, by_clause, breaks) or 0
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
                    _owner(s, s + 1, spot_list, by_clause, breaks) or 0)
                (marks if kind == "mark" else topics)[k][key] = None
    for s, e, ent, kind in named:
        if kind in lex.object_kinds:
            objs[_owner(s, e, spot_list, by_clause, breaks) or 0][f"@{ent}"] = None
    counts: list[dict[tuple[float, str], None]] = [{} for _ in range(n)]
    for s, value, unit in counted:
        counts[_owner(s, s + 1, spot_list, by_clause, breaks) or 0][(value, unit)] = None
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


def _outside_span_starts(text: str, spots: list[tuple[int, int, str]], breaks: tuple[int, ...],
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
    breaks = _breaks(text)
    spot_list = list(spots)
    by_clause = _clauses(spot_list, breaks)
    words, named = _outside_span_starts(text, spot_list, breaks, _words(text), named)
    owned_words = tuple((s, e, pairs, _owner(s, e, spot_list, by_clause, breaks) or 0)
                        for s, e, pairs in words)
    owned_named = tuple((s, e, ent, kind, _owner(s, e, spot_list, by_clause, breaks) or 0)
                        for s, e, ent, kind in named)
    lex = lexicon()
    whose = tuple(dict.fromkeys(
        ent for s, e, ent, kind in named if kind in lex.actor_kinds
        and text[e:e + 2] in ("'s", "’s") and any(
            0 <= s2 - e <= _ATTRIBUTIVE_GAP and kind2 in ("person", "organisation")
            and not _LIST_BREAK.search(text, e, s2) for s2, _, _, kind2 in named)))
    return _frames(text, k, breaks, owned_words, owned_named, pair), whose


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
    verb_last = bool(_CJK.search(text))  # Japanese: the object comes before its verb

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
