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
from functools import partial
from pathlib import Path

import jinja2

from jvreader import malloc
from jvreader.cache import Cache, collector_paused, hash_parts, rules_version
from jvreader.inputs_guard import InputRoots
from jvreader.model import Annotated
from jvreader.render import urls
from jvreader.render.cite_files import bibtex_file, csl_file, ris_file
from jvreader.render.env import make_env, precompile
from jvreader.render.feeds import (
    EventPart,
    atom_feed,
    events_csv,
    figures_csv,
    robots_txt,
    sitemap_xml,
    timeline_json,
)
from jvreader.render.index import site_index
from jvreader.render.inputs import by_event, event_shares, use_article_keys, use_part_digests
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
from jvreader.shares import shared_chunks
from jvreader.write import Kept, Spooled, spool

__all__ = ["Page", "SiteChanged", "SiteInfo", "iter_site", "kept_bundle", "kept_site", "make_env",
           "plan_site", "record_bundle", "render_page", "render_site"]

POOL_THRESHOLD = 200
"""From this many files on, pages are rendered by a pool of forked worker processes."""
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
    store: PageStore | None = None, keys: Mapping[str, str] | None = None,
    spool_dir: Path | None = None, cache: Cache | None = None,
    roots: InputRoots | None = None,
) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    """``render_site``'s files one at a time (in path order, unless a pool makes them: then
    the kept files come first, then the others as they are made), plus ``extra`` (path → a function
    making the bytes, e.g. the data export): memory stays flat however big the site.

    Above ``POOL_THRESHOLD`` files and with more than one core, the work is shared by forked
    worker processes; the output (bytes and order) is the same either way. With a ``store``
    (``reuse.PageStore``), files whose inputs are unchanged are not made again: they come as
    ``write.Kept`` (the previous build's file, for ``write_site`` to link), and the keys of
    every file are recorded in it. When the whole input is as last time, the site is not
    even planned: the store knows its files.
    ``keys`` (article id → a hash that changes whenever the article or its extraction does,
    e.g. the load cache's) spares hashing the articles for the pages' keys.
    With ``spool_dir`` (``write.spool_folder``), pooled workers write the files they make
    there and hand on a ``write.Spooled``: sending 100 MB of pages back through pipes at
    N = 1,000 cost the parent half a second of CPU, on a core the workers needed.
    With ``cache``, the data files made of one share per event (``events.csv``,
    ``timeline.json``) keep each event's share there, by the event's digest, for the next
    build (``by_event``).
    ``roots`` (``inputs_guard``): where template files may lie (by default, each template
    folder itself).
    """
    # The corpus and its indexes are hundreds of thousands of objects that live as long as
    # the render: frozen, the collector stops walking them each time planning or a page
    # allocates (a third of the planning time went to that), and forked workers share them.
    # A caller that froze objects already (``pipeline.build``) unfreezes them itself.
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield from _iter_site(annotated, site, template_dirs, extra, workers, store, keys,
                              spool_dir, cache, roots)
    finally:
        if not outer:
            gc.unfreeze()


