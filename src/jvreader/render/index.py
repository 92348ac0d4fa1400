"""Lookup tables built once per site, so no page scans the whole corpus or every event.

    idx = build_index(annotated)
    idx.events_of["002_8f09"]       -> [(Event("defense-mou-2011", …), [EventMention …]), …]
    idx.paragraph_number("002_8f09", "p11")  -> 11
    idx.sentence("002_8f09", "p11s2")  -> Sentence("p11s2", "p11", 0, 52, "In October 2011, …")
    idx.sources_by_date["defense-mou-2011"]  -> ["001_…", "002_…"]  (earliest-dated first)

Built once per build (``build_index``) and handed to the views in the build's
``context.RenderContext``; its memos live exactly as long as that build.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from jvreader.cache import collector_paused
from jvreader.model import (
    Annotated,
    Article,
    Claim,
    Comparison,
    Corpus,
    Event,
    EventMention,
    Extraction,
    Note,
    Sentence,
)


@dataclass(slots=True)
class SiteIndex:
    annotated: Annotated
    """The annotated corpus the index was built from (events, threads, comparisons, notes)."""
    corpus: Corpus
    ordered_events: list[Event]
    events_of: dict[str, list[tuple[Event, list[EventMention]]]]
    """Article id → the events it reports (in event order) with its own mentions of each."""
    comparisons_of: dict[str, list[Comparison]]
    notes_of: dict[str, list[Note]]
    mentions_by_article: dict[str, dict[str, list[EventMention]]]
    """Event id → article id → that article's mentions, articles in order of first mention."""
    sources_by_date: dict[str, list[str]]
    """Event id → its articles, earliest-dated first (undated last), then by id."""
    repeated_ids: frozenset[str]
    """Ids of more than one extraction (lookups go through all of them)."""
    _numbers: dict[int, dict[str, int]] = field(default_factory=dict)
    """By ``id()`` of the article (several articles may share an id): the index lives no
    longer than the articles."""
    memo: dict[object, object] = field(default_factory=dict)
    """Results of pure helpers asked many times per site (``events.source_names`` …)."""
    _parts_folder: str = ""
    _folder_parts: dict[object, object] = field(default_factory=dict)
    """The parts shared by the pages of ``_parts_folder`` (``folder_parts``)."""
    _orders: dict[str, dict[str, int]] = field(default_factory=dict)
    _figures_by_date: dict[int, list] = field(default_factory=dict)
    """By ``id()`` of the comparison: the index lives no longer than the comparisons."""
    _comparison_tables: dict[int, tuple[dict, dict]] = field(default_factory=dict)
    """By ``id()`` of the comparison: its figures' positions by article, and the figures
    most margins show (by how many are shown)."""
    _sentence_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Article id → its sentences' ids in order, for an article of one extraction: searched
    in C (``tuple.index``), where a scan of the sentences was a fifth of the entity pages'
    time (N = 1,000); the ids are the sentences' own strings, so it costs a pointer each."""
    _qualified: dict[str, tuple[Claim, ...]] = field(default_factory=dict)
    _figure_paragraphs: dict[str, dict[str, str]] = field(default_factory=dict)
    _event_sentence_entities: dict[str, dict[str, tuple[str, ...]]] = field(
        default_factory=dict)
    """Article id → the entities of each of its sentences that report an event: every event
    view asks for them (one scan of the article's mentions per event mention was most of
    the events list's time), and only they are kept (a table of every sentence was tens
    of MB at N = 10,000)."""

    def folder_parts(self, folder: str) -> dict[object, object]:
        """The memo of parts made for pages of ``folder`` (``urls.folder``): an event's entry
        for that folder's links, a disagreement's view… Only the last folder asked for is
        kept: pages come in path order, a folder's together, and keeping every folder's
        parts made each render worker 50 MiB bigger at N = 10,000 (1,144 → 1,092 MiB)."""
        if self._parts_folder != folder:
            self._parts_folder, self._folder_parts = folder, {}
        return self._folder_parts

    def qualified_claims(self, article_id: str) -> tuple[Claim, ...]:
        """The article's claims giving a qualified date ("early 2016"), in claim order: the
        only ones a source's own wording of a date can come from (most articles have none)."""
        found = self._qualified.get(article_id)
        if found is None:
            extraction = self.corpus.extraction(article_id)
            found = self._qualified[article_id] = tuple(
                c for c in (extraction.claims if extraction else ())
                if any(d.qualifier for d in c.dates))
        return found

    def sentence(self, article_id: str, sentence_id: str) -> Sentence | None:
        """The article's sentence of that id (the first of equal ids)."""
        for x in self._extractions(article_id):
            for s in x.sentences:
                if s.id == sentence_id:
                    return s
        return None

    def sentences(self, article_id: str, sentence_ids: Iterable[str]) -> dict[str, Sentence]:
        """The article's sentences of those ids (the first of equal ids), in one pass that
        stops when all are found; ids of no sentence are left out."""
        if article_id not in self.repeated_ids:  # its one extraction: found by position
            extraction = self.corpus.extraction(article_id)
            if extraction is None:
                return {}
            ids = self._sentence_ids.get(article_id)
            if ids is None:
                ids = self._sentence_ids[article_id] = tuple(s.id for s in extraction.sentences)
            sentences = extraction.sentences
            found: dict[str, Sentence] = {}
            for i in sentence_ids:
                try:
                    found[i] = sentences[ids.index(i)]
                except ValueError:  # a paragraph's id (a mention outside any sentence)
                    continue
            return found
        wanted = set(sentence_ids)
        found = {}
        for x in self._extractions(article_id):
            for s in x.sentences:
                if s.id in wanted and s.id not in found:
                    found[s.id] = s
                    if len(found) == len(wanted):
                        return found
        return found

    def sentence_entities(self, article_id: str, sentence_id: str) -> tuple[str, ...]:
        """The entities the sentence names, in mention order."""
        table = self._event_sentence_entities.get(article_id)
        if table is None:
            table = self._event_sentence_entities[article_id] = self._entities_by_sentence(
                article_id, {m.sentence for _, ms in self.events_of.get(article_id, ())
                             for m in ms})
        found = table.get(sentence_id)
        if found is None:  # not a sentence reporting an event: looked up on its own
            found = self._entities_by_sentence(article_id, {sentence_id}).get(sentence_id, ())
        return found

    def _entities_by_sentence(self, article_id: str, wanted: set[str]
                              ) -> dict[str, tuple[str, ...]]:
        """For each sentence of ``wanted``, the entities it names, in mention order: one pass
        over the article's mentions."""
        found: dict[str, list[str]] = {s: [] for s in wanted}
        for x in self._extractions(article_id):
            for m in x.mentions:
                named = found.get(m.sentence)
                if named is not None:
                    named.append(m.entity)
        return {s: tuple(named) for s, named in found.items()}

    def figure_paragraph(self, article_id: str, figure_id: str) -> str | None:
        """The paragraph of the article's figure of that id (the first of equal ids)."""
        table = self._figure_paragraphs.get(article_id)
        if table is None:  # asked for every figure a margin or a disagreement names
            table = self._figure_paragraphs[article_id] = {}
            for x in self._extractions(article_id):
                for f in x.figures:
                    table.setdefault(f.id, f.paragraph)
        return table.get(figure_id)

    def _extractions(self, article_id: str) -> list[Extraction] | tuple[Extraction, ...]:
        """The article's extractions: one, unless several articles have its id. Looked up in
        them, not in tables: these are asked of event mentions (a few per article), and
        tables of every article's sentences, entities and figures were 45 MB at N = 10,000."""
        if article_id in self.repeated_ids:
            return [x for x in self.corpus.extractions if x.article == article_id]
        found = self.corpus.extraction(article_id)
        return (found,) if found is not None else ()

    def margin_choice(self, event_id: str, article_id: str | None, limit: int) -> list[str]:
        """The other sources an article's margin note on the event names: the ``limit``
        earliest-dated but ``article_id``, in order of first mention (as they are shown).
        They are among the first ``limit`` + 1, and the same for every article not one of
        those."""
        chosen = [a for a in self.sources_by_date[event_id][:limit + 1] if a != article_id]
        order = self.first_mention_order(event_id)
        return sorted(chosen[:limit], key=order.__getitem__)

    def first_mention_order(self, event_id: str) -> dict[str, int]:
        """Article id → its place among the event's sources in order of first mention."""
        order = self._orders.get(event_id)
        if order is None:
            order = self._orders[event_id] = {
                a: i for i, a in enumerate(self.mentions_by_article[event_id])}
        return order

    def figures_by_date(self, comparison: Comparison) -> list:
        """The comparison's figures, earliest-dated source first (undated last), then by
        article and figure id: the order margin notes choose the figures they show in."""
        found = self._figures_by_date.get(id(comparison))
        if found is None:
            def key(f):
                date = self.corpus.article(f.article).date
                return (0 if date else 1, date or "", f.article, f.figure)
            found = self._figures_by_date[id(comparison)] = sorted(comparison.figures, key=key)
        return found

    def comparison_share(self, comparison: Comparison, article_id: str, limit: int
                         ) -> tuple[list, list, int]:
        """What an article's margin note on ``comparison`` is made of: the article's own
        figures, the other figures it names (the ``limit`` earliest-dated, in comparison
        order) and how many other figures there are. Tables per comparison, so a comparison
        of many articles is not scanned once per article."""
        tables = self._comparison_tables.get(id(comparison))
        if tables is None:
            by_article: dict[str, list[int]] = {}
            for i, f in enumerate(comparison.figures):
                by_article.setdefault(f.article, []).append(i)
            tables = self._comparison_tables[id(comparison)] = (by_article, {})
        by_article, by_limit = tables
        figures = comparison.figures
        mine = [figures[i] for i in by_article.get(article_id, ())]
        # The ``limit`` earliest figures are shown to every article that has none of them:
        # chosen once per comparison, not once per article reporting it (read-only).
        common = by_limit.get(limit)
        if common is None:
            head = self.figures_by_date(comparison)[:limit]
            common = by_limit[limit] = ({f.article for f in head},
                                        self._shown(comparison, by_article, head))
        if article_id not in common[0]:
            return mine, common[1], len(figures) - len(mine)
        earliest = []
        for f in self.figures_by_date(comparison):  # the earliest-dated first
            if len(earliest) == limit:
                break
            if f.article != article_id:
                earliest.append(f)
        return mine, self._shown(comparison, by_article, earliest), len(figures) - len(mine)

    @staticmethod
    def _shown(comparison: Comparison, by_article: dict[str, list[int]], chosen: list) -> list:
        """Every figure equal to a chosen one, in comparison order (as ``f in chosen``
        picks): looked for among the figures of the chosen one's article only."""
        figures = comparison.figures
        return [figures[i] for i in sorted(
            {i for f in chosen for i in by_article[f.article] if figures[i] == f})]

    def paragraph_number(self, article: Article | str, paragraph_id: str) -> int:
        """1-based position of the paragraph in the article (what ``¶n`` shows); an id is
        the first article of that id."""
        if isinstance(article, str):
            article = self.corpus.article(article)
        try:
            return self.paragraph_numbers(article)[paragraph_id]
        except KeyError:
            raise ValueError(f"{article.id} has no paragraph {paragraph_id!r}") from None

    def paragraph_numbers(self, article: Article) -> dict[str, int]:
        """Paragraph id → its ``paragraph_number``. Read-only."""
        numbers = self._numbers.get(id(article))
        if numbers is None:
            numbers = self._numbers[id(article)] = {p.id: i for i, p in
                                                    enumerate(article.paragraphs, start=1)}
        return numbers


