"""Render stage: an ``Annotated`` corpus → every generated file of the site, as (path, bytes).

    render_site(annotated, SiteInfo(), [project / "templates", packaged_templates])
    -> (("404.html", b"<!DOCTYPE html>…"), ("articles/002_8f09.html", b"…"), …,
        ("data/sources.bib", b"@online{…"), ("feed.xml", b"<?xml …"), …,
        ("static/pygments.css", b"…"), ("timeline.html", b"…"))

Nothing is written here: the caller writes these files and copies ``static/`` beside them
(pages link to ``static/style.css`` relative to the site root). ``sitemap.xml`` is only made
when the site's base URL is known: a sitemap must list absolute URLs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from jvreader.model import Annotated
from jvreader.render import urls
from jvreader.render.cite import bibliography
from jvreader.render.env import make_env
from jvreader.render.feeds import (
    atom_feed,
    events_csv,
    figures_csv,
    robots_txt,
    sitemap_xml,
    timeline_json,
)
from jvreader.render.original import pygments_css
from jvreader.render.pages import Page, SiteInfo, plan_site, render_page

__all__ = ["Page", "SiteInfo", "make_env", "plan_site", "render_page", "render_site"]


def render_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path]
) -> tuple[tuple[str, bytes], ...]:
    """Every generated file of the site, sorted by path."""
    env = make_env(template_dirs)
    files: dict[str, bytes] = {}
    for page in plan_site(annotated, site):
        if page.optional and not _has_template(env, page.template):
            continue
        files[page.path] = render_page(env, page)
    _, bib, csl = bibliography(annotated.corpus.articles)
    files.update({
        urls.PYGMENTS_CSS: pygments_css(),
        urls.FEED: atom_feed(annotated, site),
        urls.ROBOTS: robots_txt(site),
        urls.DATA["bibtex"]: bib,
        urls.DATA["csl"]: csl,
        urls.DATA["figures"]: figures_csv(annotated),
        urls.DATA["events"]: events_csv(annotated),
        urls.DATA["timeline"]: timeline_json(annotated, site),
    })
    sitemap = sitemap_xml(list(files), site)
    if sitemap is not None:
        files[urls.SITEMAP] = sitemap
    return tuple(sorted(files.items()))


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
