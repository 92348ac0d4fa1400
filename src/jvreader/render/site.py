"""The two records the renderer plans with: what the site is, and one page of it.

    SiteInfo(title="Japan–Vietnam Reader", base_url="https://example.org/reader/")
    Page("timeline.html", "timeline.html", {"site": …, "section": "timeline", "groups": […]})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What the site is called and in which language its own words are written."""

    title: str = "Japan–Vietnam Reader"
    description: str = "Articles on Japan–Vietnam relations, annotated and linked to their sources."
    language: str = "en"
    base_url: str | None = None
    """Absolute address the site is published at (feeds, sitemap, citation tags); pages
    themselves always link relatively."""


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: where it goes, which template draws it, and what the template gets."""

    path: str
    template: str
    context: Mapping[str, Any]
    optional: bool = False
    """Skipped, not an error, when no template folder has ``template`` (e.g. search)."""
