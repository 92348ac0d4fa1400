"""The records of cross-article annotation (``annotate``): editorial rules, events, threads,
comparisons, notes and the annotated corpus. ``model`` names them too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from jvreader.model import Corpus

@dataclass(frozen=True, slots=True)
class EventRule:
    """How an editor recognises one curated event in a sentence (``seeds/events.yml``).

    A sentence is a candidate when it contains one of ``phrases``, or when every group of
    ``terms`` has a member in it, the ``entities`` are all mentioned and a figure matches
    ``figure`` (those given). Any ``exclude`` word rejects it; then its dates must be
    compatible with the event's (``annotate.dates``), or it has none and ``undated`` allows it.
    """

    phrases: tuple[str, ...] = ()
    terms: tuple[tuple[str, ...], ...] = ()
    entities: tuple[str, ...] = ()
    figure: tuple[float, str] | None = None
    """``(value, unit)`` a figure of the sentence must have."""
    exclude: tuple[str, ...] = ()
    undated: bool = False
    signals: tuple[str, ...] = ()
    """Signals an automatic event must have (``object:memorandum``, ``action:visit``,
    ``actor:japan``), with a date compatible with the curated one, to be this event."""


@dataclass(frozen=True, slots=True)
class CuratedEvent:
    """An event the editor named in ``seeds/events.yml``: it names, merges (several
    automatic events it identifies become one), hides (``hide``) or splits (``parts``)
    automatic events."""

    id: str
    label: str
    date: str | None
    rule: EventRule
    entities: tuple[str, ...] = ()
    hide: bool = False
    parts: tuple[CuratedEvent, ...] = ()
    """A split (``split:``): the events the sentences of what this entry identifies are
    shared among, each by its own ``rule`` and ``date`` (``annotate.events.split_mentions``);
    the entry itself is then no event."""


@dataclass(frozen=True, slots=True)
class CuratedThread:
    id: str
    label: str
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CuratedComparison:
    """A measure the editor wants compared across sources (``comparisons:`` in events.yml)."""

    id: str
    measure: str
    unit: str
    terms: tuple[tuple[str, ...], ...] = ()
    event: str | None = None
    """Only figures in sentences linked to this event."""
    definitions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(label, terms)``: sub-measures defined differently (exports vs imports)."""
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CuratedEvents:
    """The editorial event gazetteer: ``seeds/events.yml`` (``annotate.load_curated``)."""

    events: tuple[CuratedEvent, ...] = ()
    threads: tuple[CuratedThread, ...] = ()
    comparisons: tuple[CuratedComparison, ...] = ()


@dataclass(frozen=True, slots=True)
class EventMention:
    """One sentence of one article reporting an event (``annotate.events``)."""

    article: str
    paragraph: str
    sentence: str
    claim: str | None
    date: str | None
    """The date this source gives for the event (ISO, possibly ``START/END``), if any."""
    evidence: tuple[str, ...] = ()
    """What linked it: ``phrase:…``, ``term:…``, ``entity:…``, ``date:…``."""


@dataclass(frozen=True, slots=True)
class Event:
    """Something several sentences report, shown once with all its sources (``annotate.events``)."""

    id: str
    label: str
    date: str | None
    """Most precise date the sources give that is compatible with the others."""
    date_conflict: bool
    curated: bool
    mentions: tuple[EventMention, ...]
    dates: tuple[str, ...] = ()
    """Every distinct date the sources give (several when they conflict)."""
    threads: tuple[str, ...] = ()
    placed_by: str | None = None
    """``"article"`` when undated and ordered by the date of the article that mentions it."""
    sort_date: str | None = None
    score: float | None = None
    """Automatic events: how well their sentences fit together (the best join's score)."""
    evidence: tuple[str, ...] = ()
    """Automatic events: the signals their sentences share (``action:sign``,
    ``object:memorandum``, ``actor:japan``, ``named:…``) and ``sources:N``, the number of
    articles that tell it (1: a single-source event)."""


@dataclass(frozen=True, slots=True)
class Thread:
    """A storyline: events in date order, curated or found by a shared object
    (``annotate.threads``)."""

    id: str
    label: str
    events: tuple[str, ...]
    curated: bool = True


@dataclass(frozen=True, slots=True)
class ComparedFigure:
    article: str
    figure: str
    text: str
    value: float
    unit: str
    period: str | None
    definition: str | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Figures from different sources measuring the same thing (``annotate.compare``)."""

    id: str
    measure: str
    figures: tuple[ComparedFigure, ...]
    verdict: Literal["agree", "differ", "related"]
    note: str
    curated: bool = True


@dataclass(frozen=True, slots=True)
class Note:
    """An editorial note anchored to article text (``annotate.notes``, ``seeds/notes/*.md``)."""

    id: str
    source_file: str
    article: str
    exact: str
    prefix: str | None
    suffix: str | None
    markdown: str
    html: str
    paragraph: str | None = None
    """Where the selector matched; ``None`` when it did not (a warning says why)."""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Annotated:
    """The corpus with its cross-article annotations; what ``render`` receives."""

    corpus: Corpus
    events: tuple[Event, ...] = ()
    threads: tuple[Thread, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    notes: tuple[Note, ...] = ()
    warnings: tuple[str, ...] = ()
