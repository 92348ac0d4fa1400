"""The whole build on one screen: load → extract → annotate → render → write.

``build`` is the one pipeline that ``jvreader build``, ``serve`` and the tests run (``check``
runs its stage functions without a cache). Its stages take and return records; the cache is
a layer around them (``cache.stages.Stages``): loading and extraction are memoised per
article by the digest of its bytes, sidecar and the rules; annotation by the digest of the
corpus and the editorial files; a page is rendered again only when what it shows changed.
A build with the cache gives the same bytes as one without.

In strict mode the build also adds what ``jvreader check`` warns of (curated work that
matches no text any more, dates in the future) and fails on any warning before the output
folder is touched, so the previous site stays as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import Executor

from jvreader.cache import CACHE_DIR, Cache, Memory
from jvreader.cache.stages import GAZETTEER_FILE, Stages
from jvreader.check import date_warnings, orphan_warnings
from jvreader.config import Project
from jvreader.errors import JvreaderError
from jvreader.model import Annotated, BuildReport, CuratedEvents

__all__ = ["GAZETTEER_FILE", "annotated_project", "build", "strict_problems"]


def build(project: Project, reporter=None, use_cache: bool = True,
          memory: Memory | None = None, executor: Executor | None = None) -> BuildReport:
    """Build ``project`` into its output folder; raise ``JvreaderError`` on bad input.

    ``reporter`` (a ``progress.Reporter``) hears of each stage; ``use_cache=False`` neither
    reads nor writes ``.jvreader-cache/`` (the result is the same, only slower); ``memory``,
    kept by a caller that builds again and again (``serve``), holds the big cache entries
    of the last builds in the process; ``executor`` maps the per-article work instead of
    the process pool (``articles.map_articles``).
    """
    started = time.perf_counter()
    seconds = lambda: time.perf_counter() - started  # noqa: E731
    store = Cache(project.project_dir / CACHE_DIR if use_cache else None, memory)
    with Stages(project, store, reporter, executor) as stages:
        inputs = stages.load()  # files found and hashed, editorial files read
        if (same := stages.unchanged(inputs, seconds)) is not None:
            return same
        loaded = stages.extract()  # every article loaded and extracted once, on every core
        annotated = stages.annotate(loaded, inputs)
        load_warnings = loaded.warnings
        del loaded  # its annotation basis (sentence views) is not rendered: freed
        warnings = (*load_warnings, *inputs.warnings, *annotated.warnings)
        if project.strict and (problems := strict_problems(annotated, inputs.curated, warnings,
                                                           dt.date.today())):
            raise JvreaderError(f"strict mode: {len(problems)} problem(s), nothing was built:\n"
                                + "\n".join(f"  {p}" for p in problems))
        pages = stages.write(stages.render(annotated, load_warnings), inputs)
    return BuildReport(articles=len(annotated.corpus.articles), pages=pages,
                       warnings=warnings, seconds=seconds())


def annotated_project(project: Project, use_cache: bool = False) -> Annotated:
    """The build's first three stages alone (nothing is written): the ``Annotated`` corpus
    the pages of ``project`` are rendered from (its warnings: annotation's)."""
    store = Cache(project.project_dir / CACHE_DIR if use_cache else None)
    with Stages(project, store) as stages:
        inputs = stages.load()
        return stages.annotate(stages.extract(), inputs)


def strict_problems(annotated: Annotated, curated: CuratedEvents, warnings: tuple[str, ...],
                    today: dt.date) -> tuple[str, ...]:
    """The build's ``warnings`` plus those only ``check`` gives (``check.check_inputs``):
    future dates and curated events or comparisons that match nothing any more."""
    return (*warnings, *date_warnings(list(annotated.corpus.articles), today),
            *orphan_warnings(annotated, curated))
