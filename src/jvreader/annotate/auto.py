"""Automatic events: claims no curated event covers, linked across articles by what they share.

Two claims from different articles are linked when their main dates are compatible
(``annotate.dates``) and they share distinctive words and entities: each shared word weighs
``log(N / n) / log(N)`` (N sentences in the corpus, n containing the word), so "Japan"
counts for little and "minesweeper" for much; the total must pass ``auto_events.threshold``
in ``data/annotate.yml`` (a higher one when a date is only a year). Linkage is complete:
a cluster grows only if every pair in it passed on its own.

Before: "In March 2031, Ruritania opened a consulate in Hoi An." (A) and "Ruritania's new
consulate in Hoi An opened in 2031." (B).
After: ``Event(id="auto-2031-03-consulate-hoi", curated=False, mentions=(A, B))`` with each
mention's evidence ``("term:consulate", "term:hoi", …, "score:12.3")``.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterator
from itertools import chain

from jvreader.annotate.compare import annotate_rules
from jvreader.annotate.dates import compatible, span
from jvreader.annotate.events import resolve_date
from jvreader.annotate.view import SentenceView
from jvreader.extract.rules import MEMO_SIZE
from jvreader.model import Event, EventMention

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_MONTH_DAYS = 31
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


def link_automatic(views: tuple[SentenceView, ...], covered: frozenset[tuple[str, str]],
                   taken_ids: set[str], bags: tuple[frozenset[str], ...] | None = None
                   ) -> tuple[Event, ...]:
    """Events for uncovered dated claims that pass the threshold, ``curated=False``;
    ``bags``: ``token_bags(views)`` when already known."""
    rules = annotate_rules()
    cfg = rules["auto_events"]
    if bags is None:
        bags = token_bags(views)
    df = Counter(chain.from_iterable(bags))  # counted in C, not word by word in Python
    n = max(len(views), 1)

    # Normalised by log(N) so the threshold means "so many rare words" whatever the
    # corpus size: a word in one sentence of N would weigh 1. Computed once per word: the
    # pair scoring below asks millions of times.
    # Rounded to multiples of 2**-WEIGHT_BITS, so a sum of weights is exact in any order:
    # a pair's shared words come in a set's (hash) order, and sums rounded in another order
    # broke ties between equal scores differently from one run to the next.
    scale = math.log(max(n, 3))
    weights = {t: _dyadic(math.log(n / c) / scale
                          * (cfg["entity_weight"] if t.startswith("@") else 1))
               for t, c in df.items()}
    weight = weights.__getitem__

    # Claims with the same words, entities and date score alike against everything: they
    # are paired once, as a unit (syndicated and reused text repeats sentences verbatim).
    units: dict[tuple[frozenset[str], str], list[int]] = {}
    for i, v in enumerate(views):
        if v.claim and v.main_date and (v.article, v.sentence) not in covered:
            units.setdefault((bags[i], v.main_date), []).append(i)
    members = {group[0]: group for group in units.values()}  # a unit by its first claim
    articles = {u: {views[i].article for i in group} for u, group in members.items()}

    def passing(u: int, v: int) -> tuple[float, frozenset[str]] | None:
        a, b = views[u], views[v]
        if not _dates_fit(a.main_date, b.main_date):
            return None
        shared = bags[u] & bags[v]
        if len(shared) < cfg["min_shared"]:
            return None
        score = sum(map(weight, shared))
        precise = _is_precise(a.main_date) and _is_precise(b.main_date)
        return (score, shared) if score >= (cfg["threshold"] if precise
                                            else cfg["year_threshold"]) else None

    # Units with the very same bag (one set: equal bags are shared) but other dates are a
    # family: reused text dated by its article ("since 2010" → 2010 to the article's date) is
    # a new unit in every article that repeats it, and every two of them pass. Those pairs
    # are not gathered, a million at N = 10,000 (a third of the build's memory): their score
    # is the family's own and only the dates decide, asked again when needed.
    families: dict[int, list[int]] = {}
    for u in members:
        families.setdefault(id(bags[u]), []).append(u)
    family = {u: fam[0] for fam in families.values() for u in fam}
    kin = {fam[0]: fam for fam in families.values()}
    own_score = {r: sum(map(weight, bags[r] & bags[r])) for r, fam in kin.items()
                 if len(fam) > 1}

    def related(u: int, v: int) -> tuple[float, frozenset[str]] | None:
        """``passing``, but never two sentences of one article."""
        if len(articles[u]) == 1 and articles[u] == articles[v]:
            return None
        return passing(u, v)

    # What ``related`` reads of a unit that has kin, as plain values: a family of a thousand
    # units is asked about half a million pairs, one Python call each took 17 s at N = 10,000.
    kin_facts: dict[int, tuple[tuple[int, int] | None, str | None, bool]] = {}
    for r in own_score:
        for u in kin[r]:
            covered = span(views[u].main_date)
            kin_facts[u] = (
                (covered[0].toordinal(), covered[1].toordinal()) if covered else None,
                next(iter(articles[u])) if len(articles[u]) == 1 else None,  # its one article
                _is_precise(views[u].main_date))

    def kin_passing(u: int, candidates: list[int]) -> list[int]:
        """Of ``candidates``, units of ``u``'s family, those ``related`` to ``u`` (in order),
        without intersecting their bags: their words, so their score, are the family's own.
        Not two units of one article; the dates nest (``dates.compatible``); the family's
        score passes the threshold of the two dates' precision."""
        mine = kin_facts[u]
        if mine[0] is None or len(bags[u]) < cfg["min_shared"]:
            return []
        (start, end), article, precise = mine
        score = own_score[family[u]]
        both_precise, otherwise = score >= cfg["threshold"], score >= cfg["year_threshold"]
        if not otherwise:
            # only two precise dates can pass, or none: most candidates are not looked at
            # (a family of reused text is a thousand units, each asked about the rest)
            if not (both_precise and precise):
                return []
            return [v for v in candidates
                    if (facts := kin_facts[v])[2] and facts[0] is not None
                    and ((start <= facts[0][0] and facts[0][1] <= end)
                         or (facts[0][0] <= start and end <= facts[0][1]))
                    and (article is None or facts[1] != article)]
        return [v for v in candidates
                if (facts := kin_facts[v])[0] is not None
                and ((start <= facts[0][0] and facts[0][1] <= end)
                     or (facts[0][0] <= start and end <= facts[0][1]))
                and (article is None or facts[1] != article)
                and (both_precise if precise and facts[2] else otherwise)]

    # Scores only: the shared words of the few pairs that merge clusters are found again
    # (a million pairs at N = 10,000 each kept a set of them).
    scored: list[tuple[float, int, int]] = []  # score negated: sorted best first
    for f, g in _candidate_families(list(members), family, views, bags, weight,
                                    cfg["threshold"], cfg["year_threshold"]):
        for u in kin[f]:
            for v in kin[g]:
                if (found := related(u, v)) is not None:
                    scored.append((-found[0], min(u, v), max(u, v)))
    linked: dict[int, set[int]] = {}  # each unit's partners of other families that passed
    for _, u, v in scored:
        linked.setdefault(u, set()).add(v)
        linked.setdefault(v, set()).add(u)

    def all_linked(a: list[int], b: list[int]) -> bool:
        """Whether every pair of ``a`` × ``b`` passed on its own."""
        for y in b:
            partners, fy = linked.get(y, _NONE), family[y]
            if not all(x in partners for x in a if family[x] != fy):
                return False
            same = [x for x in a if family[x] == fy]
            if same and len(kin_passing(y, same)) < len(same):
                return False
        return True

    def kin_pairs(root: int) -> Iterator[tuple[float, int, int]]:
        """The passing pairs of one family, as ``scored`` orders them; none once the whole
        family is one cluster (reused text usually is, after its first unit's pairs)."""
        fam, score = kin[root], -own_score[root]
        for k, u in enumerate(fam):
            if spread[root] == 1:
                return
            for v in kin_passing(u, fam[k + 1:]):
                # (a pair already in one cluster is passed over below: not yielded, then)
                if cluster_of.get(u, u) != cluster_of.get(v, v):
                    yield score, u, v

    # A unit is one cluster to begin with; its own words are its evidence when it already
    # spans articles (its claims link to one another), and it stands only if it passes
    # against itself (which any unit that links to another does: its words are a superset).
    cluster_of: dict[int, int] = {}
    clusters: dict[int, list[int]] = {}
    evidence: dict[int, set[str]] = {}
    best: dict[int, float] = {}
    spread = {r: len(kin[r]) for r in own_score}  # a family's clusters: how many
    kin_in: dict[int, Counter[int]] = {}  # a cluster's units of each family with kin
    for u in members:
        if len(articles[u]) > 1 and (found := passing(u, u)) is not None:
            clusters[u], evidence[u], best[u] = [u], set(found[1]), found[0]
    scored.sort()
    for negative, u, v in heapq.merge(scored, *(kin_pairs(r) for r in own_score)):
        score = -negative
        cu, cv = cluster_of.get(u, u), cluster_of.get(v, v)
        if cu == cv:
            continue
        a, b = clusters.get(cu, [u]), clusters.get(cv, [v])
        # Complete linkage: every pair in a cluster must have passed on its own, so two
        # events never merge through a sentence that resembles both.
        if not all_linked(a, b):
            continue
        merged = sorted(a + b)
        root = merged[0]
        counts = [kin_in.pop(k, None) or Counter(family[x] for x in group if x in kin_facts)
                  for k, group in ((cu, a), (cv, b))]
        for f in counts[0].keys() & counts[1].keys():
            spread[f] -= 1  # two of the family's clusters are now one
        kin_in[root] = counts[0] + counts[1]
        for k in (cu, cv):
            clusters.pop(k, None)
        clusters[root] = merged
        for k in merged:
            cluster_of[k] = root
        evidence[root] = evidence.pop(cu, set()) | evidence.pop(cv, set()) | bags[u] & bags[v]
        best[root] = max(best.pop(cu, 0.0), best.pop(cv, 0.0), score)

    events = []
    for root, units_in in sorted(clusters.items()):
        claims = sorted(i for u in units_in for i in members[u])
        events.append(_event(root, claims, views, evidence[root], best[root], weight,
                             taken_ids))
    return tuple(events)


