"""Events as the reader sees them: dated, precision-aware, with the sources that report them.

    event_entry(index, event, "timeline.html")   (index: ``index.build_index``)
    -> [{"id": "defense-mou-2011", "label": "Memorandum …", "date_label": "October 2011",
         "year": "2011", "sources": [{"name": "China International Studies",
         "links": [{"href": "articles/001.html#p8", "label": "¶8"}], "gives": ["October 2011",
         "2011"]}, …], "source_count": 2, "single_source": False, …}, …]

A source's own wording of the date is kept beside the event's date ("early 2016" next to
12 April 2016), and sources that disagree are flagged, so nothing is rounded away. An
entry names at most ``ENTRY_SOURCES`` sources (``more`` counts the rest, which the event's
own pages list), so a page never grows with the number of articles times sources.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from jvreader.model import Event, EventMention
from jvreader.render import urls
from jvreader.render.cite import citation_text, source_name
from jvreader.render.index import SiteIndex, sort_date
from jvreader.render.index import event_order as event_order  # where the pages ask for it
from jvreader.render.labels import date_label
from jvreader.render.markup import without_footnote_calls
from jvreader.render.timeline_places import is_folded, timeline_place

ENTRY_SOURCES = 5
"""Sources named in a timeline, storyline or events-list entry; the event page has them all."""
MARGIN_SOURCES = 3
"""Other sources named in an article's margin note for an event."""
QUOTES_PER_PAGE = 50
"""Quotes on one page of an event: an event many articles report gets several pages."""

QUALIFIER_WORDS = {"end": "end of ", "mid": "mid-", "middle": "mid-"}
"""How a qualifier reads before a year; any other is followed by a space ("early 2016")."""


def qualified_label(value: str | None, qualifier: str | None = None) -> str:
    """``("2016-01/2016-04", "early")`` → ``early 2016``; ``("2011-10", None)`` → October 2011."""
    if not value:
        return ""
    if qualifier:
        start, _, end = value.partition("/")
        if not end or start[:4] == end[:4]:
            return f"{QUALIFIER_WORDS.get(qualifier, qualifier + ' ')}{start[:4]}"
    return date_label(value)


def mention_date_label(index: SiteIndex, mention: EventMention) -> str:
    """The date this source gives, in its own precision (with "early", "late" … kept)."""
    if not mention.date or not index.corpus.extraction(mention.article):
        return qualified_label(mention.date)
    ends = mention.date.split("/")
    # only claims with a qualified date can qualify it: most articles have none, so the
    # label of most mentions is the plain date's (memoised in ``date_label``)
    for claim in index.qualified_claims(mention.article):
        if claim.sentence != mention.sentence and claim.id != mention.claim:
            continue
        for d in claim.dates:
            if not d.qualifier:
                continue
            # "early 2016" is stored as 2016 + "early"; annotation narrows it to 2016-01/2016-04
            if d.value == mention.date or all(end.startswith(d.value) for end in ends):
                return qualified_label(mention.date, d.qualifier)
    return qualified_label(mention.date)


def sentence_text(index: SiteIndex, mention: EventMention) -> str:
    """The sentence that reports the event; the whole paragraph when the sentence is unknown."""
    sentence = index.sentence(mention.article, mention.sentence)
    if sentence is not None:
        return sentence.text
    return index.corpus.article(mention.article).paragraph(mention.paragraph).text


def event_entities(index: SiteIndex, event: Event) -> list[tuple[str, str]]:
    """(id, name) of the entities named in the sentences reporting ``event``, by name."""
    names = index.memo.get("entity names")
    if names is None:
        names = index.memo["entity names"] = {e.id: e.name for e in index.corpus.entities}
    named = index.sentence_entities
    found = {eid for m in event.mentions for eid in named(m.article, m.sentence)
             if eid in names}
    return sorted(((eid, names[eid]) for eid in found), key=lambda x: (x[1].casefold(), x[0]))