def _iter_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path],
    extra: Mapping[str, Job] | None, workers: int | None, store: PageStore | None,
    keys: Mapping[str, str] | None, spool_dir: Path | None, cache: Cache | None,
    roots: InputRoots | None = None,
) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    if keys:
        use_article_keys(annotated, keys)
    if store is not None:
        use_part_digests(annotated, store.parts)
    env = make_env(template_dirs, store.folder / TEMPLATE_CACHE
                   if store is not None and store.folder is not None else None, roots)
    site_key = store.site_key(sorted(extra or {})) if store is not None else None
    planned: list[list[tuple[str, PlannedPage | Job]]] = []

    def plan() -> list[tuple[str, PlannedPage | Job]]:
        if not planned:
            planned.append(_plan(annotated, site, env, extra, cache))
        return planned[0]

    known = store.same_site(site_key) if store is not None else None
    if known is not None:  # the same input as last time: every file is known without a plan
        reuse = reusable(store, known)
        if len(reuse) == len(known):
            def remake(path: str) -> bytes | Spooled:  # planned only if a file changed
                return _remake(env, site, dict(plan())[path], path)
            yield from kept_files(store, site_key, reuse, remake)
            return
    work = plan()
    if store is not None:
        store.record_site(site_key, [path for path, _ in work])
    reuse = reusable(store, [path for path, _ in work])
    if len(reuse) < len(work):
        site_index(annotated)  # built once here, shared with forked workers
    gc.freeze()  # the plan and the index live as long as the corpus: not walked again either
    todo = [i for i, (path, _) in enumerate(work) if path not in reuse]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    pool = workers > 1 and len(todo) >= POOL_THRESHOLD and _can_fork()
    keyed: dict[int, tuple[str | None, dict | None]] = {}
    background: Iterator[tuple] = iter(())  # ``_work``'s results
    helper = None
    if pool and store is not None and store.previous:
        # After an edit most pages keep their fine key: find the few that changed here, as
        # keys cost far less than pages, and start the pool only if many must be rendered
        # (forking and feeding it took longer than rendering a few dozen pages). The data
        # files (exports, feeds: a quarter of a rebuild) are made meanwhile by one forked
        # helper, on the other core.
        data = [i for i in todo if not isinstance(work[i][1], PlannedPage)]
        if data:
            helper, background = _started(env, site, work, data, 1, store, {}, spool_dir,
                                          chunk=1)
            todo = [i for i in todo if isinstance(work[i][1], PlannedPage)]
        todo = _changed(store, work, todo, reuse, keyed)
        pool = len(todo) >= POOL_THRESHOLD
    try:
        if pool:  # taken as the workers finish them: in path order, the pages one worker
            # made while the other was busy with a big file (an export) waited in memory
            # (57 MB at N = 3,000)
            precompile(env)  # once here, not once in each worker
            made: Iterator[tuple] = _pooled(
                env, site, work, todo, workers, store, keyed, spool_dir)
        else:
            made = ((i, *_make(env, site, work[i][1], store, work[i][0], keyed.pop(i, None)))
                    for i in todo)
        finished = ((i, reuse[path], None) for i, (path, _) in enumerate(work)
                    if path in reuse)
        for i, fine, content in itertools.chain(finished, _parts_taken(made, store),
                                                _parts_taken(background, store)):
            path, item = work[i]
            if content is None:
                assert store is not None
                remake = partial(_remake, env, site, item, path)
                content = store.keep(path, remake) or remake()  # or it changed since matched
            if store is not None:
                store.record(path, store.coarse(path), fine)
            yield path, content
    finally:
        if helper is not None:
            helper.terminate()  # all taken by now, unless the build stopped early
            _shared.clear()


def _plan(annotated: Annotated, site: SiteInfo, env: jinja2.Environment,
          extra: Mapping[str, Job] | None, cache: Cache | None = None
          ) -> list[tuple[str, PlannedPage | Job]]:
    """Every file of the site, in path order, with what makes it."""
    pages = [p for p in planned_pages(annotated, site)
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
        urls.DATA["events"]: lambda: _by_events(
            annotated, cache, "data-events", [], partial(events_csv, annotated)),
        urls.DATA["timeline"]: lambda: _by_events(
            annotated, cache, "data-timeline", [site.base_url or ""],
            partial(timeline_json, annotated, site)),
        **(extra or {}),
    }
    paths = [p.path for p in pages] + list(jobs)
    sitemap = sitemap_xml(paths, site, articles)
    if sitemap is not None:
        jobs[urls.SITEMAP] = lambda: sitemap
    return sorted([(p.path, p) for p in pages] + list(jobs.items()), key=lambda item: item[0])


def _by_events(annotated: Annotated, cache: Cache | None, kind: str, salt: list[str],
               make: Callable[[EventPart | None], bytes]) -> bytes:
    """``make(part)``, a data file of one share per event, with ``part`` giving each event's
    share from ``cache`` when the event is as last time (``inputs.by_event``); ``salt``: the
    settings the file reads besides the events."""
    if cache is None or cache.folder is None:
        return make(None)
    shares = event_shares(annotated, cache, kind, hash_parts([rules_version(), *salt]))
    return b"".join(shared_chunks(lambda: [make(by_event(annotated, shares))], shares))


def _remake(env: jinja2.Environment, site: SiteInfo, item: PlannedPage | Job, path: str
            ) -> bytes | Spooled:
    content = _make(env, site, item, None, path)[1]
    assert content is not None
    return content


def _changed(store: PageStore, work: list[tuple[str, PlannedPage | Job]], todo: list[int],
             reuse: dict[str, str | None], keyed: dict[int, tuple[str | None, dict | None]]
             ) -> list[int]:
    """Of ``todo``, the files to make: pages whose fine key matches go into ``reuse``; the
    others' keys (and views, when built for the key) go into ``keyed``."""
    left = []
    for i in todo:
        path, item = work[i]
        if isinstance(item, PlannedPage):
            fine, view = _fine_key(store, item, path)
            if fine is not None and store.match(path, None, fine) is not None:
                reuse[path] = fine
                continue
            keyed[i] = (fine, view)
        left.append(i)
    return left


