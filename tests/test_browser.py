"""The site in a real browser: Debian's Chromium driven by Playwright, served under /reader/.

Each page type is loaded at a phone width (360 px) and a desktop width (1280 px): no console
errors, no failed requests, no axe-core violations, and a screenshot saved to
``test-artifacts/screenshots/``. The server sends a strict Content-Security-Policy, so an
inline script or style would show up here as a console error. Then the reader's paths:
a timeline entry's source link lands on the paragraph holding the claim, a side note opens on
a narrow screen, and search finds articles (Pagefind, indexed after the build).

Without Chromium or Playwright the tests skip locally, but fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from site_under_test import REPO, annotated_seeds, built_site

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update"]
WIDTHS = (360, 1280)
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
IN_CI = os.environ.get("CI") == "true"

# Where each page type may live; the first existing file (or folder entry) is used.
PAGE_TYPES: dict[str, tuple[str, ...]] = {
    "home": ("index.html",),
    "article": ("articles/*.html",),
    "timeline": ("timeline.html", "timeline/index.html"),
    "event": ("events/*.html",),
    "storyline": ("storylines/*.html", "threads/*.html", "timeline/*.html"),
    "entity": ("entities/*.html",),
    "figures": ("figures.html", "figures/index.html"),
    "sources": ("sources.html", "sources/index.html"),
    "search": ("search.html",),
    "404": ("404.html",),
}


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}: in CI the browser tests must run (.ci/run installs chromium)")
    pytest.skip(reason)


# ``browser`` and ``site_url`` are in conftest.py: one Chromium and one server for the whole
# session, shared with tests/test_timeline.py (a second Playwright in one thread fails).


@pytest.fixture(scope="session")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def find_page(site: Path, kind: str) -> str:
    for pattern in PAGE_TYPES[kind]:
        found = sorted(p for p in site.glob(pattern)
                       if p.name != "index.html" or "*" not in pattern)
        if found:
            return found[0].relative_to(site).as_posix()
    pytest.fail(f"no {kind} page was built (looked for {', '.join(PAGE_TYPES[kind])})")


class Tab:
    """A browser page at a given width that records every console error and failed request."""

    def __init__(self, browser, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 800})
        self.page = self.context.new_page()
        self.width = width
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.problems.append(f"script error: {err}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _console(self, message) -> None:
        # A failed load is reported with its address by _response; this message lacks it.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _failed(self, request) -> None:
        # The browser fetches the favicon after the load event, so the next navigation may
        # cancel it; a missing icon would still show up as an HTTP error in _response.
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/favicon.svg"):
            return
        self.problems.append(f"failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        # Every page links its favicon, so even the browser's own /favicon.ico guess is a fault.
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, url: str) -> object:
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tabs(browser) -> Iterator:
    opened: list[Tab] = []

    def open_tab(width: int) -> Tab:
        tab = Tab(browser, width)
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        tab.close()


def wait_for_search(page) -> None:
    page.wait_for_selector("#search-form:not([hidden])", timeout=10_000)


def wait_for_status(page) -> None:
    """Wait until the search page reports its results (without eval: the CSP forbids it)."""
    from playwright.sync_api import expect

    expect(page.locator("#search-status")).not_to_have_text("", timeout=10_000)


def letters(text: str) -> str:
    """Only the letters of ``text``, case- and accent-folded: footnote marks, spacing and
    punctuation added by the page's markup do not change it."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isalpha())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_loads_cleanly_and_accessibly(kind, width, tabs, site_url, axe,
                                                tmp_path_factory):
    path = find_page(built_site(tmp_path_factory), kind)
    tab = tabs(width)
    page = tab.open(site_url + path)
    if kind == "search":
        wait_for_search(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    results = axe.run(page)
    assert not tab.problems, f"{path} at {width}px:\n" + "\n".join(tab.problems)
    assert results.violations_count == 0, f"{path} at {width}px:\n{results.generate_report()}"
    assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"


def event_claims() -> dict[tuple[str, str], list[str]]:
    """(article id, anchor) → texts of the sentences reporting an event there."""
    annotated = annotated_seeds()
    sentences = {(x.article, s.id): s.text
                 for x in annotated.corpus.extractions for s in x.sentences}
    claims: dict[tuple[str, str], list[str]] = {}
    for event in annotated.events:
        for m in event.mentions:
            text = sentences[(m.article, m.sentence)]
            for anchor in {m.paragraph, m.sentence, m.claim} - {None}:
                claims.setdefault((m.article, anchor), []).append(text)
    return claims


LANDED = """() => {
  const target = document.querySelector(':target');
  if (!target) return null;
  const block = target.closest('p, li, blockquote, dd, td, figcaption') || target;
  const box = target.getBoundingClientRect();
  return {text: block.textContent, top: box.top, bottom: box.bottom, height: innerHeight};
}"""


def test_timeline_source_links_land_on_the_paragraph_with_the_claim(tabs, site_url,
                                                                   tmp_path_factory):
    timeline = find_page(built_site(tmp_path_factory), "timeline")
    claims = event_claims()
    tab = tabs(1280)
    page = tab.open(site_url + timeline)
    links = page.eval_on_selector_all(
        "main a[href*='articles/'][href*='#']", "els => [...new Set(els.map(e => e.href))]")
    assert links, "the timeline links to no article paragraph"
    problems = []
    for href in links:
        target, anchor = urldefrag(href)
        article = Path(urlsplit(target).path).stem
        expected = claims.get((article, anchor))
        if expected is None:
            problems.append(f"{href}: no event is reported at this anchor")
            continue
        tab.open(href)
        landed = page.evaluate(LANDED)
        if landed is None:
            problems.append(f"{href}: no element has this id")
        elif not any(letters(text) in letters(landed["text"]) for text in expected):
            problems.append(f"{href}: the paragraph does not hold the claim {expected[0]!r}")
        elif not (-1 <= landed["top"] < landed["height"]):
            problems.append(f"{href}: the paragraph is not scrolled into view")
    assert not problems, "\n".join(problems)
    assert not tab.problems, "\n".join(tab.problems)


def test_side_note_opens_on_a_narrow_screen(tabs, site_url, tmp_path_factory):
    note = annotated_seeds().notes[0]
    body = re.sub(r"<[^>]+>", "", note.html).split()
    snippet = " ".join(body[:6])
    site = built_site(tmp_path_factory)
    article = next(p for p in (site / "articles").glob("*.html") if p.stem == note.article)
    tab = tabs(360)
    page = tab.open(site_url + article.relative_to(site).as_posix())
    details = page.locator("main details").filter(has_text=snippet)
    assert details.count() >= 1, f"no expandable side note holds {snippet!r}"
    note_box = details.first
    text = note_box.get_by_text(snippet[:40], exact=False).first
    assert not text.is_visible(), "the side note is open before it is asked for"
    note_box.locator("summary").first.click()
    assert note_box.evaluate("d => d.open")
    assert text.is_visible()
    box = text.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360 + 1
    page.screenshot(path=str(SCREENSHOTS / "side-note-open-360.png"), full_page=False)
    assert not tab.problems, "\n".join(tab.problems)


def search(tab: Tab, site_url: str, query: str) -> list[str]:
    """The result links (absolute URLs) the search page shows for ``query``."""
    page = tab.open(site_url + "search.html")
    wait_for_search(page)
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    wait_for_status(page)
    return page.eval_on_selector_all("#search-results h2 a", "els => els.map(e => e.href)")


def pages_of(urls: list[str]) -> set[str]:
    return {urldefrag(url).url for url in urls}


def test_search_finds_the_article_for_cam_ranh(tabs, site_url, axe):
    articles = annotated_seeds().corpus.articles
    expected = {f"{site_url}articles/{a.id}.html" for a in articles
                if any("cam ranh" in p.text.casefold() for p in a.paragraphs)}
    tab = tabs(360)
    found = search(tab, site_url, "Cam Ranh")
    assert pages_of(found) & expected, f"results: {found}"
    assert all(url.startswith(site_url) for url in found), "a result leaves the sub-path"
    tab.page.screenshot(path=str(SCREENSHOTS / "search-results-360.png"), full_page=True)
    results = axe.run(tab.page)
    assert results.violations_count == 0, results.generate_report()
    article = next(url for url in found if urldefrag(url).url in expected)
    tab.page.locator("#search-results h2 a").nth(found.index(article)).click()
    tab.page.wait_for_url(article)
    assert "cam ranh" in tab.page.locator("main").inner_text().casefold()
    assert not tab.problems, "\n".join(tab.problems)


@pytest.mark.parametrize("query", ["Nguyen Phu Trong", "Nguyễn Phú Trọng"])
def test_search_ignores_vietnamese_diacritics(query, tabs, site_url):
    annotated = annotated_seeds()
    person = next(e for e in annotated.corpus.entities
                  if letters(e.name) == letters("Nguyen Phu Trong"))
    mentioned_in = {x.article for x in annotated.corpus.extractions
                    if any(m.entity == person.id for m in x.mentions)}
    expected = {f"{site_url}articles/{a}.html" for a in mentioned_in}
    expected.add(f"{site_url}entities/{person.id}.html")
    tab = tabs(1280)
    found = search(tab, site_url, query)
    assert pages_of(found) & expected, f"results for {query!r}: {found}"
    assert not tab.problems, "\n".join(tab.problems)


def test_search_filters_narrow_results_to_one_source(tabs, site_url):
    tab = tabs(1280)
    page = tab.open(site_url + "search.html")
    wait_for_search(page)
    options = page.eval_on_selector_all("#search-filter-source option",
                                        "os => os.map(o => o.value)")
    sources = [value for value in options if value]
    assert len(sources) >= 2, f"source filter values: {sources}"
    page.select_option("#search-filter-source", sources[0])
    page.fill("#search-input", "Japan")
    page.press("#search-input", "Enter")
    wait_for_status(page)
    metas = page.eval_on_selector_all("#search-results .search-result-meta",
                                      "els => els.map(e => e.textContent)")
    assert metas and all(sources[0] in meta for meta in metas), metas
    assert f"source={sources[0].replace(' ', '+')}" in page.url
    assert not tab.problems, "\n".join(tab.problems)


def test_search_page_from_a_file_says_it_needs_a_server(tabs, tmp_path_factory):
    site = built_site(tmp_path_factory)
    tab = tabs(360)
    page = tab.open((site / "search.html").as_uri())
    assert page.locator("#search-notice").is_visible()
    assert "served over http(s)" in page.locator("#search-notice").inner_text()
    assert page.locator("#search-form").is_hidden()
    assert not tab.problems, "\n".join(tab.problems)


# -- reading an article -------------------------------------------------------------------------

def article_paths(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "articles").glob("*.html")
                  if not p.name.endswith(".source.html"))


