"""Reading an article page: credits without a picture, quotes, headings, the legend, the favicon.

The layout itself (margin notes, phone widths, console) is checked in a real browser in
``test_browser.py``; these tests read the built HTML and the loaded records.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from lxml import html as lxml_html

from jvreader.load.article import build_article
from jvreader.load.clean import Line, clean_lines
from jvreader.load.sources import read_source
from site_under_test import annotated_seeds, built_site

ATOM = "{http://www.w3.org/2005/Atom}"


def load_text(tmp_path: Path, text: str) -> object:
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    path = seeds / "sample.txt"
    path.write_text(text, encoding="utf-8")
    article, _ = build_article(read_source(path, tmp_path))
    return article


# -- photo credits with no photo -------------------------------------------------------------

@pytest.mark.parametrize("credit", [
    "Source: Reuters", "Via Wikimedia Commons.", "Photo: VNA", "Ảnh: TTXVN", "Nguồn: AFP",
    "写真：共同通信", "Image credit: Getty Images/iStockphoto", "Photos by Anna Nguyen",
])
def test_a_credit_line_alone_is_removed_as_boilerplate(credit: str) -> None:
    lines = [Line(3, "A long first paragraph of the story stays where it is."), Line(4, ""),
             Line(5, credit), Line(6, ""), Line(7, "The second paragraph stays too.")]
    kept, removed = clean_lines(lines)
    assert credit not in [line.text for line in kept]
    assert [(r.line, r.reason, r.text) for r in removed] == [(5, "photo credit", credit)]


@pytest.mark.parametrize("line", [
    "Source: Ministry of Finance, Japan",  # a table's source names no picture agency
    "Via email, the ministry said it would reply within the week.",
    "Ships at port in Da Nang. Photo: VNA",  # a caption that describes its picture
    "Tàu tuần tra tại cảng Đà Nẵng - Ảnh: TTXVN",
])
def test_a_line_that_is_more_than_a_credit_stays(line: str) -> None:
    kept, removed = clean_lines([Line(1, line)])
    assert [k.text for k in kept] == [line] and not removed


def test_seed_credit_lines_are_neither_captions_nor_summaries(tmp_path_factory) -> None:
    credits = ("Source: Reuters", "Via Wikimedia Commons.")
    articles = annotated_seeds().corpus.articles
    for article in articles:
        for p in article.paragraphs:
            assert p.text not in credits, f"{article.id} {p.id} keeps {p.text!r} as a {p.kind}"
    removed = {r.text for a in articles for r in a.removed if r.reason == "photo credit"}
    assert set(credits) <= removed
    feed = ElementTree.parse(built_site(tmp_path_factory) / "feed.xml")
    summaries = [e.text or "" for e in feed.iter(f"{ATOM}summary")]
    assert summaries and not any(s.strip() in credits for s in summaries), summaries


def test_a_caption_with_its_own_words_stays_a_caption(tmp_path: Path) -> None:
    article = load_text(tmp_path, (
        "Coast Guards Train Together\n\n"
        "The coast guards of both countries held a joint drill off Da Nang this week, the first "
        "such exercise since the two governments signed their maritime agreement.\n\n"
        "Patrol boats at the port of Da Nang. (Kyodo)\n\n"
        "Officials said further drills would follow next year in Japanese waters, with more "
        "ships and crews taking part than before.\n"))
    kinds = {p.text: p.kind for p in article.paragraphs}
    assert kinds["Patrol boats at the port of Da Nang. (Kyodo)"] == "caption"


# -- the built article pages --------------------------------------------------------------------

def cls(name: str) -> str:
    """An XPath test for an element with class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


MARKS = f".//time | .//data | .//a[{cls('entity')}] | .//*[{cls('date')}]"


def article_pages(site: Path) -> dict[str, lxml_html.HtmlElement]:
    return {p.stem: lxml_html.fromstring(p.read_bytes())
            for p in sorted((site / "articles").glob("*.html"))
            if not p.name.endswith(".source.html")}


