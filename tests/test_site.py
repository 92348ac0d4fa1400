"""The built site served under a sub-path (/reader/): every internal link and #anchor resolves.

A static host may publish the site anywhere, so no page may link from the host's root
("/static/style.css"), and no page may carry inline scripts or styles (a strict
Content-Security-Policy must be possible). The crawl starts at the home page and also
visits every built page, so a page nothing links to is checked too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from site_under_test import BUNDLE_DIR, built_site, serve, served_site

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src",
                   "iframe": "src", "source": "src", "form": "action", "area": "href"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    inline_code: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if "id" in attr:
            self.page.ids.add(attr["id"])
        if tag == "a" and "name" in attr:
            self.page.ids.add(attr["name"])
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and wanted in attr:
            self.page.links.append((tag, attr[wanted]))
        if "style" in attr:
            self.page.inline_code.append(f"<{tag} style=…>")
        self.page.inline_code.extend(f"<{tag} {a}=…>" for a in attr if a.startswith("on"))
        if tag == "style":
            self.page.inline_code.append("<style>")
        if tag == "script" and "src" not in attr and attr.get("type") not in DATA_SCRIPT_TYPES:
            self.page.inline_code.append("<script> without src")


def parse(html: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of ``url`` (errors as their status, not exceptions)."""
    try:
        with urlopen(url, timeout=10) as response:  # our own local server
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as err:
        return err.code, "", b""


@dataclass
class Crawl:
    pages: dict[str, ParsedPage]
    problems: list[str]


def crawl(base: str, site_dir: Path) -> Crawl:
    """Visit the home page and every built page; check each internal link and anchor."""
    fetched: dict[str, tuple[int, str]] = {}
    pages: dict[str, ParsedPage] = {}
    problems: list[str] = []

    def get(url: str) -> tuple[int, str]:
        if url not in fetched:
            status, kind, body = fetch(url)
            fetched[url] = (status, kind)
            if status == 200 and kind == "text/html":
                pages[url] = parse(body.decode("utf-8"))
        return fetched[url]

    on_disk = sorted(
        p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
        if p.relative_to(site_dir).parts[0] != BUNDLE_DIR
    )
    queue = [base + "index.html", *(base + path for path in on_disk)]
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        status, _ = get(url)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        for tag, link in pages[url].links if url in pages else ():
            if link.startswith(("/", "\\")):
                problems.append(f"{url}: <{tag}> links from the host's root: {link}")
                continue
            target, fragment = urldefrag(urljoin(url, link))
            if not target.startswith(base):
                continue  # an external address
            status, kind = get(target)
            if status != 200:
                problems.append(f"{url}: broken link {link} (HTTP {status})")
            elif target in pages:
                queue.append(target)
                if fragment and unquote(fragment) not in pages[target].ids:
                    problems.append(f"{url}: link {link} names a missing anchor")
            elif fragment:
                problems.append(f"{url}: link {link} has an anchor into a {kind} file")
    return Crawl(pages, problems)


@pytest.fixture(scope="module")
def site_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Crawl]]:
    base = served_site(tmp_path_factory)
    # the server is the session's (conftest's ``site_url`` stops it): later modules use it too
    yield base, crawl(base, built_site(tmp_path_factory))


def test_every_internal_link_and_anchor_resolves_under_a_sub_path(site_crawl):
    _, result = site_crawl
    assert not [p for p in result.problems if "host's root" not in p], "\n".join(result.problems)


def test_no_page_links_from_the_host_root(site_crawl):
    _, result = site_crawl
    root_links = [p for p in result.problems if "host's root" in p]
    assert not root_links, "\n".join(root_links)


def test_no_page_has_inline_scripts_or_styles(site_crawl):
    _, result = site_crawl
    inline = [f"{url}: {what}" for url, page in result.pages.items() for what in page.inline_code]
    assert not inline, "\n".join(inline)


def test_crawl_visits_every_page_type(site_crawl):
    base, result = site_crawl
    visited = {urlsplit(url).path.removeprefix(urlsplit(base).path) for url in result.pages}
    folders = {path.split("/")[0] for path in visited if "/" in path}
    assert {"index.html", "search.html", "404.html"} <= visited
    assert {"articles", "entities"} <= folders


def test_every_page_is_reachable_from_the_home_page(site_crawl, tmp_path_factory):
    base, result = site_crawl
    linked: set[str] = set()
    for url, page in result.pages.items():
        for _, link in page.links:
            linked.add(urldefrag(urljoin(url, link)).url)
    orphans = sorted(
        url for url in result.pages
        if url not in linked and url != base + "index.html" and not url.endswith("/404.html")
    )
    assert not orphans, "pages no other page links to:\n" + "\n".join(orphans)


def test_crawl_reports_each_kind_of_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><title>t</title><p id="top" style="color:red">'
        '<a href="a/page.html#here">ok</a> <a href="a/page.html#gone">anchor</a> '
        '<a href="missing.html">missing</a> <a href="/a/page.html">root</a> '
        '<a href="https://example.org/x#y">external</a>', encoding="utf-8")
    (tmp_path / "a" / "page.html").write_text(
        '<!DOCTYPE html><title>p</title><h2 id="here">h</h2><a href="../index.html#top">back</a>'
        '<script>alert(1)</script>', encoding="utf-8")
    server, base = serve(tmp_path)
    try:
        result = crawl(base, tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    problems = "\n".join(result.problems)
    assert "a/page.html#gone names a missing anchor" in problems
    assert "broken link missing.html (HTTP 404)" in problems
    assert "links from the host's root: /a/page.html" in problems
    assert "#here" not in problems and "example.org" not in problems
    assert len(result.problems) == 3
    inline = [what for page in result.pages.values() for what in page.inline_code]
    assert sorted(inline) == ["<p style=…>", "<script> without src"]
