"""The site as a plan of pages, then each page rendered to bytes.

``plan_site`` is pure: annotated corpus in, one ``Page`` per HTML file out, in path order::

    plan_site(annotated, SiteInfo())
    -> (Page("404.html", "404.html", {...}), Page("articles/a.html", "article.html", {...}),
        Page("articles/a.source.html", "original.html", {...}), …,
        Page("timeline.html", "timeline.html", {...}))

``render_page`` fills the page's template; it adds ``url(path, fragment=None)`` (a relative
link from this page) and ``root`` (the way back to the site root) to the context. The 404
page is served at any depth, so when the base URL is known its links are absolute instead.
"""

from __future__ import annotations

from types import MappingProxyType

import jinja2

from jvreader.errors import RenderError
from jvreader.model import Annotated, Corpus
from jvreader.render import urls
from jvreader.render.cite import bibliography
from jvreader.render.events import event_order
from jvreader.render.figures import figures_view
from jvreader.render.fold import folded_words
from jvreader.render.original import original_html
from jvreader.render.reader import reader_view
from jvreader.render.site import Page, SiteInfo
from jvreader.render.site_views import (
    event_view,
    events_view,
    home_view,
    sources_view,
    thread_view,
    threads_view,
    timeline_view,
)
from jvreader.render.views import article_summary, entities_view, entity_view, mentions_by_entity

__all__ = ["Page", "SiteInfo", "plan_site", "render_page"]


def plan_site(annotated: Annotated | Corpus, site: SiteInfo) -> tuple[Page, ...]:
    """Every page of the site, sorted by path (a bare ``Corpus`` is taken as unannotated)."""
    if isinstance(annotated, Corpus):
        annotated = Annotated(annotated)
    corpus = annotated.corpus
    mentions = mentions_by_entity(corpus)
    entities = {e.id: e for e in reversed(corpus.entities)}  # the first definition wins
    entity_pages = {eid: urls.entity_path(eid) for eid in sorted(mentions)}
    keys, _, _ = bibliography(corpus.articles)
    plain = [
        (urls.INDEX, "index.html", "home", home_view),
        (urls.ENTITIES_INDEX, "entities.html", "entities",
         lambda a, here: entities_view(a.corpus, mentions, here)),
        (urls.TIMELINE, "timeline.html", "timeline", timeline_view),
        (urls.THREADS_INDEX, "threads.html", "threads", threads_view),
        (urls.EVENTS_INDEX, "events.html", "events", events_view),
        (urls.FIGURES, "figures.html", "figures", figures_view),
        (urls.SOURCES, "sources.html", "sources",
         lambda a, here: sources_view(a, keys, here, site)),
    ]
    pages = [_page(site, path, template, section, view(annotated, path))
             for path, template, section, view in plain]
    pages.append(_page(site, urls.SEARCH, "search.html", "search", {}, optional=True))
    pages.append(_page(site, urls.NOT_FOUND, "404.html", "", {}))
    for article in corpus.articles:
        path = urls.article_path(article.id)
        view = reader_view(annotated, article, path, entity_pages, site)
        pages.append(_page(site, path, "article.html", "article", {"article": view}))
        source = urls.original_path(article.id)
        pages.append(_page(site, source, "original.html", "article", {"article": {
            **article_summary(article, source),
            "html": original_html(article),
            "line_count": len(article.original.splitlines()),
            "removed": [{"line": r.line, "reason": r.reason, "text": r.text}
                        for r in sorted(article.removed, key=lambda r: (r.line, r.reason))],
        }}))
    for eid, path in entity_pages.items():
        view = entity_view(corpus, entities[eid], mentions[eid], path)
        view["folded"] = folded_words([entities[eid].name, *entities[eid].aliases,
                                       *(n for _, n in entities[eid].native)])
        pages.append(_page(site, path, "entity.html", "entity", {"entity": view}))
    ordered = event_order(annotated.events)
    for i, event in enumerate(ordered):
        path = urls.event_path(event.id)
        around = (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None)
        view = event_view(annotated, event, path, site, around)
        pages.append(_page(site, path, "event.html", "events", {"event": view}))
    for thread in annotated.threads:
        path = urls.thread_path(thread.id)
        pages.append(_page(site, path, "thread.html", "threads",
                           {"thread": thread_view(annotated, thread, path)}))
    paths = [p.path for p in pages]
    if len(set(paths)) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise RenderError(f"two pages would be written to {', '.join(twice)}")
    return tuple(sorted(pages, key=lambda p: p.path))


def _page(site: SiteInfo, path: str, template: str, section: str, view: dict,
          optional: bool = False) -> Page:
    context = MappingProxyType({"site": site, "section": section, **view})
    return Page(path, template, context, optional)


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """The page's HTML as UTF-8 bytes; a template problem becomes a ``RenderError`` naming it."""
    site = page.context.get("site")
    absolute = page.path == urls.NOT_FOUND and site is not None and site.base_url

    def url(to_path: str, fragment: str | None = None) -> str:
        if absolute:
            return urls.absolute(site.base_url, to_path, fragment)
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
