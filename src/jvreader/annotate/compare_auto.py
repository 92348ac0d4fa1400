"""Automatic comparisons: figures no curated comparison takes, grouped by measure and time.

Without a curated comparison (``automatic_comparisons``), amounts and shares are compared
by unit and the measure their words name (aid, investment, trade …, in any language of the
corpus), totals over a period apart from figures of a year or moment; the definitions of
``data/measures.yml`` (exports, imports, crude oil …) tell parts of a measure apart. Counts
of things (six vessels) are compared only at compatible dates and when their counted nouns
share a word: counts of different times are different events, not sources disagreeing.
A period is a figure's only when its sentence states a date.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache, partial

from jvreader.annotate.compare import _compared, _Placed, annotate_rules, placed_figures, verdict
from jvreader.annotate.dates import compatible, is_event_date, overlaps, span
from jvreader.annotate.threads import WordFinder, word_finder
from jvreader.annotate.view import has_phrase
from jvreader.model import Comparison, Corpus
from jvreader.yaml_safe import package_data

_WORD = re.compile(r"[^\W_][\w-]*[^\W_]")


@dataclass(frozen=True, slots=True)
class MeasureRules:
    """``data/measures.yml``: what amounts measure, their parts, and which units count."""

    measures: tuple[tuple[str, str], ...]
    """``(id, label)`` in file order."""
    measure_words: WordFinder
    """Any measure's words; a match's group is the measure's index."""
    definitions: tuple[tuple[str, tuple[str, ...]], ...]
    definition_words: WordFinder
    """Any definition's words; a match's group is the definition's index."""
    amount_units: frozenset[str]
    unit_nouns: frozenset[str]


@cache  # rules: the data file is read once per process
def measure_rules() -> MeasureRules:
    data = package_data("measures.yml")
    measures = tuple((str(m["id"]), str(m["label"])) for m in data["measures"])
    definitions = tuple((str(d["label"]), tuple(str(w) for w in d["words"]))
                        for d in data["definitions"])
    return MeasureRules(
        measures=measures,
        measure_words=word_finder([map(str, m["words"]) for m in data["measures"]]),
        definitions=definitions,
        definition_words=word_finder(words for _, words in definitions),
        amount_units=frozenset(map(str, data["amount_units"])),
        unit_nouns=frozenset(str(w).casefold() for w in data["unit_nouns"]))


def _nearest(hits: tuple[tuple[int, int, int], ...], at: int, end: int) -> int | None:
    """The group of the hit nearest to the span ``at``–``end`` (the figure)."""
    if not hits:
        return None
    return min(hits, key=lambda h: (max(h[0] - end, at - h[1], 0), h[0]))[2]


def figure_measure(p: _Placed, rules: MeasureRules) -> str | None:
    """The measure a figure is of: named in its measure phrase, else (for amounts and
    shares only) the one named nearest to it in its sentence."""
    if p.figure.measure:
        hits = rules.measure_words.hits(p.figure.measure)
        if hits:
            return rules.measures[hits[0][2]][0]
    if p.figure.unit not in rules.amount_units:
        return None
    found = _nearest(rules.measure_words.hits(p.sentence), p.at,
                     p.at + len(p.figure.text))
    return rules.measures[found][0] if found is not None else None


def _auto_definition(p: _Placed, siblings: list[_Placed], rules: MeasureRules) -> str | None:
    """The part of the measure a figure gives: in a sentence saying "respectively", the
    definitions in the order the figures come; else the first listed that its measure
    phrase names; else the one named nearest to it."""
    hits = rules.definition_words.hits(p.sentence)
    if not hits:
        return None
    labels = list(dict.fromkeys(rules.definitions[g][0] for _, _, g in sorted(hits)))
    if has_phrase(p.sentence, "respectively") and len(labels) == len(siblings) > 1:
        return labels[sorted(s.at for s in siblings).index(p.at)]
    if p.figure.measure:
        own = rules.definition_words.hits(p.figure.measure)
        if own:
            return rules.definitions[min(g for _, _, g in own)][0]
    found = _nearest(hits, p.at, p.at + len(p.figure.text))
    return rules.definitions[found][0] if found is not None else None


def _stated_period(p: _Placed) -> str | None:
    return p.figure.period if p.dated else None


def _is_total(period: str | None) -> bool:
    """A period longer than a year: "since 1992", "from 1992 to 2011"."""
    return period is not None and not is_event_date(period)


def _counted_words(p: _Placed, rules: MeasureRules) -> frozenset[str]:
    """The words of a count's noun phrase but stop words and the unit's own nouns."""
    stop = set(annotate_rules()["stopwords"])
    text = (p.figure.measure or "").casefold()
    return frozenset(w for w in _WORD.findall(text)
                     if w not in stop and w not in rules.unit_nouns)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-")[:48] or "figures"


