"""Where each page lives and how one page links to another: the only place ids become paths.

Pages are flat files, and every link between them is relative, so the site works from
``file://`` and under any sub-path of a static host::

    article_path("002_8f09")                         -> "articles/002_8f09.html"
    rel("articles/002_8f09.html", "entities/abe.html") -> "../entities/abe.html"
    rel("index.html", "articles/a.html", "p3")          -> "articles/a.html#p3"
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote

from jvreader.errors import RenderError

INDEX = "index.html"
ENTITIES_INDEX = "entities/index.html"
EVENTS_INDEX = "events/index.html"
THREADS_INDEX = "threads/index.html"
TIMELINE = "timeline.html"
FIGURES = "figures.html"
SOURCES = "sources.html"
SEARCH = "search.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
STYLESHEET = "static/style.css"
PYGMENTS_CSS = "static/pygments.css"
TIMELINE_JS = "static/timeline.js"
DATA = {
    "corpus": "data/corpus.json",
    "annotations": "data/annotations.jsonld",
    "bibtex": "data/sources.bib",
    "csl": "data/sources.json",
    "ris": "data/sources.ris",
    "figures": "data/figures.csv",
    "events": "data/events.csv",
    "timeline": "data/timeline.json",
}


def _segment(page_id: str) -> str:
    """``page_id`` as one file name; an id that could leave its folder is refused."""
    if (not page_id or page_id in (".", "..") or "/" in page_id or "\\" in page_id
            or "\0" in page_id):  # not ``any(…)``: tens of thousands of links ask
        raise RenderError(f"cannot make a page name from the id {page_id!r}")
    return page_id


def article_path(article_id: str) -> str:
    return f"articles/{_segment(article_id)}.html"


def entity_path(entity_id: str, page: int = 1) -> str:
    """An entity's page; its further pages of quotes are ``entities/ID.p2.html`` …"""
    return f"entities/{_segment(entity_id)}{_page_suffix(page)}.html"


def list_page_path(first_page: str, page: int = 1) -> str:
    """Page ``page`` of a whole-corpus list whose first page is ``first_page``:
    ``("figures.html", 3)`` -> ``figures.p3.html``; ``("events/index.html", 2)`` ->
    ``events/index.p2.html``; page 1 is ``first_page`` itself."""
    stem, dot, ext = first_page.rpartition(".")
    return first_page if page == 1 else f"{stem}{_page_suffix(page)}{dot}{ext}"


def _page_suffix(page: int) -> str:
    return "" if page == 1 else f".p{page}"


def original_path(article_id: str) -> str:
    """The page showing an article's original text, line by line."""
    return f"articles/{_segment(article_id)}.source.html"


def event_path(event_id: str, page: int = 1) -> str:
    """An event's page; its further pages of quotes are ``events/ID.p2.html`` …"""
    return f"events/{_segment(event_id)}{_page_suffix(page)}.html"


def comparison_path(comparison_id: str, page: int = 1) -> str:
    """The own pages of a comparison too long to list whole on the figures pages:
    ``figures/ID.html``, ``figures/ID.p2.html`` …"""
    return f"figures/{_segment(comparison_id)}{_page_suffix(page)}.html"


def thread_path(thread_id: str) -> str:
    return f"threads/{_segment(thread_id)}.html"


def timeline_year_path(year: str, page: int = 1) -> str:
    """A year's single-source events, when too many to fold into the timeline:
    ``timeline/2015.html``, ``timeline/2015.p2.html`` …, ``timeline/undated.html``."""
    return f"timeline/{_segment(year.lower())}{_page_suffix(page)}.html"


def absolute(base_url: str, path: str, fragment: str | None = None) -> str:
    """``path`` (site-relative) under ``base_url``: ``https://x.org/r/`` + ``a.html``."""
    url = base_url.rstrip("/") + "/" + quote(path, safe="/.-_~")
    return f"{url}#{quote(fragment, safe='-_.~')}" if fragment else url


def rel(from_path: str, to_path: str, fragment: str | None = None) -> str:
    """The relative URL from the page at ``from_path`` to ``to_path`` (both site-relative)."""
    if from_path == to_path:
        url = _quoted(posixpath.basename(to_path))
    else:
        url = _target(_start(from_path), to_path)
    return with_fragment(url, fragment)


def with_fragment(url: str, fragment: str | None) -> str:
    """``url`` (from ``rel``) pointing at ``fragment``: ``rel(a, b, f)`` is
    ``with_fragment(rel(a, b), f)``, so a page linking to many places on one page works out
    the path once."""
    return f"{url}#{_fragment(fragment)}" if fragment else url


def folder(path: str) -> str:
    """The folder of the page at ``path`` (``"."`` at the root), remembered: what memos of
    parts shared by a folder's pages are keyed by, asked for every part of every page."""
    return _start(path)


# A site makes hundreds of thousands of links between a few folders and a few thousand
# pages: each part of a link is worked out once. The tables of pages are bounded at a size
# that keeps the links of thousands of pages: full (65,536 each) at N = 10,000, they held
# 20-30 MB in every render worker.
@lru_cache(maxsize=8192)
def _start(from_path: str) -> str:
    return posixpath.dirname(from_path) or "."


@lru_cache(maxsize=16384)
def _quoted(target: str) -> str:
    return quote(target, safe="/.-_~")


@lru_cache(maxsize=65536)
def _fragment(fragment: str) -> str:
    return quote(fragment, safe="-_.~")


def _target(start: str, to_path: str) -> str:
    if to_path.startswith("/"):  # resolved against the working folder: not remembered
        return quote(_relpath(to_path, start), safe="/.-_~")
    return _plain_target(start, to_path)


@lru_cache(maxsize=16384)
def _plain_target(start: str, to_path: str) -> str:
    return quote(_relpath(to_path, start), safe="/.-_~")


def _relpath(to_path: str, start: str) -> str:
    """``posixpath.relpath`` for a plain site path, with the folder part memoised: a site
    makes millions of links between a handful of folders, and ``relpath`` asks the OS for
    the working folder each time."""
    head, _, name = to_path.rpartition("/")
    if not name or to_path.startswith("/") or any(p in ("", ".", "..") for p in
                                                   to_path.split("/")):
        return posixpath.relpath(to_path, start)
    return _folder_prefix(head or ".", start) + name


@lru_cache(maxsize=4096)
def _folder_prefix(folder: str, start: str) -> str:
    up = posixpath.relpath(folder, start)
    return "" if up == "." else up + "/"


def root_prefix(from_path: str) -> str:
    """``""`` or ``"../"`` …: what leads from ``from_path`` back to the site root."""
    return "../" * from_path.count("/")


def external_url(url: str | None) -> str | None:
    """``url`` if it is safe to link to (http or https), else ``None``: no ``javascript:``."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url.strip() if scheme in ("http", "https") and "://" in url else None