WEIGHT_BITS = 24
"""Word weights are multiples of 2**-WEIGHT_BITS: below 2**4, each is an integer below 2**28
times that step, so a sum of up to 2**25 of them fits a double's 53 bits exactly and no
order of adding can round it differently."""


def _dyadic(value: float) -> float:
    return round(value * (1 << WEIGHT_BITS)) / (1 << WEIGHT_BITS)


@functools.lru_cache(maxsize=65536)
def _is_precise(value: str | None) -> bool:
    """A month or less (a span written backwards counts by its length)."""
    covered = span(value)
    return covered is not None and abs((covered[1] - covered[0]).days) + 1 <= _MONTH_DAYS


@functools.lru_cache(maxsize=65536)
def _dates_fit(a: str | None, b: str | None) -> bool:
    """Whether two claims' main dates are compatible (asked once per pair of dates)."""
    return bool(a and b and compatible(a, b))


def _candidate_families(pool: list[int], family: dict[int, int],
                        views: tuple[SentenceView, ...], bags: tuple[frozenset[str], ...],
                        weight, precise_threshold: float, loose_threshold: float
                        ) -> list[tuple[int, int]]:
    """The pairs of families ``(f, g)``, ``f < g`` (``family``: each unit's first unit of the
    units with its very bag), with two units that could link: compatible dates, enough
    shared weight. A unit's own family is never a candidate (the caller pairs its units).

    Not all pairs: pairs are looked up in indexes keyed by a word and a time. Prefix
    filtering: order every bag's words rarest first; its prefix is its first words up to
    where the words left weigh less than the threshold. Two bags whose shared words reach
    the threshold share a word of both prefixes (their rarest shared word). Two compatible
    dates nest, so they overlap: two precise ones (a month or less) share a month, and are
    looked up by month; a pair with a looser date (a year, a period) needs the higher
    ``loose_threshold``, so a shorter prefix, and is looked up by year. The indexes hold
    families, each once per key, so text repeated in a thousand articles is one entry.
    """
    margin = 1e-6  # a longer prefix is always safe; rounding must never make one too short
    # postings: the families indexed under a key, each once (a dict keeps them in order)
    by_month: dict[tuple[str, int, int], dict[int, None]] = {}  # precise claims
    precise_by_year: dict[tuple[str, int], dict[int, None]] = {}
    loose_by_year: dict[tuple[str, int], dict[int, None]] = {}
    pairs: set[tuple[int, int]] = set()
    prefixes: dict[int, tuple[list[str], list[str]]] = {}  # precise and loose, by family

    def prefix(ordered: list[str], threshold: float) -> list[str]:
        rest = sum(weight(t) for t in ordered)
        out = []
        for t in ordered:
            if rest < threshold - margin:
                break
            out.append(t)
            rest -= weight(t)
        return out

    def meet(posting: dict[int, None], f: int) -> None:
        pairs.update((g, f) if g < f else (f, g) for g in posting if g != f)

    for i in sorted(pool):
        covered = span(views[i].main_date)
        if covered is None:
            continue  # an unreadable date is compatible with nothing
        f = family[i]
        if f not in prefixes:
            ordered = sorted(bags[i], key=lambda t: (-weight(t), t))
            prefixes[f] = (prefix(ordered, precise_threshold), prefix(ordered, loose_threshold))
        precise_prefix, loose_prefix = prefixes[f]
        first, last = sorted(covered)  # a span may run backwards
        years = range(first.year, last.year + 1)
        if _is_precise(views[i].main_date):
            months = {(d.year, d.month) for d in (first, last)}
            for t in precise_prefix:
                for year, month in months:
                    posting = by_month.setdefault((t, year, month), {})
                    meet(posting, f)
                    posting[f] = None
            for t in loose_prefix:
                for year in years:
                    meet(loose_by_year.get((t, year), {}), f)
                    precise_by_year.setdefault((t, year), {})[f] = None
        else:
            for t in loose_prefix:
                for year in years:
                    meet(precise_by_year.get((t, year), {}), f)
                    posting = loose_by_year.setdefault((t, year), {})
                    meet(posting, f)
                    posting[f] = None
    return sorted(pairs)


