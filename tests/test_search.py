"""Search: Pagefind indexes the finished site, reproducibly, and failures stop the build cleanly.

(Searching itself runs in the browser; tests/test_browser.py types the queries.)
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from html import escape, unescape
from pathlib import Path

import pytest

from jvreader.config import packaged_dir
from jvreader.errors import RenderError
from jvreader.render import make_env
from jvreader.render.pages import Page, SiteInfo, render_page
from jvreader.search import BUNDLE_DIR, index_site
from jvreader.write import write_site
from site_under_test import REPO, annotated_seeds, built_site, served_site


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != BUNDLE_DIR]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_without_index(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(BUNDLE_DIR))
    return dest


@pytest.fixture
def broken_pagefind(tmp_path, monkeypatch) -> Path:
    """A stand-in Pagefind binary that fails the way a real failure would."""
    binary = tmp_path / "bin" / "pagefind"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\necho 'Error: could not parse page.html' >&2\nexit 1\n")
    binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    return binary


def test_index_covers_every_page_marked_for_search(tmp_path_factory):
    site = built_site(tmp_path_factory)
    entry = json.loads((site / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    pages = html_pages(site)
    marked = [p for p in pages if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert indexed == len(marked or pages)
    assert (site / BUNDLE_DIR / "pagefind.js").is_file()


def test_article_pages_mark_their_text_and_filters_for_search(tmp_path_factory):
    site = built_site(tmp_path_factory)
    articles = annotated_seeds().corpus.articles
    assert articles
    for article in articles:
        html = (site / "articles" / f"{article.id}.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in html, article.id
        if article.publication:
            assert f'data-pagefind-filter="source">{escape(article.publication)}<' in html
        if article.date:
            assert f'data-pagefind-filter="year">{article.date[:4]}<' in html


def indexed_fragments(site: Path) -> list[dict]:
    """Every page as Pagefind stored it: its URL, indexed text and filters (gzipped JSON
    after a signature)."""
    fragments = []
    for path in sorted((site / BUNDLE_DIR / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data[data.index(b"{"):]))
    return fragments


def test_filters_are_kept_out_of_the_indexed_text(tmp_path_factory):
    """The hidden filter values were indexed as text, run together in every excerpt
    ("Khmer TimesSCIS Commentary2014Fumio Kishida"); they are filters only."""
    site = built_site(tmp_path_factory)
    fragments = indexed_fragments(site)
    events = [f for f in fragments if "/events/" in f["url"]]
    assert events and len(fragments) > len(events)
    for fragment in fragments:
        filters = fragment["filters"]
        page = (site / fragment["url"].lstrip("/")).read_text(encoding="utf-8")
        if "data-pagefind-filter" in page:  # timeline pages have none of their own
            assert filters, fragment["url"]  # still read from the ignored element
        source, year, entity = (filters.get(name, []) for name in ("source", "year", "entity"))
        # in the templates' order: an entity page lists its name first
        values = entity + source if "/entities/" in fragment["url"] else source + year + entity
        if len(values) > 1:
            assert "".join(values) not in fragment["content"], fragment["url"]


def test_citations_are_kept_out_of_the_indexed_text(tmp_path_factory):
    """Every paragraph of an article page carries a citation naming the authors and title:
    indexed, they matched each paragraph again and filled the excerpts ("Cite “For
    instance, …"). The pages' text stays searchable; their citations do not."""
    site = built_site(tmp_path_factory)
    checked = 0
    for fragment in indexed_fragments(site):
        page = (site / fragment["url"].lstrip("/")).read_text(encoding="utf-8")
        citations = [unescape(c) for c in re.findall(r'<p class="cite-text">(.*?)</p>', page)]
        for citation in citations:
            assert citation not in fragment["content"], fragment["url"]
        checked += len(citations)
        if "/articles/" in fragment["url"]:
            assert fragment["content"].count(fragment["meta"]["title"]) <= 2, fragment["url"]
    assert checked > 100


def test_indexing_twice_gives_identical_bytes(tmp_path_factory, tmp_path):
    site = built_site(tmp_path_factory)
    first = copy_without_index(site, tmp_path / "one")
    second = copy_without_index(site, tmp_path / "other-name")
    index_site(first)
    index_site(second)
    assert tree_bytes(first / BUNDLE_DIR) == tree_bytes(second / BUNDLE_DIR)
    assert tree_bytes(first / BUNDLE_DIR) == tree_bytes(site / BUNDLE_DIR)


def test_reindexing_replaces_a_stale_bundle(tmp_path_factory, tmp_path):
    site = copy_without_index(built_site(tmp_path_factory), tmp_path / "site")
    stale = site / BUNDLE_DIR / "fragment" / "en_gone.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"from a page that no longer exists")
    index_site(site)
    assert not stale.exists()
    assert (site / BUNDLE_DIR / "pagefind.js").is_file()


def test_missing_binary_is_a_render_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>t</title><p>x", "utf-8")
    with pytest.raises(RenderError, match=r"Pagefind binary is missing.*pagefind\[bin\]"):
        index_site(tmp_path)


def test_failing_binary_is_a_render_error_with_its_message(tmp_path, broken_pagefind):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>t</title><p>x", "utf-8")
    with pytest.raises(RenderError, match=r"Pagefind failed to index .*could not parse page\.html"):
        index_site(tmp_path)


def test_indexing_a_missing_folder_is_a_render_error(tmp_path):
    with pytest.raises(RenderError, match="not a folder"):
        index_site(tmp_path / "nowhere")


def test_failed_indexing_leaves_the_previous_site_in_place(tmp_path, broken_pagefind):
    out = tmp_path / "build"
    out.mkdir()
    (out / "index.html").write_bytes(b"previous site")
    files = [("index.html", b"<!DOCTYPE html><title>new</title><p>new site")]
    with pytest.raises(RenderError, match="Pagefind failed"):
        write_site(files, [], out, before_swap=index_site)
    assert (out / "index.html").read_bytes() == b"previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "build"]  # no staging left


def test_write_site_with_index_site_publishes_the_bundle(tmp_path):
    out = tmp_path / "build"
    files = [("index.html", b"<!DOCTYPE html><html lang=en><title>Cam Ranh</title>"
                            b"<main data-pagefind-body><p>Cam Ranh Bay</p></main>")]
    write_site(files, [packaged_dir("static")], out, before_swap=index_site)
    assert (out / BUNDLE_DIR / "pagefind.js").is_file()
    assert (out / "static" / "search.js").is_file()


def render_search_page() -> str:
    env = make_env([REPO / "templates"])
    page = Page("search.html", "search.html", {"site": SiteInfo(), "section": "search"})
    return render_page(env, page).decode("utf-8")


def test_search_page_without_javascript_says_it_needs_a_server():
    html = render_search_page()
    assert "served over http(s)" in html
    assert "python -m http.server -d build" in html
    assert '<a href="index.html">' in html  # the way to the articles without search
    assert '<form class="search-form" id="search-form" role="search"' in html
    assert " hidden>" in html  # the form shows only once search.js has loaded the index


def test_search_page_loads_its_assets_relatively_without_inline_code():
    html = render_search_page()
    assert '<script src="static/search.js" defer></script>' in html
    assert '<link rel="stylesheet" href="static/search.css">' in html
    assert 'data-site-root="./"' in html
    assert "<style" not in html and " style=" not in html
    assert html.count("<script") == 1
    for name in ("source", "year", "entity"):
        assert f'data-filter="{name}"' in html


def test_search_script_finds_the_bundle_from_the_site_root():
    script = (REPO / "static" / "search.js").read_text(encoding="utf-8")
    assert 'new URL("pagefind/pagefind.js", root)' in script
    assert "baseUrl: root.pathname" in script
    assert 'location.protocol !== "http:"' in script


def test_a_build_of_the_same_input_links_the_last_index_instead_of_indexing_again(
        seed_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    import jvreader.search as search_module
    from jvreader.config import load_project
    from jvreader.pipeline import build

    out = tmp_path / "out"
    settings = replace(load_project(seed_project, out), search=True)
    build(settings)
    first = tree_bytes(out)
    assert any(path.startswith(f"{BUNDLE_DIR}/") for path in first)
    indexed: list[Path] = []
    real = search_module.index_site
    monkeypatch.setattr(search_module, "index_site",
                        lambda site: indexed.append(site) or real(site))

    build(settings)
    assert indexed == [] and tree_bytes(out) == first

    changed = sorted((out / BUNDLE_DIR).rglob("*.js"))[0]  # an index file changed by hand
    changed.write_bytes(changed.read_bytes() + b"\n")
    build(settings)
    assert len(indexed) == 1 and tree_bytes(out) == first

    build(replace(settings, search=False))
    assert not (out / BUNDLE_DIR).exists()
    build(settings)  # no index to reuse: indexed again
    assert len(indexed) == 2 and tree_bytes(out) == first


# What Pagefind stores for each page, read straight from the index (no browser needed).


def fragments_by_url(site: Path) -> dict[str, dict]:
    return {f["url"]: f for f in indexed_fragments(site)}


def test_storyline_timeline_and_figures_pages_are_indexed(tmp_path_factory):
    """Only article, event and entity pages were indexed, so a storyline's own words
    ("patrol vessels") never found it."""
    site = built_site(tmp_path_factory)
    fragments = fragments_by_url(site)
    annotated = annotated_seeds()
    assert annotated.threads
    for thread in annotated.threads:
        fragment = fragments.get(f"/threads/{thread.id}.html")
        assert fragment, f"storyline {thread.id} is not indexed"
        assert fragment["meta"]["title"] == thread.label
        assert thread.label in fragment["content"]
    for page in ("/timeline.html", "/figures.html"):
        assert page in fragments, f"{page} is not indexed"
    timeline = fragments["/timeline.html"]["content"]
    curated = [e for e in annotated.events if e.curated]
    assert curated and all(e.label in timeline for e in curated)
    years = [p.relative_to(site).as_posix() for p in (site / "timeline").glob("*.html")]
    assert all(f"/{year}" in fragments for year in years)


def test_margins_and_name_lists_are_kept_out_of_the_indexed_text(tmp_path_factory):
    """Excerpts came from a paragraph's margin ("Also reported by …") or from the "Named in
    this article" list rather than from the text."""
    site = built_site(tmp_path_factory)
    fragments = fragments_by_url(site)
    margins = named = 0
    for article in annotated_seeds().corpus.articles:
        url = f"/articles/{article.id}.html"
        page = (site / url.lstrip("/")).read_text(encoding="utf-8")
        content = fragments[url]["content"]
        for side in re.findall(r'<aside class="side[^"]*">(.*?)</aside>', page, re.S):
            text = " ".join(unescape(re.sub(r"<[^>]+>", " ", side)).split())
            margins += 1
            assert text[:60] not in " ".join(content.split()), (url, text)
        if 'class="named"' in page:
            named += 1
            assert "Named in this article" not in content, url
        assert "Also reported by" not in content and "Figures compared" not in content, url
        assert "Cleaned from" not in content, url  # the cleaning record
        assert any(p.text[:40] in content for p in article.paragraphs if p.kind != "heading")
    assert margins and named


def test_section_titles_carry_no_pilcrow(tmp_path_factory):
    """A heading's "¶" permalink was indexed with it: sub-results were titled "Economic
    Ties ¶"."""
    headings = [a for f in indexed_fragments(built_site(tmp_path_factory))
                for a in f["anchors"] if re.fullmatch(r"h[1-6]", a["element"])]
    titled = [a["text"] for a in headings if a["text"]]
    assert titled
    assert not [t for t in titled if "¶" in t or t != t.strip()]


def test_the_source_filter_never_names_an_article_by_its_title(tmp_path_factory):
    """Where the publication is unknown the filter listed the article's title as if it
    were a source."""
    from jvreader.search import UNKNOWN_PUBLICATION, source_filter

    articles = annotated_seeds().corpus.articles
    unknown = [a for a in articles if not a.publication and not a.series]
    assert unknown, "the seeds hold an article with no publication"
    fragments = fragments_by_url(built_site(tmp_path_factory))
    values = {v for f in fragments.values() for v in f["filters"].get("source", [])}
    assert not values & {a.title for a in unknown}
    assert UNKNOWN_PUBLICATION in values
    for article in articles:
        sources = fragments[f"/articles/{article.id}.html"]["filters"]["source"]
        assert sources == [source_filter(article)]
        assert sources == [article.publication or article.series or UNKNOWN_PUBLICATION]


def test_the_search_script_folds_the_letters_the_build_folds():
    """The hidden folded words of a page spell "Đà Nẵng" as "Da Nang"; the script folds a
    query with the same table, so both spellings find the same pages."""
    from jvreader.render.fold import EXTRA

    script = (REPO / "static" / "search.js").read_text(encoding="utf-8")
    table = re.search(r"FOLDED_LETTERS = (\{[^}]*\})", script)
    assert table, "search.js has no FOLDED_LETTERS table"
    assert json.loads(table.group(1)) == {chr(k): v for k, v in EXTRA.items()}


# The search page itself, in Chromium: the results a reader sees. Playwright's sync API runs
# in a thread of its own, so these tests share nothing with tests/test_browser.py's session.

CHROMIUM = Path("/usr/bin/chromium")


class SearchBrowser:
    """One Chromium on one thread, asked for the search page's results for a query."""

    def __init__(self, site_url: str) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.site_url = site_url
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.state: dict[str, object] = {}
        self.pool.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        self.state.update(playwright=playwright, browser=browser, page=browser.new_page())

    def _results(self, query: str) -> list[dict]:
        from urllib.parse import quote

        page = self.state["page"]
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(f"{self.site_url}search.html?q={quote(query)}", wait_until="load")
        page.wait_for_selector("#search-status:not(:empty)", timeout=15_000)
        page.wait_for_selector("#search-results:not([aria-busy])", timeout=15_000)
        assert not errors, errors
        return page.eval_on_selector_all("#search-results > li", """items => items.map(li => ({
            url: li.querySelector("h2 a").href,
            meta: (li.querySelector(".search-result-meta") || {}).textContent || "",
            parts: Array.from(li.querySelectorAll(".search-subresults > li")).map(s => ({
                url: s.querySelector("a").href, title: s.querySelector("a").textContent,
                excerpt: (s.querySelector(".search-excerpt") || {}).textContent || ""}))}))""")

    def results(self, query: str) -> list[dict]:
        return self.pool.submit(self._results, query).result()

    def close(self) -> None:
        def stop() -> None:
            self.state["browser"].close()
            self.state["playwright"].stop()
        self.pool.submit(stop).result()
        self.pool.shutdown()


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    import os
    from importlib.util import find_spec

    if not CHROMIUM.is_file() or find_spec("playwright") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("in CI the search page must be tested in Chromium")
        pytest.skip("Chromium or Playwright is missing")
    browser = SearchBrowser(served_site(tmp_path_factory))
    yield browser
    browser.close()


def page_urls(results: list[dict]) -> set[str]:
    return {r["url"].split("#")[0] for r in results}


def test_search_finds_a_storyline_by_its_words(searcher):
    site_url = searcher.site_url
    threads = [t for t in annotated_seeds().threads if "patrol" in t.label.casefold()]
    assert threads
    found = page_urls(searcher.results("patrol vessels"))
    assert {f"{site_url}threads/{t.id}.html" for t in threads} <= found, found
    assert f"{site_url}timeline.html" in found


def test_vietnamese_d_with_stroke_is_folded_in_the_query(searcher):
    """Pagefind drops tone marks from a query but keeps "Đ": "Đà Nẵng" found only the pages
    spelling it so, "Da Nang" every page naming the city."""
    from jvreader.render.fold import fold

    entity = next(e for e in annotated_seeds().corpus.entities
                  for _, native in e.native if "đ" in native.casefold()
                  and fold(native).casefold() == e.name.casefold())
    native = next(n for _, n in entity.native if "đ" in n.casefold())
    as_written, folded = searcher.results(native), searcher.results(entity.name)
    assert page_urls(folded) and page_urls(as_written) == page_urls(folded)
    assert f"{searcher.site_url}entities/{entity.id}.html" in page_urls(as_written)


def test_results_link_to_the_paragraph_holding_the_words(searcher):
    """Sub-results started at headings only: they pointed at a section, titled "… ¶"."""
    site_url = searcher.site_url
    article, paragraph, word, heading = paragraph_under_a_heading_with_a_word_of_its_own()
    results = [r for r in searcher.results(word)
               if r["url"] == f"{site_url}articles/{article.id}.html"]
    assert results, f"{word!r} does not find {article.id}"
    parts = results[0]["parts"]
    target = f"{site_url}articles/{article.id}.html#{paragraph.id}"
    assert target in [p["url"] for p in parts], parts
    part = next(p for p in parts if p["url"] == target)
    number = paragraph.id.removeprefix("p")
    assert part["title"] == f"{heading.text} · paragraph {number}"
    assert word.casefold() in part["excerpt"].casefold()
    assert all("¶" not in p["title"] for r in results for p in r["parts"])


def paragraph_under_a_heading_with_a_word_of_its_own():
    """A seed article's paragraph below a heading, with a long word whose stem no other
    block of the article holds: searching the word must lead into that paragraph."""
    for article in sorted(annotated_seeds().corpus.articles, key=lambda a: a.id):
        heading = None
        blocks = list(article.paragraphs)
        for paragraph in blocks:
            if paragraph.kind == "heading":
                heading = paragraph
                continue
            if heading is None or not re.fullmatch(r"p\d+", paragraph.id):
                continue
            others = " ".join(p.text for p in blocks if p is not paragraph).casefold()
            others += " " + article.title.casefold()
            for word in sorted(set(re.findall(r"[A-Za-z]{9,}", paragraph.text))):
                if word[:6].casefold() not in others:
                    return article, paragraph, word, heading
    pytest.fail("no seed article has a word found in one paragraph below a heading")