@pytest.mark.parametrize("width", WIDTHS)
def test_every_article_page_is_accessible_without_console_errors(width, tabs, site_url, axe,
                                                                 tmp_path_factory):
    """Every article, not one of each kind: footnotes, notes and long margins differ by article."""
    tab = tabs(width)
    problems = []
    for path in article_paths(built_site(tmp_path_factory)):
        page = tab.open(site_url + path)
        results = axe.run(page)
        if results.violations_count:
            problems.append(f"{path} at {width}px:\n{results.generate_report()}")
    assert not problems, "\n".join(problems)
    assert not tab.problems, "\n".join(tab.problems)


def test_every_page_is_accessible_without_console_errors(tabs, site_url, axe, tmp_path_factory):
    """Every built page at one width (article pages are checked at both, above): a page of a
    kind already checked can still differ, e.g. an entity with a long native name."""
    site = built_site(tmp_path_factory)
    tab = tabs(1280)
    problems = []
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        if path.startswith(("pagefind/", "articles/")) and not path.endswith(".source.html"):
            continue
        if path == find_page(site, "search"):  # loads its index after "load": checked above
            continue
        page = tab.open(site_url + path)
        results = axe.run(page)
        if results.violations_count:
            problems.append(f"{path}:\n{results.generate_report()}")
    assert not problems, "\n".join(problems)
    assert not tab.problems, "\n".join(tab.problems)


