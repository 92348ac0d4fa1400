"""Storylines: curated threads of events, put in date order.

Before: thread ``patrol-vessels`` naming events dated ``2015-08``, ``2014-05`` and one with
no date, reported only by an article dated ``2021``.
After: ``Thread(events=("…-2014-05", "…-2015-08", "…undated"))``; the undated event gets
``placed_by="article"`` and ``sort_date="2021"`` so a timeline can show it, marked.
Events a thread names but no article reports are left out of it.
"""

from __future__ import annotations

from dataclasses import replace

from jvreader.annotate.dates import sort_key
from jvreader.model import Corpus, CuratedThread, Event, Thread


def place_undated(event: Event, corpus: Corpus) -> Event:
    """An undated event takes the earliest date of the articles that mention it, marked so."""
    if event.date is not None:
        return event
    article_dates = sorted((d for d in (corpus.article(m.article).date for m in event.mentions)
                            if d), key=sort_key)
    if not article_dates:
        return event
    return replace(event, placed_by="article", sort_date=article_dates[0])


def build_threads(events: tuple[Event, ...], curated: tuple[CuratedThread, ...]
                  ) -> tuple[tuple[Thread, ...], tuple[Event, ...]]:
    """Threads with their events in date order, and the events with their thread ids set."""
    by_id = {e.id: e for e in events}
    threads: list[Thread] = []
    member_of: dict[str, list[str]] = {}
    for spec in curated:
        members = [by_id[i] for i in spec.events if i in by_id]
        if not members:
            continue
        ordered = sorted(members, key=lambda e: sort_key(e.sort_date or e.date))
        threads.append(Thread(id=spec.id, label=spec.label, events=tuple(e.id for e in ordered)))
        for e in ordered:
            member_of.setdefault(e.id, []).append(spec.id)
    updated = tuple(replace(e, threads=tuple(member_of.get(e.id, ()))) for e in events)
    return tuple(threads), updated
