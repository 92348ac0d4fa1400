"""The whole build on one screen: load → extract → annotate → render → write.

Load and extract go through the project's cache (``load_cache.load_and_extract_keyed``): a
rebuild redoes them only for the articles whose bytes changed. Annotation is redone only
when the corpus or the editorial files changed; a page is rendered again only when its view
(or, for data files, the annotated corpus), the templates, the site settings or the code
changed (``render.reuse``), otherwise the previous build's file is kept. The writer writes
only the files whose bytes changed (``write``). Pages are rendered as the writer asks for
them (``render.iter_site``), on every core for big sites.

In strict mode the build also adds what ``jvreader check`` warns of (curated work that
matches no text any more, dates in the future) and fails on any warning before the output
folder is touched, so the previous site stays as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

import jinja2

from jvreader import malloc
from jvreader.annotate import annotate, load_editorial
from jvreader.annotate.jsonld import (
    annotations_jsonld_chunks,
    entity_annotations,
    event_annotations,
)
from jvreader.cache import CACHE_DIR, Cache, Memory, hash_parts, rules_version
from jvreader.check import date_warnings, orphan_warnings
from jvreader.config import Project, project_input_warnings
from jvreader.errors import JvreaderError, RenderError
from jvreader.export import (
    ArticleShares,
    article_part,
    cached_export,
    corpus_json_chunks,
    schema_json,
    shared_chunks,
)
from jvreader.load_cache import Loaded, corpus_keys, load_and_extract_keyed
from jvreader.model import Annotated, BuildReport, BuildSummary, CuratedEvents, Note
from jvreader.render import SiteChanged, iter_site, kept_bundle, kept_site, record_bundle
from jvreader.render.inputs import by_event, event_shares
from jvreader.render.pages import SiteInfo
from jvreader.render.reuse import PageStore, render_salt
from jvreader.write import Kept, Spooled, spool, spool_folder, write_site

GAZETTEER_FILE = "gazetteer.yml"


DATA_FILES = ("data/annotations.jsonld", "data/corpus.json", "data/corpus.schema.json")
"""The data exports made beside the pages (``_build_loaded``), by path."""


def build(project: Project, reporter=None, use_cache: bool = True,
          memory: Memory | None = None) -> BuildReport:
    """Build ``project`` into its output folder; raise ``JvreaderError`` on bad input.

    ``reporter`` (a ``progress.Reporter``) hears of each stage; ``use_cache=False`` neither
    reads nor writes ``.jvreader-cache/`` (the result is the same, only slower); ``memory``,
    kept by a caller that builds again and again (``serve``), holds the big cache entries
    of the last builds in the process.
    """
    started = time.perf_counter()
    store = Cache(project.project_dir / CACHE_DIR if use_cache else None, memory)
    keys = corpus_keys(project.seeds_dir, project.project_dir,
                       project.seeds_dir / GAZETTEER_FILE, store)
    editorial = load_editorial(project.seeds_dir, project.project_dir)
    # settings, templates and static files refused (``inputs_guard``) are warned of with
    # the editorial files': fresh each build, and fatal in strict mode before any output
    editorial = (*editorial[:2], (*project_input_warnings(project), *editorial[2]))
    inputs = _annotation_inputs(keys.corpus_key, editorial[0], editorial[1])
    unchanged = _build_unchanged(project, reporter, store, inputs, editorial[2], started)
    if unchanged is not None:
        return unchanged
    # Only the load holds the keys: 10,000 paths and hashes kept in this frame were
    # inherited by every forked render worker (the 1 GiB peak at N = 10,000 is at the edge).
    held = [keys]
    del keys
    try:
        return _build_loaded(project, reporter, store, lambda: load_and_extract_keyed(
            project.seeds_dir, project.project_dir, project.seeds_dir / GAZETTEER_FILE, store,
            progress=reporter.advance if reporter is not None else None, keys=held.pop()),
            editorial, inputs, started)
    finally:
        gc.unfreeze()


def _build_unchanged(project: Project, reporter, store: Cache, inputs: str | None,
                     editorial_warnings: tuple[str, ...], started: float) -> BuildReport | None:
    """The build of an input that is exactly as last time (articles, editorial files, code,
    templates and settings) into an output folder still as written: the last build's files
    are linked into the new site without loading the corpus at all (a second at N = 1,000
    went to reading it back); ``None`` when anything differs. Not in strict mode, whose
    checks need the corpus, nor with ``memory`` (``serve`` keeps the corpus for its next
    save)."""
    if project.strict or store.folder is None or store.memory is not None or inputs is None:
        return None
    summary = store.get("summary", inputs)
    if not isinstance(summary, BuildSummary):
        return None
    pages = PageStore(store.folder, project.out_dir,
                      render_salt(rules_version(), project.template_dirs, _site_info(project),
                                  project.input_roots()),
                      inputs)
    files = kept_site(pages, DATA_FILES)
    if files is None:
        return None
    search = _search_hook(project)
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
    _stage(reporter, "extract", f"{summary.articles} articles, all as last time")
    _stage(reporter, "annotate", f"{summary.events} events, {summary.comparisons} comparisons, "
                                 f"as last time")
    _stage(reporter, "render", f"{counted['pages']} pages, {pages.reused_count} files as "
                               f"last time")
    _stage(reporter, "write", f"{count} files in {project.out_dir}")
    return BuildReport(articles=summary.articles, pages=counted["pages"],
                       warnings=(*summary.load_warnings, *editorial_warnings,
                                 *summary.annotation_warnings),
                       seconds=time.perf_counter() - started)


def _save_manifest(pages: PageStore, project: Project) -> None:
    """The manifest of the site just swapped in, with its search index when it has one."""
    if project.search:
        record_bundle(pages, _bundle_version())
    pages.save()


def _site_info(project: Project) -> SiteInfo:
    return SiteInfo(title=project.title, description=project.description,
                    language=project.language, base_url=project.base_url)


def _counting(files: Iterable[tuple[str, bytes | Kept | Spooled]], counted: dict[str, int]
              ) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    """``files``, counting the HTML pages in ``counted["pages"]`` as they pass."""
    for path, content in files:
        counted["pages"] += path.endswith(".html")
        yield path, content


def _build_loaded(project: Project, reporter, store: Cache, load: Callable[[], Loaded],
                  editorial: tuple[CuratedEvents, tuple[Note, ...], tuple[str, ...]],
                  inputs: str | None, started: float) -> BuildReport:
    """``build``: ``load`` loads and extracts the corpus. Only this frame holds the result,
    so what annotation alone needs is freed before rendering (a caller holding it would keep
    it alive, and forked render workers would inherit it)."""
    loaded = load()
    # The corpus is hundreds of thousands of records that live as long as the build: frozen,
    # the collector stops walking them whenever annotation or rendering allocates.
    gc.freeze()
    corpus, load_warnings, keys = loaded.corpus, loaded.warnings, loaded.article_keys
    _stage(reporter, "extract", f"{len(corpus.articles)} articles, "
                                f"{len(corpus.articles) - loaded.made} from the cache, "
                                f"{len(load_warnings)} warnings")
    curated, notes, editorial_warnings = editorial
    annotated = _annotate(loaded, curated, notes, store, project.seeds_dir, inputs)
    del loaded  # its annotation basis (sentence views, word bags) is not rendered: freed
    # Annotation's big tables (candidate pairs, postings, word counts) are freed, but glibc
    # kept the pages: 30 MB at N = 3,000 that each forked render worker counted as its own.
    malloc.trim()
    warnings = (*load_warnings, *editorial_warnings, *annotated.warnings)
    _stage(reporter, "annotate", f"{len(annotated.events)} events, "
                                 f"{len(annotated.comparisons)} comparisons")
    if project.strict and (problems := strict_problems(annotated, curated, warnings,
                                                       dt.date.today())):
        raise JvreaderError(f"strict mode: {len(problems)} problem(s), nothing was built:\n"
                            + "\n".join(f"  {p}" for p in problems))
    site = _site_info(project)
    # Each article's share of the two exports is kept in the cache by the article's key:
    # after an edit only that article's share and the annotations are serialised again.
    # The exports are written in pieces to a spool folder beside the output and moved into
    # the new tree: whole, they were the build's peak memory (hundreds of MB at N = 10,000).
    spool_dir = spool_folder(project.out_dir)
    data = {"data/corpus.json": lambda: spool(cached_export(
                lambda part: corpus_json_chunks(annotated, part), article_part, store,
                "export-corpus", rules_version(), keys), spool_dir),
            "data/corpus.schema.json": schema_json,
            "data/annotations.jsonld": lambda: spool(_annotations_chunks(annotated, store, keys),
                                                     spool_dir)}
    assert tuple(sorted(data)) == DATA_FILES
    counted = {"pages": 0}
    pages = PageStore(store.folder, project.out_dir,
                      render_salt(rules_version(), project.template_dirs, site,
                                  project.input_roots()), inputs)
    try:  # pages are rendered as they are written: the site is never all in memory
        count = write_site(_counting(iter_site(annotated, site, project.template_dirs, data,
                                               store=pages if store.folder else None,
                                               keys=keys, spool_dir=spool_dir,
                                               cache=store if store.folder else None,
                                               roots=project.input_roots()),
                                     counted),
                           project.static_dirs, project.out_dir,
                           before_swap=_search_hook(project), roots=project.input_roots())
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template error: "
                          f"{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"template error: {exc}") from None
    finally:
        shutil.rmtree(spool_dir, ignore_errors=True)  # empty unless the build failed
    _save_manifest(pages, project)
    if inputs is not None:  # for the next build of this very input (``_build_unchanged``)
        store.put("summary", inputs, BuildSummary(
            articles=len(corpus.articles), load_warnings=load_warnings,
            annotation_warnings=annotated.warnings, events=len(annotated.events),
            comparisons=len(annotated.comparisons)))
    store.prune()  # only after the new site is in place: a failed build keeps everything
    _stage(reporter, "render", f"{counted['pages']} pages, {pages.reused_count} files as "
                               f"last time")
    _stage(reporter, "write", f"{count} files in {project.out_dir}")
    return BuildReport(articles=len(corpus.articles), pages=counted["pages"],
                       warnings=tuple(warnings), seconds=time.perf_counter() - started)


def _annotations_chunks(annotated: Annotated, store: Cache, keys: dict[str, str]
                        ) -> Iterator[bytes]:
    """``annotations.jsonld`` in pieces, each article's entity annotations and each event's
    links kept in the cache (by the article's key, by the event's digest): after an edit
    only the edited article's and the events it touches are serialised again."""
    salt = hash_parts([rules_version(), "base_url", "None"])
    if store.folder is None:
        return cached_export(lambda part: annotations_jsonld_chunks(annotated, None, part),
                             entity_annotations, store, "export-jsonld", salt, keys)
    articles = ArticleShares(entity_annotations, store, "export-jsonld", salt, keys)
    events = event_shares(annotated, store, "export-jsonld-events", salt)
    part = by_event(annotated, events)
    return shared_chunks(lambda: annotations_jsonld_chunks(
        annotated, None, articles, lambda e: part(e, partial(event_annotations, annotated, e))),
        articles.shares, events)