def test_headings_carry_no_marks_and_their_names_link_in_the_text(tmp_path_factory) -> None:
    annotated = annotated_seeds()
    pages = article_pages(built_site(tmp_path_factory))
    named_headings = 0
    for article in annotated.corpus.articles:
        page = pages[article.id]
        extraction = annotated.corpus.extraction(article.id)
        headings = {p.id for p in article.paragraphs if p.kind == "heading"}
        named = {m.entity for m in extraction.mentions if m.paragraph in headings}
        named_headings += bool(named)
        for h in page.xpath(f"//*[{cls('article-body')}]/h2"):
            assert not h.xpath(MARKS), f"{article.id} #{h.get('id')} carries marks"
        in_text = {m.entity for m in extraction.mentions if m.paragraph not in headings}
        linked = {a.get("href").rsplit("/", 1)[-1].removesuffix(".html")
                  for a in page.xpath(f"//*[{cls('article-body')}]//a[{cls('entity')}]")}
        assert named & in_text <= linked, f"{article.id}: a name is linked nowhere in the text"
    assert named_headings, "no seed heading names anything: the test would prove nothing"


def test_article_pages_have_a_legend_of_their_marks(tmp_path_factory) -> None:
    for article_id, page in article_pages(built_site(tmp_path_factory)).items():
        legends = page.xpath(f"//*[{cls('legend')}]")
        assert len(legends) == 1, article_id
        words = legends[0].text_content()
        for thing in ("date", "figure", "name", "note", "¶"):
            assert thing in words, f"{article_id}: the legend does not explain {thing!r}"
        # the samples wear the marks' own styles, and are not marks the page's data counts
        assert len(legends[0].xpath(f".//*[{cls('d')} or {cls('e')}]")) == 3
        assert not legends[0].xpath(MARKS)


def test_footnote_back_links_are_not_told_by_colour_alone(tmp_path_factory) -> None:
    site = built_site(tmp_path_factory)
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    rules = re.findall(r"^([^{}@]*\.backref[^{}]*)\{([^}]*)\}", css, re.M)
    assert rules, "no style for footnote back-links"
    for selector, body in rules:  # links are underlined unless a rule says otherwise
        assert "text-decoration: none" not in body or ":hover" in selector, selector
    assert any(page.xpath(f"//*[{cls('footnotes')}]//a[{cls('backref')}]")
               for page in article_pages(site).values())


def test_every_page_links_the_svg_favicon_after_the_stylesheet(tmp_path_factory) -> None:
    site = built_site(tmp_path_factory)
    icon = site / "static" / "favicon.svg"
    assert ElementTree.parse(icon).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        links = lxml_html.fromstring(path.read_bytes()).xpath("//head/link")
        rels = [link.get("rel") for link in links]
        assert "icon" in rels, f"{path.relative_to(site)} links no favicon"
        at = rels.index("icon")
        assert rels[at - 1] == "stylesheet"
        href = links[at].get("href")
        assert (path.parent / href).resolve() == icon.resolve(), f"{path}: {href}"


# -- quotes away from their article -------------------------------------------------------------

def test_event_quotes_carry_no_footnote_calls(tmp_path_factory) -> None:
    annotated = annotated_seeds()
    with_calls = [(e.id, m) for e in annotated.events for m in e.mentions
                  if re.search(r"\[\d+\]", _sentence(annotated, m))]
    assert with_calls, "no seed event quotes a sentence with a footnote call"
    site = built_site(tmp_path_factory)
    for event_id, _ in with_calls:
        page = lxml_html.fromstring((site / "events" / f"{event_id}.html").read_bytes())
        quotes = [q.text_content() for q in page.xpath(f"//blockquote | //*[{cls('cite-text')}]")]
        assert quotes and not any(re.search(r"\[\d+\]", q) for q in quotes), event_id


def _sentence(annotated, mention) -> str:
    extraction = annotated.corpus.extraction(mention.article)
    return next((s.text for s in extraction.sentences if s.id == mention.sentence), "")


@pytest.mark.parametrize(("quoted", "shown"), [
    ("…the Exchanges signed in 2011.”[2]", "…the Exchanges signed in 2011.”"),
    ("Hai nước ký hiệp định năm 2011 [3, 4] tại Hà Nội.",
     "Hai nước ký hiệp định năm 2011 tại Hà Nội."),
    ("両国は2011年に協定に署名した。[12]", "両国は2011年に協定に署名した。"),
    ("A [link](#) and [2](#) stay as written.", "A [link](#) and [2](#) stay as written."),
])
def test_footnote_calls_are_stripped_from_a_quote(quoted: str, shown: str) -> None:
    from jvreader.render.markup import without_footnote_calls

    assert without_footnote_calls(quoted) == shown
