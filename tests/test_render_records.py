"""Renderer pieces on small hand-made records: citation rules, folding, dates, events, notes."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from jvreader.model import (
    Annotated,
    Article,
    Claim,
    ComparedFigure,
    Comparison,
    Corpus,
    DateMention,
    Entity,
    Event,
    EventMention,
    Extraction,
    Figure,
    Mention,
    Note,
    Paragraph,
    Sentence,
    pack_text,
)
from jvreader.render import SiteInfo, render_site
from jvreader.render.cite import citation_text, source_kind
from jvreader.render.cite_files import bibliography
from jvreader.render.cite_tags import meta_tags
from jvreader.render.events import qualified_label
from jvreader.render.figures import value_label
from jvreader.render.fold import fold, folded_words

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ONE = "In early 2016 ships of the Navy called at Cam Ranh."
TWO = "On 12 April 2016 the Navy called at Cam Ranh with $2 million of aid."


def _article(aid: str, text: str, **meta: object) -> Article:
    fields = dict(
        id=aid, source_file=f"seeds/{aid}.txt", title=f"Title {aid}", dek=None,
        authors=("Lê Văn Ánh",), publication="The Daily", date="2016-05-01",
        date_basis="stated", url="https://example.org/" + aid, series=None, issue=None,
        dateline=None, language="en", paragraphs=(Paragraph("p1", "body", text, 3),),
        footnotes=(), removed=(), provenance=(), packed_original=pack_text(f"header\n\n{text}\n"),
    )
    fields.update(meta)
    return Article(**fields)  # type: ignore[arg-type]


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _extraction(aid: str, text: str, date: DateMention, figure: Figure | None) -> Extraction:
    sentence = Sentence("p1s1", "p1", 0, len(text), text)
    claim = Claim("c1", "p1", "p1s1", text, date.value, "stated", (date,),
                  (figure.id,) if figure else (), ("navy",))
    mention = Mention("navy", "p1", "p1s1", "Navy", *_span(text, "Navy"))
    return Extraction(aid, (sentence,), (date,), (claim,), (figure,) if figure else (),
                      (mention,))


@pytest.fixture(scope="module")
def annotated() -> Annotated:
    a = _article("a", ONE, dateline="Hanoi")
    b = _article("b", TWO, issue="2016 no. 3", publication="Quarterly Review", date="2016")
    early = DateMention("early 2016", *_span(ONE, "early 2016"), "2016-01/2016-04", "stated",
                        "early")
    april = DateMention("12 April 2016", *_span(TWO, "12 April 2016"), "2016-04-12", "stated")
    money = Figure("f1", "p1", "p1s1", "$2 million", *_span(TWO, "$2 million"), 2e6, "USD",
                   None, "aid", "2016")
    corpus = Corpus((a, b), (_extraction("a", ONE, early, None),
                             _extraction("b", TWO, april, money)),
                    (Entity("navy", "Navy", "organisation", (), (("vi", "Hải quân"),)),))
    event = Event("port-call", "A port call", "2016-04-12", True, True, (
        EventMention("a", "p1", "p1s1", "c1", "2016-01/2016-04", ("term:called",)),
        EventMention("b", "p1", "p1s1", "c1", "2016-04-12", ("term:called",)),
    ), dates=("2016-04-12", "2016-01/2016-04"), sort_date="2016-04-12")
    lonely = Event("lonely", "Only one says so", "2016", False, False, (
        EventMention("b", "p1", "p1s1", None, "2016"),), dates=("2016",), score=0.8)
    note = Note("cam", "seeds/notes/cam.md", "a", "Cam Ranh", None, None, "A bay.",
                "<p>A bay.</p>", "p1", *_span(ONE, "Cam Ranh"))
    comparison = Comparison("aid", "Aid", (
        ComparedFigure("b", "f1", "$2 million", 2e6, "USD", "2016"),
        ComparedFigure("a", "f9", "two million dollars", 2e6, "USD", None)), "agree", "Same.")
    return Annotated(corpus, (event, lonely), (), (comparison,), (note,))


@pytest.fixture(scope="module")
def site(annotated: Annotated) -> dict[str, str]:
    files = render_site(annotated, SiteInfo(), [TEMPLATES])
    return {p: c.decode("utf-8") for p, c in files}


def test_source_kind_follows_issue_then_dateline_then_web() -> None:
    assert source_kind(_article("j", ONE, issue="no. 2")) == "journal"
    assert source_kind(_article("n", ONE, dateline="Phnom Penh")) == "newspaper"
    assert source_kind(_article("w", ONE, publication="Field Notes")) == "webpage"
    assert source_kind(_article("d", ONE)) == "newspaper"  # "The Daily": a news outlet's name
    assert source_kind(_article("x", ONE, issue="no. 2", publication=None)) == "webpage"


def test_citations_quote_the_paragraph_and_split_names_family_first() -> None:
    article = _article("a", ONE)
    text = citation_text(article, 1, "https://r.org/articles/a.html#p1")
    assert text.startswith("Lê Văn Ánh. “Title a.” The Daily, 1 May 2016, ¶1.")
    assert text.endswith("https://r.org/articles/a.html#p1")
    keys, bib, csl = bibliography([article, _article("b", ONE, issue="no. 2",
                                                      title="R&D_50% {x}")])
    entries = json.loads(csl)
    # Vietnamese order: the family name (Lê) comes first; printed as written
    assert [e["author"] for e in entries] == [[{"family": "Lê", "given": "Văn Ánh",
                                                "static-ordering": True}]] * 2
    assert {e["type"] for e in entries} == {"article-newspaper", "article-journal"}
    assert len(set(keys.values())) == 2 and set(keys.values()) == {"le2016", "le2016a"}
    assert "R\\&D\\_50\\% \\{x\\}" in bib.decode()
    names = [n for n, _ in meta_tags(article)]
    assert "citation_journal_title" not in names and "DC.publisher" in names


def test_folding_drops_vietnamese_marks_so_search_finds_plain_spellings() -> None:
    assert fold("Nguyễn Phú Trọng, Đà Nẵng") == "Nguyen Phu Trong, Da Nang"
    assert folded_words(["Nguyễn Phú Trọng", "Japan", "東京"]) == "Nguyen Phu Trong"
    # a paragraph whose only non-ASCII characters are punctuation is passed over quickly;
    # one letter among them is still found
    assert folded_words(["“Japan’s” ships — said Abe…", "the Lê–Abe talks’ end"]) == "Le"
    assert folded_words(["“Japan’s” ships — said Abe…"]) == ""


def test_japanese_words_are_neither_folded_nor_remembered() -> None:
    # A run of kana and kanji between punctuation is one "word", nearly each one new: none
    # folds to ASCII, and remembering them filled the memo of folded words.
    words = ["日本とベトナムは防衛協力の覚書に署名した。", "ハノイで会談が行われた", "寄港した艦艇"]
    before = fold.cache_info().currsize
    assert folded_words(words) == ""
    assert fold.cache_info().currsize == before
    # full-width Latin letters still fold, and Vietnamese beside Japanese is still found
    # (a word run on into kana keeps them, so it has no ASCII spelling)
    assert folded_words(["ＡＳＥＡＮ 会議", "Hải Phòng と 東京", "Đà Nẵngに寄港"]) == \
        "ASEAN Da Hai Phong"


@pytest.mark.parametrize(("value", "qualifier", "expected"), [
    ("2016-01/2016-04", "early", "early 2016"),
    ("2011-10", None, "October 2011"),
    ("2015", "end", "end of 2015"),
    ("2015-06/2015-08", "mid", "mid-2015"),
    ("1992/2011", None, "1992 to 2011"),
])
def test_dates_are_labelled_at_the_precision_the_source_gives(
    value: str, qualifier: str | None, expected: str
) -> None:
    assert qualified_label(value, qualifier) == expected


def test_value_labels_read_like_the_articles() -> None:
    assert value_label(3.89e10, "USD") == "US$38.9 billion"
    assert value_label(95, "percent") == "95%"
    assert value_label(6, "vessels") == "6 vessels"


def test_timeline_shows_approximate_dates_conflicts_and_single_sources(
    site: dict[str, str],
) -> None:
    timeline = site["timeline.html"]
    entry = re.search(r'<li class="tl-entry conflict[^"]*" id="e-port-call".*?</li>\n</li>|'
                      r'<li class="tl-entry conflict[^"]*" id="e-port-call".*?</ul>', timeline,
                      re.S).group(0)
    assert "Sources disagree on the date:</strong> 12 April 2016; early 2016." in entry
    assert "(gives early 2016)" in entry and "Reported by 2 sources" in entry
    assert 'href="articles/a.html#p1"' in entry and 'href="articles/b.html#p1"' in entry
    # the automatic single-source event is folded under its year, marked as such
    lonely = timeline[timeline.index('<details class="tl-single">'):]
    assert lonely.index('id="e-lonely"') < 600
    assert "Single source" in lonely[:1200] and "Found automatically" in lonely[:1200]


def test_article_margin_names_other_sources_and_carries_the_note(site: dict[str, str]) -> None:
    html = site["articles/a.html"]
    assert 'Also reported by</span> <a href="b.html"' in html
    assert 'href="b.html#p1">¶1</a>' in html
    # the marker sits right after the quoted words, and the note is both aside and details
    assert 'Cam Ranh<a class="note-ref" href="#note-cam"' in html
    assert html.count("<p>A bay.</p>") == 2 and '<details class="note-inline">' in html
    figure_page = site["articles/b.html"]
    assert "sources agree" in figure_page and 'href="../figures.html#cmp-aid"' in figure_page


def test_a_note_marker_inside_a_marked_name_moves_to_its_end(annotated: Annotated) -> None:
    note = dataclasses.replace(annotated.notes[0], exact="Nav", start=ONE.index("Navy"),
                               end=ONE.index("Navy") + 3)
    files = dict(render_site(dataclasses.replace(annotated, notes=(note,)), SiteInfo(),
                             [TEMPLATES]))
    html = files["articles/a.html"].decode()
    assert 'Navy</a><a class="note-ref" href="#note-cam"' in html


def test_native_names_carry_their_language_and_a_folded_spelling(site: dict[str, str]) -> None:
    entity = site["entities/navy.html"]
    assert '<span lang="vi">Hải quân</span>' in entity
    assert '<p class="vh" aria-hidden="true">Hai quan</p>' in entity
    assert '<span lang="vi">Hải quân</span>' in site["articles/a.html"]


def test_figure_chart_is_inline_svg_without_style_attributes(site: dict[str, str]) -> None:
    figures = site["figures.html"]
    svg = re.search(r"<svg.*?</svg>", figures, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "style=" not in svg
    assert svg.count("<rect") == 2


def test_a_date_nothing_resolves_is_marked_but_not_given_a_datetime() -> None:
    text = "The leaders met in Tokyo on September 15."
    article = _article("u", text, date=None, date_basis=None)
    sentence = Sentence("p1s1", "p1", 0, len(text), text)
    claim = Claim("c1", "p1", "p1s1", text, None, None, (), (), (),
                  unresolved=("September 15",))
    extraction = Extraction("u", (sentence,), (), (claim,), (), ())
    pages = dict(render_site(Annotated(Corpus((article,), (extraction,))), SiteInfo(),
                             [TEMPLATES]))
    html = pages["articles/u.html"].decode()
    assert re.search(r'<span class="date unresolved" title="[^"]+">September 15</span>', html)
    assert "<time" not in html.split("<main", 1)[1].split("</main>", 1)[0]
