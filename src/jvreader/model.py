"""The records every stage passes on: frozen, slotted dataclasses with tuple fields.

The pipeline is ``load`` → ``extract`` → ``annotate`` → ``render``; each stage takes these
records and returns new ones, never mutating what it was given. Where a field is computed
is named in its docstring, so one search finds it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from jvreader import model_annotated as _annotated

DateBasis = Literal["stated", "relative", "sidecar", "inferred"]
"""Where a date comes from: printed in the text, resolved from "last week" against the
article's date, only known from editorial metadata, or guessed from context."""

FieldSource = Literal["sidecar", "front_matter", "text", "filename"]
"""Where a metadata field of an article was found."""

BlockKind = Literal["body", "heading", "caption"]


def pack_text(text: str) -> bytes:
    """``text`` as ``Article.packed_original`` holds it: UTF-8, compressed (fast level: a
    tenth of a millisecond for an article, a quarter of the size)."""
    return zlib.compress(text.encode("utf-8"), 1)


@lru_cache(maxsize=4)  # an article's pages read its original three or four times in a row
def _unpacked(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of cleaned article text (``load.blocks``)."""

    id: str
    """Stable anchor within the article: ``p1``, ``p2``, … in reading order."""
    kind: BlockKind
    text: str
    line: int
    """1-based line of the original file where the block starts."""


@dataclass(frozen=True, slots=True)
class Footnote:
    """A numbered note cut out of the text (``load.footnotes``); its marker stays in the text."""

    n: int
    text: str
    url: str | None
    paragraph: str
    """Id of the paragraph whose text carries the marker."""


@dataclass(frozen=True, slots=True)
class Removal:
    """Something cleaning took out of the text, kept so the reader can see it (``load.clean``)."""

    text: str
    reason: str
    line: int


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one metadata field of an article came from."""

    field: str
    source: FieldSource
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One loaded and cleaned article (``load.load_article``)."""

    id: str
    source_file: str
    """Path relative to the project folder, with forward slashes: ``seeds/NAME.txt``."""
    title: str
    dek: str | None
    authors: tuple[str, ...]
    publication: str | None
    date: str | None
    """ISO 8601 at the precision known: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    date_basis: DateBasis | None
    url: str | None
    series: str | None
    issue: str | None
    dateline: str | None
    language: str
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    removed: tuple[Removal, ...]
    provenance: tuple[Provenance, ...]
    packed_original: bytes = field(repr=False)
    """The decoded source text, before cleaning, as ``pack_text`` stores it: read as
    ``original``. Only the original-text page shows it, and as a ``str`` it was a sixth of
    the corpus in memory (a single curly quote makes Python keep two bytes per letter)."""

    @property
    def original(self) -> str:
        """The decoded source text, before cleaning (shown beside the cleaned text)."""
        return _unpacked(self.packed_original)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        for p in self.paragraphs:
            if p.id == paragraph_id:
                return p
        raise KeyError(f"{self.id} has no paragraph {paragraph_id!r}")

    def source_of(self, field_name: str) -> Provenance | None:
        for p in self.provenance:
            if p.field == field_name:
                return p
        return None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph (``extract.sentences``); ``start``/``end`` index its text."""

    id: str
    """``p3s2``: paragraph id plus position, usable as an HTML anchor."""
    paragraph: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a sentence (``extract.dates``)."""

    text: str
    start: int
    end: int
    """Offsets in the paragraph text."""
    value: str
    """ISO 8601 at the stated precision, or an interval ``START/END``."""
    basis: Literal["stated", "relative"]
    qualifier: str | None = None
    """``early``, ``mid``, ``late``, ``end`` … when the text narrows the period."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity found in a sentence (``extract.figures``)."""

    id: str
    paragraph: str
    sentence: str
    text: str
    start: int
    end: int
    value: float
    unit: str
    currency: str | None
    measure: str | None
    period: str | None
    value_min: float | None = None
    """A range's low end or a lower bound ("at least eight"); ``value`` is then this too."""
    value_max: float | None = None
    """A range's high end or an upper bound ("below 100 billion yen")."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A gazetteer entity named in a sentence (``extract.entities``)."""

    entity: str
    paragraph: str
    sentence: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence that says something happened or held at a time (``extract.claims``)."""

    id: str
    paragraph: str
    sentence: str
    text: str
    date: str | None
    date_basis: Literal["stated", "relative"] | None
    dates: tuple[DateMention, ...]
    figures: tuple[str, ...]
    entities: tuple[str, ...]
    unresolved: tuple[str, ...] = ()
    """Date expressions of the sentence, as written, that nothing resolves ("September 15",
    "yesterday" in an undated article); never in ``dates``. A claim may have only these."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place, agreement or programme from the gazetteer."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    native: tuple[tuple[str, str], ...] = ()
    """Native-script names as ``(language, name)`` pairs, e.g. ``("vi", "Nguyễn Phú Trọng")``."""
    description: str = ""
    """The gazetteer's one-line description (shown on the entity's page), if it has one."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything ``extract`` found in one article."""

    article: str
    sentences: tuple[Sentence, ...]
    dates: tuple[DateMention, ...]
    claims: tuple[Claim, ...]
    figures: tuple[Figure, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """All articles with what was extracted from them; what ``render`` receives."""

    articles: tuple[Article, ...]
    extractions: tuple[Extraction, ...] = ()
    """Parallel to ``articles`` (same order) once ``extract`` has run."""
    entities: tuple[Entity, ...] = ()
    unknown_names: tuple[tuple[str, int], ...] = ()
    """Capitalised names the gazetteer does not know, with how often they occur."""
    _by_id: dict[str, dict] = field(default_factory=dict, init=False, repr=False,
                                    compare=False)
    """Lookup tables built on first use, so finding a record by id is not a scan."""

    def article(self, article_id: str) -> Article:
        table = self._by_id.get("articles")
        if table is None:
            table = self._by_id["articles"] = {}
            for a in self.articles:
                table.setdefault(a.id, a)  # the first of equal ids, as a scan would find
        try:
            return table[article_id]
        except KeyError:
            raise KeyError(article_id) from None

    def extraction(self, article_id: str) -> Extraction | None:
        table = self._by_id.get("extractions")
        if table is None:
            table = self._by_id["extractions"] = {}
            for e in self.extractions:
                table.setdefault(e.article, e)
        return table.get(article_id)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, for the one-line summary."""

    articles: int
    pages: int
    warnings: tuple[str, ...]
    seconds: float


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build found besides its files, kept by the key of its whole input so that a
    build of the same input can report it without loading the corpus (``pipeline``)."""

    articles: int
    load_warnings: tuple[str, ...]
    annotation_warnings: tuple[str, ...]
    events: int
    comparisons: int



# Cross-article annotation (``annotate``): its records live in ``model_annotated`` and
# are named here too, so that every stage finds its records in one place.
EventRule = _annotated.EventRule
CuratedEvent = _annotated.CuratedEvent
CuratedThread = _annotated.CuratedThread
CuratedComparison = _annotated.CuratedComparison
CuratedEvents = _annotated.CuratedEvents
EventMention = _annotated.EventMention
Event = _annotated.Event
Thread = _annotated.Thread
ComparedFigure = _annotated.ComparedFigure
Comparison = _annotated.Comparison
Note = _annotated.Note
Annotated = _annotated.Annotated