def sources_of(index: SiteIndex, mentions: Iterable[EventMention], here: str,
               exclude: str | None = None) -> list[dict[str, Any]]:
    """Mentions grouped by article (in order of first mention), each with paragraph links."""
    by_article: dict[str, list[EventMention]] = {}
    for m in mentions:
        if m.article != exclude:
            by_article.setdefault(m.article, []).append(m)
    return [source_entry(index, a, ms, here) for a, ms in by_article.items()]


def source_entry(index: SiteIndex, article_id: str, ms: list[EventMention], here: str
                 ) -> dict[str, Any]:
    """One source of an event: its name and date, links to its paragraphs, the dates it gives."""
    article = index.corpus.article(article_id)
    seen: dict[str, dict[str, Any]] = {}
    for m in ms:
        if m.paragraph not in seen:
            number = index.paragraph_number(article, m.paragraph)
            seen[m.paragraph] = {
                "href": urls.rel(here, urls.article_path(article_id), m.paragraph),
                "label": f"¶{number}", "number": number,
            }
    gives = []
    for m in ms:
        label = mention_date_label(index, m) or "no date"
        if label not in gives:
            gives.append(label)
    return {
        "article": article_id,
        "name": source_name(article),
        "title": article.title,
        "article_href": urls.rel(here, urls.article_path(article_id)),
        "date_label": date_label(article.date),
        "links": list(seen.values()),
        "gives": gives,
    }


def margin_sources(index: SiteIndex, event: Event, article_id: str, here: str,
                   limit: int = MARGIN_SOURCES) -> tuple[list[dict[str, Any]], int]:
    """Up to ``limit`` other sources of ``event`` and how many more there are. The ones shown
    are the earliest-dated (then by id), listed in order of first mention like the rest."""
    groups = index.mentions_by_article[event.id]
    others = len(groups) - (article_id in groups)
    head = index.sources_by_date[event.id][:limit + 1]
    if article_id in head or any(here == urls.article_path(a) for a in head):
        shown = [_margin_entry(index, event.id, a, groups[a], here)
                 for a in index.margin_choice(event.id, article_id, limit)]
        return shown, others - len(shown)
    # not one of the earliest: the same sources as every other such article's margin,
    # chosen once per event and folder (read-only)
    parts = index.folder_parts(urls.folder(here))
    key = ("margin sources", event.id, limit)
    found = parts.get(key)
    if found is None:
        found = parts[key] = [_margin_entry(index, event.id, a, groups[a], here)
                              for a in index.margin_choice(event.id, article_id, limit)]
    return found, others - len(found)  # type: ignore[arg-type]


def _margin_entry(index: SiteIndex, event_id: str, article_id: str,
                  ms: list[EventMention], here: str) -> dict[str, Any]:
    """``source_entry``, made once per event, source and folder of the page: a source is
    named in the margin of every article reporting the same event (read-only, shared)."""
    target = urls.article_path(article_id)
    if here == target:  # a link to the page itself is written differently
        return source_entry(index, article_id, ms, here)
    parts = index.folder_parts(urls.folder(here))
    key = ("margin entry", event_id, article_id)
    found = parts.get(key)
    if found is None:
        found = parts[key] = source_entry(index, article_id, ms, here)
    return found  # type: ignore[return-value]


def source_names(index: SiteIndex, event: Event) -> list[str]:
    """The distinct names of every source reporting ``event``, in order of first mention
    (made once per event: each of its quote pages shows them all). Read-only."""
    memo = index.memo
    key = ("source names", event.id)
    found = memo.get(key)
    if found is None:
        corpus = index.corpus
        groups = index.mentions_by_article[event.id]
        found = memo[key] = list(dict.fromkeys(source_name(corpus.article(a)) for a in groups))
    return found  # type: ignore[return-value]


def event_entry(index: SiteIndex, event: Event, here: str) -> dict[str, Any]:
    """One event, ready for the timeline, a storyline or the events list: its first
    ``ENTRY_SOURCES`` sources in order of first mention, and how many there are in all.

    Made once per event and folder of ``here`` (its links depend on nothing else), for the
    current ``index``: the timeline, the events list and an event's quote pages share it.
    Read-only: callers copy it before adding to it."""
    parts = index.folder_parts(urls.folder(here))
    key = ("event entry", event.id)
    found = parts.get(key)
    if found is None:
        found = parts[key] = _event_entry(index, event, here)
    return found  # type: ignore[return-value]


