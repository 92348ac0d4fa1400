"""The load and extract stages through the cache: a rebuild redoes only changed articles.

Each article's load result and extraction (with its annotation basis, what annotation
reads of that article alone) are keyed by its bytes, its sidecar's, the gazetteer's and
the rules (``cache.source_key``). The whole corpus is stored as one entry keyed by every
article's key, holding each article's two entries, and the last one stored is found again
after an edit. Only the articles it lacks are stored one by one: after an edit, the
edited ones (the whole corpus is stored again once more than ``REWRITE_DRIFT`` articles
differ from it). A build that stores the whole corpus stores no article on its own: two
files an article were 40 % of the files a cold build created, and creating a file is
slow on some file systems (``benchmarks/README.md``). Above ``POOL_THRESHOLD`` articles to
redo, the work runs on every core.

Before: ``seeds/a.txt`` (bytes ``b"Headline…"``), its sidecar, the rules (``data/*.yml``
and the code) and, for extraction, ``seeds/gazetteer.yml``.
After a first build: ``.jvreader-cache/corpus/…`` holding the keys, then every article's
two entries one after the other (the bytes the workers made, written as they come: the
corpus is never pickled as a whole). After an edit, also
``.jvreader-cache/load/3f/3fa9….pickle`` holding the edited article's ``(Article,
warnings)`` and ``.jvreader-cache/extract/c1/c1d0….pickle`` its ``((Extraction, unknown
names), ArticleBasis)``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
from collections.abc import Callable, Generator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jvreader.annotate import ArticleBasis, article_basis
from jvreader.cache import (
    Cache,
    EntryWriter,
    collector_paused,
    dumps,
    file_key,
    hash_parts,
    source_keys,
)
from jvreader.cache.corpus_entry import (
    CORPUS_FORMAT,
    LENGTHS,
    BagSharer,
    Result,
    StoredCorpus,
    read_corpus_entry,
)
from jvreader.errors import SourceError
from jvreader.extract import Gazetteer, assemble_corpus, extract_with_names, load_gazetteer
from jvreader.inputs_guard import input_roots, present, refusal
from jvreader.load.article import build_article
from jvreader.load.sources import find_articles, read_source
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
    made: int = 0
    """How many articles were loaded and extracted again (the others came from the cache)."""


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    article_id: str
    load_key: str
    extract_key: str
    loaded: tuple[Article, tuple[str, ...]] | None
    """The cached load result when only extraction must be redone (the gazetteer changed)."""
    stored: bool = True
    """Whether the article's entries are stored on their own (not when the whole corpus is
    being stored, which holds them)."""


@dataclass(frozen=True, slots=True)
class _Failed:
    """A ``SourceError`` carried back from a worker (exceptions with extra fields do not
    survive pickling)."""

    path: str
    message: str
    line: int | None


Pickled = tuple[bytes, bytes]
"""One article's load and extraction entries as the cache stores them (``cache.dumps``)."""

def _run_job(project_dir: Path, gazetteer: Gazetteer, folder: Path | None, job: _Job
             ) -> Pickled | _Failed:
    """A worker's result: the entries it stored, as bytes (pickled once, for the cache, the
    parent and the corpus entry, and read back twice as fast as the pool's default). A pure
    function of the article's bytes and the rules (the project folder, the gazetteer): what
    any executor can map (``_pooled``)."""
    try:
        return _pickled_job(job, project_dir, gazetteer, Cache(folder))
    except SourceError as exc:
        return _Failed(exc.path, exc.message, exc.line)


def _do_job(job: _Job, project_dir: Path, gazetteer: Gazetteer
            ) -> tuple[tuple[Article, tuple[str, ...]], tuple[tuple[Any, Any], ArticleBasis]]:
    """One article's load result (``job.loaded`` when given) and extraction entry."""
    loaded = job.loaded
    if loaded is None:
        raw = read_source(job.path, project_dir, job.article_id)
        article, article_warnings = build_article(raw)
        loaded = (article, (*raw.warnings, *article_warnings))
    extracted = extract_with_names(loaded[0], gazetteer)
    # What annotation reads of the article alone is made here too: on every core, and
    # cached with the extraction, where it shares the sentences' strings.
    return loaded, (extracted, article_basis(loaded[0], extracted[0]))


