"""Cross-article annotation: shared events, storylines, figures side by side, editorial notes.

Before: a ``Corpus`` (articles with their extractions), the editor's ``CuratedEvents``
(``seeds/events.yml``) and ``Note``s (``seeds/notes/*.md``).
After: ``Annotated(corpus, events=(Event("defense-mou-2011", …), …), threads=…,
comparisons=(Comparison("oda-cumulative", verdict="agree", …), …), notes=…, warnings=…)``.

Every dated claim that tells an action or an object is an automatic event, clustered across
articles (``annotate.auto``); ``events.yml`` then edits them (``annotate.events.edit_events``):
names, merges or hides the automatic events its entries identify.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from jvreader.annotate.auto import in_corpus, link_automatic
from jvreader.annotate.compare import curated_comparisons, placed_figures
from jvreader.annotate.compare_auto import automatic_comparisons
from jvreader.annotate.curated import load_curated, parse_curated
from jvreader.annotate.dates import sort_key
from jvreader.annotate.events import curated_matches, edit_events, link_curated
from jvreader.annotate.notes import anchor_notes, load_notes
from jvreader.annotate.signals import Candidate, article_candidates
from jvreader.annotate.threads import build_threads
from jvreader.annotate.view import SentenceView, article_views
from jvreader.cache import collector_paused
from jvreader.inputs_guard import input_roots, present, refusal
from jvreader.model import Annotated, Article, Corpus, CuratedEvents, EventMention, Extraction, Note

EVENTS_FILE = "events.yml"
NOTES_DIR = "notes"

__all__ = [
    "EVENTS_FILE",
    "NOTES_DIR",
    "ArticleBasis",
    "Matches",
    "annotate",
    "article_basis",
    "article_matches",
    "load_curated",
    "load_editorial",
    "load_notes",
    "parse_curated",
]


@dataclass(frozen=True, slots=True)
class ArticleBasis:
    """What annotation reads of one article, worked out from that article alone: its
    sentence views and what each tells at its dates (the candidates of automatic events,
    ``view`` counted in these views). Made next to the extraction and cached with it."""

    views: tuple[SentenceView, ...]
    candidates: tuple[Candidate, ...]


Matches = tuple[tuple[int, EventMention], ...]
"""The curated events an article reports: ``(event's index, mention)`` (``curated_matches``)."""


def article_basis(article: Article, extraction: Extraction,
                  kinds: Mapping[str, str]) -> ArticleBasis:
    """``ArticleBasis`` of one article; ``kinds``: the gazetteer's entity id → kind."""
    views = article_views(article, extraction)
    return ArticleBasis(views, article_candidates(views, extraction, kinds))


def annotate(corpus: Corpus, curated: CuratedEvents, notes: tuple[Note, ...] = (),
             automatic: bool = True, bases: Mapping[str, ArticleBasis] | None = None,
             matches: Mapping[str, Matches] | None = None) -> Annotated:
    """Link events, order threads, compare figures and anchor notes over ``corpus``.

    ``bases`` and ``matches`` (article id → ``ArticleBasis``, → that article's
    ``article_matches`` with ``curated``) are per-article results made elsewhere (next to
    the extraction, or kept from a previous build); what they lack is made here. The result
    is the same either way.
    """
    # Annotation makes hundreds of thousands of records and no cyclic garbage: the collector
    # walking them as they come cost 7 % of it (0.99 s of 12.7 s, distinct corpus, N = 10,000).
    with collector_paused():
        return _annotate(corpus, curated, notes, automatic, bases or {}, matches or {})


def _annotate(corpus: Corpus, curated: CuratedEvents, notes: tuple[Note, ...], automatic: bool,
              bases: Mapping[str, ArticleBasis], matches: Mapping[str, Matches]) -> Annotated:
    found = _article_parts(corpus, curated, matches, bases)
    views = tuple(v for basis, _ in found for v in basis.views)
    matched = tuple(m for _, part in found for m in part)
    if automatic:
        taken = ({e.id for e in curated.events} | {p.id for e in curated.events for p in e.parts}
                 | {t.id for t in curated.threads})
        candidates, first = [], 0
        for basis, _ in found:
            candidates += in_corpus(basis.candidates, first)
            first += len(basis.views)
        events = edit_events(link_automatic(views, candidates, corpus, taken), views,
                             curated.events, matched)
    else:
        events, _ = link_curated(views, curated.events, matched)
    # An undated event stays undated: it is not placed at its article's date.
    threads, events = build_threads(events, curated.threads, corpus if automatic else None)
    events = tuple(sorted(events, key=lambda e: (sort_key(e.sort_date or e.date), e.id)))
    placed = placed_figures(corpus)
    comparisons = curated_comparisons(corpus, curated.comparisons, events, placed)
    taken_figures = {(f.article, f.figure) for c in comparisons for f in c.figures}
    comparisons = (*comparisons, *automatic_comparisons(corpus, taken_figures, placed))
    del placed
    anchored, warnings = anchor_notes(notes, corpus)
    return Annotated(corpus=corpus, events=events, threads=threads,
                     comparisons=tuple(comparisons), notes=anchored, warnings=warnings)


def _article_parts(corpus: Corpus, curated: CuratedEvents, matches: Mapping[str, Matches],
                   bases: Mapping[str, ArticleBasis]) -> list[tuple[ArticleBasis, Matches]]:
    found: list[tuple[ArticleBasis, Matches | None]] = []
    owed: list[int] = []  # where matches are still to be made
    kinds = {e.id: e.kind for e in corpus.entities}
    for article in corpus.articles:
        x = corpus.extraction(article.id)
        if x is None:
            continue
        # Only the first article of an id has its own results (lookups by id find the first).
        first = corpus.article(article.id) is article
        basis = bases.get(article.id) if first else None
        if basis is None:
            basis = article_basis(article, x, kinds)
        mine = matches.get(article.id) if first else None
        if mine is None:
            owed.append(len(found))
        found.append((basis, mine))
    made = article_matches([found[i][0] for i in owed], curated)
    for i, mine in zip(owed, made, strict=True):
        found[i] = (found[i][0], mine)
    return [(basis, mine) for basis, mine in found if mine is not None]


def article_matches(bases: list[ArticleBasis], curated: CuratedEvents) -> list[Matches]:
    """``curated_matches`` of each basis, in order. In this process: a pool of workers made
    matching 2-3 x slower at N = 300 (distinct corpus: 0.13 s alone, 0.3-0.44 s pooled)."""
    return [curated_matches(b.views, curated.events) for b in bases]


def load_editorial(seeds_dir: Path, project_dir: Path
                   ) -> tuple[CuratedEvents, tuple[Note, ...], tuple[str, ...]]:
    """``seeds/events.yml`` and ``seeds/notes/*.md`` (both optional), with their warnings."""
    roots = input_roots(project_dir)
    events = seeds_dir / EVENTS_FILE
    refused = refusal(events, roots) if present(events) else None  # never read if refused
    curated, event_warnings = (load_curated(events) if refused is None
                               else (CuratedEvents(), (refused,)))
    notes, note_warnings = load_notes(seeds_dir / NOTES_DIR, project_dir, roots)
    return curated, notes, (*event_warnings, *note_warnings)


def with_warnings(annotated: Annotated, warnings: tuple[str, ...]) -> Annotated:
    """``annotated`` with more warnings in front (e.g. from loading the editorial files)."""
    return replace(annotated, warnings=(*warnings, *annotated.warnings))
