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
import itertools
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2

from jvreader import malloc
from jvreader.cache import Cache, collector_paused
from jvreader.inputs_guard import InputRoots
from jvreader.model import Annotated
from jvreader.render import urls
from jvreader.render.cite_files import bibtex_file, csl_file, ris_file
from jvreader.render.context import RenderContext, render_context
from jvreader.render.disagreements import article_disagreements
from jvreader.render.entity_summary import co_mentions, entity_events
from jvreader.render.env import make_env, precompile
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
from jvreader.write import Kept, Spooled, spool

__all__ = ["Page", "SiteChanged", "SiteInfo", "iter_site", "kept_bundle", "kept_site", "make_env",
           "plan_site", "record_bundle", "render_page", "render_site"]

POOL_THRESHOLD = 200
"""From this many files on, pages are rendered by a pool of forked worker processes (it
pays on an idle 2-core machine: N = 300 distinct, cold 6.80-7.25 s -> 5.44-5.84 s)."""
_CHUNK = 8
TEMPLATE_CACHE = "templates"
"""The cache's sub-folder of compiled templates (``env.make_env``)."""

Job = Callable[[], bytes | Spooled]
"""A data file's maker: its bytes, or the file written in pieces (``write.spool``)."""


def render_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path]
) -> tuple[tuple[str, bytes], ...]:
    """Every generated file of the site, sorted by path."""
    return tuple(iter_site(annotated, site, template_dirs, workers=1))  # no store: all bytes


def iter_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path],
    extra: Mapping[str, Job] | None = None, workers: int | None = None,
    store: PageStore | None = None, spool_dir: Path | None = None,
    cache: Cache | None = None, roots: InputRoots | None = None,
) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    """``render_site``'s files one at a time (in path order, unless a pool makes them: then
    the kept files come first, then the others as they are made), plus ``extra`` (path → a function
    making the bytes, e.g. the data export): memory stays flat however big the site.

    Above ``POOL_THRESHOLD`` files and with more than one core, the work is shared by forked
    worker processes; the output (bytes and order) is the same either way. With a ``store``
    (``reuse.PageStore``), a page whose view (with its template and section) is as last time
    is not rendered again: it comes as ``write.Kept`` (the previous build's file, for
    ``write_site`` to link), and the keys of every file are recorded in it. When the whole
    input is as last time, the site is not even planned: the store knows its files.
    With ``spool_dir`` (``write.spool_folder``), pooled workers write the files they make
    there and hand on a ``write.Spooled``: sending 100 MB of pages back through pipes at
    N = 1,000 cost the parent half a second of CPU, on a core the workers needed.
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
        yield from _iter_site(annotated, site, template_dirs, extra, workers, store,
                              spool_dir, cache, roots)
    finally:
        if not outer:
            gc.unfreeze()


@dataclass(frozen=True, slots=True)
class _Render:
    """What makes the files of one build: handed to each forked worker once, by the pool's
    initializer."""

    env: jinja2.Environment
    site: SiteInfo
    work: list[tuple[str, PlannedPage | Job]]
    store: PageStore | None
    spool: Path | None = None


def _iter_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path],
    extra: Mapping[str, Job] | None, workers: int | None, store: PageStore | None,
    spool_dir: Path | None, cache: Cache | None, roots: InputRoots | None = None,
) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    folder = (store.folder if store is not None else None) or (
        cache.folder if cache is not None else None)
    env = make_env(template_dirs, folder / TEMPLATE_CACHE if folder is not None else None, roots)
    site_key = store.site_key(sorted(extra or {})) if store is not None else None
    planned: list[tuple[RenderContext, list[tuple[str, PlannedPage | Job]]]] = []

    def plan() -> list[tuple[str, PlannedPage | Job]]:
        if not planned:
            ctx = render_context(annotated, site)
            planned.append((ctx, _plan(ctx, env, extra)))
        return planned[0][1]

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
    todo = [i for i, (path, _) in enumerate(work) if path not in reuse]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    # Measured (N = 300 and 1,000, distinct corpus): two workers on two cores made a cold
    # build's render a third faster, and an edit's (every view built and hashed) as much.
    pool = workers > 1 and len(todo) >= POOL_THRESHOLD and _can_fork()
    render = _Render(env, site, work, store, spool_dir if pool else None)
    if pool:  # taken as the workers finish them: in path order, the pages one worker
        # made while the other was busy with a big file (an export) waited in memory
        # (57 MB at N = 3,000)
        precompile(env)  # once here, not once in each worker
        site_tables(planned[0][0])  # and the tables of the whole site, shared by fork
        made: Iterator[tuple] = _pooled(render, todo, workers)
    else:
        made = ((i, *_make(render, i)) for i in todo)
    finished = ((i, reuse[path], None) for i, (path, _) in enumerate(work) if path in reuse)
    for i, fine, content in itertools.chain(finished, made):
        path, _ = work[i]
        if content is None:
            assert store is not None
            remake = partial(_remake, render, path)
            content = store.keep(path, remake) or remake()  # or it changed since matched
        if store is not None:
            store.record(path, store.coarse(path), fine)
        yield path, content


def site_tables(ctx: RenderContext) -> None:
    """Make the tables pages look up across the whole site (disagreements by article, the
    events and co-mentions of each entity) now, in ``ctx``: made in each forked worker,
    they were made once per worker."""
    article_disagreements(ctx, "")
    entity_events(ctx)
    co_mentions(ctx)


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


TRIM_AFTER = 1 << 20
"""A worker gives freed memory back after a file this big (or a data file): the big pages and
exports left tens of MB each that the worker kept counting as its own."""

_worker: list[_Render] = []
"""In a forked worker only: what it renders from, set once by the pool's initializer
(``_start_worker``); the parent never sets it."""


def _start_worker(render: _Render) -> None:
    _worker[:] = [render]


def _work(i: int) -> tuple[int, str | None, bytes | Spooled | None]:
    render = _worker[0]
    fine, content = _make(render, i)
    if not isinstance(render.work[i][1], PlannedPage) or (
            isinstance(content, bytes) and len(content) > TRIM_AFTER):
        malloc.trim()
    if isinstance(content, bytes) and render.spool is not None:
        content = spool((content,), render.spool)
    return i, fine, content


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _pooled(render: _Render, todo: list[int], workers: int
            ) -> Iterator[tuple[int, str | None, bytes | Spooled | None]]:
    """``todo``'s files as ``workers`` forked processes finish them (``_work``'s results).
    The initializer's arguments reach the forked workers as they are, never pickled."""
    pool = multiprocessing.get_context("fork").Pool(
        workers, initializer=_start_worker, initargs=(render,))
    with pool:
        yield from pool.imap_unordered(_work, todo, chunksize=_CHUNK)


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
