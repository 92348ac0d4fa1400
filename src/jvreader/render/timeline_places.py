"""Where the timeline lists each event: which events it folds (single-source, found
automatically) and which it features, and the years' own pages once it is split.

    timeline_place(index, event) -> ("timeline.html", "e-defense-mou-2011") on a small
    site; on a big one, the year page listing it ("timeline/2011.html", …)
"""

from __future__ import annotations

from typing import Any

from jvreader.model import Event
from jvreader.render import urls
from jvreader.render.index import SiteIndex, sort_date

FOLD_INLINE = 30
"""A year's single-source automatic events folded into the timeline (under the year); a
year of more has them on its own pages (``urls.timeline_year_path``)."""
YEAR_PAGE_EVENTS = 200
"""Events on one of a year's pages of single-source events."""


def is_folded(event: Event, source_count: int) -> bool:
    """Whether the timeline folds the event under its year: found automatically and told
    by one source (curated events and those of several sources come first)."""
    return not event.curated and source_count == 1


def event_year(event: Event) -> str:
    """The year an event is listed under (``Undated`` without a date to order it by)."""
    when = sort_date(event)
    return when[:4] if when else "Undated"


def group_by_year(entries: list[dict[str, Any]], here: str | None = None,
                  inline: int | None = None, fold: bool = True) -> list[dict[str, Any]]:
    """Entries by year: each year's curated and several-source events (``entries``) and its
    folded ones (``single``, ``single_count`` of them; none unless ``fold``). A year of more
    than ``inline`` folded events (given ``here``, the page's path) lists none and links to
    the year's own page (``year_href``)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        groups.setdefault(e["year"], []).append(e)
    out = []
    for y, es in groups.items():
        folded = [e for e in es if e["in_fold"]] if fold else []
        on_page = inline is None or here is None or len(folded) <= inline
        out.append({
            "year": y, "anchor": f"y-{y}",
            "entries": [e for e in es if not e["in_fold"]] if fold else es,
            "single": folded if on_page else [], "single_count": len(folded),
            "year_href": None if on_page else urls.rel(here, urls.timeline_year_path(y)),
            "split": False,  # on a split timeline, the year links to all its events
            "more_count": 0,
        })
    return out


def folded_by_year(index: SiteIndex) -> dict[str, list[Event]]:
    """The events the timeline folds (``is_folded``), by year, in timeline order."""
    found: dict[str, list[Event]] = {}
    for e in index.ordered_events:
        if is_folded(e, len(index.mentions_by_article[e.id])):
            found.setdefault(event_year(e), []).append(e)
    return found


TIMELINE_ENTRIES = 100
"""Events listed on the timeline page itself. A corpus of more lists there only the
``TIMELINE_ENTRIES`` most reported (curated first), and every year has its own pages with all
its events (``year_page_events``): the timeline stays the same size however many there are."""


def timeline_split(index: SiteIndex) -> bool:
    """Whether the timeline lists more events than ``TIMELINE_ENTRIES`` when it lists every
    curated and several-source event, and the folded events of years of few."""
    memo = index.memo
    found = memo.get("timeline split")
    if found is None:
        folded = folded_by_year(index)
        listed = (len(index.ordered_events) - sum(len(es) for es in folded.values())
                  + sum(len(es) for es in folded.values() if len(es) <= FOLD_INLINE))
        found = memo["timeline split"] = listed > TIMELINE_ENTRIES
    return found  # type: ignore[return-value]


def timeline_featured(index: SiteIndex) -> frozenset[str]:
    """The events a split timeline lists (``timeline_split``): curated first, then those the
    most sources report, then in timeline order; ``TIMELINE_ENTRIES`` of them."""
    memo = index.memo
    found = memo.get("timeline featured")
    if found is None:
        sources = index.mentions_by_article
        ranked = sorted(
            (e for e in index.ordered_events if not is_folded(e, len(sources[e.id]))),
            key=lambda e: (not e.curated, -len(sources[e.id])))  # stable: timeline order
        found = memo["timeline featured"] = frozenset(
            e.id for e in ranked[:TIMELINE_ENTRIES])
    return found  # type: ignore[return-value]


def year_page_events(index: SiteIndex) -> dict[str, list[Event]]:
    """The events on each year's own pages, in order. On a split timeline, every year has
    them and they are all the year's events (several-source ones first, then those one
    source reports); otherwise only a year of more than ``FOLD_INLINE`` folded events has
    them, and they are those."""
    memo = index.memo
    found = memo.get("year page events")
    if found is None:
        folded = folded_by_year(index)
        if timeline_split(index):
            table: dict[str, list[Event]] = {}
            for e in index.ordered_events:
                table.setdefault(event_year(e), [])
                if not is_folded(e, len(index.mentions_by_article[e.id])):
                    table[event_year(e)].append(e)
            for year, es in folded.items():
                table[year].extend(es)
        else:
            table = {year: es for year, es in folded.items() if len(es) > FOLD_INLINE}
        found = memo["year page events"] = table
    return found  # type: ignore[return-value]


def year_pages(index: SiteIndex) -> list[tuple[str, int]]:
    """``(year, number of pages)`` of each year that has its own pages (``year_page_events``)."""
    return [(year, -(-len(es) // YEAR_PAGE_EVENTS))
            for year, es in year_page_events(index).items()]


def timeline_place(index: SiteIndex, event: Event) -> tuple[str, str]:
    """The page of the timeline listing ``event``, and the anchor to link to there."""
    memo = index.memo
    table = memo.get("timeline places")
    if table is None:
        table = {}
        for year, es in year_page_events(index).items():
            for i, e in enumerate(es):
                table[e.id] = (urls.timeline_year_path(year, i // YEAR_PAGE_EVENTS + 1),
                               f"e-{e.id}")
        if timeline_split(index):
            for eid in timeline_featured(index):
                table[eid] = (urls.TIMELINE, f"e-{eid}")
        memo["timeline places"] = table
    found = table.get(event.id)  # type: ignore[union-attr]
    if found is not None:
        return found  # type: ignore[no-any-return]
    if is_folded(event, len(index.mentions_by_article[event.id])):
        return urls.TIMELINE, f"y-{event_year(event)}"  # folded under its year
    return urls.TIMELINE, f"e-{event.id}"