def test_article_pages_link_a_favicon_that_loads(tabs, site_url, tmp_path_factory):
    tab = tabs(1280)
    for path in article_paths(built_site(tmp_path_factory)):
        page = tab.open(site_url + path)
        icons = page.eval_on_selector_all("link[rel~='icon']", "els => els.map(e => e.href)")
        assert icons, f"{path} links no favicon"
        for href in icons:
            response = page.request.get(href)
            assert response.ok, f"{path}: its favicon {href} answers {response.status}"
            assert "svg" in response.headers.get("content-type", ""), href
    assert not tab.problems, "\n".join(tab.problems)


TEXT_GAPS = """() => {
  // where the paragraph's lines of text are (its box may be stretched taller than them)
  const textBox = para => {
    const range = document.createRange();
    range.selectNodeContents(para.querySelector(':scope > p'));
    const rects = [...range.getClientRects()];
    return {top: Math.min(...rects.map(r => r.top)), bottom: Math.max(...rects.map(r => r.bottom))};
  };
  const blocks = [...document.querySelectorAll('.article-body > *')];
  const gaps = [];
  for (let i = 1; i < blocks.length; i++) {
    const [a, b] = [blocks[i - 1], blocks[i]];
    if (!a.matches('.para') || !b.matches('.para')) continue;  // a heading has its own space
    const [ta, tb] = [textBox(a), textBox(b)];
    gaps.push({from: a.id, to: b.id, gap: tb.top - ta.bottom,
               line: parseFloat(getComputedStyle(b.querySelector(':scope > p')).lineHeight)});
  }
  return gaps;
}"""

