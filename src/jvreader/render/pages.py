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

import io
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

import jinja2

from jvreader.cache import collector_paused
from jvreader.errors import RenderError
from jvreader.model import Annotated, Article, Corpus, Entity, Event, Thread
from jvreader.render import urls
from jvreader.render.context import RenderContext, render_context
from jvreader.render.disagreements import (
    DISAGREEMENTS,
    disagreements_page_count,
    disagreements_view,
)
from jvreader.render.entity_summary import entity_summary
from jvreader.render.events import quote_pages
from jvreader.render.figures import (
    comparison_page_view,
    comparison_row_pages,
    figures_page_count,
    figures_view,
)
from jvreader.render.fold import folded_words
from jvreader.render.original import original_html
from jvreader.render.reader import reader_view
from jvreader.render.site import Page, SiteInfo
from jvreader.render.site_views import (
    event_view,
    events_page_count,
    events_view,
    home_page_count,
    home_view,
    sources_page_count,
    sources_view,
    thread_view,
    threads_view,
    timeline_view,
    timeline_year_view,
)
from jvreader.render.timeline_places import year_pages
from jvreader.render.views import (
    EntityMentions,
    article_summary,
    entities_view,
    entity_pages_count,
    entity_view,
)

__all__ = ["Page", "PlannedPage", "SiteInfo", "plan_site", "planned_pages", "render_page"]


@dataclass(frozen=True, slots=True)
class PlannedPage:
    """A page whose view is built only when it is rendered (``view()``). The page cache
    (``render.reuse``) keys it by its template, section and that view: a page whose view is
    as last time is kept as it was."""

    path: str
    template: str
    section: str
    view: Callable[[], dict]
    optional: bool = False

    def page(self, site: SiteInfo) -> Page:
        return self.page_of(site, self.view())

    def page_of(self, site: SiteInfo, view: dict) -> Page:
        """The page, given the ``view()`` already built."""
        return _page(site, self.path, self.template, self.section, view, self.optional)


def plan_site(annotated: Annotated | Corpus, site: SiteInfo) -> tuple[Page, ...]:
    """Every page of the site, sorted by path (a bare ``Corpus`` is taken as unannotated)."""
    return tuple(p.page(site) for p in planned_pages(render_context(annotated, site)))


def planned_pages(ctx: RenderContext) -> list[PlannedPage]:
    """What ``plan_site`` returns, each view still to be built: cheap, so the pages can be
    rendered one at a time and written as they come."""
    # Planning makes a few objects per page and per (entity, article), none in a cycle; the
    # collector walking them again and again as they come took half of the planning time.
    # They live as long as the render, so they are frozen as made: the one collection when
    # the collector resumed walked them all (0.44 s of 2.1 s at N = 10,000).
    with collector_paused(keep=True):
        return _planned_pages(ctx)


def _planned_pages(ctx: RenderContext) -> list[PlannedPage]:
    corpus = ctx.corpus
    plain = [
        (urls.INDEX, "index.html", "home", home_view),
        (urls.ENTITIES_INDEX, "entities.html", "entities",
         lambda c, here: entities_view(c.corpus, c.mentions, here)),
        (urls.TIMELINE, "timeline.html", "timeline", timeline_view),
        (urls.THREADS_INDEX, "threads.html", "threads", threads_view),
        (urls.EVENTS_INDEX, "events.html", "events", events_view),
        (urls.FIGURES, "figures.html", "figures", figures_view),
        (DISAGREEMENTS, "disagreements.html", "disagreements", disagreements_view),
        (urls.SOURCES, "sources.html", "sources", sources_view),
    ]
    paged = {path: (template, section, view, PAGE_COUNTS[path])
             for path, template, section, view in plain if path in PAGE_COUNTS}
    pages = [PlannedPage(path, template, section, partial(view, ctx, path))
             for path, template, section, view in plain if path not in paged]
    for first_page, (template, section, view, count) in paged.items():
        # a whole-corpus list past its page size: figures.html, figures.p2.html …
        for number in range(1, count(ctx) + 1):
            path = urls.list_page_path(first_page, number)
            pages.append(PlannedPage(path, template, section, partial(view, ctx, path, number)))
    pages.append(PlannedPage(urls.SEARCH, "search.html", "search", dict, optional=True))
    pages.append(PlannedPage(urls.NOT_FOUND, "404.html", "", dict))
    for article in corpus.articles:
        path = urls.article_path(article.id)
        pages.append(PlannedPage(path, "article.html", "article",
                                 partial(_article_context, ctx, article, path)))
        source = urls.original_path(article.id)
        pages.append(PlannedPage(source, "original.html", "article",
                                 partial(_original_context, article, source)))
    for eid in ctx.entity_pages:
        # the articles in order are enough to plan the pages; a page groups its own
        # articles' mentions by sentence when it is rendered
        for number in range(1, entity_pages_count(ctx.mentions[eid].article_ids) + 1):
            path = urls.entity_path(eid, number)
            pages.append(PlannedPage(path, "entity.html", "entity", partial(
                _entity_context, ctx, ctx.entities[eid], ctx.mentions[eid], path, number)))
    ordered = ctx.index.ordered_events
    for i, event in enumerate(ordered):
        around = (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None)
        for number in range(1, quote_pages(event) + 1):
            path = urls.event_path(event.id, number)
            pages.append(PlannedPage(path, "event.html", "events", partial(
                _event_context, ctx, event, path, around, number)))
    for cmp in ctx.comparisons:  # a measure too many sources give to list whole
        for number in range(1, comparison_row_pages(cmp) + 1):
            path = urls.comparison_path(cmp.id, number)
            pages.append(PlannedPage(path, "comparison.html", "figures", partial(
                comparison_page_view, ctx, cmp, path, number)))
    for thread in ctx.threads:
        path = urls.thread_path(thread.id)
        pages.append(PlannedPage(path, "thread.html", "threads", partial(
            _thread_context, ctx, thread, path)))
    for year, count in year_pages(ctx.index):
        for number in range(1, count + 1):
            path = urls.timeline_year_path(year, number)
            pages.append(PlannedPage(path, "timeline_year.html", "timeline", partial(
                timeline_year_view, ctx, year, number, count, path)))
    paths = [p.path for p in pages]
    if len(set(paths)) != len(paths):
        counts = Counter(paths)
        twice = sorted(p for p, n in counts.items() if n > 1)
        raise RenderError(f"two pages would be written to {', '.join(twice)}")
    return sorted(pages, key=lambda p: p.path)


