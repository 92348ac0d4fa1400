"""The incremental build: the cache wrapped around the pipeline's stages (``pipeline.build``).

Each wrapper takes what the stage takes plus the ``Cache`` and returns what the stage returns,
so the pipeline reads as its stages and the stages know nothing of caches:

- ``unchanged_build``: an input exactly as last time (articles, editorial files, code,
  templates, settings) into an output folder still as written links the last build's files
  into the new site without loading the corpus;
- loading and extraction are memoised per article by the digest of its bytes, sidecar and
  the rules (``cache.load.load_and_extract_keyed``, around ``articles.article_result``);
- ``annotate_cached``: annotation is redone only when the corpus or the editorial files
  changed, and then with each unchanged article's curated matches from the last build;
- ``rendered``: a page is rendered again only when its view, the templates, the site
  settings or the code changed (``render.reuse``); the data exports are kept per article.
"""

from __future__ import annotations

import itertools
import pickle
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from jvreader.annotate import annotate, article_matches
from jvreader.annotate.jsonld import (
    annotations_jsonld_chunks,
    entity_annotations,
    note_marks,
)
from jvreader.cache import Cache, hash_parts, rules_version
from jvreader.cache.load import Loaded
from jvreader.config import Project
from jvreader.export import article_part, corpus_json_chunks, schema_json
from jvreader.model import (
    Annotated,
    Article,
    BuildReport,
    BuildSummary,
    CuratedEvents,
    Extraction,
    Note,
)
from jvreader.render import SiteChanged, iter_site, kept_bundle, kept_site, record_bundle
from jvreader.render.pages import SiteInfo
from jvreader.render.reuse import PageStore, render_salt
from jvreader.shares import ArticleShares, cached_export, shared_chunks
from jvreader.write import Kept, Spooled, spool, spool_folder, write_site

DATA_FILES = ("data/annotations.jsonld", "data/corpus.json", "data/corpus.schema.json")
"""The data exports made beside the pages (``rendered``), by path."""


def site_info(project: Project) -> SiteInfo:
    return SiteInfo(title=project.title, description=project.description,
                    language=project.language, base_url=project.base_url)


def page_store(store: Cache, project: Project, inputs: str | None) -> PageStore:
    """The last build's pages, found again by the digest of their views and everything
    else they are rendered with (``render.reuse``)."""
    return PageStore(store.folder, project.out_dir,
                     render_salt(rules_version(), project.template_dirs, site_info(project),
                                 project.input_roots()), inputs)


def unchanged_build(project: Project, store: Cache, inputs: str | None,
                    editorial_warnings: tuple[str, ...], stage: Callable[[str, str], None],
                    seconds: Callable[[], float]) -> BuildReport | None:
    """The build of an input that is exactly as last time into an output folder still as
    written: the last build's files are linked into the new site without loading the corpus
    at all (a second at N = 1,000 went to reading it back); ``None`` when anything differs.
    Not in strict mode, whose checks need the corpus, nor with ``memory`` (``serve`` keeps
    the corpus for its next save)."""
    if project.strict or store.folder is None or store.memory is not None or inputs is None:
        return None
    summary = store.get("summary", inputs)
    if not isinstance(summary, BuildSummary):
        return None
    pages = page_store(store, project, inputs)
    files = kept_site(pages, DATA_FILES)
    if files is None:
        return None
    search = search_hook(project)
    bundle = kept_bundle(pages, _bundle_version()) if search is not None else None
    if bundle is not None:  # the same pages as last time: the same search index
        search = None
    counted = {"pages": 0}
    try:
        count = write_site(itertools.chain(_counting(files, counted), bundle or ()),
                           project.static_dirs, project.out_dir, before_swap=search,
                           roots=project.input_roots())
    except SiteChanged:  # a file changed by hand just now: the previous site is as it was
        return None
    _save_manifest(pages, project)
    stage("extract", f"{summary.articles} articles, all as last time")
    stage("annotate", f"{summary.events} events, {summary.comparisons} comparisons, "
                      f"as last time")
    stage("render", f"{counted['pages']} pages, {pages.reused_count} files as last time")
    stage("write", f"{count} files in {project.out_dir}")
    return BuildReport(articles=summary.articles, pages=counted["pages"],
                       warnings=(*summary.load_warnings, *editorial_warnings,
                                 *summary.annotation_warnings),
                       seconds=seconds())


def rendered(project: Project, annotated: Annotated, store: Cache, keys: dict[str, str],
             inputs: str | None, summary: BuildSummary, stage: Callable[[str, str], None]
             ) -> int:
    """Render ``annotated`` and write it into the output folder (``render.iter_site``,
    ``write.write_site``), reusing the last build's pages whose views are unchanged and each
    unchanged article's share of the data exports; the number of HTML pages.

    The exports are written in pieces to a spool folder beside the output and moved into the
    new tree: whole, they were the build's peak memory (hundreds of MB at N = 10,000)."""
    spool_dir = spool_folder(project.out_dir)
    data = {"data/corpus.json": lambda: spool(cached_export(
                lambda part: corpus_json_chunks(annotated, part), article_part, store,
                "export-corpus", rules_version(), keys), spool_dir),
            "data/corpus.schema.json": schema_json,
            "data/annotations.jsonld": lambda: spool(
                _annotations_chunks(annotated, store, keys, project.base_url), spool_dir)}
    assert tuple(sorted(data)) == DATA_FILES
    counted = {"pages": 0}
    pages = page_store(store, project, inputs)
    try:  # pages are rendered as they are written: the site is never all in memory
        count = write_site(_counting(iter_site(annotated, site_info(project),
                                               project.template_dirs, data,
                                               store=pages if store.folder else None,
                                               spool_dir=spool_dir,
                                               cache=store if store.folder else None,
                                               roots=project.input_roots()),
                                     counted),
                           project.static_dirs, project.out_dir,
                           before_swap=search_hook(project), roots=project.input_roots())
    finally:
        shutil.rmtree(spool_dir, ignore_errors=True)  # empty unless the build failed
    _save_manifest(pages, project)
    if inputs is not None:  # for the next build of this very input (``unchanged_build``)
        store.put("summary", inputs, summary)
    store.prune()  # only after the new site is in place: a failed build keeps everything
    stage("render", f"{counted['pages']} pages, {pages.reused_count} files as last time")
    stage("write", f"{count} files in {project.out_dir}")
    return counted["pages"]