def automatic_comparisons(corpus: Corpus, taken: set[tuple[str, str]],
                          placed: list[_Placed] | None = None) -> tuple[Comparison, ...]:
    """Figures not in a curated comparison, reported by two articles or more, compared by
    measure and time (amounts and shares) or by time and counted noun (counts); in id
    order (``placed``: ``placed_figures(corpus)`` when already made)."""
    rules = measure_rules()
    article_years = {a.id: (a.date or "")[:4] or None for a in corpus.articles}
    amounts: dict[tuple[str, str, bool], list[_Placed]] = {}
    counts: dict[str, list[_Placed]] = {}
    for p in placed_figures(corpus) if placed is None else placed:
        if (p.article, p.figure.id) in taken or p.projection:
            continue
        measure = figure_measure(p, rules)
        if measure is not None:
            key = (p.figure.unit, measure, _is_total(_stated_period(p)))
            amounts.setdefault(key, []).append(p)
        elif p.figure.unit not in rules.amount_units and p.figure.measure:
            counts.setdefault(p.figure.unit, []).append(p)
    labels = dict(rules.measures)
    sentence_words = partial(_sentence_words, frozenset(annotate_rules()["stopwords"]))
    found: list[tuple[str, str, list[_Placed], bool]] = []  # id, measure, figures, counted
    for (unit, measure, total), members in amounts.items():
        # An amount whose sentence gives no date is as of its article's year.
        def when(p: _Placed) -> str | None:
            return _stated_period(p) or article_years.get(p.article)

        for cluster in _clusters(members, when, _no_words, sentence_words, min_shared=2):
            year = next((w[:4] for p in cluster if (w := when(p))), "undated")
            stated = any(_stated_period(p) for p in cluster)
            when_said = (f", {year}" if stated else f", as reported in {year}") \
                if not total and year != "undated" else ""
            over = ", total over a period" if total else ""
            what = f"{labels[measure]}{over} ({unit}){when_said}"
            found.append((f"auto-{_slug(unit)}-{measure}{'-total' if total else ''}-{year}",
                          what, cluster, False))
    for unit, members in counts.items():
        words = {id(p): _counted_words(p, rules) for p in members}
        counted_words = partial(_words_of, words)
        for cluster in _clusters([p for p in members if words[id(p)]], _stated_period,
                                 counted_words, counted_words):
            common = Counter(p.figure.measure for p in cluster).most_common(1)[0][0]
            year = next((w[:4] for p in cluster if (w := _stated_period(p))), "undated")
            found.append((f"auto-{_slug(unit)}-{year}-{_slug(common or unit)}",
                          f"{common}, {year} ({unit})", cluster, True))
    out: dict[str, Comparison] = {}
    for cid, measure, members, counted in sorted(found, key=lambda f: f[0]):
        if len({p.article for p in members}) < 2:
            continue
        siblings: dict[tuple[str, str], list[_Placed]] = {}
        for p in members:
            siblings.setdefault((p.article, p.figure.sentence), []).append(p)
        figures = tuple(
            replace(_compared(p, None if counted else _auto_definition(
                p, siblings[(p.article, p.figure.sentence)], rules)),
                period=_stated_period(p)) for p in members)
        kind, note = verdict(figures)
        unique, n = cid, 2
        while unique in out:  # two clusters of one year and noun phrase
            unique, n = f"{cid}-{n}", n + 1
        out[unique] = Comparison(id=unique, measure=measure, figures=figures, verdict=kind,
                                 note=note, curated=False)
    return tuple(out.values())


def _clusters(members: list[_Placed], when: Callable[[_Placed], str | None],
              link: Callable[[_Placed], Iterable[str]],
              words: Callable[[_Placed], frozenset[str]], min_shared: int = 1
              ) -> list[list[_Placed]]:
    """Figures that tell one thing at one time. Those with a time are joined when their
    times fit each other (one inside the other; totals over a period: overlapping) and
    they share a ``link`` word (``link`` giving ``("",)`` joins by time alone), looked at
    only within a year (of the time's start): no pair of different years is compared.
    Not figure by figure: figures of one word and time are joined in a chain, and only the
    distinct times of a word are paired (a year has a few hundred at most, however many
    figures). Each figure without a time then joins the cluster it shares most ``words``
    with, if at least ``min_shared``."""
    by_year: dict[str, list[int]] = {}
    timeless: list[_Placed] = []
    for i, p in enumerate(members):
        w = when(p)
        if w is None:
            timeless.append(p)
        elif span(w) is not None:
            by_year.setdefault(w[:4], []).append(i)
    parent = list(range(len(members)))
    for year in sorted(by_year):
        postings: dict[str, dict[str, list[int]]] = {}
        for i in by_year[year]:
            for word in link(members[i]):
                postings.setdefault(word, {}).setdefault(when(members[i]) or "", []).append(i)
        for by_time in postings.values():
            for ids in by_time.values():
                for i in ids[1:]:
                    parent[_root(parent, i)] = _root(parent, ids[0])
            for a, b in itertools.combinations(sorted(by_time), 2):
                fits = overlaps(a, b) if _is_total(a) or _is_total(b) else compatible(a, b)
                if fits:
                    parent[_root(parent, by_time[a][0])] = _root(parent, by_time[b][0])
    joined: dict[int, list[_Placed]] = {}
    for year in sorted(by_year):
        for i in by_year[year]:
            joined.setdefault(_root(parent, i), []).append(members[i])
    clusters = list(joined.values())
    if not timeless:  # every figure's words read for nothing: pays 5 % of annotation
        return clusters
    cluster_words = [frozenset().union(*(words(p) for p in c)) for c in clusters]
    for p in timeless:
        best = max(range(len(clusters)), default=None, key=lambda i: (
            len(words(p) & cluster_words[i]), len({q.article for q in clusters[i]}), -i))
        if best is not None and len(words(p) & cluster_words[best]) >= min_shared:
            clusters[best].append(p)
    return clusters


def _root(parent: list[int], i: int) -> int:
    """Union-find: the representative of ``i`` (halving the path on the way)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _words_of(words: dict[int, frozenset[str]], p: _Placed) -> frozenset[str]:
    return words[id(p)]


def _no_words(p: _Placed) -> tuple[str, ...]:
    """One link word for all: amounts of one measure join by time alone."""
    return ("",)


def _words_in(sentence: str, stop: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(sentence.casefold()) if w not in stop)


def _sentence_words(stop: frozenset[str], p: _Placed) -> frozenset[str]:
    """The words of a figure's sentence but stop words: what an undated amount shares with
    the figures it is compared with ("South China Sea", "imports" …)."""
    return _words_in(p.sentence, stop)
