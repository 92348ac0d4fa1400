"""What the costly pages are made from, cheaper to gather than the pages' views themselves.

The page cache (``render.reuse``) keys a page by these inputs instead of its view, so an
unchanged page is reused without building its view. Each function returns everything its
view function reads, and nothing it does not (a missing input would reuse a stale page).

    article_inputs(annotated, article, "articles/a.html", entity_pages)
    -> ("3fa9…" (article and its extraction), "c1d0…" (gazetteer entities), "77e2…"
        (which entities have pages), [Note …] (its notes), {"p3": {"events": […]}} (its margin))
    entity_inputs(annotated, entity, mentions, grouped, 2)
    -> (Entity(…), 2, 131, ["Asia Times", …], 57, [("3fa9…", {"p2s1": [Mention …]}), …])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jvreader.model import Annotated, Article, Entity
from jvreader.render.index import site_index
from jvreader.render.reuse import digest_of
from jvreader.render.sidenotes import paragraph_sidenotes
from jvreader.render.views import SOURCES_PER_PAGE

_memo: list[tuple[object, dict[Any, str]]] = []


def _digests(annotated: Annotated) -> dict[Any, str]:
    """Digests remembered for the current ``annotated`` (by identity), like ``site_index``."""
    if _memo and _memo[0][0] is annotated:
        return _memo[0][1]
    table: dict[Any, str] = {}
    _memo[:] = [(annotated, table)]
    return table


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
    which entities have pages, its notes, and its margin (which is what it shows of others)."""
    index = site_index(annotated)
    margin = paragraph_sidenotes(annotated, article, here)
    # The view, if the page must be made, is made next in this process: it takes this one.
    index.memo["last sidenotes"] = (article, here, margin)
    return (
        article_digest(annotated, article.id),
        _once(annotated, "entities", annotated.corpus.entities),
        _once(annotated, "entity pages", dict(entity_pages)),
        index.notes_of.get(article.id, []),
        margin,
    )


def entity_inputs(annotated: Annotated, entity: Entity, mentions: list,
                  grouped: dict, page: int) -> tuple[Any, ...]:
    """What ``views.entity_view`` reads for one page: the entity, every mention's count and
    publication, and the articles quoted on this page with their mentions."""
    first = (page - 1) * SOURCES_PER_PAGE
    shown = list(grouped.items())[first:first + SOURCES_PER_PAGE]
    return (
        entity, page, len(mentions),
        sorted({a.publication for a, _ in mentions if a.publication}),
        len(grouped),
        [(article_digest(annotated, article_id), sentences) for article_id, sentences in shown],
    )
