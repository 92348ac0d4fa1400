"""The site as a plan of pages, then each page rendered to bytes.

``plan_site`` is pure: corpus in, one ``Page`` per output file out, in path order::

    plan_site(corpus, SiteInfo())
    -> (Page("articles/a.html", "article.html", {...}), …,
        Page("entities/index.html", "entities.html", {...}),
        Page("index.html", "index.html", {...}))

``render_page`` fills the page's template; it adds ``url(path, fragment=None)`` (a relative
link from this page) and ``root`` (the way back to the site root) to the context.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import jinja2

from jvreader.errors import RenderError
from jvreader.model import Corpus
from jvreader.render import urls
from jvreader.render.views import (
    article_view,
    entities_view,
    entity_view,
    index_view,
    mentions_by_entity,
)


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What the site is called and in which language its own words are written."""

    title: str = "Japan–Vietnam Reader"
    description: str = "Articles on Japan–Vietnam relations, annotated and linked to their sources."
    language: str = "en"
    base_url: str | None = None
    """Absolute address the site is published at (feeds, sitemap, citation tags); pages
    themselves always link relatively."""


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: where it goes, which template draws it, and what the template gets."""

    path: str
    template: str
    context: Mapping[str, Any]


def plan_site(corpus: Corpus, site: SiteInfo) -> tuple[Page, ...]:
    """Every page of the site for ``corpus``, sorted by path."""
    mentions = mentions_by_entity(corpus)
    entities = {e.id: e for e in reversed(corpus.entities)}  # the first definition wins
    entity_pages = {eid: urls.entity_path(eid) for eid in sorted(mentions)}
    pages = [
        _page(site, urls.INDEX, "index.html", "home", index_view(corpus, urls.INDEX)),
        _page(site, urls.ENTITIES_INDEX, "entities.html", "entities",
              entities_view(corpus, mentions, urls.ENTITIES_INDEX)),
    ]
    for article in corpus.articles:
        path = urls.article_path(article.id)
        pages.append(_page(site, path, "article.html", "article",
                           {"article": article_view(corpus, article, path, entity_pages)}))
    for eid, path in entity_pages.items():
        view = entity_view(corpus, entities[eid], mentions[eid], path)
        pages.append(_page(site, path, "entity.html", "entity", {"entity": view}))
    paths = [p.path for p in pages]
    if len(set(paths)) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise RenderError(f"two pages would be written to {', '.join(twice)}")
    return tuple(sorted(pages, key=lambda p: p.path))


def _page(site: SiteInfo, path: str, template: str, section: str, view: dict) -> Page:
    return Page(path, template, MappingProxyType({"site": site, "section": section, **view}))


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """The page's HTML as UTF-8 bytes; a template problem becomes a ``RenderError`` naming it."""

    def url(to_path: str, fragment: str | None = None) -> str:
        return urls.rel(page.path, to_path, fragment)

    try:
        template = env.get_template(page.template)
        html = template.render(
            **page.context, page_path=page.path, root=urls.root_prefix(page.path), url=url
        )
    except jinja2.TemplateError as err:
        where = f"{err.filename}:{err.lineno}: " if getattr(err, "lineno", None) else ""
        raise RenderError(f"{page.path}: template {page.template}: {where}{err}") from err
    return html.rstrip("\n").encode("utf-8") + b"\n"
