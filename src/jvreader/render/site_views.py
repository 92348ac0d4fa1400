"""Views of the corpus as a whole: home, timeline, storylines, events, sources.

    timeline_view(ctx, "timeline.html")
    -> {"groups": [{"year": "1973", "entries": [event_entry, …]}, …],
        "threads": [{"id": "patrol-vessels", "label": …}], "entities": [{"id", "name"}], …}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jvreader.model import Article, Event, Thread
from jvreader.render import urls
from jvreader.render.cite import KIND_WORDS, citation_text, source_kind, source_name
from jvreader.render.context import RenderContext
from jvreader.render.events import (
    QUOTES_PER_PAGE,
    event_entry,
    event_order,
    quote_pages,
    quotes,
    source_names,
)
from jvreader.render.fold import folded_words
from jvreader.render.labels import date_label
from jvreader.render.pager import list_pager, page_count, page_of, pager
from jvreader.render.timeline_axis import timeline_axis
from jvreader.render.timeline_places import (
    FOLD_INLINE,
    YEAR_PAGE_EVENTS,
    folded_by_year,
    group_by_year,
    is_folded,
    timeline_featured,
    timeline_split,
    year_page_events,
)
from jvreader.render.views import KIND_HEADINGS, article_order, article_summary
from jvreader.search import source_filter


def _filters(entries: list[dict[str, Any]], kinds: dict[str, str], here: str
             ) -> dict[str, list[dict[str, Any]]]:
    """The timeline's topic filters: its storylines, and the names its events mention
    grouped by the gazetteer's kind (people, places, organisations …), each by name."""
    threads: dict[str, str] = {}
    entities: dict[str, str] = {}
    for e in entries:
        threads.update({t["id"]: t["label"] for t in e["threads"]})
        entities.update({x["id"]: x["name"] for x in e["entities"]})
    by_kind: dict[str, list[dict[str, str]]] = {}
    for k, v in sorted(entities.items(), key=lambda kv: (kv[1].casefold(), kv[0])):
        heading = KIND_HEADINGS.get(kinds.get(k, ""), "Other names")
        by_kind.setdefault(heading, []).append({"id": k, "name": v})
    return {
        "threads": [{"id": k, "label": v, "href": urls.rel(here, urls.thread_path(k))}
                    for k, v in sorted(threads.items(), key=lambda kv: kv[1].casefold())],
        "entities": [{"id": k, "name": v} for k, v in sorted(entities.items(),
                                                             key=lambda kv: kv[1].casefold())],
        "entity_kinds": [{"heading": h, "entities": by_kind[h]} for h in sorted(by_kind)],
    }


def _counts(entries: list[dict[str, Any]]) -> dict[str, int]:
    """How many events of each kind: what the timeline and the events list say they show."""
    return {
        "event_count": len(entries),
        "curated_count": sum(1 for e in entries if e["curated"]),
        "automatic_count": sum(1 for e in entries if not e["curated"]),
        "multi_source": sum(1 for e in entries if not e["single_source"]),
        "single_count": sum(1 for e in entries if e["in_fold"]),
        "conflicts": sum(1 for e in entries if e["conflict"]),
    }


TIMELINE_STORYLINE_LINKS = 12
"""Storylines linked by name above the timeline (its filter for readers without script);
the storylines page has them all."""


def timeline_view(ctx: RenderContext, here: str) -> dict[str, Any]:
    """Every event by year: curated and several-source events listed, single-source
    automatic ones folded under the year, or on the year's own pages when many."""
    entries = [event_entry(ctx.index, e, here) for e in event_order(ctx.events)]
    split = timeline_split(ctx.index)
    groups = _split_groups(ctx, entries, here) if split else group_by_year(entries, here,
                                                                          FOLD_INLINE)
    kinds = {e.id: e.kind for e in reversed(ctx.corpus.entities)}  # the first wins
    return {
        "groups": groups,
        "split": split,
        "listed_count": sum(len(g["entries"]) + len(g["single"]) for g in groups),
        "axis": timeline_axis(entries),
        **_counts(entries),
        "on_year_pages": sum(g["single_count"] for g in groups if g["year_href"]),
        **_filters(entries, kinds, here),
        "storyline_links": TIMELINE_STORYLINE_LINKS,
        "threads_href": urls.rel(here, urls.THREADS_INDEX),
        "events_href": urls.rel(here, urls.EVENTS_INDEX),
        "event_sections": events_section_hrefs(ctx, here),
    }


