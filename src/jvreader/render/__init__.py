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

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import jinja2

from jvreader.model import Annotated
from jvreader.render import urls
from jvreader.render.cite import bibliography
from jvreader.render.env import make_env
from jvreader.render.feeds import (
    atom_feed,
    events_csv,
    figures_csv,
    robots_txt,
    sitemap_xml,
    timeline_json,
)
from jvreader.render.index import site_index
from jvreader.render.original import pygments_css
from jvreader.render.pages import Page, PlannedPage, SiteInfo, plan_site, planned_pages, render_page

__all__ = ["Page", "SiteInfo", "iter_site", "make_env", "plan_site", "render_page", "render_site"]

POOL_THRESHOLD = 200
"""From this many files on, pages are rendered by a pool of forked worker processes."""
_CHUNK = 8

Job = Callable[[], bytes]


def render_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path]
) -> tuple[tuple[str, bytes], ...]:
    """Every generated file of the site, sorted by path."""
    return tuple(iter_site(annotated, site, template_dirs, workers=1))


def iter_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path],
    extra: Mapping[str, Job] | None = None, workers: int | None = None,
) -> Iterator[tuple[str, bytes]]:
    """``render_site``'s files one at a time, in path order, plus ``extra`` (path → a function
    making the bytes, e.g. the data export): memory stays flat however big the site.

    Above ``POOL_THRESHOLD`` files and with more than one core, the work is shared by forked
    worker processes; the output (bytes and order) is the same either way.
    """
    env = make_env(template_dirs)
    pages = [p for p in planned_pages(annotated, site)
             if not (p.optional and not _has_template(env, p.template))]
    _, bib, csl = bibliography(annotated.corpus.articles)
    jobs: dict[str, Job] = {
        urls.PYGMENTS_CSS: pygments_css,
        urls.FEED: lambda: atom_feed(annotated, site),
        urls.ROBOTS: lambda: robots_txt(site),
        urls.DATA["bibtex"]: lambda: bib,
        urls.DATA["csl"]: lambda: csl,
        urls.DATA["figures"]: lambda: figures_csv(annotated),
        urls.DATA["events"]: lambda: events_csv(annotated),
        urls.DATA["timeline"]: lambda: timeline_json(annotated, site),
        **(extra or {}),
    }
    paths = [p.path for p in pages] + list(jobs)
    sitemap = sitemap_xml(paths, site)
    if sitemap is not None:
        jobs[urls.SITEMAP] = lambda: sitemap
    work: list[tuple[str, PlannedPage | Job]] = sorted(
        [(p.path, p) for p in pages] + list(jobs.items()), key=lambda item: item[0])
    site_index(annotated)  # built once here, shared with forked workers
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(work) >= POOL_THRESHOLD and _can_fork():
        yield from _pooled(env, site, work, workers)
    else:
        for path, item in work:
            yield path, _make(env, site, item)


def _make(env: jinja2.Environment, site: SiteInfo, item: PlannedPage | Job) -> bytes:
    if isinstance(item, PlannedPage):
        return render_page(env, item.page(site))
    return item()


_shared: dict[str, object] = {}
"""What forked workers render from: set before the pool starts, inherited by fork."""


def _work(i: int) -> bytes:
    env, site, work = _shared["env"], _shared["site"], _shared["work"]
    return _make(env, site, work[i][1])  # type: ignore[index,arg-type]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _pooled(env: jinja2.Environment, site: SiteInfo,
            work: list[tuple[str, PlannedPage | Job]], workers: int
            ) -> Iterator[tuple[str, bytes]]:
    _shared.update(env=env, site=site, work=work)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.imap(_work, range(len(work)), chunksize=_CHUNK)
            for (path, _), content in zip(work, results, strict=True):
                yield path, content
    finally:
        _shared.clear()


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
