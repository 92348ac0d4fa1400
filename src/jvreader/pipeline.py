"""The whole build on one screen: load → extract → annotate → render → write.

``build`` is the one pipeline that ``jvreader build``, ``check``, ``serve`` and the tests run.
Its stages take and return records (``model``); the cache is a layer around them
(``cache.incremental``): loading and extraction are memoised per article by the digest of
its bytes, sidecar and the rules; annotation by the digest of the corpus and the editorial
files; a page is rendered again only when what it shows changed. A build with the cache
gives the same bytes as one without.

In strict mode the build also adds what ``jvreader check`` warns of (curated work that
matches no text any more, dates in the future) and fails on any warning before the output
folder is touched, so the previous site stays as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
import time

import jinja2

from jvreader import malloc
from jvreader.annotate import load_editorial
from jvreader.cache import CACHE_DIR, Cache, Memory
from jvreader.cache.incremental import (
    annotate_cached,
    annotation_inputs,
    rendered,
    unchanged_build,
)
from jvreader.check import date_warnings, orphan_warnings
from jvreader.config import Project, project_input_warnings
from jvreader.errors import JvreaderError, RenderError
from jvreader.load_cache import corpus_keys, load_and_extract_keyed
from jvreader.model import Annotated, BuildReport, BuildSummary, CuratedEvents

GAZETTEER_FILE = "gazetteer.yml"


def build(project: Project, reporter=None, use_cache: bool = True,
          memory: Memory | None = None) -> BuildReport:
    """Build ``project`` into its output folder; raise ``JvreaderError`` on bad input.

    ``reporter`` (a ``progress.Reporter``) hears of each stage; ``use_cache=False`` neither
    reads nor writes ``.jvreader-cache/`` (the result is the same, only slower); ``memory``,
    kept by a caller that builds again and again (``serve``), holds the big cache entries
    of the last builds in the process.
    """
    started = time.perf_counter()

    def stage(name: str, detail: str) -> None:
        if reporter is not None:
            reporter.stage(name, detail)

    store = Cache(project.project_dir / CACHE_DIR if use_cache else None, memory)
    gazetteer = project.seeds_dir / GAZETTEER_FILE
    keys = corpus_keys(project.seeds_dir, project.project_dir, gazetteer, store)
    curated, notes, editorial_warnings = load_editorial(project.seeds_dir, project.project_dir)
    # settings, templates and static files refused (``inputs_guard``) are warned of with
    # the editorial files': fresh each build, and fatal in strict mode before any output
    editorial_warnings = (*project_input_warnings(project), *editorial_warnings)
    inputs = annotation_inputs(keys.corpus_key, curated, notes)
    seconds = lambda: time.perf_counter() - started  # noqa: E731
    if (same := unchanged_build(project, store, inputs, editorial_warnings, stage, seconds)):
        return same
    try:
        loaded = load_and_extract_keyed(  # load + extract, per article, on every core
            project.seeds_dir, project.project_dir, gazetteer, store,
            progress=reporter.advance if reporter is not None else None, keys=keys)
        del keys  # 10,000 paths and hashes that forked render workers would inherit
        # The corpus is hundreds of thousands of records that live as long as the build:
        # frozen, the collector stops walking them whenever annotation or rendering allocates.
        gc.freeze()
        corpus, load_warnings, article_keys = (loaded.corpus, loaded.warnings,
                                               loaded.article_keys)
        stage("extract", f"{len(corpus.articles)} articles, {len(corpus.articles) - loaded.made}"
                         f" from the cache, {len(load_warnings)} warnings")
        annotated = annotate_cached(loaded, curated, notes, store, project.seeds_dir, inputs)
        del loaded  # its annotation basis (sentence views, word bags) is not rendered: freed
        malloc.trim()  # glibc keeps annotation's freed tables, counted by each forked worker
        warnings = (*load_warnings, *editorial_warnings, *annotated.warnings)
        stage("annotate", f"{len(annotated.events)} events, "
                          f"{len(annotated.comparisons)} comparisons")
        if project.strict and (problems := strict_problems(annotated, curated, warnings,
                                                           dt.date.today())):
            raise JvreaderError(f"strict mode: {len(problems)} problem(s), nothing was built:\n"
                                + "\n".join(f"  {p}" for p in problems))
        summary = BuildSummary(articles=len(corpus.articles), load_warnings=load_warnings,
                               annotation_warnings=annotated.warnings,
                               events=len(annotated.events),
                               comparisons=len(annotated.comparisons))
        pages = _render_and_write(project, annotated, store, article_keys, inputs, summary,
                                  stage)
    finally:
        gc.unfreeze()
    return BuildReport(articles=len(corpus.articles), pages=pages, warnings=tuple(warnings),
                       seconds=seconds())


def _render_and_write(project: Project, annotated: Annotated, store: Cache,
                      keys: dict[str, str], inputs: str | None, summary: BuildSummary,
                      stage) -> int:
    """``cache.incremental.rendered``, with template errors as a clear message."""
    try:
        return rendered(project, annotated, store, keys, inputs, summary, stage)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template error: "
                          f"{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"template error: {exc}") from None


def strict_problems(annotated: Annotated, curated: CuratedEvents, warnings: tuple[str, ...],
                    today: dt.date) -> tuple[str, ...]:
    """The build's ``warnings`` plus those only ``check`` gives (``check.check_inputs``):
    future dates and curated events or comparisons that match nothing any more."""
    return (*warnings, *date_warnings(list(annotated.corpus.articles), today),
            *orphan_warnings(annotated, curated))