PAGE_COUNTS: dict[str, Callable[[RenderContext], int]] = {
    urls.FIGURES: figures_page_count,
    DISAGREEMENTS: disagreements_page_count,
    urls.EVENTS_INDEX: events_page_count,
    urls.SOURCES: sources_page_count,
    urls.INDEX: home_page_count,
}
"""The whole-corpus lists that are paged, and how many pages each fills."""


def _article_context(ctx: RenderContext, article: Article, path: str) -> dict:
    return {"article": reader_view(ctx, article, path)}


def _original_context(article: Article, path: str) -> dict:
    return {"article": {
        **article_summary(article, path),
        "html": original_html(article),
        "line_count": len(article.original.splitlines()),
        "removed": [{"line": r.line, "reason": r.reason, "text": r.text}
                    for r in sorted(article.removed, key=lambda r: (r.line, r.reason))],
    }}


def _entity_context(ctx: RenderContext, entity: Entity, mentions: EntityMentions, path: str,
                    number: int) -> dict:
    view = entity_view(ctx.index, entity, mentions, path, number)
    view["summary"] = entity_summary(ctx, entity, mentions.groups, mentions.article_ids,
                                     path, ctx.entity_pages) if number == 1 else None
    view["folded"] = folded_words([entity.name, *entity.aliases,
                                   *(n for _, n in entity.native)])
    return {"entity": view}


def _event_context(ctx: RenderContext, event: Event, path: str,
                   around: tuple[Event | None, Event | None], number: int) -> dict:
    return {"event": event_view(ctx, event, path, around, number)}


def _thread_context(ctx: RenderContext, thread: Thread, path: str) -> dict:
    return {"thread": thread_view(ctx, thread, path)}


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

    # the page's own address, for rel=canonical and Open Graph (none for the 404 page)
    page_url = (urls.absolute(site.base_url, page.path)
                if site is not None and site.base_url and not absolute else None)
    try:
        template = env.get_template(page.template)
        pieces = template.generate(
            **page.context, page_path=page.path, root=urls.root_prefix(page.path), url=url,
            page_url=page_url,
        )
        # Encoded a batch of pieces at a time: joined whole, then stripped, encoded and ended,
        # a page of 17 MB (the figures of 10,000 articles) was held five times over.
        out = io.BytesIO()
        while batch := list(itertools.islice(pieces, RENDER_BATCH)):
            out.write("".join(batch).encode("utf-8"))
    except jinja2.TemplateError as err:
        where = f"{err.filename}:{err.lineno}: " if getattr(err, "lineno", None) else ""
        raise RenderError(f"{page.path}: template {page.template}: {where}{err}") from err
    return _ending_in_one_newline(out)


RENDER_BATCH = 4096
"""Template output pieces joined and encoded at a time."""


def _ending_in_one_newline(out: io.BytesIO) -> bytes:
    """``out``'s bytes without trailing newlines, plus one (the buffer is cut, not copied)."""
    view = out.getbuffer()
    end = len(view)
    while end and view[end - 1] == 0x0A:
        end -= 1
    view.release()
    out.seek(end)
    out.truncate()
    out.write(b"\n")
    return out.getvalue()
