"""The Atom feed read by feedparser, and the sitemap's structure: no invented dates, ids that
survive the site getting an address, ``published`` and ``lastmod`` where a date is known."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from jvreader.model import Annotated, Article, Corpus, Paragraph, pack_text
from jvreader.render import urls
from jvreader.render.feeds import DATE_SCHEME, atom_feed, sitemap_xml
from jvreader.render.site import SiteInfo
from site_under_test import annotated_seeds

feedparser = pytest.importorskip("feedparser")

BASE = "https://example.org/reader/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def seeds() -> Annotated:
    return annotated_seeds()


def _parsed(annotated: Annotated, base_url: str | None):
    feed = feedparser.parse(atom_feed(annotated, SiteInfo(base_url=base_url)))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def _article(aid: str, date: str | None, paragraphs: tuple[Paragraph, ...]) -> Article:
    return Article(
        id=aid, source_file=f"seeds/{aid}.txt", title=f"Title {aid}", dek=None, authors=(),
        publication=None, date=date, date_basis="stated" if date else None, url=None,
        series=None, issue=None, dateline=None, language="en", paragraphs=paragraphs,
        footnotes=(), removed=(), provenance=(), packed_original=pack_text("x\n"))


def _corpus(*articles: Article) -> Annotated:
    return Annotated(Corpus(articles))


def test_the_seed_feed_parses_with_an_entry_per_article(seeds: Annotated) -> None:
    feed = _parsed(seeds, BASE)
    assert len(feed.entries) == len(seeds.corpus.articles)
    for entry in feed.entries:
        assert entry.link.startswith(BASE) and entry.updated_parsed


def test_entry_ids_stay_the_same_when_the_site_gets_an_address(seeds: Annotated) -> None:
    without = [e.id for e in _parsed(seeds, None).entries]
    with_base = [e.id for e in _parsed(seeds, BASE).entries]
    assert without == with_base
    assert len(set(without)) == len(without)
    assert all(i.startswith("urn:uuid:") for i in without)


def test_published_only_where_the_article_is_dated_to_the_day(seeds: Annotated) -> None:
    feed = _parsed(seeds, BASE)
    by_title = {e.title: e for e in feed.entries}
    for a in seeds.corpus.articles:
        entry = by_title[a.title]
        full = bool(a.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.date))
        assert ("published" in entry) == full, a.id
        if full:
            assert entry.published.startswith(a.date)
        else:
            terms = {t.term for t in entry.get("tags", []) if t.scheme == DATE_SCHEME}
            assert terms == {"partial-date" if a.date else "undated"}, a.id


def test_an_undated_entry_takes_the_newest_dated_article_and_says_so() -> None:
    body = (Paragraph("p1", "caption", "Source: a wire agency", 1),
            Paragraph("p2", "body", "The talks went on.", 2))
    annotated = _corpus(_article("a", "2016-05-01", body), _article("b", "2018-03", body),
                        _article("u", None, body))
    feed = _parsed(annotated, None)
    assert feed.feed.updated.startswith("2018-03-01")
    undated = next(e for e in feed.entries if e.title == "Title u")
    assert undated.updated == feed.feed.updated and "published" not in undated
    assert "undated" in {t.term for t in undated.tags}
    assert all(e.summary == "The talks went on." for e in feed.entries)  # no photo credit
    assert "2021" not in atom_feed(annotated, SiteInfo()).decode()  # nothing from elsewhere


def _sitemap(seeds: Annotated, paths: list[str]) -> ET.Element:
    data = sitemap_xml(paths, SiteInfo(base_url=BASE), seeds.corpus.articles)
    assert data is not None
    root = ET.fromstring(data)
    assert root.tag == f"{SITEMAP_NS}urlset"
    return root


def test_the_sitemap_lists_pages_with_lastmod_where_the_day_is_known(seeds: Annotated) -> None:
    paths = [urls.INDEX, urls.NOT_FOUND, urls.FEED,
             *(urls.article_path(a.id) for a in seeds.corpus.articles),
             *(urls.original_path(a.id) for a in seeds.corpus.articles)]
    root = _sitemap(seeds, paths)
    locs: list[str] = []
    lastmods: dict[str, str] = {}
    for url in root:
        assert url.tag == f"{SITEMAP_NS}url"
        children = [c.tag for c in url]
        assert children in ([f"{SITEMAP_NS}loc"], [f"{SITEMAP_NS}loc", f"{SITEMAP_NS}lastmod"])
        loc = url.findtext(f"{SITEMAP_NS}loc") or ""
        assert loc.startswith(BASE) and len(loc) < 2048
        locs.append(loc)
        if (lastmod := url.findtext(f"{SITEMAP_NS}lastmod")) is not None:
            # the schema's xsd:date: a day, not a year or month
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod), lastmod
            lastmods[loc] = lastmod
    assert len(locs) == len(set(locs)) == len(paths) - 2  # no 404 page, no feed
    for a in seeds.corpus.articles:
        loc = urls.absolute(BASE, urls.article_path(a.id))
        if a.date and len(a.date) == 10:
            assert lastmods[loc] == a.date
        else:
            assert loc not in lastmods
    assert lastmods, "some seed article is dated to the day"


def test_no_sitemap_without_an_address(seeds: Annotated) -> None:
    site = dataclasses.replace(SiteInfo(), base_url=None)
    assert sitemap_xml([urls.INDEX], site, seeds.corpus.articles) is None
