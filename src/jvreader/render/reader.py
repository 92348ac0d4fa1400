"""The article page's full view: the marked text plus margin notes, citations and search hints.

    reader_view(annotated, article, "articles/002.html", entity_pages, SiteInfo())
    -> {**article_view(...), "paragraphs": [{"id": "p11", "sidenotes": {...},
        "cite": "Khmer Times. “With An Eye on China ….” 20 September 2015, ¶11. …"}, …],
        "meta": [("citation_title", …), …], "json_ld": Markup('{"@context": …'),
        "filters": {"source": "Khmer Times", "year": "2015", "entity": [...]}, …}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jvreader.model import Annotated, Article
from jvreader.render import urls
from jvreader.render.cite import (
    KIND_WORDS,
    citation_text,
    json_ld,
    meta_tags,
    open_graph,
    source_kind,
)
from jvreader.render.cite import source_name as source_name_of
from jvreader.render.fold import folded_words
from jvreader.render.sidenotes import article_notes, note_marker_spans, paragraph_sidenotes
from jvreader.render.site import SiteInfo
from jvreader.render.views import article_view
from jvreader.search import source_filter

TAGS = re.compile(r"<[^>]+>")


def reader_view(
    annotated: Annotated, article: Article, here: str, entity_pages: Mapping[str, str],
    site: SiteInfo,
) -> dict[str, Any]:
    notes = article_notes(annotated, article)
    view = article_view(annotated.corpus, article, here, entity_pages, note_marker_spans(notes))
    sidenotes = paragraph_sidenotes(annotated, article, here)
    page_url = urls.absolute(site.base_url, here) if site.base_url else None
    paragraphs = []
    for p in view["paragraphs"]:
        link = f"{page_url}#{p['id']}" if page_url else None
        paragraphs.append({
            **p,
            "sidenotes": sidenotes.get(p["id"]),
            "cite": citation_text(article, p["number"], link),
        })
    names = [e["name"] for e in view["entities"]]
    natives = [n["name"] for e in view["entities"] for n in e["native"]]
    note_text = [TAGS.sub(" ", n.html) for n in notes]
    kind = source_kind(article)
    return {
        **view,
        "paragraphs": paragraphs,
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
    }