def event_order(events: Iterable[Event]) -> list[Event]:
    """Date order (the placing date for undated events), then label; undatable ones last."""
    return sorted(events, key=lambda e: (sort_date(e) or "9999", e.label.casefold(), e.id))


def sort_date(event: Event) -> str | None:
    return event.sort_date or event.date


def _date_key(article: Article) -> tuple[int, str, str]:
    return (0, article.date, article.id) if article.date else (1, "", article.id)


def build_index(annotated: Annotated | Corpus) -> SiteIndex:
    """The index of ``annotated`` (a bare ``Corpus`` is taken as unannotated)."""
    if isinstance(annotated, Corpus):
        annotated = Annotated(annotated)
    # Hundreds of thousands of entries, none in a cycle: the collector walking them as they
    # come took two thirds of the time (N = 3,000). The index lives as long as the render:
    # frozen as made, it is not walked when the collector resumes either.
    with collector_paused(keep=True):
        return _build_index(annotated)


def _build_index(annotated: Annotated) -> SiteIndex:
    corpus = annotated.corpus
    ordered = event_order(annotated.events)
    events_of: dict[str, list[tuple[Event, list[EventMention]]]] = defaultdict(list)
    by_article: dict[str, dict[str, list[EventMention]]] = {}
    by_date: dict[str, list[str]] = {}
    for event in ordered:
        groups: dict[str, list[EventMention]] = {}
        for m in event.mentions:
            groups.setdefault(m.article, []).append(m)
        by_article[event.id] = groups
        by_date[event.id] = sorted(groups, key=lambda a: _date_key(corpus.article(a)))
        for article_id, ms in groups.items():
            events_of[article_id].append((event, ms))
    comparisons_of: dict[str, list[Comparison]] = defaultdict(list)
    for cmp in annotated.comparisons:
        for article_id in dict.fromkeys(f.article for f in cmp.figures):
            comparisons_of[article_id].append(cmp)
    notes_of: dict[str, list[Note]] = defaultdict(list)
    for note in annotated.notes:
        notes_of[note.article].append(note)
    ids = Counter(x.article for x in corpus.extractions)
    return SiteIndex(
        corpus=corpus, ordered_events=ordered, events_of=dict(events_of),
        comparisons_of=dict(comparisons_of), notes_of=dict(notes_of),
        mentions_by_article=by_article, sources_by_date=by_date, annotated=annotated,
        repeated_ids=frozenset(i for i, n in ids.items() if n > 1))
