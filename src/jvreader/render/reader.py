"""The article page's full view: the marked text plus margin notes, citations and search hints.

    reader_view(ctx, article, "articles/002.html")    (ctx: ``context.render_context``)
    -> {**article_view(...), "paragraphs": [{"id": "p11", "sidenotes": {...},
        "cite": "Khmer Times. “With An Eye on China ….” 20 September 2015, ¶11. …"}, …],
        "meta": [("citation_title", …), …], "json_ld": Markup('{"@context": …'),
        "filters": {"source": "Khmer Times", "year": "2015", "entity": [...]}, …}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jvreader.model import Article
from jvreader.render import urls
from jvreader.render.cite import KIND_WORDS, citation_text, paragraph_citations, source_kind
from jvreader.render.cite import source_name as source_name_of
from jvreader.render.cite_tags import json_ld, meta_tags, open_graph
from jvreader.render.context import RenderContext
from jvreader.render.disagreements import (
    article_disagreements,
    margin_parts,
    sides_of,
)
from jvreader.render.fold import folded_words
from jvreader.render.sidenotes import article_notes, note_marker_spans, paragraph_sidenotes
from jvreader.render.views import article_view
from jvreader.search import source_filter

PANEL_EVENTS = 200
"""Events listed in the "In this article" panel; the rest are counted."""
TAGS = re.compile(r"<[^>]+>")


def reader_view(ctx: RenderContext, article: Article, here: str) -> dict[str, Any]:
    site = ctx.site
    notes = article_notes(ctx, article)
    view = article_view(ctx.corpus, article, here, ctx.entity_pages, note_marker_spans(notes),
                        ctx.entities_by_name)
    sidenotes = paragraph_sidenotes(ctx, article, here)
    page_url = urls.absolute(site.base_url, here) if site.base_url else None
    paragraphs = []
    cite = paragraph_citations(article)
    for p in view["paragraphs"]:
        link = f"{page_url}#{p['id']}" if page_url else None
        paragraphs.append({
            **p,
            "sidenotes": sidenotes.get(p["id"]),
            "cite": cite(p["number"], link),
        })
    # a footnote that is one side of a disagreement is flagged where it is listed
    flagged: dict[str, list[dict[str, Any]]] = {}
    for d in article_disagreements(ctx, article.id):
        for i in sides_of(ctx, d, article.id):
            if d.sides[i].where.startswith("fn-"):
                flagged.setdefault(d.sides[i].where, []).append(
                    margin_parts(ctx, d, here)[0])
    footnotes = [{**f, "disagreements": flagged.get(f"fn-{f['n']}", [])}
                 for f in view["footnotes"]]
    names = [e["name"] for e in view["entities"]]
    natives = [n["name"] for e in view["entities"] for n in e["native"]]
    note_text = [TAGS.sub(" ", n.html) for n in notes]
    kind = source_kind(article)
    return {
        **view,
        "paragraphs": paragraphs,
        "footnotes": footnotes,
        "kind": kind,
        "kind_words": KIND_WORDS[kind],
        "source_name": source_name_of(article),
        "citation": citation_text(article, None, page_url),
        "original_href": urls.rel(here, urls.original_path(article.id)),
        "meta": meta_tags(article),
        "json_ld": json_ld(article, page_url),
        "open_graph": open_graph(article, page_url, site.title) if page_url else [],
        "filters": {
            "source": source_filter(article),
            "year": (article.date or "")[:4] or None,
            "entity": names,
        },
        "folded": folded_words([*natives, *names, *(p.text for p in article.paragraphs),
                                *note_text]),
        "notes_count": len(notes),
        "panel": in_this_article(ctx, article, here, sidenotes),
    }


def in_this_article(ctx: RenderContext, article: Article, here: str,
                    sidenotes: Mapping[str, Mapping[str, list[dict[str, Any]]]]
                    ) -> dict[str, list[dict[str, Any]]]:
    """The "In this article" panel: its events (dated, in reading order), their storylines,
    the figures compared with other sources and its disagreements, each linked to its page
    and to the paragraph saying it (the names are the page's ``entities``)."""
    index = ctx.index
    events: dict[str, dict[str, Any]] = {}
    threads: dict[str, dict[str, Any]] = {}
    figures: dict[str, dict[str, Any]] = {}
    disagreements: dict[str, dict[str, Any]] = {}
    for p in article.paragraphs:  # reading order: each thing at its first paragraph
        notes = sidenotes.get(p.id)
        if not notes:
            continue
        where = {"at": f"#{p.id}", "number": index.paragraph_number(article, p.id)}
        for ev in notes["events"]:
            events.setdefault(ev["href"], {**ev, **where})
            for t in ev["threads"]:
                threads.setdefault(t["href"], t)
        for f in notes["figures"]:
            figures.setdefault(f["href"], {**f, **where})
        for d in notes["disagreements"]:
            disagreements.setdefault(d["id"], {**d, **where})
    for d in article_disagreements(ctx, article.id):  # one only in a footnote
        if d.id not in disagreements:
            side = d.sides[sides_of(ctx, d, article.id)[0]]
            disagreements[d.id] = {**margin_parts(ctx, d, here)[0],
                                   "says": side.says, "at": f"#{side.where}", "number": None}
    listed = list(events.values())
    return {"events": listed[:PANEL_EVENTS], "more_events": max(0, len(listed) - PANEL_EVENTS)
            + sum(n.get("more_events", 0) for n in sidenotes.values()),  # type: ignore[misc]
            "threads": list(threads.values()),
            "figures": list(figures.values()), "disagreements": list(disagreements.values())}