def _fine_key(store: PageStore, item: PlannedPage, path: str) -> tuple[str | None, dict | None]:
    """The page's fine key, and its view when the key had to be made from it."""
    if item.inputs is not None:  # keyed by what the view is made from: no view needed
        try:
            inputs = item.inputs()
        except Exception:  # a part that cannot be hashed: the page is simply not cached
            return None, None  # (its view, if it is wrong, fails when the page is made)
        return view_key(store.salt, path, item.template, item.section + "\0inputs",
                        {"inputs": inputs}), None
    view = item.view()
    return view_key(store.salt, path, item.template, item.section, view), view


def _make(env: jinja2.Environment, site: SiteInfo, item: PlannedPage | Job,
          store: PageStore | None, path: str,
          keyed: tuple[str | None, dict | None] | None = None
          ) -> tuple[str | None, bytes | Spooled | None]:
    """The file's fine key and bytes; ``None`` bytes when ``store`` has the same page.
    ``keyed``: the key (and view) ``_changed`` found, the page known to be changed."""
    if not isinstance(item, PlannedPage):
        return None, _job(item)
    fine = view = None
    if keyed is not None:
        fine, view = keyed
    elif store is not None:
        fine, view = _fine_key(store, item, path)
        if fine is not None and store.match(path, None, fine) is not None:
            return fine, None
    return fine, render_page(env, item.page_of(site, item.view() if view is None else view))


def _job(job: Job) -> bytes | Spooled:
    """A data file's bytes, made with the cycle collector paused: the exports build tens of
    thousands of short-lived dicts and lists, none in a cycle, and collections triggered by
    them took half of their time."""
    with collector_paused():
        return job()


_shared: dict[str, object] = {}
"""What forked workers render from: set before the pool starts, inherited by fork."""


TRIM_AFTER = 1 << 20
"""A worker gives freed memory back after a file this big (or a data file): the big pages and
exports left tens of MB each that the worker kept counting as its own."""


def _parts_taken(results: Iterator[tuple], store: PageStore | None
                 ) -> Iterator[tuple[int, str | None, bytes | Spooled | None]]:
    """``results`` of ``_work`` (or of ``_make`` in this process) without the view parts a
    worker used (``_work``'s fourth member), which go to ``store``'s."""
    for result in results:
        if len(result) == 4:
            if store is not None and result[3]:
                store.parts.update(result[3])
            yield result[:3]
        else:
            yield result


def _work(i: int) -> tuple[int, str | None, bytes | Spooled | None, dict[str, str]]:
    env, site, work, store = _shared["env"], _shared["site"], _shared["work"], _shared["store"]
    path, item = work[i]  # type: ignore[index]
    keyed = _shared["keyed"].get(i)  # type: ignore[attr-defined]
    fine, content = _make(env, site, item, store, path, keyed)  # type: ignore[arg-type]
    if not isinstance(item, PlannedPage) or (isinstance(content, bytes)
                                              and len(content) > TRIM_AFTER):
        malloc.trim()
    folder = _shared.get("spool")
    if isinstance(content, bytes) and folder is not None:
        content = spool((content,), folder)  # type: ignore[arg-type]
    # the parts of views this worker hashed (``render.inputs``), for the next build
    parts = store.parts.take() if store is not None else {}  # type: ignore[attr-defined]
    return i, fine, content, parts


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _pooled(env: jinja2.Environment, site: SiteInfo,
            work: list[tuple[str, PlannedPage | Job]], todo: list[int], workers: int,
            store: PageStore | None, keyed: dict[int, tuple[str | None, dict | None]],
            spool_dir: Path | None,
            ) -> Iterator[tuple[int, str | None, bytes | Spooled | None, dict[str, str]]]:
    """``todo``'s files as the workers finish them (``_work``'s results)."""
    try:
        pool, results = _started(env, site, work, todo, workers, store, keyed, spool_dir)
        with pool:
            yield from results
    finally:
        _shared.clear()


def _started(env: jinja2.Environment, site: SiteInfo,
             work: list[tuple[str, PlannedPage | Job]], todo: list[int], workers: int,
             store: PageStore | None, keyed: dict[int, tuple[str | None, dict | None]],
             spool_dir: Path | None, chunk: int = _CHUNK
             ) -> tuple[multiprocessing.pool.Pool,
                        Iterator[tuple[int, str | None, bytes | Spooled | None,
                                       dict[str, str]]]]:
    """A pool of ``workers`` forked now, already at work on ``todo`` (``_pooled``'s files, for
    the caller to take, then to terminate the pool and clear ``_shared``, which a worker
    forked again in place of one that died still reads)."""
    _shared.update(env=env, site=site, work=work, store=store, keyed=keyed, spool=spool_dir)
    pool = multiprocessing.get_context("fork").Pool(workers)
    return pool, pool.imap_unordered(_work, todo, chunksize=chunk)


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
