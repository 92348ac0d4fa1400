"""Cross-article annotation: shared events, storylines, figures side by side, editorial notes.

Before: a ``Corpus`` (articles with their extractions), the editor's ``CuratedEvents``
(``seeds/events.yml``) and ``Note``s (``seeds/notes/*.md``).
After: ``Annotated(corpus, events=(Event("defense-mou-2011", …), …), threads=…,
comparisons=(Comparison("oda-cumulative", verdict="agree", …), …), notes=…, warnings=…)``.

Curated events are linked first; claims they do not cover may then form automatic events.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jvreader.annotate.auto import link_automatic
from jvreader.annotate.compare import automatic_comparisons, curated_comparisons
from jvreader.annotate.curated import load_curated, parse_curated
from jvreader.annotate.dates import sort_key
from jvreader.annotate.events import link_curated
from jvreader.annotate.notes import anchor_notes, load_notes
from jvreader.annotate.threads import build_threads, place_undated
from jvreader.annotate.view import sentence_views
from jvreader.model import Annotated, Corpus, CuratedEvents, Note

EVENTS_FILE = "events.yml"
NOTES_DIR = "notes"

__all__ = [
    "EVENTS_FILE",
    "NOTES_DIR",
    "annotate",
    "load_curated",
    "load_editorial",
    "load_notes",
    "parse_curated",
]


def annotate(corpus: Corpus, curated: CuratedEvents, notes: tuple[Note, ...] = (),
             automatic: bool = True) -> Annotated:
    """Link events, order threads, compare figures and anchor notes over ``corpus``."""
    views = sentence_views(corpus)
    events, covered = link_curated(views, curated.events)
    if automatic:
        taken = {e.id for e in curated.events} | {t.id for t in curated.threads}
        events = (*events, *link_automatic(views, covered, taken))
    events = tuple(place_undated(e, corpus) for e in events)
    threads, events = build_threads(events, curated.threads)
    events = tuple(sorted(events, key=lambda e: (sort_key(e.sort_date or e.date), e.id)))
    comparisons = curated_comparisons(corpus, curated.comparisons, events)
    taken_figures = {(f.article, f.figure) for c in comparisons for f in c.figures}
    comparisons = (*comparisons, *automatic_comparisons(corpus, taken_figures))
    anchored, warnings = anchor_notes(notes, corpus)
    return Annotated(corpus=corpus, events=events, threads=threads,
                     comparisons=tuple(comparisons), notes=anchored, warnings=warnings)


def load_editorial(seeds_dir: Path, project_dir: Path
                   ) -> tuple[CuratedEvents, tuple[Note, ...], tuple[str, ...]]:
    """``seeds/events.yml`` and ``seeds/notes/*.md`` (both optional), with their warnings."""
    curated, event_warnings = load_curated(seeds_dir / EVENTS_FILE)
    notes, note_warnings = load_notes(seeds_dir / NOTES_DIR, project_dir)
    return curated, notes, (*event_warnings, *note_warnings)


def with_warnings(annotated: Annotated, warnings: tuple[str, ...]) -> Annotated:
    """``annotated`` with more warnings in front (e.g. from loading the editorial files)."""
    return replace(annotated, warnings=(*warnings, *annotated.warnings))
