"""What the costly pages are made from, cheaper to gather than the pages' views themselves.

The page cache (``render.reuse``) keys a page by these inputs instead of its view, so an
unchanged page is reused without building its view. Each function returns everything its
view function reads, and nothing it does not (a missing input would reuse a stale page).

    article_inputs(annotated, article, "articles/a.html", entity_pages)
    -> ("3fa9…" (article and its extraction), "c1d0…" (gazetteer entities), "77e2…"
        (which entities have pages), [Note …] (its notes),
        ([("defense-mou-2011", "Memorandum …", ("p11",), "5be1…" (the sources named: their
        ids, digests and mentions), 0), …], [(…comparison…)]) (what its margin shows of
        other articles))
    event_inputs(annotated, event, around, 2, "events/e1.p2.html")
    -> ("51ac…" (its entry, sources' names, mentions quoted here and their articles),
        (None, ("e2", "Label")))
    entity_inputs(annotated, entity, mentions, ["001_…", …] (its articles), 2, entity_pages)
    -> (Entity(…), 2, 131, 57, ["3fa9…", …] (the articles on that page), None (the summary,
        on the first page))
    entries_inputs(annotated, "events/index.html")
    -> ("9d2e…", "07b1…", …) (each event's entry, by the digest of that entry)
    figures_inputs(annotated, "figures.html")
    -> ("c4f0…", …) (each comparison's view, by its digest)

The last two are keyed by digests of parts of their views, each remembered from the last
build by a key of what the part is made from (``PartDigests``): after an edit, the events
list, the timeline and figures.html were built whole only to be hashed, and then were
nearly always the same (a quarter of an edit's keys at N = 1,000).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from jvreader.cache import Cache
from jvreader.model import Annotated, Article, Comparison, Entity, Event
from jvreader.render.disagreements import network_inputs
from jvreader.render.entity_summary import entity_summary
from jvreader.render.events import (
    MARGIN_SOURCES,
    QUOTES_PER_PAGE,
    event_entry,
    event_order,
)
from jvreader.render.figures import comparison_view
from jvreader.render.index import site_index
from jvreader.render.reuse import PartDigests, digest_of
from jvreader.render.urls import entity_path
from jvreader.render.views import SOURCES_PER_PAGE, EntityMentions
from jvreader.shares import Shares

Part = TypeVar("Part")
_memo: list[tuple[object, dict[Any, Any]]] = []


def _digests(annotated: Annotated) -> dict[Any, Any]:
    """Digests remembered for the current ``annotated`` (by identity), like ``site_index``."""
    if _memo and _memo[0][0] is annotated:
        return _memo[0][1]
    table: dict[Any, Any] = {}
    _memo[:] = [(annotated, table)]
    return table


def use_article_keys(annotated: Annotated, keys: Mapping[str, str]) -> None:
    """Take ``keys`` (article id → the load cache's extraction key: a hash of the article's
    bytes, sidecar, gazetteer and the code, so equal keys mean an equal article and
    extraction) as the articles' digests: hashing a thousand pickled articles takes a second."""
    table = _digests(annotated)
    for article_id, key in keys.items():
        table.setdefault(("article", article_id), "key:" + key)


def article_digest(annotated: Annotated, article_id: str) -> str:
    """The article and its extraction, as one digest."""
    table = _digests(annotated)
    key = ("article", article_id)
    if key not in table:
        corpus = annotated.corpus
        table[key] = digest_of((corpus.article(article_id), corpus.extraction(article_id)))
    return table[key]


def _once(annotated: Annotated, name: str, value: Any) -> str:
    table = _digests(annotated)
    if name not in table:
        table[name] = digest_of(value)
    return table[name]


def article_inputs(annotated: Annotated, article: Article, here: str,
                   entity_pages: Mapping[str, str]) -> tuple[Any, ...]:
    """What ``reader.reader_view`` reads: the article with its extraction, the gazetteer,
    which entities have pages, its notes, and what its margin shows of other articles
    (``margin_inputs``; ``here`` is in the page's key already)."""
    index = site_index(annotated)
    return (
        article_digest(annotated, article.id),
        _once(annotated, "entities", annotated.corpus.entities),
        _once(annotated, "entity pages", dict(entity_pages)),
        index.notes_of.get(article.id, []),
        margin_inputs(annotated, article),
        network_inputs(annotated, article.id),  # events' dates, storylines; disagreements
    )