MARGINS = """() => [...document.querySelectorAll('.article-body > .para')].map(p => {
  const text = p.querySelector(':scope > p').getBoundingClientRect();
  const margin = p.querySelector(':scope > .margin').getBoundingClientRect();
  return {id: p.id, textTop: text.top, textRight: text.right,
          top: margin.top, bottom: margin.bottom, left: margin.left, right: margin.right};
})"""


def test_margin_notes_do_not_push_paragraphs_apart_on_a_wide_screen(tabs, site_url,
                                                                    tmp_path_factory):
    """A margin note taller than its paragraph runs on beside the next ones: the text keeps its
    rhythm (no gap between two paragraphs beyond a line and a half), and notes neither overlap each
    other, nor the text, nor start above their own paragraph."""
    tab = tabs(1366)
    problems = []
    for path in article_paths(built_site(tmp_path_factory)):
        page = tab.open(site_url + path)
        for g in page.evaluate(TEXT_GAPS):
            if g["gap"] > 1.5 * g["line"]:
                problems.append(f"{path}: {g['gap']:.0f}px of blank between {g['from']} and "
                                f"{g['to']} (a line is {g['line']:.0f}px)")
        margins = page.evaluate(MARGINS)
        for before, m in zip([None, *margins[:-1]], margins, strict=True):
            if m["left"] < m["textRight"]:
                problems.append(f"{path}: the margin of {m['id']} overlaps the text")
            if m["top"] < m["textTop"] - 1:
                problems.append(f"{path}: the margin of {m['id']} starts above its paragraph")
            if before and m["top"] < before["bottom"] - 1:
                problems.append(f"{path}: the margins of {before['id']} and {m['id']} overlap")
    assert not problems, "\n".join(problems[:20])
    page.screenshot(path=str(SCREENSHOTS / "article-margins-1366.png"), full_page=True)


BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table th, table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""

CHART_TEXT_SIZES = """() => [...document.querySelectorAll('svg.chart text')].map(t =>
  ({text: t.textContent,
    px: parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a}))"""


@pytest.mark.parametrize("width", (360, 390))
def test_figures_read_on_a_phone(width, tabs, site_url, tmp_path_factory):
    """Table cells wrap between words, never inside one ("vesse ls"), and chart labels are
    drawn at 11 px or more, not shrunk with the chart."""
    path = find_page(built_site(tmp_path_factory), "figures")
    tab = tabs(width)
    page = tab.open(site_url + path)
    broken = page.evaluate(BROKEN_WORDS)
    assert not broken, f"words split across lines at {width}px: {broken[:10]}"
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes, "the figures page draws no chart"
    small = [s for s in sizes if s["px"] < 11]
    assert not small, f"chart text under 11px at {width}px: {small[:5]}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    assert not tab.problems, "\n".join(tab.problems)
