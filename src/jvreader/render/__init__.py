"""Render stage: an ``Annotated`` corpus → every generated file of the site, as (path, bytes).

    render_site(annotated, SiteInfo(), [project / "templates", packaged_templates])
    -> (("404.html", b"<!DOCTYPE html>…"), ("articles/002_8f09.html", b"…"), …,
        ("data/sources.bib", b"@online{…"), ("feed.xml", b"<?xml …"), …,
        ("static/pygments.css", b"…"), ("timeline.html", b"…"))

Nothing is written here: the caller writes these files and copies ``static/`` beside them
(pages link to ``static/style.css`` relative to the site root). ``sitemap.xml`` is only made
when the site's base URL is known: a sitemap must list absolute URLs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2

from jvreader.cache import Cache, collector_paused
from jvreader.inputs_guard import InputRoots
from jvreader.model import Annotated
from jvreader.render import urls
from jvreader.render.cite_files import bibtex_file, csl_file, ris_file
from jvreader.render.context import RenderContext, render_context
from jvreader.render.env import make_env
from jvreader.render.feeds import (
    atom_feed,
    events_csv,
    figures_csv,
    robots_txt,
    sitemap_xml,
    timeline_json,
)
from jvreader.render.kept import (
    SiteChanged,
    kept_bundle,
    kept_files,
    kept_site,
    record_bundle,
    reusable,
)
from jvreader.render.original import pygments_css
from jvreader.render.pages import Page, PlannedPage, SiteInfo, plan_site, planned_pages, render_page
from jvreader.render.reuse import PageStore, view_key
from jvreader.write import Kept, Spooled

__all__ = ["Page", "SiteChanged", "SiteInfo", "iter_site", "kept_bundle", "kept_site", "make_env",
           "plan_site", "record_bundle", "render_page", "render_site"]

TEMPLATE_CACHE = "templates"
"""The cache's sub-folder of compiled templates (``env.make_env``)."""

Job = Callable[[], bytes | Spooled]
"""A data file's maker: its bytes, or the file written in pieces (``write.spool``)."""


def render_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path]
) -> tuple[tuple[str, bytes], ...]:
    """Every generated file of the site, sorted by path."""
    return tuple(iter_site(annotated, site, template_dirs))  # no store: all bytes


def iter_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path],
    extra: Mapping[str, Job] | None = None, store: PageStore | None = None,
    cache: Cache | None = None, roots: InputRoots | None = None,
) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    """``render_site``'s files one at a time, in path order, plus ``extra`` (path → a function
    making the bytes, e.g. the data export): memory stays flat however big the site.

    With a ``store`` (``reuse.PageStore``), a page whose view (with its template and
    section) is as last time is not rendered again: it comes as ``write.Kept`` (the previous
    build's file, for ``write_site`` to link), and the keys of every file are recorded in
    it. When the whole input is as last time, the site is not even planned: the store knows
    its files.
    One process renders every page: forked render workers (removed, 7043841) did not pay 5 %
    on the shared 2-core benchmark machine (N = 300, load 5-8: cold 11.5-12.6 s with two
    workers, 8.4-9.3 s without; an edit 4.1-8.0 s against 3.4-5.3 s).
    ``cache``: where compiled templates are kept (``env.make_env``), when it has a folder.
    ``roots`` (``inputs_guard``): where template files may lie (by default, each template
    folder itself).
    """
    # The corpus and its indexes are hundreds of thousands of objects that live as long as
    # the render: frozen, the collector stops walking them each time planning or a page
    # allocates (a third of the planning time went to that).
    # A caller that froze objects already (``pipeline.build``) unfreezes them itself.
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield from _iter_site(annotated, site, template_dirs, extra, store, cache, roots)
    finally:
        if not outer:
            gc.unfreeze()


@dataclass(frozen=True, slots=True)
class _Render:
    """What makes the files of one build."""

    env: jinja2.Environment
    site: SiteInfo
    work: list[tuple[str, PlannedPage | Job]]
    store: PageStore | None