def _split_groups(ctx: RenderContext, entries: list[dict[str, Any]], here: str
                  ) -> list[dict[str, Any]]:
    """A split timeline's years (``timeline_places.timeline_split``): each with its featured events
    only, how many it has in all, and a link to its own pages listing them all."""
    featured = timeline_featured(ctx.index)
    out = []
    for g in group_by_year(entries, fold=False):
        shown = [e for e in g["entries"] if e["id"] in featured]
        out.append({**g, "entries": shown, "single": [], "split": True,
                    "single_count": sum(1 for e in g["entries"] if e["in_fold"]),
                    "year_href": urls.rel(here, urls.timeline_year_path(g["year"])),
                    "year_count": len(g["entries"]),
                    "more_count": len(g["entries"]) - len(shown)})
    return out


def timeline_year_view(ctx: RenderContext, year: str, page: int, pages: int,
                       here: str) -> dict[str, Any]:
    """Page ``page`` of a year's own pages (``timeline_places.year_page_events``): its single-source
    automatic events, or on a split timeline all its events."""
    folded = year_page_events(ctx.index)[year]
    first = (page - 1) * YEAR_PAGE_EVENTS
    entries = [event_entry(ctx.index, e, here) for e in folded[first:first + YEAR_PAGE_EVENTS]]
    return {
        "year": year,
        "split": timeline_split(ctx.index),
        "groups": group_by_year(entries, fold=False),
        "count": len(folded),
        "range": (first + 1, first + len(entries)),
        "pages": [{"number": n, "href": urls.rel(here, urls.timeline_year_path(year, n)),
                   "current": n == page} for n in range(1, pages + 1)] if pages > 1 else [],
        "timeline_href": urls.rel(here, urls.TIMELINE, f"y-{year}"),
    }


def thread_view(ctx: RenderContext, thread: Thread, here: str) -> dict[str, Any]:
    events = {e.id: e for e in ctx.events}
    entries = [event_entry(ctx.index, events[eid], here) for eid in thread.events if eid in events]
    return {
        "id": thread.id,
        "label": thread.label,
        "curated": thread.curated,
        "groups": group_by_year(entries, fold=False),
        "event_count": len(entries),
        "span": _span(events[eid] for eid in thread.events if eid in events),
        "sources": sorted({name for eid in thread.events if eid in events
                           for name in source_names(ctx.index, events[eid])}),
    }


def _span(events: Iterable[Event]) -> tuple[str, str] | None:
    """The years a storyline runs over: of its dated events only (an undated statement is
    not placed by its article's date here)."""
    years = sorted(e.date[:4] for e in events if e.date)
    return (years[0], years[-1]) if years else None


THREAD_INDEX_EVENTS = 12
"""Events of each storyline listed on the storylines page (its own page has them all)."""


def threads_view(ctx: RenderContext, here: str) -> dict[str, Any]:
    events = {e.id: e for e in ctx.events}
    out = []
    for t in ctx.threads:
        ts = [events[e] for e in t.events if e in events]
        out.append({
            "label": t.label, "href": urls.rel(here, urls.thread_path(t.id)),
            "curated": t.curated,
            "event_count": len(ts),
            "span": _span(ts),
            "events": [{"label": e.label, "date_label": date_label(e.date) or "undated",
                        "href": urls.rel(here, urls.event_path(e.id))}
                       for e in ts[:THREAD_INDEX_EVENTS]],
            "more": max(0, len(ts) - THREAD_INDEX_EVENTS),
        })
    return {"threads": out,
            "curated_count": sum(1 for t in out if t["curated"]),
            "automatic_count": sum(1 for t in out if not t["curated"])}


EVENT_ROWS_PER_PAGE = 150
"""Rows of the events list (curated, then several-source automatic events) on one page
(``events/index.html``, ``events/index.p2.html`` …); single-source events are listed by year
on the first page, a year of many on its own pages."""


def _listed_events(ctx: RenderContext) -> list[Event]:
    """The events list's rows in order: curated, then automatic ones several sources report
    (made once per ``ctx``; read-only)."""
    memo = ctx.index.memo
    found = memo.get("events list rows")
    if found is None:
        ordered = event_order(ctx.events)
        folded = {e.id for es in folded_by_year(ctx.index).values() for e in es}
        found = memo["events list rows"] = (
            [e for e in ordered if e.curated]
            + [e for e in ordered if not e.curated and e.id not in folded])
    return found  # type: ignore[return-value]


def events_page_count(ctx: RenderContext) -> int:
    return page_count(len(_listed_events(ctx)), EVENT_ROWS_PER_PAGE)


