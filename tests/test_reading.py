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
from site_under_test import REPO, annotated_seeds, built_site

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