def margin_inputs(annotated: Annotated, article: Article) -> tuple[list, list]:
    """What ``sidenotes.paragraph_sidenotes`` reads besides the article itself, from the site
    index, without building the notes: per event, its id, label, this article's paragraphs
    and the other sources the note names (as one digest: each article's digest and its
    mentions of the event) with the count of the rest; per comparison, its fields, this
    article's figures, the other figures shown (with their articles' digests) and the count
    of the rest."""
    index = site_index(annotated)
    events = []
    for event, here_mentions in index.events_of.get(article.id, ()):
        groups = index.mentions_by_article[event.id]
        # the sources named (``SiteIndex.margin_choice``) are the same for every article
        # not among the first ``MARGIN_SOURCES`` + 1: hashed once for all of those
        first = index.sources_by_date[event.id][:MARGIN_SOURCES + 1]
        excluded = article.id if article.id in first else None
        digest, shown = _sources_digest(annotated, event.id, excluded)
        events.append((
            event.id, event.label, tuple(dict.fromkeys(m.paragraph for m in here_mentions)),
            digest, len(groups) - (article.id in groups) - shown))
    comparisons = []
    for cmp in index.comparisons_of.get(article.id, ()):
        own, shown, other_count = index.comparison_share(cmp, article.id, MARGIN_SOURCES)
        comparisons.append((cmp.id, cmp.measure, cmp.verdict, _note_digest(annotated, cmp),
                            own, [(f, article_digest(annotated, f.article)) for f in shown],
                            other_count))
    return events, comparisons


def _sources_digest(annotated: Annotated, event_id: str, excluded: str | None
                    ) -> tuple[str, int]:
    """The sources an article's margin names for an event (``SiteIndex.margin_choice`` but
    ``excluded``): each article's digest and its mentions of the event, in the order shown,
    as one digest, and how many they are; made once per event and excluded article."""
    table = _digests(annotated)
    key = ("margin sources", event_id, excluded)
    if key not in table:
        index = site_index(annotated)
        groups = index.mentions_by_article[event_id]
        chosen = index.margin_choice(event_id, excluded, MARGIN_SOURCES)
        table[key] = (digest_of([(a, article_digest(annotated, a),
                                  _mentions_digest(annotated, event_id, a, groups[a]))
                                 for a in chosen]), len(chosen))
    return table[key]  # type: ignore[no-any-return]


def _note_digest(annotated: Annotated, comparison: Comparison) -> str:
    """A comparison's note, hashed once: a note of figures in different periods names every
    figure (200 KB at N = 10,000), and the thousands of articles it compares each hashed it
    in their page's key."""
    table = _digests(annotated)
    key = ("comparison note", id(comparison))  # the table lives no longer than ``annotated``
    if key not in table:
        table[key] = digest_of(comparison.note)
    return table[key]


def _mentions_digest(annotated: Annotated, event_id: str, article_id: str,
                     mentions: list) -> str:
    """An article's mentions of an event, hashed once: the same few earliest sources are
    named in the margin of nearly every article reporting the event."""
    table = _digests(annotated)
    key = ("event mentions", event_id, article_id)
    if key not in table:
        table[key] = digest_of(mentions)
    return table[key]


def event_inputs(annotated: Annotated, event: Event,
                 around: tuple[Event | None, Event | None], page: int, here: str
                 ) -> tuple[Any, ...]:
    """What ``site_views.event_view`` reads for one quote page ``here``: its neighbours' ids
    and labels, and the digest of ``_quote_page``, remembered by the event's digest (an
    event unchanged since the last build is not looked at again)."""
    key = f"quote page\0{event_digest(annotated, event)}\0{page}\0{here}"
    return (_parts(annotated).get(key, lambda: _quote_page(annotated, event, page, here)),
            tuple((e.id, e.label) if e is not None else None for e in around))


def _quote_page(annotated: Annotated, event: Event, page: int, here: str) -> tuple[Any, ...]:
    """The rest of what a quote page reads: the event's entry (by its digest, remembered as
    the events list's are), the page number and the number of
    mentions, and the mentions quoted on this page with their articles' digests. Not every
    reporting article: an event told by a thousand has twenty pages of quotes, and an edit
    to one of its articles made every page again (831 pages an edit at N = 10,000)."""
    first = (page - 1) * QUOTES_PER_PAGE
    quoted = event.mentions[first:first + QUOTES_PER_PAGE]
    return (
        _entry_digest(annotated, event, here), page,
        len(event.mentions), quoted,
        [article_digest(annotated, a) for a in dict.fromkeys(m.article for m in quoted)])