def _event_entry(index: SiteIndex, event: Event, here: str) -> dict[str, Any]:
    threads = {t.id: t for t in index.annotated.threads}
    groups = index.mentions_by_article[event.id]
    sources = [source_entry(index, a, ms, here)
               for a, ms in itertools.islice(groups.items(), ENTRY_SOURCES)]
    dated, entities = _event_facts(index, event)
    folded = is_folded(event, len(groups))
    return {
        "id": event.id,
        "anchor": f"e-{event.id}",
        "label": event.label,
        "href": urls.rel(here, urls.event_path(event.id)),
        # the page of the timeline listing it: the timeline itself or its year's own page
        "timeline_href": urls.rel(here, *timeline_place(index, event)),
        **dated,
        "kind": "curated" if event.curated else "automatic",
        "in_fold": folded,
        "sources": sources,
        "source_count": len(groups),
        "more_sources": len(groups) - len(sources),
        "single_source": len(groups) == 1,
        "threads": [{"id": t, "label": threads[t].label,
                     "href": urls.rel(here, urls.thread_path(t))}
                    for t in event.threads if t in threads],
        "entities": [{"id": eid, "name": name, "href": urls.rel(here, urls.entity_path(eid))}
                     for eid, name in entities],
    }


def _event_facts(index: SiteIndex, event: Event
                 ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """What an event's entry says whatever page it is on (its dates, evidence and entities),
    made once per event: the timeline, the events list and the storylines are in different
    folders, and each made it again (a second each at N = 10,000). Read-only."""
    memo = index.memo
    key = ("event facts", event.id)
    found = memo.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    qualifier = None
    for m in event.mentions:
        if m.date == event.date:
            label = mention_date_label(index, m)
            if label != date_label(m.date):
                qualifier = label
    when = sort_date(event)
    first_giving: dict[str | None, EventMention] = {}  # each date's first mention: one pass,
    for m in event.mentions:  # not one per date (a thousand dates × mentions, big events)
        first_giving.setdefault(m.date, m)
    dated = {
        "date": event.date,
        "date_label": qualifier or date_label(event.date) if event.date else "Undated",
        "approximate": bool(qualifier) or "/" in (event.date or ""),
        "year": when[:4] if when else "Undated",
        "conflict": event.date_conflict,
        "dates": [mention_date_label(index, first_giving[d]) if d in first_giving
                  else qualified_label(d) for d in event.dates],
        "placed_by_article": event.placed_by == "article",
        "placed_year": (event.sort_date or "")[:4],
        "curated": event.curated,
        "score": event.score,
        "evidence": sorted({ev for m in event.mentions for ev in m.evidence}),
    }
    facts = memo[key] = (dated, event_entities(index, event))
    return facts


def quote_pages(event: Event) -> int:
    """How many pages the event's quotes fill (at least one)."""
    return max(1, -(-len(event.mentions) // QUOTES_PER_PAGE))


def quotes(index: SiteIndex, event: Event, here: str, base_url: str | None,
           page: int = 1) -> list[dict]:
    """The sentences reporting ``event`` on quote page ``page`` (``QUOTES_PER_PAGE`` each, in
    mention order), with their source and a ready-made citation."""
    corpus = index.corpus
    out = []
    start = (page - 1) * QUOTES_PER_PAGE
    for m in event.mentions[start:start + QUOTES_PER_PAGE]:
        article = corpus.article(m.article)
        number = index.paragraph_number(article, m.paragraph)
        text = without_footnote_calls(sentence_text(index, m))  # its notes are not here
        link = urls.absolute(base_url, urls.article_path(article.id), m.paragraph) \
            if base_url else None
        out.append({
            "text": text,
            "name": source_name(article),
            "title": article.title,
            "date_label": date_label(article.date),
            "gives": mention_date_label(index, m) or "no date",
            "href": urls.rel(here, urls.article_path(article.id), m.paragraph),
            "number": number,
            "cite": f"“{text}” {citation_text(article, number, link)}",
            "evidence": list(m.evidence),
        })
    return out
