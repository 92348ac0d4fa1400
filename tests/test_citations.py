"""Citations as reference managers and readers see them: punctuation, names and keys,
item types in every format, schema.org structure, and each page's canonical address."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jvreader.model import Annotated, Article, Paragraph, pack_text
from jvreader.render import render_site
from jvreader.render.cite import citation_text, name_parts, source_kind
from jvreader.render.cite_files import bibliography, bibtex_entry, csl_item, ris_entry
from jvreader.render.cite_tags import json_ld, meta_tags
from jvreader.render.site import SiteInfo
from jvreader.render.urls import NOT_FOUND, absolute
from site_under_test import annotated_seeds

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BASE = "https://example.org/reader/"


def _article(aid: str, **meta: object) -> Article:
    fields = dict(
        id=aid, source_file=f"seeds/{aid}.txt", title=f"Title {aid}", dek=None,
        authors=(), publication=None, date=None, date_basis=None, url=None, series=None,
        issue=None, dateline=None, language="en",
        paragraphs=(Paragraph("p1", "body", "Text.", 1),), footnotes=(), removed=(),
        provenance=(), packed_original=pack_text("Text.\n"),
    )
    fields.update(meta)
    return Article(**fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seeds() -> Annotated:
    return annotated_seeds()


def test_a_title_ending_in_its_own_punctuation_gets_no_second_mark() -> None:
    asked = _article("q", title="A Way Forward for the U.S.?", authors=("Ann Lee Jr.",),
                     publication="Some Center", date="2021")
    text = citation_text(asked, 3)
    assert "“A Way Forward for the U.S.?”" in text
    assert text.startswith("Ann Lee Jr. “")
    plain = citation_text(_article("p", title="Plain title"))
    assert "“Plain title.”" in plain


def test_an_undated_source_reads_n_d_once() -> None:
    text = citation_text(_article("u", publication="SCIS Commentary"), 2)
    assert "n.d., ¶2." in text and "n.d.." not in text
    assert citation_text(_article("u")).endswith("n.d.")


def test_no_seed_citation_doubles_its_punctuation(seeds: Annotated) -> None:
    for a in seeds.corpus.articles:
        for text in (citation_text(a), citation_text(a, 1, BASE + "x.html#p1")):
            assert not re.search(r"[.?!]”?\.|\.\.", text.replace("...", "")), text


def test_an_issue_naming_the_year_is_not_followed_by_the_year_again() -> None:
    journal = dict(publication="A Review", issue="2017 no. 2")
    text = citation_text(_article("j", date="2017", **journal))
    assert text.endswith("A Review, 2017 no. 2.") and text.count("2017") == 1
    # a date saying more than the issue does is kept
    assert "2017 no. 2, March 2017." in citation_text(_article("j", date="2017-03", **journal))
    assert "A Review, no. 2, 2017." in citation_text(
        _article("j", date="2017", publication="A Review", issue="no. 2"))


@pytest.mark.parametrize(("name", "family", "given"), [
    ("Zhang Jiye", "Zhang", "Jiye"),
    ("Niu Jusheng", "Niu", "Jusheng"),
    ("Nguyễn Phú Trọng", "Nguyễn", "Phú Trọng"),
    ("Lê Văn Ánh", "Lê", "Văn Ánh"),
    ("Hung Cao Nguyen", "Nguyen", "Hung Cao"),  # written given-first: family last
    ("Thuy Thi Do", "Do", "Thuy Thi"),
    ("Thomas Santos", "Santos", "Thomas"),
    ("Shinzo Abe", "Abe", "Shinzo"),
    ("ABE Shinzo", "ABE", "Shinzo"),
    ("Abe, Shinzo", "Abe", "Shinzo"),
    ("安倍晋三", "安倍晋三", ""),
])
def test_family_names_are_found_in_either_order(name: str, family: str, given: str) -> None:
    assert name_parts(name) == (family, given)


def test_keys_come_from_family_name_then_publication_then_a_distinctive_title_word() -> None:
    articles = [
        _article("a", authors=("Zhang Jiye", "Niu Jusheng"), date="2017",
                 title="New Developments in Japan-Vietnam Partnership"),
        _article("b", publication="Khmer Times", date="2015-09-20",
                 title="With An Eye on China, Vietnam and Japan Move Closer"),
        _article("c", date="2019", title="Japan And Vietnam Have An Alliance Going On"),
        _article("d", authors=("Trần Thị Lan",), title="Nhật Bản và Việt Nam"),
    ]
    keys, bib, csl = bibliography(articles)
    assert keys == {"a": "zhang2017", "b": "khmertimes2015", "c": "alliance2019", "d": "trannd"}
    assert "author = {Zhang, Jiye and Niu, Jusheng}" in bib.decode()
    names = {item["id"]: item.get("author") for item in json.loads(csl)}
    assert names["zhang2017"][0] == {"family": "Zhang", "given": "Jiye",
                                     "static-ordering": True}


def test_seed_keys_never_start_with_a_title_word_when_there_is_a_name(
        seeds: Annotated) -> None:
    keys, _, _ = bibliography(seeds.corpus.articles)
    for a in seeds.corpus.articles:
        title_words = re.findall(r"[a-z]+", a.title.lower())
        if a.authors:
            family = name_parts(a.authors[0])[0].lower()
            assert keys[a.id].startswith(re.sub(r"[^a-z]", "", family)), (a.id, keys[a.id])
        elif a.publication:
            assert keys[a.id][:3] not in {w[:3] for w in title_words[:1]}, keys[a.id]


def test_a_journal_issue_is_a_publication_issue_of_the_periodical() -> None:
    paper = _article("j", publication="A Review", issue="2017 no. 2", date="2017")
    data = json.loads(str(json_ld(paper)))
    assert data["@type"] == "ScholarlyArticle"
    issue = data["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == "2017 no. 2"
    assert issue["isPartOf"] == {"@type": "Periodical", "name": "A Review"}


KINDS = {  # kind → what each format must say
    "newspaper": ("NewsArticle", "NewsItem", "article-newspaper", "@article{", "NEWS"),
    "report": ("Report", "Report", "report", "@report{", "RPRT"),
    "webpage": ("Article", "Webpage", "webpage", "@online{", "ELEC"),
    "journal": ("ScholarlyArticle", "JournalArticle", "article-journal", "@article{", "JOUR"),
}


@pytest.mark.parametrize(("kind", "meta"), [
    ("newspaper", dict(publication="The Daily", dateline="Hanoi")),
    ("newspaper", dict(publication="Hanoi Times")),
    ("newspaper", dict(publication="Báo Nhân Dân")),
    ("newspaper", dict(publication="朝日新聞")),
    ("report", dict(publication="Viện Nghiên cứu Đông Nam Á")),
    ("report", dict(publication="Center for Maritime Studies")),
    ("report", dict(series="Policy Commentary")),
    ("webpage", dict(publication="A Blog")),
    ("journal", dict(publication="A Review", issue="no. 2")),
])
def test_every_format_says_the_item_type(kind: str, meta: dict) -> None:
    article = _article("k", **meta)
    assert source_kind(article) == kind
    schema, dc, csl, bib, ris = KINDS[kind]
    assert json.loads(str(json_ld(article)))["@type"] == schema
    tags = meta_tags(article)
    assert ("DC.type", dc) in tags
    names = {n for n, _ in tags}
    # Zotero reads citation_journal_title as "journal article": only a journal has it
    assert ("citation_journal_title" in names) == (kind == "journal")
    assert ("citation_technical_report_institution" in names) == (kind == "report")
    assert csl_item(article, "k")["type"] == csl
    entry = bibtex_entry(article, "k")
    assert entry.startswith(bib)
    assert ("entrysubtype = {newspaper}" in entry) == (kind == "newspaper")
    record = ris_entry(dataclasses.replace(article, authors=("Zhang Jiye",), date="2015-09"),
                       "k")
    assert record.startswith(f"TY  - {ris}\n") and record.endswith("ER  - \n")
    assert "AU  - Zhang, Jiye\n" in record and "DA  - 2015/09//\n" in record


def test_seed_news_and_institution_pieces_are_not_journal_articles(seeds: Annotated) -> None:
    for a in seeds.corpus.articles:
        names = {n for n, _ in meta_tags(a)}
        if a.dateline:
            assert source_kind(a) == "newspaper" and "citation_journal_title" not in names


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.canonical: list[str] = []
        self.og: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href") or "")
        if tag == "meta" and (a.get("property") or "").startswith(("og:", "article:")):
            self.og.setdefault(a["property"] or "", a.get("content") or "")


def _heads(seeds: Annotated, site: SiteInfo) -> dict[str, _Head]:
    heads = {}
    for path, data in render_site(seeds, site, [TEMPLATES]):
        if path.endswith(".html"):
            head = _Head()
            head.feed(data.decode("utf-8").split("</head>")[0])
            heads[path] = head
    return heads


def test_with_a_base_url_every_page_names_its_canonical_address(seeds: Annotated) -> None:
    heads = _heads(seeds, SiteInfo(base_url=BASE))
    for path, head in heads.items():
        if path == NOT_FOUND:
            assert head.canonical == []
            continue
        assert head.canonical == [absolute(BASE, path)], path
        assert head.og["og:url"] == absolute(BASE, path)
        assert head.og["og:title"] and head.og["og:type"] in ("website", "article")
    article = next(a for a in seeds.corpus.articles if a.authors)
    og = heads[f"articles/{article.id}.html"].og
    assert og["og:type"] == "article" and og["article:author"] == article.authors[0]


def test_without_a_base_url_no_page_claims_an_address(seeds: Annotated) -> None:
    site = dataclasses.replace(SiteInfo(), base_url=None)
    assert all(not h.canonical and not h.og for h in _heads(seeds, site).values())