def strict_problems(annotated: Annotated, curated: CuratedEvents, warnings: tuple[str, ...],
                    today: dt.date) -> tuple[str, ...]:
    """The build's ``warnings`` plus those only ``check`` gives (``check.check_inputs``):
    future dates and curated events or comparisons that match nothing any more."""
    return (*warnings, *date_warnings(list(annotated.corpus.articles), today),
            *orphan_warnings(annotated, curated))


def _annotation_inputs(corpus_key: str, curated: CuratedEvents, notes: tuple[Note, ...]
                       ) -> str | None:
    """The digest of everything annotation reads (``None`` if it cannot be made: then
    nothing past extraction is cached)."""
    try:
        editorial = pickle.dumps((curated, notes), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # not expected of plain records
        return None
    return hash_parts(["annotate", rules_version(), corpus_key, editorial])


def _annotate(loaded: Loaded, curated: CuratedEvents, notes: tuple[Note, ...], store: Cache,
              seeds_dir: Path, inputs: str | None) -> Annotated:
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
    events_digest = hash_parts([pickle.dumps(curated.events, protocol=pickle.HIGHEST_PROTOCOL)])
    keys = {aid: hash_parts(["article matches", key, events_digest])
            for aid, key in loaded.article_keys.items()}
    latest = hash_parts(["latest parts", str(seeds_dir.resolve())])
    last = store.get("parts", store.get("latest", latest) or "") if store.folder else None
    known = last if isinstance(last, dict) else {}
    parts = {key: known[key] for key in keys.values() if key in known}
    annotated = annotate(corpus, curated, notes, keys=keys, matches=parts, bases=loaded.bases)
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


def _search_hook(project: Project) -> Callable[[Path], None] | None:
    """Pagefind indexing of the finished site, when the project asks for search."""
    if not project.search:
        return None
    try:
        from jvreader.search import index_site
    except ImportError:  # an install without the search module builds without an index
        return None
    return index_site


def _stage(reporter, name: str, detail: str) -> None:
    if reporter is not None:
        reporter.stage(name, detail)