def events_section_hrefs(ctx: RenderContext, here: str) -> dict[str, str]:
    """Links to the three sections of the events list (``#curated``, ``#automatic``,
    ``#single``), each on the page where it starts."""
    rows = _listed_events(ctx)
    first_automatic = next((i for i, e in enumerate(rows) if not e.curated), 0)
    automatic = urls.list_page_path(urls.EVENTS_INDEX,
                                    page_of(first_automatic, EVENT_ROWS_PER_PAGE))

    def link(page: str, section: str) -> str:  # on the page itself: its anchor alone
        return f"#{section}" if page == here else urls.rel(here, page, section)

    return {"curated": link(urls.EVENTS_INDEX, "curated"),
            "automatic": link(automatic, "automatic"),
            "single": link(urls.EVENTS_INDEX, "single")}


def events_view(ctx: RenderContext, here: str, page: int = 1) -> dict[str, Any]:
    """The events list in three sections (curated; found automatically, several sources;
    single source, by year), each reachable by a link: a filter that needs no script.
    Page ``page`` has ``EVENT_ROWS_PER_PAGE`` rows of the first two; the first has the
    third."""
    rows = _listed_events(ctx)
    first = (page - 1) * EVENT_ROWS_PER_PAGE
    shown = [event_entry(ctx.index, e, here) for e in rows[first:first + EVENT_ROWS_PER_PAGE]]
    counts = _event_counts(ctx)
    # on a split timeline every year has its own pages: each year links there, none listed
    inline = 0 if timeline_split(ctx.index) else FOLD_INLINE
    singles = group_by_year([event_entry(ctx.index, e, here) for es in
                             folded_by_year(ctx.index).values() for e in es], here,
                            inline) if page == 1 else []
    pages = events_page_count(ctx)
    return {
        "curated": [e for e in shown if e["curated"]],
        "automatic": [e for e in shown if not e["curated"]],
        "automatic_total": len(rows) - counts["curated_count"],
        "single_years": singles,
        **counts,
        "page": page,
        "range": (first + 1, first + len(shown), len(rows)),
        "pager": list_pager(here, urls.EVENTS_INDEX, page, len(rows), EVENT_ROWS_PER_PAGE),
        "last_page": page == pages,
        "sections": events_section_hrefs(ctx, here),
        "timeline_href": urls.rel(here, urls.TIMELINE),
    }


def _event_counts(ctx: RenderContext) -> dict[str, int]:
    """``_counts`` of every event, from the events alone (no entry made for each)."""
    memo = ctx.index.memo
    found = memo.get("event counts")
    if found is None:
        index = ctx.index
        sources = {e.id: len(index.mentions_by_article[e.id]) for e in ctx.events}
        folded = [e for e in ctx.events if is_folded(e, sources[e.id])]
        found = memo["event counts"] = {
            "event_count": len(ctx.events),
            "curated_count": sum(1 for e in ctx.events if e.curated),
            "automatic_count": sum(1 for e in ctx.events if not e.curated),
            "multi_source": sum(1 for e in ctx.events if sources[e.id] != 1),
            "single_count": len(folded),
            "conflicts": sum(1 for e in ctx.events if e.date_conflict),
        }
    return found  # type: ignore[return-value]


def event_view(ctx: RenderContext, event: Event, here: str,
               neighbours: tuple[Event | None, Event | None], page: int = 1) -> dict[str, Any]:
    """Page ``page`` of an event: its entry, and that page's share of the quotes. Nothing on
    it is repeated per source of the whole event (the search filter names this page's
    sources, the pager a few pages): at 10,000 articles the biggest event's 148 pages each
    named all its sources, 407 KB a page."""
    entry = event_entry(ctx.index, event, here)
    quoted = quotes(ctx.index, event, here, ctx.site.base_url, page)
    before, after = neighbours
    pages = quote_pages(event)
    first = (page - 1) * QUOTES_PER_PAGE
    return {
        **entry,
        "quotes": quoted,
        "source_names": list(dict.fromkeys(q["name"] for q in quoted)),
        "source_filters": list(dict.fromkeys(  # publications, never titles (search.py)
            source_filter(ctx.corpus.article(m.article))
            for m in event.mentions[first:first + QUOTES_PER_PAGE])),
        "page": page,
        "pager": pager(here, page, pages, lambda n: urls.event_path(event.id, n)),
        "first_page_href": urls.rel(here, urls.event_path(event.id)),
        "quote_range": (first + 1, first + len(quoted), len(event.mentions)),
        "previous": {"label": before.label, "href": urls.rel(here, urls.event_path(before.id))}
        if before else None,
        "next": {"label": after.label, "href": urls.rel(here, urls.event_path(after.id))}
        if after else None,
        "years": sorted({q["date_label"][-4:] for q in quoted if q["date_label"]}),
        "folded": folded_words([event.label, *(q["text"] for q in quoted)]),
    }


