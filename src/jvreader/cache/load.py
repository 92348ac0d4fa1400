"""The load and extract stages through the cache: a rebuild redoes only changed articles.

Each article's load result and extraction (with its annotation basis, what annotation
reads of that article alone) are keyed by its bytes, its sidecar's, the gazetteer's and
the rules (``cache.source_key``). The whole corpus is stored as one entry keyed by every
article's key, holding each article's two entries, and the last one stored is found again
after an edit. Only the articles it lacks are stored one by one: after an edit, the
edited ones (the whole corpus is stored again once more than ``REWRITE_DRIFT`` articles
differ from it). A build that stores the whole corpus stores no article on its own: two
files an article were 40 % of the files a cold build created, and creating a file is
slow on some file systems (``benchmarks/README.md``). The articles to redo are mapped by
``articles.map_articles`` (above ``articles.POOL_THRESHOLD`` of them, on every core) through
``run_job``: ``articles.article_result`` memoised.

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
import pickle
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jvreader.annotate import ArticleBasis
from jvreader.articles import (
    ArticleResult,
    ArticleRules,
    ArticleSource,
    Failed,
    article_outcome,
    article_result,
    map_articles,
    pooled,
)
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
    Result,
    StoredCorpus,
    read_corpus_entry,
)
from jvreader.errors import SourceError
from jvreader.extract import Gazetteer, assemble_corpus, load_gazetteer
from jvreader.inputs_guard import input_roots, present, refusal
from jvreader.load.sources import find_articles
from jvreader.model import Article, Corpus

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
    source: ArticleSource
    load_key: str
    extract_key: str
    stored: bool = True
    """Whether the article's entries are stored on their own (not when the whole corpus is
    being stored, which holds them)."""


Pickled = tuple[bytes, bytes]
"""One article's load and extraction entries as the cache stores them (``cache.dumps``)."""


def run_job(rules: ArticleRules, folder: Path | None, job: _Job) -> Pickled | Failed:
    """``articles.article_result`` memoised: the entries it stores, as bytes (pickled once,
    for the cache, the parent and the corpus entry, and read back twice as fast as the
    pool's default). What ``articles.map_articles`` maps on every core (or any executor)."""
    try:
        return _pickled_job(job, rules, Cache(folder))
    except SourceError as exc:
        return Failed(exc.path, exc.message, exc.line)


def _entries(result: ArticleResult) -> Result:
    """An article's result as the cache holds it: ``((article, warnings), (extraction,
    unknown names), basis)``."""
    return (result.article, result.warnings), (result.extraction, result.unknown_names), \
        result.basis


def _pickled_job(job: _Job, rules: ArticleRules, store: Cache) -> Pickled:
    """``article_result`` stored in the cache, returned as the bytes stored."""
    loaded, extracted, basis = _entries(article_result(job.source, rules))
    pickled = (dumps(loaded), dumps((extracted, basis)))
    if job.stored:
        _store_article(store, job, pickled)
    return pickled


def _plain_job(rules: ArticleRules, job: _Job) -> Result | Failed:
    outcome = article_outcome(rules, job.source)
    return outcome if isinstance(outcome, Failed) else _entries(outcome)


def _store_article(store: Cache, job: _Job, pickled: Pickled) -> None:
    if job.source.loaded is None:
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
                           workers: int | None = None, keys: CorpusKeys | None = None,
                           executor: Executor | None = None) -> Loaded:
    """``load_and_extract`` with the keys and annotation bases a rebuild needs (``Loaded``);
    ``keys``, when the caller found them already (``corpus_keys``), spares hashing again;
    ``executor`` maps the articles to redo (``articles.map_articles``)."""
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
                                          gazetteer, store, progress, workers, executor,
                                          known, known_loads, out)
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
                      workers: int | None, executor: Executor | None,
                      known: dict[str, Result],
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
            jobs.append((i, _Job(ArticleSource(path, ids[i], loaded), load_key, extract_key,
                                 stored=out is None)))
    done = len(paths) - len(jobs)
    if progress:
        progress(done, len(paths))
    rules = ArticleRules(project_dir, gazetteer)
    # Without a cache, one process keeps its results as they are; else (or when workers
    # send them) each comes as the bytes the cache stores.
    plain = store.folder is None and out is None and not pooled(len(jobs), workers, executor)
    outcomes = map_articles(partial(_plain_job, rules) if plain
                            else partial(run_job, rules, store.folder),
                            [job for _, job in jobs], executor, workers)
    if out is not None:
        out.write(dumps((CORPUS_FORMAT, extract_keys, tuple(load_keys))))
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
                if isinstance(outcome, Failed):
                    # the corpus entry will not be stored: what was made is, article by
                    # article, so fixing the file redoes only what came after it
                    for made, at in unstored:
                        kept = results[at]
                        assert kept is not None
                        _store_article(store, made, (dumps(kept[0]), dumps(kept[1:])))
                    raise outcome.error()
                if isinstance(outcome[0], bytes):
                    pickled, result = outcome, _unpickled(outcome)
                    if not job.stored:
                        unstored.append((job, i))
                else:
                    result = outcome
                done += 1
                if progress:
                    progress(done, len(paths))
            results[i] = result
            if out is not None:
                if pickled is None:  # taken from the cache: pickled again
                    pickled = (dumps(result[0]), dumps(result[1:]))
                out.write(LENGTHS.pack(len(pickled[0]), len(pickled[1])))
                out.write(pickled[0])
                out.write(pickled[1])
    return tuple(r for r in results if r is not None), len(jobs)
