"""All per-article work, done once, by the worker that reads the article.

Before: ``seeds/a.txt`` (its bytes, its sidecar's) and the rules (the project folder, the
gazetteer; the code and ``data/*.yml``).
After: ``article_result(ArticleSource(path, "a"), ArticleRules(project, gazetteer))`` →
``ArticleResult(article=Article("a", …), warnings=(…), extraction=Extraction("a", …),
unknown_names=Counter(…), basis=ArticleBasis(…))``: the article loaded, extracted, and what
annotation reads of it alone. Reading the article's bytes is its only I/O, and the same
bytes and rules always give the same result: the cache (``cache.load``) keys it by their
digest, and any executor can map it (``map_articles``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from jvreader.annotate import ArticleBasis, article_basis
from jvreader.errors import SourceError
from jvreader.extract import Gazetteer, assemble_corpus, extract_with_names
from jvreader.load import load_article
from jvreader.load.sources import find_articles
from jvreader.model import Article, Corpus, Extraction

POOL_THRESHOLD = 24
"""Below this many articles, one process is as fast as starting a pool. Measured (cold builds,
cache on, distinct corpus, 2 cores): N = 10-20 even; N = 30 1.03 -> 0.91 s, N = 50
1.21 -> 1.02 s, N = 100 2.08 -> 1.61 s with the pool."""

Item = TypeVar("Item")
Out = TypeVar("Out")


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """One article file and the address ``sources.find_articles`` gave it."""

    path: Path
    article_id: str
    loaded: tuple[Article, tuple[str, ...]] | None = None
    """Its load result when already known (only extraction is to be redone: the gazetteer
    changed, the article's bytes did not)."""


@dataclass(frozen=True, slots=True)
class ArticleRules:
    """What an article's result depends on besides its bytes (the code and ``data/*.yml``
    aside): where the project lies (sidecars, input guards) and the gazetteer."""

    project_dir: Path
    gazetteer: Gazetteer


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article loaded and extracted, with its annotation basis."""

    article: Article
    warnings: tuple[str, ...]
    extraction: Extraction
    unknown_names: Counter[str]
    basis: ArticleBasis


@dataclass(frozen=True, slots=True)
class Failed:
    """A ``SourceError`` carried back from a worker (exceptions with extra fields do not
    survive pickling)."""

    path: str
    message: str
    line: int | None

    def error(self) -> SourceError:
        return SourceError(self.path, self.message, self.line)


def article_result(source: ArticleSource, rules: ArticleRules) -> ArticleResult:
    """Load, extract and prepare for annotation one article (``SourceError`` on bad input)."""
    article, warnings = source.loaded or load_article(source.path, rules.project_dir,
                                                      source.article_id)
    extraction, unknown = extract_with_names(article, rules.gazetteer)
    # What annotation reads of the article alone is made here too: on every core, and
    # cached with the extraction, where it shares the sentences' strings.
    kinds = {e.id: e.kind for e in rules.gazetteer.entities}
    return ArticleResult(article, warnings, extraction, unknown,
                         article_basis(article, extraction, kinds))


def article_outcome(rules: ArticleRules, source: ArticleSource) -> ArticleResult | Failed:
    """``article_result``, with a bad file's error as a value a worker can send back."""
    try:
        return article_result(source, rules)
    except SourceError as exc:
        return Failed(exc.path, exc.message, exc.line)


def map_articles(fn: Callable[[Item], Out], items: Sequence[Item],
                 executor: Executor | None = None, workers: int | None = None
                 ) -> Iterator[Out]:
    """``fn`` of each item, in order, as they come.

    For a few items, in this process; from ``POOL_THRESHOLD`` on, on a pool of ``workers``
    forked processes (every core by default). The seam for archives beyond one machine:
    ``fn`` is a pure function of an article's bytes and the rules (``article_outcome``, or
    the cache's ``cache.load.run_job`` that also stores its result), so any ``executor``
    with an order-keeping ``map`` runs it in place of the pool: Dask's
    ``distributed.Client(...).get_executor()``, Ray's ``ray.util.multiprocessing.Pool``, with
    the seeds (and the cache folder) on storage the workers share. Nothing else of the
    build changes: the results are read in order, as from the pool. No home-made
    distribution: an engine that maps is enough.
    """
    if executor is not None:
        yield from executor.map(fn, items)
        return
    if not pooled(len(items), workers):
        yield from map(fn, items)
        return
    workers = workers or os.cpu_count() or 1
    # Forked workers start at once and inherit the rules (gazetteer) instead of unpickling them.
    context = multiprocessing.get_context("fork" if "fork" in
                                          multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(64, len(items) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(fn, items, chunksize=chunk)


def pooled(count: int, workers: int | None = None, executor: Executor | None = None) -> bool:
    """Whether ``map_articles`` runs ``count`` items elsewhere than in this process."""
    return executor is not None or (count >= POOL_THRESHOLD
                                    and (workers or os.cpu_count() or 1) > 1)


def read_articles(seeds_dir: Path, project_dir: Path, gazetteer: Gazetteer,
                  executor: Executor | None = None, workers: int | None = None
                  ) -> tuple[tuple[ArticleResult, ...], tuple[str, ...]]:
    """Every article of ``seeds_dir`` through ``article_result`` (in file order) and the
    warnings of finding them (files skipped or renamed): the load and extract stages
    without a cache. The first bad file raises its ``SourceError``."""
    found = find_articles(seeds_dir, project_dir)
    sources = [ArticleSource(p, i) for p, i in zip(found.paths, found.ids, strict=True)]
    results: list[ArticleResult] = []
    outcomes = map_articles(partial(article_outcome, ArticleRules(project_dir, gazetteer)),
                            sources, executor, workers)
    for outcome in outcomes:
        if isinstance(outcome, Failed):
            outcomes.close()  # stops the pool's workers now
            raise outcome.error()
        results.append(outcome)
    return tuple(results), found.warnings


def corpus_of(results: Iterable[ArticleResult], gazetteer: Gazetteer) -> Corpus:
    """The ``Corpus`` of per-article results (same order)."""
    results = tuple(results)
    return assemble_corpus(tuple(r.article for r in results),
                           [(r.extraction, r.unknown_names) for r in results], gazetteer)


def warnings_of(results: Iterable[ArticleResult]) -> tuple[str, ...]:
    """Every article's warnings, in file order."""
    return tuple(w for r in results for w in r.warnings)


def bases_of(results: Iterable[ArticleResult]) -> dict[str, ArticleBasis]:
    """Each article's ``ArticleBasis`` by id (the first article of an id: lookups by id find
    it), for ``annotate.annotate(bases=…)``."""
    bases: dict[str, ArticleBasis] = {}
    for r in results:
        bases.setdefault(r.article.id, r.basis)
    return bases
