"""Figures side by side: the same measure in different sources, with a verdict.

Before: "From 1992 to 2011, Japan provided a cumulative official aid of US$20 billion" (A)
and "Since 1992, Japanese aid to Vietnam adds up to $20 billion" (B), with a curated
comparison ``{unit: USD, terms: [[aid], [cumulative, adds up, since]]}`` — or none: both
figures are USD totals over a period of the measure "aid" (``data/measures.yml``).
After: ``Comparison(verdict="agree", figures=(A's figure, B's figure), note="…")``.

Verdicts: ``related`` when the figures measure differently defined things (the editor's
``definitions``) or periods that do not overlap; ``agree`` when every value equals every
other within the rounding of the way it is written ("$20 billion" is ±0.5 billion);
``differ`` otherwise, saying by how much and why (periods or definitions). Projections
("is expected to hit $30 billion") are not compared with reported values. The automatic
comparisons (without a curated one) are in ``compare_auto``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

from jvreader.annotate.dates import overlaps
from jvreader.annotate.view import any_phrase_pattern, find_phrase, has_phrase
from jvreader.model import ComparedFigure, Comparison, Corpus, CuratedComparison, Event, Figure
from jvreader.yaml_safe import package_data

_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def annotate_rules() -> dict:  # read once per process by ``package_data``
    return package_data("annotate.yml")


@dataclass(frozen=True, slots=True)
class _Placed:
    """A figure with its article and the sentence around it."""

    article: str
    figure: Figure
    sentence: str
    at: int
    """Offset of the figure in ``sentence``."""
    projection: bool
    """Whether the words before the figure make it a projection (``is_projection``)."""
    dated: bool = True
    """Whether its sentence states a date (else its period is only the article's date)."""


def placed_figures(corpus: Corpus) -> list[_Placed]:
    """Every figure of ``corpus`` in its sentence (the curated comparisons and the automatic
    ones both go through them all: made once, ``placed``)."""
    placed = []
    for x in corpus.extractions:
        sentences = {s.id: s for s in x.sentences}
        dated = {c.sentence for c in x.claims if c.dates}
        for f in x.figures:
            s = sentences.get(f.sentence)
            if s is not None:
                at = max(0, f.start - s.start)
                placed.append(_Placed(x.article, f, s.text, at, is_projection(s.text, at),
                                      f.sentence in dated))
    return placed


def is_projection(sentence: str, at: int) -> bool:
    """Whether a figure at offset ``at`` of ``sentence`` is a projection ("is expected to
    hit $30 billion"): a projection word shortly before it."""
    rules = annotate_rules()
    before = sentence[max(0, at - rules["projection_window"]):at]
    return any_phrase_pattern(tuple(rules["projection_words"])).search(before) is not None


def rounding_step(f: Figure | ComparedFigure) -> float:
    """The precision the figure is written with: "$37.7 billion" → 0.1 billion, "six" → 1."""
    m = _NUMBER.search(f.text)
    if not m:
        return 1.0
    number = float(m[0].replace(",", ""))
    scale = f.value / number if number else 1.0
    return scale * 10 ** -len(m[1] or "")


def _all_agree(figures: tuple[ComparedFigure, ...]) -> bool:
    """Whether every two figures are equal within the coarser one's rounding (half its step).

    Not pair by pair: each figure is checked against the lowest and highest value among the
    figures written at most as coarsely, the pairs where its own step is the tolerance.
    """
    by_step = sorted((rounding_step(f), f.value) for f in figures)
    low, high = math.inf, -math.inf
    for step, group in itertools.groupby(by_step, key=lambda sv: sv[0]):
        values = [v for _, v in group]  # equal steps: each is the other's tolerance
        low, high = min(low, *values), max(high, *values)
        tolerance = step / 2 + 1e-9
        if any(high - v > tolerance or v - low > tolerance for v in values):
            return False
    return True


def _definition(p: _Placed, spec: CuratedComparison, siblings: list[_Placed]) -> str | None:
    """The sub-measure the figure belongs to: the definition word nearest to it, or, in a
    sentence saying "respectively", the definitions in the order the figures come."""
    hits: list[tuple[int, str]] = []
    for label, words in spec.definitions:
        for w in words:
            m = find_phrase(p.sentence, w)
            if m:
                hits.append((m.start(), label))
    if not hits:
        return None
    labels_in_order = list(dict.fromkeys(label for _, label in sorted(hits)))
    if has_phrase(p.sentence, "respectively") and len(labels_in_order) == len(siblings) > 1:
        return labels_in_order[sorted(s.at for s in siblings).index(p.at)]
    return min(hits, key=lambda h: abs(h[0] - p.at))[1]


def _compared(p: _Placed, definition: str | None) -> ComparedFigure:
    f = p.figure
    return ComparedFigure(article=p.article, figure=f.id, text=f.text, value=f.value,
                          unit=f.unit, period=f.period, definition=definition)


def _amount(value: float, unit: str) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:.3g} {word} {unit}"
    return f"{value:g} {unit}"


