"""What an entity's first page says before its quotes: a summary of bounded size.

    entity_summary(ctx, entity, mentions.groups, mentions.article_ids,
                   "entities/vietnam.html", entity_pages)
    -> {"events": [{"label": "Memorandum …", "date_label": "October 2011", "href": …,
                    "source_count": 3}, …],                    (most reported, shown by date)
        "event_count": 14,
        "co_mentioned": [{"name": "Japan", "href": "japan.html", "count": 120}, …],
        "co_mentioned_count": 31,
        "top_articles": [{"title": …, "href": "../articles/002.html", "count": 61,
                          "quotes_href": "vietnam.p1.html#a-002"}, …]}

Each list names at most a fixed number of items (``SUMMARY_EVENTS`` …) and counts the rest,
so a name in every article has a summary as long as a name in ten. The orders are explicit:
most first, then date or name, then id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from typing import Any

from jvreader.model import Corpus, Entity, Event
from jvreader.render import urls, views
from jvreader.render.context import RenderContext
from jvreader.render.events import event_entities, event_entry, event_order
from jvreader.render.labels import date_label

SUMMARY_EVENTS = 15
"""Events named in an entity's summary: the ones most sources report."""
SUMMARY_NAMES = 12
"""Co-mentioned names in an entity's summary: the ones sharing most sentences with it."""
SUMMARY_ARTICLES = 10
"""Articles in an entity's summary: the ones naming it most often."""


def entity_events(ctx: RenderContext) -> dict[str, list[Event]]:
    """Entity id → the events whose reporting sentences name it, in event order (made once
    per site: one pass over the events' mentions)."""
    index = ctx.index
    found = index.memo.get("entity events")
    if found is None:
        table: dict[str, list[Event]] = {}
        for event in index.ordered_events:
            for eid, _ in event_entities(ctx.index, event):
                table.setdefault(eid, []).append(event)
        found = index.memo["entity events"] = table
    return found  # type: ignore[return-value]


def co_mentions(ctx: RenderContext) -> dict[str, Counter[str]]:
    """Entity id → for each other gazetteer entity, how many sentences name both (made once
    per site: one pass over every article's mentions, sentence by sentence)."""
    index = ctx.index
    found = index.memo.get("co-mentions")
    if found is None:
        found = index.memo["co-mentions"] = _co_mentions(ctx.corpus)
    return found  # type: ignore[return-value]


def _co_mentions(corpus: Corpus) -> dict[str, Counter[str]]:
    known = {e.id for e in corpus.entities}
    table: dict[str, Counter[str]] = {}
    for x in corpus.extractions:
        by_sentence: dict[str, set[str]] = {}
        for m in x.mentions:
            if m.entity in known:
                by_sentence.setdefault(m.sentence or m.paragraph, set()).add(m.entity)
        for named in by_sentence.values():
            if len(named) < 2:
                continue
            for a in named:
                counts = table.setdefault(a, Counter())
                for b in named:
                    if b != a:
                        counts[b] += 1
    return table


def entity_summary(ctx: RenderContext, entity: Entity, groups: dict[str, tuple[Any, Any]],
                   article_ids: list[str], here: str, pages: Container[str]) -> dict[str, Any]:
    """The summary on the first page of ``entity``. ``groups`` is article id → (article, its
    mentions of the entity), ``article_ids`` their order on the entity's pages and ``pages``
    the entities that have a page (a co-mentioned name links to its own)."""
    events = entity_events(ctx).get(entity.id, [])
    index = ctx.index
    order = {e.id: i for i, e in enumerate(event_order(events))}
    most = sorted(events, key=lambda e: (-len(index.mentions_by_article[e.id]), order[e.id]))
    shown = sorted(most[:SUMMARY_EVENTS], key=lambda e: order[e.id])
    names = {e.id: e.name for e in reversed(ctx.corpus.entities)}  # the first wins
    others = [(eid, n) for eid, n in co_mentions(ctx).get(entity.id, Counter()).items()
              if eid in pages and eid in names]
    others.sort(key=lambda x: (-x[1], names[x[0]].casefold(), x[0]))
    place = {aid: i for i, aid in enumerate(article_ids)}
    top = sorted(article_ids, key=lambda aid: (-len(groups[aid][1]), place[aid]))
    return {
        "events": [_event_line(ctx, e, here) for e in shown],
        "event_count": len(events),
        "co_mentioned": [{"name": names[eid], "count": n,
                          "href": urls.rel(here, urls.entity_path(eid))}
                         for eid, n in others[:SUMMARY_NAMES]],
        "co_mentioned_count": len(others),
        "top_articles": [{
            "title": groups[aid][0].title,
            "date_label": date_label(groups[aid][0].date),
            "href": urls.rel(here, urls.article_path(aid)),
            "count": len(groups[aid][1]),
            "quotes_href": urls.rel(here, urls.entity_path(
                entity.id, place[aid] // views.SOURCES_PER_PAGE + 1), f"a-{aid}"),
        } for aid in top[:SUMMARY_ARTICLES]],
    }


def _event_line(ctx: RenderContext, event: Event, here: str) -> dict[str, Any]:
    """An event as the summary lists it: its entry's date, label, link and source count."""
    entry = event_entry(ctx.index, event, here)
    return {key: entry[key] for key in ("label", "href", "date", "date_label", "approximate",
                                         "source_count", "curated")}
