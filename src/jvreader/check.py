"""``jvreader check``: validate a project's inputs (and a built site) without writing anything.

Before: a project whose ``seeds/notes/x.md`` selects text that an edit removed, and whose
``build/index.html`` links to a deleted article.
After: ``check_project(project)`` → ``CheckReport(errors=("build/index.html: broken link
articles/gone.html",), warnings=("seeds/notes/x.md: selector 'East Sea' not found …",), …)``.

It runs the build's own stage functions in memory, without the cache
(``articles.article_result`` mapped by ``articles.map_articles``, then ``annotate``), but
reports every unreadable file instead of stopping at the first, and adds what only an
editor cares about: curated events and comparisons that no longer match any text, dates in
the future.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jvreader.annotate import annotate, load_editorial
from jvreader.articles import (
    ArticleResult,
    ArticleRules,
    ArticleSource,
    Failed,
    article_outcome,
    bases_of,
    corpus_of,
    map_articles,
)
from jvreader.config import Project, project_input_warnings
from jvreader.errors import JvreaderError, SourceError
from jvreader.extract.entities import Gazetteer, load_gazetteer
from jvreader.inputs_guard import present, refusal
from jvreader.linkcheck import check_links
from jvreader.load.sources import find_articles
from jvreader.model import Annotated, Article, Corpus, CuratedEvents

GAZETTEER_FILE = "gazetteer.yml"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` found: errors always fail, warnings fail only in strict mode."""

    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    """Worth knowing, never a failure (gazetteer entries no article mentions yet)."""
    articles: int = 0
    pages_checked: int = 0
    """HTML pages of the built site whose links were checked (0: no site yet)."""

    def failed(self, strict: bool) -> bool:
        return bool(self.errors or (strict and self.warnings))


def check_project(project: Project, today: dt.date | None = None) -> CheckReport:
    """Inputs, then the built site in ``project.out_dir`` if there is one."""
    inputs = check_inputs(project, today)
    site = project.out_dir
    if not (site / "index.html").is_file():
        return inputs
    pages = sum(1 for _ in site.rglob("*.html"))
    broken = check_links(site, project.base_url)
    return CheckReport(errors=(*inputs.errors, *(f"{site.name}/{b}" for b in broken)),
                       warnings=inputs.warnings, notices=inputs.notices,
                       articles=inputs.articles, pages_checked=pages)


def check_inputs(project: Project, today: dt.date | None = None) -> CheckReport:
    """Every problem of the seeds, sidecars, gazetteer, events and notes, found in memory."""
    errors: list[str] = []
    warnings: list[str] = []
    gazetteer = Gazetteer()
    gazetteer_errors: list[str] = []
    gazetteer_path = project.seeds_dir / GAZETTEER_FILE
    refused = (refusal(gazetteer_path, project.input_roots()) if present(gazetteer_path)
               else None)
    if refused is None and gazetteer_path.is_file():
        try:
            gazetteer = load_gazetteer(gazetteer_path)
        except JvreaderError as exc:
            gazetteer_errors.append(str(exc))
    # The build's own per-article work (``articles.article_result``), every file's error
    # reported instead of stopping at the first.
    sources = [ArticleSource(path, article_id) for path, article_id in
               _article_files(project.seeds_dir, project.project_dir, errors, warnings)]
    results: list[ArticleResult] = []
    for outcome in map_articles(partial(article_outcome,
                                        ArticleRules(project.project_dir, gazetteer)), sources):
        if isinstance(outcome, Failed):
            errors.append(str(outcome.error()))
            continue
        warnings.extend(outcome.warnings)
        results.append(outcome)
    articles = [r.article for r in results]
    warnings.extend(date_warnings(articles, today or dt.date.today()))
    warnings.extend((*project_input_warnings(project), *((refused,) if refused else ())))
    errors.extend(gazetteer_errors)
    try:
        curated, notes, editorial_warnings = load_editorial(project.seeds_dir,
                                                            project.project_dir)
    except JvreaderError as exc:
        errors.append(str(exc))
        return CheckReport(tuple(errors), tuple(warnings), (), len(articles))
    warnings.extend(editorial_warnings)
    if not articles:
        return CheckReport(tuple(errors), tuple(warnings), (), 0)
    annotated = annotate(corpus_of(results, gazetteer), curated, notes,
                         bases=bases_of(results))
    warnings.extend((*annotated.warnings, *orphan_warnings(annotated, curated)))
    return CheckReport(tuple(errors), tuple(warnings),
                       unused_entities(annotated.corpus, gazetteer), len(articles))


def orphan_warnings(annotated: Annotated, curated: CuratedEvents) -> tuple[str, ...]:
    """Curated events and comparisons that no sentence of the corpus matches any more.

    The build-time equivalent of an orphaned annotation: an editor wrote the rule for some
    text, and that text changed or went away.
    """
    linked = {e.id for e in annotated.events if e.curated and e.mentions}
    compared = {c.id for c in annotated.comparisons if c.curated and c.figures}
    # A hidden entry's events are off the site whether it finds any or not: not an orphan.
    found = [f"events.yml: event {e.id!r} matches no sentence of any article"
             for e in curated.events if not (e.parts or e.hide) and e.id not in linked]
    for e in (e for e in curated.events if e.parts):
        empty = [p.id for p in e.parts if p.id not in linked]
        if len(empty) == len(e.parts):
            found.append(f"events.yml: split {e.id!r} identifies no automatic event and "
                         "matches no sentence of any article")
        else:
            found += [f"events.yml: part {p!r} of split {e.id!r} takes none of the sentences "
                      "the split finds" for p in empty]
    found += [f"events.yml: comparison {c.id!r} finds no figure in any article"
              for c in curated.comparisons if c.id not in compared]
    return tuple(found)


def unused_entities(corpus: Corpus, gazetteer: Gazetteer) -> tuple[str, ...]:
    """Gazetteer entries whose names occur nowhere: not a fault (the corpus may grow)."""
    mentioned = {m.entity for x in corpus.extractions for m in x.mentions}
    for article in corpus.articles:
        meta = "\n".join((article.title, *article.authors, article.publication or ""))
        mentioned.update(eid for _, _, eid in gazetteer.find_mentions(meta))
    return tuple(f"gazetteer.yml: {e.id!r} ({e.name}) is mentioned in no article"
                 for e in gazetteer.entities if e.id not in mentioned)


def date_warnings(articles: list[Article], today: dt.date) -> list[str]:
    """Articles dated after ``today`` (a typo in a year, usually)."""
    found = []
    for a in articles:
        if a.date and a.date > today.isoformat()[:len(a.date)]:
            found.append(f"{a.source_file}: date {a.date} is in the future")
    return found


def _article_files(seeds_dir: Path, project_dir: Path, errors: list[str], warnings: list[str]
                   ) -> list[tuple[Path, str]]:
    """The seed files to check, each with its address (``sources.find_articles``)."""
    try:
        found = find_articles(seeds_dir, project_dir)
    except SourceError as exc:
        errors.append(str(exc))
        return []
    warnings.extend(found.warnings)
    return list(zip(found.paths, found.ids, strict=True))
