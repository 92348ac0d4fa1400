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
from site_under_test import REPO, annotated_seeds, built_site


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
    fragments = indexed_fragments(built_site(tmp_path_factory))
    events = [f for f in fragments if "/events/" in f["url"]]
    assert events and len(fragments) > len(events)
    for fragment in fragments:
        filters = fragment["filters"]
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