def _event(root: int, members: list[int], views: tuple[SentenceView, ...], shared: set[str],
           score: float, weight, taken_ids: set[str]) -> Event:
    mentions = []
    mine = _tokens_sorted(shared, weight)
    # One string per word and one score per event, shared by its mentions' evidence.
    terms = tuple(f"entity:{t[1:]}" if t.startswith("@") else f"term:{t}" for t in mine)
    scored = f"score:{score:.1f}"
    dated: dict[str | None, str] = {}
    for i in members:
        v = views[i]
        date = v.main_date
        if (said := dated.get(date)) is None:
            said = dated[date] = f"date:{date}"
        mentions.append(EventMention(
            article=v.article, paragraph=v.paragraph, sentence=v.sentence, claim=v.claim,
            date=date, evidence=(*terms, said, scored)))
    date, conflict, dates = resolve_date(None, [m.date for m in mentions if m.date])
    top = [t.lstrip("@") for t in mine[:2]]
    base = re.sub(r"[^a-z0-9-]+", "-", f"auto-{date or 'undated'}-{'-'.join(top)}".lower())
    event_id, k = base.strip("-"), 2
    while event_id in taken_ids:
        event_id, k = f"{base}-{k}", k + 1
    taken_ids.add(event_id)
    label_source = min((views[i].text for i in members), key=len)
    label = label_source if len(label_source) <= 100 else label_source[:99].rstrip() + "…"
    return Event(id=event_id, label=label, date=date, date_conflict=conflict, curated=False,
                 mentions=tuple(mentions), dates=dates, sort_date=date, score=round(score, 2))


def _tokens_sorted(tokens: set[str], weight) -> list[str]:
    """Shared tokens, most distinctive first (ties alphabetically) — the evidence shown."""
    return sorted(tokens, key=lambda t: (-weight(t), t))