def _pickled_job(job: _Job, project_dir: Path, gazetteer: Gazetteer, store: Cache) -> Pickled:
    """``_do_job`` stored in the cache, returned as the bytes stored."""
    loaded, extract_entry = _do_job(job, project_dir, gazetteer)
    pickled = (dumps(loaded), dumps(extract_entry))
    if job.stored:
        _store_article(store, job, pickled)
    return pickled


def _store_article(store: Cache, job: _Job, pickled: Pickled) -> None:
    if job.loaded is None:
        store.put_bytes("load", job.load_key, pickled[0])
    store.put_bytes("extract", job.extract_key, pickled[1])


def _unpickled(pickled: Pickled) -> Result:
    loaded = pickle.loads(pickled[0])
    extracted, basis = pickle.loads(pickled[1])
    return loaded, extracted, basis


def read_gazetteer(path: Path | None, store: Cache) -> tuple[Gazetteer, str]:
    """The project's gazetteer (empty without one) and the key extraction results use."""
    key = file_key("gazetteer", path)
    if path is None or not path.is_file():
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


@dataclass(frozen=True, slots=True)
class CorpusKeys:
    """The keys of a corpus' cache entries, found by hashing its files without loading any."""

    paths: tuple[Path, ...]
    gazetteer: Gazetteer
    load_keys: tuple[str, ...]
    extract_keys: tuple[str, ...]
    corpus_key: str
    """Equal exactly when every article, sidecar, the gazetteer and the rules are."""
    ids: tuple[str, ...] = ()
    """Each path's address (``sources.find_articles``)."""
    warnings: tuple[str, ...] = ()
    """Files skipped or renamed on the way (``inputs_guard``, ``find_articles``)."""


def corpus_keys(seeds_dir: Path, project_dir: Path, gazetteer_path: Path, store: Cache
                ) -> CorpusKeys:
    """The seeds' ``CorpusKeys`` (``SourceError`` when the folder cannot be listed)."""
    found = find_articles(seeds_dir, project_dir)
    gazetteer_problem = (refusal(gazetteer_path, input_roots(project_dir))
                         if present(gazetteer_path) else None)
    gazetteer, gazetteer_key = read_gazetteer(
        gazetteer_path if gazetteer_problem is None else None, store)
    warnings = (*found.warnings, *((gazetteer_problem,) if gazetteer_problem else ()))
    # An address is part of the load result: the same bytes under another address (a
    # name that now collides) are loaded again.
    load_keys = tuple(hash_parts(["load at", k, i])
                      for k, i in zip(source_keys(found.paths, project_dir), found.ids,
                                      strict=True))
    extract_keys = tuple(hash_parts(["extract", k, gazetteer_key]) for k in load_keys)
    # The warnings are in the key: a build whose files are as last time but one more file is
    # skipped is not "as last time" (its report must say so)
    return CorpusKeys(found.paths, gazetteer, load_keys, extract_keys,
                      hash_parts(["corpus", gazetteer_key, *load_keys, "warnings", *warnings]),
                      found.ids, warnings)


