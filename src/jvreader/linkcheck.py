"""Check every internal link and ``#anchor`` of a built site.

Before: ``build/index.html`` holding ``<a href="articles/a.html#p9">`` while
``articles/a.html`` has no ``id="p9"``.
After: ``check_links(Path("build")) == ["index.html: broken anchor articles/a.html#p9"]``.
External links (``https:``, ``mailto:``…) are not fetched; links under ``base_url``
count as internal. Anchors are checked only in HTML targets.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = {"a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",),
               "script": ("src",), "iframe": ("src",), "source": ("src",),
               "audio": ("src",), "video": ("src", "poster"), "form": ("action",)}


class _PageParser(HTMLParser):
    """Collects the ids a page defines and the addresses it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "base" and "href" in values:
            self.base = values["href"]
        if tag == "link" and values.get("rel", "").lower() in ("preconnect", "dns-prefetch"):
            return
        for attr in _LINK_ATTRS.get(tag, ()):
            if values.get(attr):
                self.links.append(values[attr])

    handle_startendtag = handle_starttag


def parse_page(html: str) -> tuple[set[str], list[str]]:
    """The ids a page defines and the links it holds, in document order."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.ids, parser.links


def check_links(site_dir: Path, base_url: str | None = None) -> list[str]:
    """One message per broken internal link or anchor, ``page: broken link target``."""
    pages = sorted(p for p in site_dir.rglob("*.html") if p.is_file())
    parsed = {p.relative_to(site_dir).as_posix(): parse_page(p.read_text("utf-8", "replace"))
              for p in pages}
    problems: list[str] = []
    for page, (ids, links) in parsed.items():
        for link in links:
            target = resolve_link(page, link, base_url)
            if target is None:
                continue
            path, fragment = target
            problem = _problem(site_dir, parsed, page, path, fragment, ids)
            if problem:
                problems.append(f"{page}: {problem} {link}")
    return problems


def resolve_link(page: str, link: str, base_url: str | None = None
                 ) -> tuple[str, str | None] | None:
    """``(site path, fragment)`` a link from ``page`` points to; ``None`` if external.

    ``"articles/a.html"`` + ``"../entities/x.html#top"`` → ``("entities/x.html", "top")``;
    a path of ``""`` means the page itself; a path ending in ``/`` means its ``index.html``.
    """
    link = link.strip()
    if base_url and link.startswith(base_url):
        link = "/" + link[len(base_url):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    fragment = unquote(parts.fragment) if parts.fragment else None
    path = unquote(parts.path)
    if not path:
        return page, fragment
    base = PurePosixPath("/") if path.startswith("/") else PurePosixPath("/" + page).parent
    joined: list[str] = []
    for piece in (base / path).parts[1:]:
        if piece == "..":
            if not joined:
                return "..", fragment  # climbs out of the site: always broken
            joined.pop()
        elif piece != ".":
            joined.append(piece)
    resolved = "/".join(joined)
    if path.endswith("/") or not joined:
        resolved = f"{resolved}/index.html" if joined else "index.html"
    return resolved, fragment


def _problem(site_dir: Path, parsed: dict[str, tuple[set[str], list[str]]], page: str,
             path: str, fragment: str | None, own_ids: set[str]) -> str | None:
    if path == "..":
        return "link leaves the site:"
    file = site_dir / path
    if path not in parsed and file.is_dir() and (file / "index.html").is_file():
        path = f"{path}/index.html"
    if path not in parsed and not file.is_file():
        return "broken link"
    if fragment and fragment != "top" and path.endswith(".html"):
        ids = own_ids if path == page else parsed[path][0]
        if fragment not in ids:
            return "broken anchor"
    return None