def _save_manifest(pages: PageStore, project: Project) -> None:
    """The manifest of the site just swapped in, with its search index when it has one."""
    if project.search:
        record_bundle(pages, _bundle_version())
    pages.save()


def _counting(files: Iterable[tuple[str, bytes | Kept | Spooled]], counted: dict[str, int]
              ) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    """``files``, counting the HTML pages in ``counted["pages"]`` as they pass."""
    for path, content in files:
        counted["pages"] += path.endswith(".html")
        yield path, content


def _annotations_chunks(annotated: Annotated, store: Cache, keys: dict[str, str],
                        base_url: str | None) -> Iterator[bytes]:
    """``annotations.jsonld`` in pieces, each article's entity annotations kept in the cache
    (by the article's key): after an edit only the edited article's are serialised again.
    The notes' places are in the salt: their markers change the text the quotes are cut
    from."""
    marks = note_marks(annotated)
    salt = hash_parts([rules_version(), "base_url", str(base_url), repr(sorted(marks.items()))])

    def make(article: Article, x: Extraction | None) -> tuple[int, bytes]:
        return entity_annotations(article, x, base_url, marks.get(article.id))

    if store.folder is None:
        return cached_export(lambda part: annotations_jsonld_chunks(annotated, base_url, part),
                             make, store, "export-jsonld", salt, keys)
    articles = ArticleShares(make, store, "export-jsonld", salt, keys)
    return shared_chunks(lambda: annotations_jsonld_chunks(annotated, base_url, articles),
                         articles.shares)


def annotation_inputs(corpus_key: str, curated: CuratedEvents, notes: tuple[Note, ...]
                      ) -> str | None:
    """The digest of everything annotation reads (``None`` if it cannot be made: then
    nothing past extraction is cached)."""
    try:
        editorial = pickle.dumps((curated, notes), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # not expected of plain records
        return None
    return hash_parts(["annotate", rules_version(), corpus_key, editorial])


def annotate_cached(loaded: Loaded, curated: CuratedEvents, notes: tuple[Note, ...],
                    store: Cache, seeds_dir: Path, inputs: str | None) -> Annotated:
    """``annotate``, served from the cache when the corpus and the editorial files are as
    before (``inputs``, their digest, is as last time), else redone with each article's
    basis (made with its extraction) and each unchanged article's curated matches from the
    last build."""
    corpus = loaded.corpus
    if inputs is None:
        return annotate(corpus, curated, notes)
    cached = store.get("annotate", inputs)
    if isinstance(cached, tuple) and len(cached) == 5:
        events, threads, comparisons, anchored, warnings = cached
        return Annotated(corpus=corpus, events=events, threads=threads, comparisons=comparisons,
                         notes=anchored, warnings=warnings)
    # Each article's curated matches are kept by its key and the curated events: after an
    # edit, only the edited articles are matched against ``events.yml`` again.
    events_digest = hash_parts([pickle.dumps(curated.events, protocol=pickle.HIGHEST_PROTOCOL)])
    keys = {aid: hash_parts(["article matches", key, events_digest])
            for aid, key in loaded.article_keys.items()}
    latest = hash_parts(["latest parts", str(seeds_dir.resolve())])
    last = store.get("parts", store.get("latest", latest) or "") if store.folder else None
    known = last if isinstance(last, dict) else {}
    parts = {key: known[key] for key in keys.values() if key in known}
    owed = [aid for aid, key in keys.items() if key not in parts]
    made = article_matches([loaded.bases[aid] for aid in owed], curated)
    parts.update((keys[aid], mine) for aid, mine in zip(owed, made, strict=True))
    annotated = annotate(corpus, curated, notes, bases=loaded.bases,
                         matches={aid: parts[key] for aid, key in keys.items()})
    store.put("annotate", inputs, (annotated.events, annotated.threads, annotated.comparisons,
                                   annotated.notes, annotated.warnings))
    if parts.keys() != known.keys():
        store.put("parts", inputs, parts)
        store.put("latest", latest, inputs)
    return annotated


def _bundle_version() -> str | None:
    try:
        from jvreader.search import pagefind_version
    except ImportError:
        return None
    return pagefind_version()


def search_hook(project: Project) -> Callable[[Path], None] | None:
    """Pagefind indexing of the finished site, when the project asks for search."""
    if not project.search:
        return None
    try:
        from jvreader.search import index_site
    except ImportError:  # an install without the search module builds without an index
        return None
    return index_site