def _iter_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path],
    extra: Mapping[str, Job] | None, store: PageStore | None, cache: Cache | None,
    roots: InputRoots | None = None,
) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    folder = (store.folder if store is not None else None) or (
        cache.folder if cache is not None else None)
    env = make_env(template_dirs, folder / TEMPLATE_CACHE if folder is not None else None, roots)
    site_key = store.site_key(sorted(extra or {})) if store is not None else None
    planned: list[list[tuple[str, PlannedPage | Job]]] = []

    def plan() -> list[tuple[str, PlannedPage | Job]]:
        if not planned:
            planned.append(_plan(render_context(annotated, site), env, extra))
        return planned[0]

    known = store.same_site(site_key) if store is not None else None
    if known is not None:  # the same input as last time: every file is known without a plan
        reuse = reusable(store, known)
        if len(reuse) == len(known):
            def remake(path: str) -> bytes | Spooled:  # planned only if a file changed
                return _remake(_Render(env, site, plan(), None), path)
            yield from kept_files(store, site_key, reuse, remake)
            return
    work = plan()
    if store is not None:
        store.record_site(site_key, [path for path, _ in work])
    reuse = reusable(store, [path for path, _ in work])
    gc.freeze()  # the plan and the index live as long as the corpus: not walked again either
    render = _Render(env, site, work, store)
    for i, (path, _) in enumerate(work):
        fine, content = (reuse[path], None) if path in reuse else _make(render, i)
        if content is None:
            assert store is not None
            remake = partial(_remake, render, path)
            content = store.keep(path, remake) or remake()  # or it changed since matched
        if store is not None:
            store.record(path, store.coarse(path), fine)
        yield path, content


def _plan(ctx: RenderContext, env: jinja2.Environment, extra: Mapping[str, Job] | None
          ) -> list[tuple[str, PlannedPage | Job]]:
    """Every file of the site, in path order, with what makes it."""
    annotated, site, index = ctx.annotated, ctx.site, ctx.index
    pages = [p for p in planned_pages(ctx)
             if not (p.optional and not _has_template(env, p.template))]
    # The bibliography files are made by whichever process makes the data files, not here:
    # planning is the parent's alone (1 s at N = 10,000, most of it the CSL-JSON).
    articles = annotated.corpus.articles
    jobs: dict[str, Job] = {
        urls.PYGMENTS_CSS: pygments_css,
        urls.FEED: lambda: atom_feed(annotated, site),
        urls.ROBOTS: lambda: robots_txt(site),
        urls.DATA["bibtex"]: lambda: bibtex_file(articles),
        urls.DATA["csl"]: lambda: csl_file(articles),
        urls.DATA["ris"]: lambda: ris_file(articles),
        urls.DATA["figures"]: lambda: figures_csv(annotated),
        urls.DATA["events"]: lambda: events_csv(annotated),
        urls.DATA["timeline"]: lambda: timeline_json(annotated, site, index=index),
        **(extra or {}),
    }
    paths = [p.path for p in pages] + list(jobs)
    sitemap = sitemap_xml(paths, site, articles)
    if sitemap is not None:
        jobs[urls.SITEMAP] = lambda: sitemap
    return sorted([(p.path, p) for p in pages] + list(jobs.items()), key=lambda item: item[0])


def _remake(render: _Render, path: str) -> bytes | Spooled:
    item = dict(render.work)[path]
    content = _make(_Render(render.env, render.site, [(path, item)], None), 0)[1]
    assert content is not None
    return content


def _make(render: _Render, i: int) -> tuple[str | None, bytes | Spooled | None]:
    """File ``i``'s fine key and bytes; ``None`` bytes when the store has the same page (its
    view, template and section as last time)."""
    path, item = render.work[i]
    if not isinstance(item, PlannedPage):
        return None, _job(item)
    view = item.view()
    if render.store is None:
        return None, render_page(render.env, item.page_of(render.site, view))
    fine = view_key(render.store.salt, path, item.template, item.section, view)
    if fine is not None and render.store.match(path, None, fine) is not None:
        return fine, None
    return fine, render_page(render.env, item.page_of(render.site, view))


def _job(job: Job) -> bytes | Spooled:
    """A data file's bytes, made with the cycle collector paused: the exports build tens of
    thousands of short-lived dicts and lists, none in a cycle, and collections triggered by
    them took half of their time."""
    with collector_paused():
        return job()


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
