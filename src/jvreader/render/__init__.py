"""Render stage: an ``Annotated`` corpus → the site's pages, as (relative path, bytes) pairs.

    render_site(annotated, SiteInfo(), [project / "templates", packaged_templates])
    -> (("articles/002_8f09.html", b"<!DOCTYPE html>…"), …, ("index.html", b"…"))

Nothing is written here: the caller writes the pages and copies ``static/`` beside them
(pages link to ``static/style.css`` relative to the site root).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jvreader.model import Annotated
from jvreader.render.env import make_env
from jvreader.render.pages import Page, SiteInfo, plan_site, render_page

__all__ = ["Page", "SiteInfo", "make_env", "plan_site", "render_page", "render_site"]


def render_site(
    annotated: Annotated, site: SiteInfo, template_dirs: Sequence[Path]
) -> tuple[tuple[str, bytes], ...]:
    """Every page of the site rendered, sorted by path."""
    env = make_env(template_dirs)
    pages = plan_site(annotated.corpus, site)
    return tuple((page.path, render_page(env, page)) for page in pages)
