"""The whole build on one screen: load → extract → annotate → render → write."""

from __future__ import annotations

import time

import jinja2

from jvreader.annotate import annotate, load_editorial
from jvreader.annotate.jsonld import annotations_jsonld
from jvreader.config import Project
from jvreader.errors import RenderError
from jvreader.export import corpus_json, schema_json
from jvreader.extract import extract_corpus
from jvreader.extract.entities import Gazetteer, load_gazetteer
from jvreader.load import load_corpus
from jvreader.model import BuildReport
from jvreader.render import render_site
from jvreader.render.pages import SiteInfo
from jvreader.write import write_site

GAZETTEER_FILE = "gazetteer.yml"


def build(project: Project) -> BuildReport:
    """Build ``project`` into its output folder; raise ``JvreaderError`` on bad input."""
    started = time.perf_counter()
    articles, warnings = load_corpus(project.seeds_dir, project.project_dir)
    gazetteer_path = project.seeds_dir / GAZETTEER_FILE
    gazetteer = load_gazetteer(gazetteer_path) if gazetteer_path.is_file() else Gazetteer()
    corpus = extract_corpus(articles, gazetteer)
    curated, notes, editorial_warnings = load_editorial(project.seeds_dir, project.project_dir)
    annotated = annotate(corpus, curated, notes)
    warnings = (*warnings, *editorial_warnings, *annotated.warnings)
    site = SiteInfo(title=project.title, description=project.description,
                    language=project.language, base_url=project.base_url)
    try:
        pages = render_site(annotated, site, project.template_dirs)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template error: "
                          f"{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"template error: {exc}") from None
    data = (("data/corpus.json", corpus_json(annotated)),
            ("data/corpus.schema.json", schema_json()),
            ("data/annotations.jsonld", annotations_jsonld(annotated)))
    write_site((*pages, *data), project.static_dirs, project.out_dir)
    html_pages = sum(1 for path, _ in pages if path.endswith(".html"))
    return BuildReport(articles=len(corpus.articles), pages=html_pages,
                       warnings=tuple(warnings), seconds=time.perf_counter() - started)
