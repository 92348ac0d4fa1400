"""The load and extract stages through the cache: a rebuild redoes only changed articles.

Each article's load result and extraction (with its annotation basis, what annotation
reads of that article alone) are cache entries keyed by its bytes, its sidecar's, the
gazetteer's and the rules (``cache.source_key``); the whole corpus is also stored as one
entry keyed by every article's key (one read instead of two per article), and the last one
stored is found again after an edit, so only the edited articles' entries are read one by
one (the whole corpus is stored again once more than ``REWRITE_DRIFT`` articles differ).
Above ``POOL_THRESHOLD`` articles to redo, the work runs on every core.

Before: ``seeds/a.txt`` (bytes ``b"Headline…"``), its sidecar, the rules (``data/*.yml``
and the code) and, for extraction, ``seeds/gazetteer.yml``.
After: ``.jvreader-cache/load/3f/3fa9….pickle`` holding ``(Article, warnings)``,
``.jvreader-cache/extract/c1/c1d0….pickle`` holding ``((Extraction, unknown names),
ArticleBasis)``, and
``.jvreader-cache/corpus/…`` holding the ``Corpus`` with every article's results.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jvreader.annotate import ArticleBasis, article_basis
from jvreader.cache import Cache, collector_paused, dumps, file_key, hash_parts, source_key
from jvreader.errors import SourceError
from jvreader.extract import Gazetteer, assemble_corpus, extract_with_names, load_gazetteer
from jvreader.load.article import build_article
from jvreader.load.sources import discover, read_source
from jvreader.model import Article, Corpus

POOL_THRESHOLD = 200
"""Below this many articles to (re)build, one process is faster than starting a pool."""
REWRITE_DRIFT = 8
"""The whole corpus is stored again once more than this many articles (or 5 %) differ
from the last corpus stored."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """The corpus with what a rebuild needs to reuse work past extraction."""

    corpus: Corpus
    warnings: tuple[str, ...]
    corpus_key: str
    """A hash of every article's extraction key and the gazetteer's: equal exactly when the
    corpus is."""
    article_keys: dict[str, str]
    """Each article's extraction key by id (where the corpus holds that very article)."""
    bases: dict[str, ArticleBasis]
    """Each article's ``annotate.ArticleBasis`` by id (likewise)."""


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    load_key: str
    extract_key: str
    loaded: tuple[Article, tuple[str, ...]] | None
    """The cached load result when only extraction must be redone (the gazetteer changed)."""


@dataclass(frozen=True, slots=True)
class _Failed:
    """A ``SourceError`` carried back from a worker (exceptions with extra fields do not
    survive pickling)."""

    path: str
    message: str
    line: int | None


_worker_state: dict[str, Any] = {}


def _init_worker(project_dir: Path, gazetteer: Gazetteer, folder: Path | None) -> None:
    _worker_state.update(project_dir=project_dir, gazetteer=gazetteer, cache=Cache(folder))


def _run_job(job: _Job) -> bytes | _Failed:
    """A worker's result, pickled as the cache pickles (twice as fast both ways as the
    default the pool would use; the parent is the one that waits for it)."""
    state = _worker_state
    try:
        return dumps(_do_job(job, state["project_dir"], state["gazetteer"], state["cache"]))
    except SourceError as exc:
        return _Failed(exc.path, exc.message, exc.line)


def _do_job(job: _Job, project_dir: Path, gazetteer: Gazetteer, store: Cache
            ) -> tuple[tuple[Article, tuple[str, ...]], tuple[Any, Any], ArticleBasis]:
    loaded = job.loaded
    if loaded is None:
        raw = read_source(job.path, project_dir)
        article, article_warnings = build_article(raw)
        loaded = (article, (*raw.warnings, *article_warnings))
        store.put("load", job.load_key, loaded)
    extracted = extract_with_names(loaded[0], gazetteer)
    # What annotation reads of the article alone is made here too: on every core, and
    # cached with the extraction, where it shares the sentences' strings.
    basis = article_basis(loaded[0], extracted[0])
    store.put("extract", job.extract_key, (extracted, basis))
    return loaded, extracted, basis


def read_gazetteer(path: Path, store: Cache) -> tuple[Gazetteer, str]:
    """The project's gazetteer (empty without one) and the key extraction results use."""
    key = file_key("gazetteer", path)
    if not path.is_file():
        return Gazetteer(), key
    gazetteer = store.get("gazetteer", key)
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = load_gazetteer(path)
        store.put("gazetteer", key, gazetteer)
    return gazetteer, key


def load_and_extract(seeds_dir: Path, project_dir: Path, gazetteer_path: Path, store: Cache,
                     progress: Callable[[int, int], None] | None = None,
                     workers: int | None = None) -> tuple[Corpus, tuple[str, ...]]:
    """What ``load_corpus`` then ``extract_corpus`` return, redoing only what the cache
    lacks; above ``POOL_THRESHOLD`` articles to do, on every core. Results keep file order."""
    found = load_and_extract_keyed(seeds_dir, project_dir, gazetteer_path, store, progress,
                                   workers)
    return found.corpus, found.warnings


