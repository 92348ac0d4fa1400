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

import math
import re
from collections import Counter

from jvreader.annotate.compare import annotate_rules
from jvreader.annotate.dates import compatible, days, span
from jvreader.annotate.events import resolve_date
from jvreader.annotate.view import SentenceView
from jvreader.model import Event, EventMention

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_MONTH_DAYS = 31


def _tokens(view: SentenceView, stop: set[str], min_len: int) -> frozenset[str]:
    """Distinctive words and ``@entity`` ids; an entity's own words count once, as the entity."""
    words = {w.lower().rstrip("'’") for w in _WORD.findall(view.text)}
    words = {w.removesuffix("’s").removesuffix("'s") for w in words}
    entity_words = {part for e in view.entities for part in e.split("-")}
    return frozenset({w for w in words
                      if len(w) >= min_len and w not in stop and w not in entity_words}
                     | {f"@{e}" for e in view.entities})


def _date_fit(a: SentenceView, b: SentenceView) -> tuple[str, str] | None:
    """The main dates of two claims, if they are compatible."""
    if a.main_date and b.main_date and compatible(a.main_date, b.main_date):
        return a.main_date, b.main_date
    return None


def token_bags(views: tuple[SentenceView, ...]) -> tuple[frozenset[str], ...]:
    """Each view's distinctive words and entities (they depend on that sentence alone)."""
    rules = annotate_rules()
    stop = set(rules["stopwords"])
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
    df = Counter(w for bag in bags for w in bag)
    n = max(len(views), 1)

    # Normalised by log(N) so the threshold means "so many rare words" whatever the
    # corpus size: a word in one sentence of N would weigh 1. Computed once per word: the
    # pair scoring below asks millions of times.
    scale = math.log(max(n, 3))
    weights = {t: math.log(n / c) / scale * (cfg["entity_weight"] if t.startswith("@") else 1)
               for t, c in df.items()}
    weight = weights.__getitem__

    pool = [i for i, v in enumerate(views)
            if v.claim and v.main_date and (v.article, v.sentence) not in covered]
    scored: list[tuple[float, int, int, frozenset[str]]] = []
    lowest = min(cfg["threshold"], cfg["year_threshold"])
    fits: dict[tuple[str | None, str | None], tuple[str, str] | None] = {}
    for i, j in _candidate_pairs(pool, views, bags, weight, lowest):
        a, b = views[i], views[j]
        if a.article == b.article:
            continue
        dates = (a.main_date, b.main_date)
        fit = fits[dates] if dates in fits else fits.setdefault(dates, _date_fit(a, b))
        shared = bags[i] & bags[j]
        if fit is None or len(shared) < cfg["min_shared"]:
            continue
        score = sum(map(weight, shared))
        precise = max(days(fit[0]) or 0, days(fit[1]) or 0) <= _MONTH_DAYS
        if score >= (cfg["threshold"] if precise else cfg["year_threshold"]):
            scored.append((score, i, j, shared))
    linked: dict[int, set[int]] = {}  # each claim's partners that passed on their own
    for _, i, j, _ in scored:
        linked.setdefault(i, set()).add(j)
        linked.setdefault(j, set()).add(i)

    cluster_of: dict[int, int] = {}
    clusters: dict[int, list[int]] = {}
    evidence: dict[int, set[str]] = {}
    best: dict[int, float] = {}
    for score, i, j, shared in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        ci, cj = cluster_of.get(i, i), cluster_of.get(j, j)
        if ci == cj:
            continue
        a, b = clusters.get(ci, [i]), clusters.get(cj, [j])
        # Complete linkage: every pair in a cluster must have passed on its own, so two
        # events never merge through a sentence that resembles both.
        if not all(linked[y].issuperset(a) for y in b):
            continue
        merged = sorted(a + b)
        root = merged[0]
        for k in (ci, cj):
            clusters.pop(k, None)
        clusters[root] = merged
        for k in merged:
            cluster_of[k] = root
        evidence[root] = evidence.pop(ci, set()) | evidence.pop(cj, set()) | set(shared)
        best[root] = max(best.pop(ci, 0.0), best.pop(cj, 0.0), score)

    events = []
    for root, members in sorted(clusters.items()):
        events.append(_event(root, members, views, evidence[root], best[root], weight,
                             taken_ids))
    return tuple(events)


def _candidate_pairs(pool: list[int], views: tuple[SentenceView, ...],
                     bags: list[frozenset[str]], weight, threshold: float
                     ) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, that could link: compatible dates, enough shared weight.

    Not quadratic: pairs are looked up in an index keyed by (word, year). Prefix filtering:
    order every bag's words rarest first; its prefix is its first words up to where the
    words left weigh less than the threshold. Two bags whose shared words reach the
    threshold share a word of both prefixes (their rarest shared word). Two compatible
    dates nest, so the years they cover overlap.
    """
    margin = 1e-6  # a longer prefix is always safe; rounding must never make one too short
    index: dict[tuple[str, int], list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    for i in sorted(pool):
        covered = span(views[i].main_date)
        if covered is None:
            continue  # an unreadable date is compatible with nothing
        first, last = sorted((covered[0].year, covered[1].year))  # a span may run backwards
        years = range(first, last + 1)
        ordered = sorted(bags[i], key=lambda t: (-weight(t), t))
        rest = sum(weight(t) for t in ordered)
        for t in ordered:
            if rest < threshold - margin:
                break
            rest -= weight(t)
            for year in years:
                posting = index.setdefault((t, year), [])
                pairs.update((j, i) for j in posting)
                posting.append(i)
    return sorted(pairs)


def _event(root: int, members: list[int], views: tuple[SentenceView, ...], shared: set[str],
           score: float, weight, taken_ids: set[str]) -> Event:
    mentions = []
    for i in members:
        v = views[i]
        date = v.main_date
        mine = _tokens_sorted(shared, weight)
        mentions.append(EventMention(
            article=v.article, paragraph=v.paragraph, sentence=v.sentence, claim=v.claim,
            date=date, evidence=(*(f"entity:{t[1:]}" if t.startswith("@") else f"term:{t}"
                                   for t in mine), f"date:{date}", f"score:{score:.1f}")))
    date, conflict, dates = resolve_date(None, [m.date for m in mentions if m.date])
    top = [t.lstrip("@") for t in _tokens_sorted(shared, weight)[:2]]
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
