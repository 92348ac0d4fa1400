"""The build's stages with the cache wrapped around them, as ``pipeline.build`` calls them.

The stage functions themselves are pure and know nothing of caches: ``load.find_articles``,
``articles.article_result`` (load and extract one article, with its annotation basis),
``annotate.annotate``, ``render.iter_site``, ``write.write_site``. ``Stages`` memoises each
by the digest of its inputs (``Cache(None)``: nothing is remembered, each stage runs as is,
with the same result):

- ``load``: the seed files found and hashed, the editorial files read (nothing parsed);
- ``unchanged``: an input exactly as last time into an output still as written is linked
  from the last build without loading the corpus (``incremental.unchanged_build``);
- ``extract``: each article's ``article_result`` by the digest of its bytes, its sidecar's,
  the gazetteer and the rules (``cache.load``), mapped on every core or by an ``executor``
  (``articles.map_articles``: the seam for Dask or Ray);
- ``annotate``: by the digest of the corpus and the editorial files, else redone with each
  unchanged article's curated matches from the last build (``incremental.annotate_cached``);
- ``render`` then ``write``: a page is rendered again only when what it shows changed, and
  pages are rendered as they are written, so the site is never all in memory
  (``incremental.rendered``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from types import TracebackType

import jinja2

from jvreader import malloc
from jvreader.annotate import load_editorial
from jvreader.cache import Cache
from jvreader.cache.incremental import (
    annotate_cached,
    annotation_inputs,
    rendered,
    unchanged_build,
)
from jvreader.cache.load import CorpusKeys, Loaded, corpus_keys, load_and_extract_keyed
from jvreader.config import Project, project_input_warnings
from jvreader.errors import RenderError
from jvreader.model import Annotated, BuildReport, BuildSummary, CuratedEvents, Note

GAZETTEER_FILE = "gazetteer.yml"


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the load stage found besides the articles: the editorial files and their digest."""

    curated: CuratedEvents
    notes: tuple[Note, ...]
    warnings: tuple[str, ...]
    """The editorial files' warnings, and the settings, templates and static files refused
    (``inputs_guard``): fresh each build, fatal in strict mode before any output."""
    digest: str | None
    """Of everything annotation reads (``incremental.annotation_inputs``)."""


@dataclass(frozen=True, slots=True)
class Site:
    """The site to write: rendered as it is written (``Stages.write``)."""

    annotated: Annotated
    summary: BuildSummary


class Stages:
    """The build's stages over ``project`` through ``store``; ``reporter`` (a
    ``progress.Reporter``) hears of each. Used as a context manager: the corpus, frozen out
    of the collector's sight once made (``extract``), is handed back to it at the end."""

    def __init__(self, project: Project, store: Cache, reporter=None,
                 executor: Executor | None = None) -> None:
        self.project = project
        self.store = store
        self.reporter = reporter
        self.executor = executor
        self._keys: CorpusKeys | None = None
        self._article_keys: dict[str, str] = {}

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        gc.unfreeze()

    def stage(self, name: str, detail: str) -> None:
        if self.reporter is not None:
            self.reporter.stage(name, detail)

    def load(self) -> Inputs:
        """Find and hash the seed files (``cache.load.corpus_keys``), read the editorial ones."""
        project = self.project
        self._keys = corpus_keys(project.seeds_dir, project.project_dir,
                                 project.seeds_dir / GAZETTEER_FILE, self.store)
        curated, notes, warnings = load_editorial(project.seeds_dir, project.project_dir)
        return Inputs(curated, notes, (*project_input_warnings(project), *warnings),
                      annotation_inputs(self._keys.corpus_key, curated, notes))

    def unchanged(self, inputs: Inputs, seconds: Callable[[], float]) -> BuildReport | None:
        """The report of a build linked from the last one, ``None`` unless all is as then."""
        return unchanged_build(self.project, self.store, inputs.digest, inputs.warnings,
                               self.stage, seconds)

    def extract(self) -> Loaded:
        """Every article through ``articles.article_result``, those the cache lacks only."""
        project, keys = self.project, self._keys
        self._keys = None  # 10,000 paths and hashes that forked render workers would inherit
        loaded = load_and_extract_keyed(
            project.seeds_dir, project.project_dir, project.seeds_dir / GAZETTEER_FILE,
            self.store, progress=self.reporter.advance if self.reporter is not None else None,
            keys=keys, executor=self.executor)
        # The corpus is hundreds of thousands of records that live as long as the build:
        # frozen, the collector stops walking them whenever annotation or rendering allocates.
        gc.freeze()
        self._article_keys = loaded.article_keys
        count = len(loaded.corpus.articles)
        self.stage("extract", f"{count} articles, {count - loaded.made} from the cache, "
                              f"{len(loaded.warnings)} warnings")
        return loaded

    def annotate(self, loaded: Loaded, inputs: Inputs) -> Annotated:
        annotated = annotate_cached(loaded, inputs.curated, inputs.notes, self.store,
                                    self.project.seeds_dir, inputs.digest)
        self.stage("annotate", f"{len(annotated.events)} events, "
                               f"{len(annotated.comparisons)} comparisons")
        return annotated

    def render(self, annotated: Annotated, load_warnings: tuple[str, ...]) -> Site:
        return Site(annotated, BuildSummary(
            articles=len(annotated.corpus.articles), load_warnings=load_warnings,
            annotation_warnings=annotated.warnings, events=len(annotated.events),
            comparisons=len(annotated.comparisons)))

    def write(self, site: Site, inputs: Inputs) -> int:
        """Render ``site`` into the output folder as it is written; the number of pages."""
        malloc.trim()  # glibc keeps annotation's freed tables, counted by each forked worker
        try:
            return rendered(self.project, site.annotated, self.store, self._article_keys,
                            inputs.digest, site.summary, self.stage)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template error: "
                              f"{exc.message}") from None
        except jinja2.TemplateError as exc:
            raise RenderError(f"template error: {exc}") from None