def event_digest(annotated: Annotated, event: Event) -> str:
    """The event, its threads, the gazetteer's entities (names), and every article reporting
    it (names, dates, paragraphs, sentences, claims, entity mentions), as one digest: what
    the event's entry (``events.event_entry``) and quote pages read besides their folder."""
    table = _digests(annotated)
    key = ("event", event.id)
    if key not in table:  # an event of many quote pages is hashed once
        threads = {t.id: t.label for t in annotated.threads}
        groups = site_index(annotated).mentions_by_article[event.id]
        table[key] = digest_of((
            event,
            [(t, threads[t]) for t in event.threads if t in threads],
            _once(annotated, "entities", annotated.corpus.entities),
            [article_digest(annotated, a) for a in groups]))
    return table[key]  # type: ignore[no-any-return]


def by_event(annotated: Annotated, shares: Shares[Part]
             ) -> Callable[[Event, Callable[[], Part]], Part]:
    """A data file's share for an event (``feeds.EventPart``): remembered in ``shares`` by
    the event's digest (``event_digest``: everything an event's share reads besides the site
    settings and the code, which are in ``shares``' salt), or made now."""
    return lambda event, make: shares.get(event_digest(annotated, event), make)


def event_shares(annotated: Annotated, store: Cache, kind: str, salt: str) -> Shares[Any]:
    """``Shares`` holding one share per event of a data file (``by_event``)."""
    return Shares(store, kind, salt, [event_digest(annotated, e) for e in annotated.events])


def use_part_digests(annotated: Annotated, parts: PartDigests) -> None:
    """Remember ``parts`` for the current ``annotated`` (``entries_inputs``, ``figures_inputs``;
    without it, the parts of this build are hashed and forgotten)."""
    _digests(annotated)["parts"] = parts


def _parts(annotated: Annotated) -> PartDigests:
    table = _digests(annotated)
    if "parts" not in table:
        table["parts"] = PartDigests()
    return table["parts"]  # type: ignore[no-any-return]


def entries_inputs(annotated: Annotated, here: str) -> tuple[str, ...]:
    """What ``site_views.events_view`` and ``timeline_view`` read besides ``here``: every
    event's entry, in their order, each as the digest of the entry (``event_entry``, which
    reads the event and its articles, ``event_digest``, and the folder of ``here``)."""
    return tuple(_entry_digest(annotated, e, here) for e in event_order(annotated.events))


def _entry_digest(annotated: Annotated, event: Event, here: str) -> str:
    """The digest of the event's entry for pages in the folder of ``here`` (``event_entry``
    reads the event and its articles, ``event_digest``, and that folder), remembered."""
    return _parts(annotated).get(
        f"event entry\0{event_digest(annotated, event)}\0{posixpath.dirname(here)}",
        lambda: event_entry(annotated, event, here))


def figures_inputs(annotated: Annotated, here: str) -> tuple[str, ...]:
    """What ``figures.figures_view`` reads besides ``here``: every comparison's view, in
    order, each as its digest (``comparison_view`` reads the comparison, its figures'
    articles and extractions, and the folder of ``here``)."""
    parts, folder = _parts(annotated), posixpath.dirname(here)
    return tuple(parts.get(f"comparison\0{_comparison_digest(annotated, c)}\0{folder}",
                           lambda c=c: comparison_view(annotated, c, here))  # type: ignore[misc]
                 for c in annotated.comparisons)


def _comparison_digest(annotated: Annotated, comparison: Comparison) -> str:
    articles = dict.fromkeys(f.article for f in comparison.figures)
    return digest_of((comparison.id, comparison.measure, comparison.verdict,
                      comparison.curated, comparison.figures,
                      _note_digest(annotated, comparison),
                      [article_digest(annotated, a) for a in articles]))


def entity_inputs(annotated: Annotated, entity: Entity, mentions: EntityMentions,
                  articles: Sequence[str], page: int, entity_pages: Mapping[str, str]
                  ) -> tuple[Any, ...]:
    """What ``views.entity_view`` reads for one page: the entity, every mention's count, and
    the articles quoted on this page; on the first page, its summary itself (bounded, and
    read from events and co-mentions all over the corpus). An article's mentions of the entity
    (which sentences are quoted, what is highlighted) come from the article and its
    extraction alone (``views.mentions_by_entity``), so its digest stands for them: hashing
    the mention lists themselves cost more than half the time of every entity key."""
    first = (page - 1) * SOURCES_PER_PAGE
    shown = articles[first:first + SOURCES_PER_PAGE]  # the ids, in ``group_by_article`` order
    summary = entity_summary(annotated, entity, mentions.groups, mentions.article_ids,
                             entity_path(entity.id), entity_pages) if page == 1 else None
    return (
        entity, page, len(mentions), len(articles),
        [article_digest(annotated, article_id) for article_id in shown], summary,
    )