def load_and_extract_keyed(seeds_dir: Path, project_dir: Path, gazetteer_path: Path,
                           store: Cache, progress: Callable[[int, int], None] | None = None,
                           workers: int | None = None) -> Loaded:
    """``load_and_extract`` with the keys and annotation bases a rebuild needs (``Loaded``)."""
    paths = discover(seeds_dir)
    gazetteer, gazetteer_key = read_gazetteer(gazetteer_path, store)
    load_keys = [source_key(path, project_dir) for path in paths]
    corpus_key = hash_parts(["corpus", gazetteer_key, *load_keys])
    whole = store.get("corpus", corpus_key)
    if _is_corpus_entry(whole):
        if progress:
            progress(len(paths), len(paths))
        return _loaded(whole[0], whole[1], corpus_key, whole[2], whole[3])
    # The last corpus built here holds every article an edit left unchanged: one read.
    latest = hash_parts(["latest corpus", str(seeds_dir.resolve())])
    last = store.get("corpus", store.get("latest", latest) or "")
    known = dict(zip(last[2], last[3], strict=True)) if _is_corpus_entry(last) else {}
    corpus, warnings, results = _load_and_extract(paths, load_keys, project_dir, gazetteer,
                                                  gazetteer_key, store, progress, workers,
                                                  known)
    extract_keys = tuple(hash_parts(["extract", k, gazetteer_key]) for k in load_keys)
    entry = (corpus, warnings, extract_keys, results)
    # Writing the whole corpus again costs a second for a thousand articles: after a few
    # edits it is not done, and the next build starts from the last corpus written plus
    # the edited articles' own entries, as this one did.
    drift = sum(key not in known for key in extract_keys)
    if not known or drift > max(REWRITE_DRIFT, len(paths) // 20):
        store.put("corpus", corpus_key, entry)
        store.put("latest", latest, corpus_key)
    elif store.memory is not None:
        store.memory.put("corpus", corpus_key, entry)
    return _loaded(corpus, warnings, corpus_key, extract_keys, results)


def _loaded(corpus: Corpus, warnings: tuple[str, ...], corpus_key: str,
            extract_keys: tuple[str, ...], results: tuple[Any, ...]) -> Loaded:
    keys: dict[str, str] = {}
    bases: dict[str, ArticleBasis] = {}
    for key, ((article, _), (extraction, _), basis) in zip(extract_keys, results, strict=True):
        if (corpus.article(article.id) is article
                and corpus.extraction(article.id) is extraction and article.id not in keys):
            keys[article.id] = key
            bases[article.id] = basis
    return Loaded(corpus, warnings, corpus_key, keys, bases)


def _is_corpus_entry(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 4 and isinstance(value[0], Corpus)
            and len(value[2]) == len(value[3]))


def _load_and_extract(paths: tuple[Path, ...], load_keys: list[str], project_dir: Path,
                      gazetteer: Gazetteer,
                      gazetteer_key: str, store: Cache,
                      progress: Callable[[int, int], None] | None, workers: int | None,
                      known: dict[str, Any]) -> tuple[Corpus, tuple[str, ...], tuple[Any, ...]]:
    """The corpus, its warnings and each article's ``(loaded, extracted)``: taken from
    ``known`` (by extraction key: same bytes, same gazetteer), else from the cache,
    else made."""
    results: list[Any] = [None] * len(paths)
    jobs: list[tuple[int, _Job]] = []
    for i, (path, load_key) in enumerate(zip(paths, load_keys, strict=True)):
        extract_key = hash_parts(["extract", load_key, gazetteer_key])
        if extract_key in known:
            results[i] = known[extract_key]
            continue
        loaded = store.get("load", load_key)
        entry = store.get("extract", extract_key) if loaded is not None else None
        if (isinstance(entry, tuple) and len(entry) == 2
                and isinstance(entry[1], ArticleBasis)):
            results[i] = (loaded, *entry)
        else:
            jobs.append((i, _Job(path, load_key, extract_key, loaded)))
    done = len(paths) - len(jobs)
    if progress:
        progress(done, len(paths))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(jobs) >= POOL_THRESHOLD and workers > 1:
        outcomes: Iterable[Any] = _pooled([job for _, job in jobs], project_dir, gazetteer,
                                          store.folder, workers)
    else:
        outcomes = (_safe(job, project_dir, gazetteer, store) for _, job in jobs)
    with collector_paused():  # results are records: no cyclic garbage to look for
        for (i, _job), outcome in zip(jobs, outcomes, strict=True):
            if isinstance(outcome, _Failed):
                raise SourceError(outcome.path, outcome.message, outcome.line)
            results[i] = pickle.loads(outcome) if isinstance(outcome, bytes) else outcome
            done += 1
            if progress:
                progress(done, len(paths))
    warnings = tuple(w for (_, article_warnings), _, _ in results for w in article_warnings)
    articles = tuple(article for (article, _), _, _ in results)
    corpus = assemble_corpus(articles, [extracted for _, extracted, _ in results], gazetteer)
    return corpus, warnings, tuple(results)


def _safe(job: _Job, project_dir: Path, gazetteer: Gazetteer, store: Cache) -> Any:
    try:
        return _do_job(job, project_dir, gazetteer, store)
    except SourceError as exc:
        return _Failed(exc.path, exc.message, exc.line)


def _pooled(jobs: list[_Job], project_dir: Path, gazetteer: Gazetteer, folder: Path | None,
            workers: int) -> Iterable[Any]:
    """Results in job order (``map`` keeps it), computed by ``workers`` processes."""
    context = multiprocessing.get_context("fork" if "fork" in
                                          multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(project_dir, gazetteer, folder)) as pool:
        yield from pool.map(_run_job, jobs, chunksize=chunk)