def load_and_extract_keyed(seeds_dir: Path, project_dir: Path, gazetteer_path: Path,
                           store: Cache, progress: Callable[[int, int], None] | None = None,
                           workers: int | None = None, keys: CorpusKeys | None = None
                           ) -> Loaded:
    """``load_and_extract`` with the keys and annotation bases a rebuild needs (``Loaded``);
    ``keys``, when the caller found them already (``corpus_keys``), spares hashing again."""
    if keys is None:
        keys = corpus_keys(seeds_dir, project_dir, gazetteer_path, store)
    paths, gazetteer, load_keys = keys.paths, keys.gazetteer, list(keys.load_keys)
    extract_keys, corpus_key = keys.extract_keys, keys.corpus_key
    whole = store.read("corpus", corpus_key, read_corpus_entry)
    if whole is not None and whole.extract_keys == extract_keys and whole.complete:
        if progress:
            progress(len(paths), len(paths))
        return _loaded(whole.results, gazetteer, corpus_key, extract_keys, 0, keys.warnings)
    # The last corpus built here holds every article an edit left unchanged: one read. In
    # ``serve``, the last build's corpus is still in memory: the one stored on disk is older
    # once edits follow one another (it is rewritten only after ``REWRITE_DRIFT`` of them),
    # and reading it back took a fifth of a rebuild.
    latest = hash_parts(["latest corpus", str(seeds_dir.resolve())])
    last = store.memory.newest("corpus") if store.memory is not None else None
    if last is None:  # not read at all when it has no article in common with this corpus
        last = store.read("corpus", store.get("latest", latest) or "",
                          partial(read_corpus_entry, wanted=frozenset(extract_keys),
                                  wanted_loads=frozenset(load_keys)))
    known: dict[str, Result] = {}
    known_loads: dict[str, tuple[Article, tuple[str, ...]]] = {}
    if last is not None:
        for extract_key, load_key, result in zip(last.extract_keys, last.load_keys,
                                                 last.results, strict=True):
            if last.complete:
                known[extract_key] = result
            known_loads[load_key] = result[0]
    # Writing the whole corpus again after a few edits is not worth it: the next build
    # starts from the last corpus written plus the edited articles' own entries, as this
    # one did.
    drift = sum(key not in known for key in extract_keys)
    rewrite = store.folder is not None and (not known
                                            or drift > max(REWRITE_DRIFT, len(paths) // 20))
    with store.writer("corpus", corpus_key) if rewrite else contextlib.nullcontext() as out:
        results, made = _load_and_extract(paths, keys.ids, load_keys, extract_keys, project_dir,
                                          gazetteer, store, progress, workers, known,
                                          known_loads, out)
    if rewrite:
        store.put("latest", latest, corpus_key)
    if store.memory is not None:
        store.memory.put("corpus", corpus_key,
                         StoredCorpus(extract_keys, keys.load_keys, results))
    return _loaded(results, gazetteer, corpus_key, extract_keys, made, keys.warnings)


def _loaded(results: tuple[Result, ...], gazetteer: Gazetteer, corpus_key: str,
            extract_keys: tuple[str, ...], made: int, found_warnings: tuple[str, ...] = ()
            ) -> Loaded:
    """The corpus of ``results``; its warnings are ``found_warnings`` (files skipped or
    renamed) then each article's."""
    warnings = (*found_warnings,
                *(w for (_, article_warnings), _, _ in results for w in article_warnings))
    articles = tuple(article for (article, _), _, _ in results)
    corpus = assemble_corpus(articles, [extracted for _, extracted, _ in results], gazetteer)
    keys: dict[str, str] = {}
    bases: dict[str, ArticleBasis] = {}
    for key, ((article, _), (extraction, _), basis) in zip(extract_keys, results, strict=True):
        if (corpus.article(article.id) is article
                and corpus.extraction(article.id) is extraction and article.id not in keys):
            keys[article.id] = key
            bases[article.id] = basis
    return Loaded(corpus, warnings, corpus_key, keys, bases, made)


def _load_and_extract(paths: tuple[Path, ...], ids: tuple[str, ...], load_keys: list[str],
                      extract_keys: tuple[str, ...], project_dir: Path, gazetteer: Gazetteer,
                      store: Cache, progress: Callable[[int, int], None] | None,
                      workers: int | None, known: dict[str, Result],
                      known_loads: dict[str, tuple[Article, tuple[str, ...]]],
                      out: EntryWriter | None) -> tuple[tuple[Result, ...], int]:
    """Each article's ``Result`` (and how many were made): taken from ``known`` (by
    extraction key: same bytes, same gazetteer), else from the cache, else made (its load
    result taken from ``known_loads`` or the cache when there). With ``out``, the corpus
    entry is written to it as results come (made ones as the bytes their worker sent), and
    the articles made are not stored on their own unless the build fails."""
    results: list[Result | None] = [None] * len(paths)
    jobs: list[tuple[int, _Job]] = []
    for i, (path, load_key, extract_key) in enumerate(zip(paths, load_keys, extract_keys,
                                                          strict=True)):
        if extract_key in known:
            results[i] = known[extract_key]
            continue
        loaded = known_loads.get(load_key) or store.get("load", load_key)
        entry = store.get("extract", extract_key) if loaded is not None else None
        if (isinstance(entry, tuple) and len(entry) == 2
                and isinstance(entry[1], ArticleBasis)):
            results[i] = (loaded, *entry)
        else:
            jobs.append((i, _Job(path, ids[i], load_key, extract_key, loaded,
                                 stored=out is None)))
    done = len(paths) - len(jobs)
    if progress:
        progress(done, len(paths))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(jobs) >= POOL_THRESHOLD and workers > 1:
        outcomes: Generator[Any, None, None] = _pooled([job for _, job in jobs], project_dir,
                                                       gazetteer, store.folder, workers)
    elif store.folder is None and out is None:
        outcomes = (_safe(_do_job, job, project_dir, gazetteer) for _, job in jobs)
    else:
        outcomes = (_safe(_pickled_job, job, project_dir, gazetteer, store) for _, job in jobs)
    if out is not None:
        out.write(dumps((CORPUS_FORMAT, extract_keys, tuple(load_keys))))
    shared = BagSharer()
    unstored: list[tuple[_Job, int]] = []  # made, held only by the corpus entry
    pending = iter(jobs)
    # Results are records, no cyclic garbage to look for. ``closing``: a failed article
    # stops the pool's workers now, not when the collector finds the generator.
    with collector_paused(keep=True), contextlib.closing(outcomes):
        for i, result in enumerate(results):
            pickled: Pickled | None = None
            if result is None:
                outcome = next(outcomes)
                job = next(pending)[1]
                if isinstance(outcome, _Failed):
                    # the corpus entry will not be stored: what was made is, article by
                    # article, so fixing the file redoes only what came after it
                    for made, at in unstored:
                        kept = results[at]
                        assert kept is not None
                        _store_article(store, made, (dumps(kept[0]), dumps(kept[1:])))
                    raise SourceError(outcome.path, outcome.message, outcome.line)
                if isinstance(outcome[0], bytes):
                    pickled, result = outcome, _unpickled(outcome)
                    if not job.stored:
                        unstored.append((job, i))
                else:
                    result = (outcome[0], *outcome[1])
                done += 1
                if progress:
                    progress(done, len(paths))
            results[i] = shared(result)
            if out is not None:
                if pickled is None:  # taken from the cache: pickled again
                    pickled = (dumps(result[0]), dumps(result[1:]))
                out.write(LENGTHS.pack(len(pickled[0]), len(pickled[1])))
                out.write(pickled[0])
                out.write(pickled[1])
    return tuple(r for r in results if r is not None), len(jobs)


def _safe(run: Callable[..., Any], job: _Job, *args: Any) -> Any:
    try:
        return run(job, *args)
    except SourceError as exc:
        return _Failed(exc.path, exc.message, exc.line)


def _pooled(jobs: list[_Job], project_dir: Path, gazetteer: Gazetteer, folder: Path | None,
            workers: int) -> Generator[Any, None, None]:
    """Results in job order (``map`` keeps it), computed by ``workers`` processes.

    The seam for archives beyond one machine: each job is mapped by one pure function of
    the article's bytes and the rules (``_run_job`` with the project folder, the gazetteer
    and the cache folder bound), whose result is two byte strings. Any executor with an
    order-keeping ``map`` can run it in place of this process pool: a Dask
    ``client.map(run, jobs)`` then ``client.gather``, or Ray's ``ray.remote(run)`` over the
    jobs, with the cache folder on storage the workers share (or ``None``). Nothing else of
    the build needs to change: the parent reads the results in order, as from this pool."""
    context = multiprocessing.get_context("fork" if "fork" in
                                          multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    run = partial(_run_job, project_dir, gazetteer, folder)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(run, jobs, chunksize=chunk)