SOURCES_PER_PAGE = 100
"""Entries of the bibliography on one page (``sources.html``, ``sources.p2.html`` …)."""
ARTICLES_PER_PAGE = 100
"""Articles listed on one page of the home page's list (``index.html``, ``index.p2.html``)."""
PUBLICATIONS_NAMED = 30
"""Publications named on the home page (the sources pages list every article's)."""


def _articles_in_order(ctx: RenderContext) -> list[Article]:
    memo = ctx.index.memo
    found = memo.get("articles in order")
    if found is None:
        found = memo["articles in order"] = article_order(ctx.corpus.articles)
    return found  # type: ignore[return-value]


def sources_page_count(ctx: RenderContext) -> int:
    return page_count(len(ctx.corpus.articles), SOURCES_PER_PAGE)


def home_page_count(ctx: RenderContext) -> int:
    return page_count(len(ctx.corpus.articles), ARTICLES_PER_PAGE)


def sources_view(ctx: RenderContext, here: str, page: int = 1) -> dict[str, Any]:
    keys, site = ctx.citation_keys, ctx.site
    ordered = _articles_in_order(ctx)
    first = (page - 1) * SOURCES_PER_PAGE
    items = []
    for a in ordered[first:first + SOURCES_PER_PAGE]:
        page_url = urls.absolute(site.base_url, urls.article_path(a.id)) if site.base_url else None
        items.append({
            **article_summary(a, here),
            "key": keys[a.id],
            "kind_words": KIND_WORDS[source_kind(a)],
            "source": source_name(a),
            "url": urls.external_url(a.url),
            "citation": citation_text(a, None, None),
            "page_url": page_url,
            "original_href": urls.rel(here, urls.original_path(a.id)),
        })
    downloads = {k: urls.rel(here, path) for k, path in urls.DATA.items()}
    return {"sources": items, "downloads": downloads, "total": len(ordered),
            "range": (first + 1, first + len(items)),
            "pager": list_pager(here, urls.SOURCES, page, len(ordered), SOURCES_PER_PAGE)}


def home_view(ctx: RenderContext, here: str, page: int = 1) -> dict[str, Any]:
    """Page ``page`` of the home page: what the reader holds and the ways in (the first),
    and ``ARTICLES_PER_PAGE`` of its articles, newest first."""
    corpus = ctx.corpus
    ordered = _articles_in_order(ctx)
    first = (page - 1) * ARTICLES_PER_PAGE
    years, publications, undated, entity_count = _home_totals(ctx)
    return {
        "articles": [article_summary(a, here) for a in ordered[first:first + ARTICLES_PER_PAGE]],
        "article_count": len(corpus.articles),
        "publications": publications[:PUBLICATIONS_NAMED],
        "publication_count": len(publications),
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "undated_count": undated,
        "range": (first + 1, first + ARTICLES_PER_PAGE if first + ARTICLES_PER_PAGE
                  < len(ordered) else len(ordered)),
        "pager": list_pager(here, urls.INDEX, page, len(ordered), ARTICLES_PER_PAGE),
        "event_count": len(ctx.events),
        "thread_count": len(ctx.threads),
        "comparison_count": len(ctx.comparisons),
        "entity_count": entity_count,
        "links": {name: urls.rel(here, path) for name, path in (
            ("timeline", urls.TIMELINE), ("threads", urls.THREADS_INDEX),
            ("events", urls.EVENTS_INDEX), ("entities", urls.ENTITIES_INDEX),
            ("figures", urls.FIGURES), ("sources", urls.SOURCES), ("search", urls.SEARCH),
            ("feed", urls.FEED))},
    }


def _home_totals(ctx: RenderContext) -> tuple[list[str], list[str], int, int]:
    """The corpus's years, publications, undated articles and entities named, counted once
    per build: each of the home page's pages counted them again over every mention
    (a quadratic share of the views at N = 5,000)."""
    memo = ctx.index.memo
    found = memo.get("home totals")
    if found is None:
        corpus = ctx.corpus
        found = memo["home totals"] = (
            sorted(a.date[:4] for a in corpus.articles if a.date),
            sorted({a.publication for a in corpus.articles if a.publication}),
            sum(1 for a in corpus.articles if not a.date),
            len({m.entity for x in corpus.extractions for m in x.mentions}
                & {e.id for e in corpus.entities}))
    return found  # type: ignore[return-value]