NOTE_FIGURES = 6
"""Figures (or periods) a comparison's note names; it counts the rest, which the comparison
lists: a note naming all of a measure hundreds of sources give grew with the corpus."""


def _listed(parts: list[str], sep: str) -> str:
    """The first ``NOTE_FIGURES`` of ``parts`` joined, and how many more there are."""
    more = len(parts) - NOTE_FIGURES
    return sep.join(parts[:NOTE_FIGURES]) + (f"{sep}and {more} more" if more > 0 else "")


def verdict(figures: tuple[ComparedFigure, ...]) -> tuple[str, str]:
    """``(verdict, note)`` for figures already known to measure the same subject."""
    definitions = list(dict.fromkeys(f.definition for f in figures if f.definition))
    if len(definitions) > 1:
        return "related", "Different definitions: " + _listed([
            f"{f.text} = {f.definition or 'unspecified'}"
            + (f" ({f.period})" if f.period else "") for f in figures], "; ") + "."
    periods = [f.period for f in figures if f.period]
    counts = Counter(periods)  # each distinct pair once: many sources give the same period
    distinct = list(counts)
    if (any(not overlaps(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:])
            or any(n > 1 and not overlaps(a, a) for a, n in counts.items())):
        return "related", "Different periods: " + _listed(
            [f"{f.text} ({f.period or 'no period'})" for f in figures], ", ") + "."
    if _all_agree(figures):
        return "agree", f"All {len(figures)} sources give {figures[0].text} within rounding."
    low, high = min(figures, key=lambda f: f.value), max(figures, key=lambda f: f.value)
    gap = high.value - low.value
    why = []
    if len(set(periods)) > 1:
        why.append("the periods differ (" + _listed(list(dict.fromkeys(periods)), " vs ") + ")")
    why.append("sources may count differently")
    return "differ", (f"{high.text} vs {low.text}: {_amount(gap, high.unit)} apart "
                      f"({gap / high.value:.1%}); " + "; ".join(why) + ".")


def _selected(spec: CuratedComparison, placed: list[_Placed], events: dict[str, Event]
              ) -> list[_Placed]:
    linked = ({(m.article, m.sentence) for m in events[spec.event].mentions}
              if spec.event and spec.event in events else None)
    chosen = []
    for p in placed:
        if p.figure.unit != spec.unit or p.projection:
            continue
        if linked is not None and (p.article, p.figure.sentence) not in linked:
            continue
        if spec.event and linked is None:
            continue
        if any(has_phrase(p.sentence, w) for w in spec.exclude):
            continue
        if all(any(has_phrase(p.sentence, t) for t in group) for group in spec.terms):
            chosen.append(p)
    return chosen


def curated_comparisons(corpus: Corpus, specs: tuple[CuratedComparison, ...],
                        events: tuple[Event, ...], placed: list[_Placed] | None = None
                        ) -> tuple[Comparison, ...]:
    """The curated comparisons that find figures in two articles or more (``placed``:
    ``placed_figures(corpus)`` when already made)."""
    placed = placed_figures(corpus) if placed is None else placed
    by_event = {e.id: e for e in events}
    found = []
    for spec in specs:
        chosen = _selected(spec, placed, by_event)
        if len({p.article for p in chosen}) < 2:
            continue
        siblings: dict[tuple[str, str], list[_Placed]] = {}  # figures of one sentence
        for p in chosen:
            siblings.setdefault((p.article, p.figure.sentence), []).append(p)
        figures = tuple(_compared(p, _definition(
            p, spec, siblings[(p.article, p.figure.sentence)])) for p in chosen)
        kind, note = verdict(figures)
        found.append(Comparison(id=spec.id, measure=spec.measure, figures=figures,
                                verdict=kind, note=note, curated=True))
    return tuple(found)
