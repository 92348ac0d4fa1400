"""Entity and event pages of bounded size with the same information: a summary first, quotes
grouped by article and paginated, nothing repeated once per source of the whole corpus."""

from __future__ import annotations

import re
from html import unescape

import pytest

from jvreader.model import (
    Annotated,
    Article,
    Corpus,
    Entity,
    Event,
    EventMention,
    Extraction,
    Mention,
    Paragraph,
    Sentence,
    pack_text,
)
from jvreader.render import SiteInfo, render_site
from jvreader.render.events import QUOTES_PER_PAGE
from jvreader.render.pager import WINDOW, pager
from jvreader.render.views import SOURCES_PER_PAGE
from test_render import TEMPLATES

ENTITIES = (
    Entity("vietnam", "Vietnam", "place", ("Viet Nam", "ヴェトナム"), (("vi", "Việt Nam"),),
           "A state in Southeast Asia."),
    Entity("japan", "Japan", "place", (), (("ja", "日本"),)),
    Entity("asean", "ASEAN", "organisation"),
)


def _article(k: int) -> tuple[Article, Extraction]:
    """Article ``k``: three sentences of its own words, two naming Vietnam (one with Japan,
    one with ASEAN every third article); its own publication, so nothing repeats."""
    parts = [f"Vietnam and Japan signed plan {k} in Hanoi.",
             f"Officials of Vietnam met ASEAN delegates over loan {k}." if k % 3 == 0
             else f"Officials of Vietnam studied loan {k} again.",
             f"Nothing else happened on day {k}."]
    text = " ".join(parts)
    sentences, start = [], 0
    for i, part in enumerate(parts, start=1):
        sentences.append(Sentence(f"p1s{i}", "p1", start, start + len(part), part))
        start += len(part) + 1

    def named(entity: str, sentence: int, word: str) -> Mention:
        s = sentences[sentence - 1]
        at = s.start + s.text.index(word)
        return Mention(entity, "p1", s.id, word, at, at + len(word))

    mentions = [named("vietnam", 1, "Vietnam"), named("japan", 1, "Japan"),
                named("vietnam", 2, "Vietnam")]
    if k % 3 == 0:
        mentions.append(named("asean", 2, "ASEAN"))
    article = Article(
        id=f"a{k:04d}", source_file=f"seeds/a{k:04d}.txt", title=f"Report number {k}",
        dek=None, authors=(), publication=f"Gazette {k}",
        date=f"20{10 + k % 10:02d}-{1 + k % 12:02d}-{1 + k % 28:02d}", date_basis="stated",
        url=None, series=None, issue=None, dateline=None, language="en",
        paragraphs=(Paragraph("p1", "body", text, 3),), footnotes=(), removed=(),
        provenance=(), packed_original=pack_text(text))
    extraction = Extraction(article.id, tuple(sentences), (), (), (), tuple(mentions))
    return article, extraction


def _corpus(count: int) -> Annotated:
    """``count`` articles naming Vietnam; all of them report one event, every third another."""
    made = [_article(k) for k in range(count)]
    corpus = Corpus(tuple(a for a, _ in made), tuple(x for _, x in made), ENTITIES)
    plan = Event("plan", "Plans signed in Hanoi", "2011-10", False, True,
                 tuple(EventMention(a.id, "p1", "p1s1", None, "2011-10") for a, _ in made),
                 dates=("2011-10",), sort_date="2011-10")
    loans = Event("loans", "Loans discussed with ASEAN", "2012", True, len(made) > 3,
                  tuple(EventMention(a.id, "p1", "p1s2", None, "2012")
                        for k, (a, _) in enumerate(made) if k % 3 == 0),
                  dates=("2012",), sort_date="2012")
    return Annotated(corpus, events=(plan, loans))


def _site(count: int) -> dict[str, str]:
    return {path: content.decode() for path, content in
            render_site(_corpus(count), SiteInfo(), [TEMPLATES])}


def _pages_of(site: dict[str, str], stem: str) -> list[str]:
    return sorted(p for p in site if re.fullmatch(rf"{stem}(\.p\d+)?\.html", p))


def _sentences_quoted(html: str) -> list[str]:
    """Every quoted sentence's text on a page (highlights taken out): shown in a blockquote,
    or folded in an entity page's list of an article's further sentences."""
    quotes = re.findall(r"<blockquote[^>]*><p>(.*?)</p></blockquote>", html, re.S)
    for folded in re.findall(r'<ul class="quotes more-quote-list">(.*?)</ul>', html, re.S):
        quotes += re.findall(r'<li>(.*?) <a class="para-ref"', folded, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", q)) for q in quotes]


@pytest.fixture(scope="module")
def small() -> dict[str, str]:
    return _site(7)


def test_an_entity_page_leads_with_a_summary(small: dict[str, str]) -> None:
    html = small["entities/vietnam.html"]
    summary, quotes = html.split('id="quotes-h"', 1)
    assert "A state in Southeast Asia." in summary  # the gazetteer's description
    assert '<span lang="vi">Việt Nam</span>' in summary
    assert '<span lang="ja">ヴェトナム</span>' in summary  # an alias in another script
    assert "<dd>Place</dd>" in summary and "<dd>Viet Nam</dd>" in summary
    # events with their dates, linked to their pages; the most reported first by date
    events = re.findall(r'<time datetime="([\d-]+)">[^<]+</time></span> <span>'
                        r'<a href="\.\./events/(\w+)\.html">', summary)
    assert events == [("2011-10", "plan"), ("2012", "loans")]
    # co-mentioned names with the number of sentences they share, most first
    names = re.findall(r'<li><a href="(\w+)\.html">[^<]+</a> <span class="count">(\d+)</span>',
                       summary)
    assert names == [("japan", "7"), ("asean", "3")]
    # articles with their mention counts, linked to the article and to its quotes
    assert re.search(r'href="\.\./articles/a0000\.html">Report number 0</a>.*?'
                     r'href="vietnam\.html#a-a0000">2 mentions</a>', summary, re.S)
    # then quotes by article: the first shown, the rest folded in a <details>
    groups = re.findall(r'<section class="source entity-source" id="(a-a\d+)"(.*?)</section>',
                        quotes, re.S)
    assert [g for g, _ in groups] == [f"a-a{k:04d}" for k in range(7)]
    for _, body in groups:
        shown, folded = body.split("<details", 1)
        assert shown.count("<blockquote") == 1 and len(_sentences_quoted(folded)) == 1
        assert "1 more sentence from this article" in folded


def test_the_seeds_vietnam_page_summarises_events_names_and_articles(
        seeds_annotated: Annotated) -> None:
    site = {p: c.decode() for p, c in render_site(seeds_annotated, SiteInfo(), [TEMPLATES])}
    html = site["entities/vietnam.html"]
    summary = html.split('id="quotes-h"', 1)[0]
    linked_events = re.findall(r'href="\.\./(events/[\w-]+\.html)"', summary)
    assert linked_events and all(e in site for e in linked_events)
    names = re.findall(r'<li><a href="([\w-]+\.html)">', summary)
    assert "japan.html" in names and all(f"entities/{n}" in site for n in names)
    counts = [int(n) for n in re.findall(r'>(\d+) mentions?</a>', summary)]
    assert counts and counts == sorted(counts, reverse=True)
    # every quote is still on the page, each article's group folded after its first
    entity_mentions = sum(1 for x in seeds_annotated.corpus.extractions
                          for m in x.mentions if m.entity == "vietnam")
    assert f"{entity_mentions} times in" in summary
    assert html.count('<details class="more-quotes">') >= 1


@pytest.mark.parametrize("count", [2 * SOURCES_PER_PAGE + 7])
def test_entity_pages_are_bounded_and_every_quote_is_on_one(count: int) -> None:
    site = _site(count)
    pages = _pages_of(site, "entities/vietnam")
    assert len(pages) == 3  # 50 + 50 + 7 articles
    quoted = [q for p in pages for q in _sentences_quoted(site[p])]
    expected = [s for k in range(count) for s in _article(k)[0].paragraphs[0].text.split(". ")
                if "Vietnam" in s]
    assert sorted(q.rstrip(".") for q in quoted) == sorted(e.rstrip(".") for e in expected)
    for p in pages:
        assert site[p].count('<section class="source entity-source"') <= SOURCES_PER_PAGE
        # the search filter names this page's publications, not every one naming Vietnam
        assert site[p].count('data-pagefind-filter="source"') <= SOURCES_PER_PAGE
    second = site["entities/vietnam.p2.html"]
    assert '<a href="vietnam.html" rel="prev">' in second
    assert '<a href="vietnam.p3.html" rel="next">' in second
    assert '<link rel="next" href="vietnam.p3.html">' in second
    assert 'id="events-h"' not in second and 'href="vietnam.html">page 1</a>' in second


def test_an_entity_page_does_not_grow_with_the_corpus() -> None:
    smaller, larger = _site(2 * SOURCES_PER_PAGE + 5), _site(6 * SOURCES_PER_PAGE + 5)
    for path in ("entities/vietnam.html", "entities/vietnam.p2.html"):
        grown = len(larger[path]) - len(smaller[path])
        assert grown < 0.05 * len(smaller[path]), (path, grown)


def test_event_pages_are_bounded_and_every_quote_is_on_one() -> None:
    count = 7 * QUOTES_PER_PAGE + 3
    site = _site(count)
    pages = _pages_of(site, "events/plan")
    assert len(pages) == 8
    quoted = [q for p in pages for q in _sentences_quoted(site[p])]
    assert sorted(quoted) == sorted(f"Vietnam and Japan signed plan {k} in Hanoi."
                                    for k in range(count))
    sizes = [len(site[p]) for p in pages[:-1]]  # full pages: about the same size
    assert max(sizes) < 1.05 * min(sizes)
    for p in pages:
        html = site[p]
        names = re.findall(r'data-pagefind-filter="source">([^<]+)<', html)
        assert len(names) == len(set(names)) <= QUOTES_PER_PAGE  # this page's sources only
        numbered = re.findall(r'<nav class="pager page-links".*?</nav>', html, re.S)
        assert numbered and all(n.count("<a href=") <= 2 * WINDOW + 4 for n in numbered)


def test_an_event_page_does_not_grow_with_the_corpus() -> None:
    smaller, larger = _site(2 * QUOTES_PER_PAGE + 5), _site(12 * QUOTES_PER_PAGE + 5)
    for path in ("events/plan.html", "events/plan.p2.html"):
        grown = len(larger[path]) - len(smaller[path])
        assert grown < 0.05 * len(smaller[path]), (path, grown)


def test_a_pager_names_the_ends_and_a_window_around_the_page() -> None:
    found = pager("events/e.p10.html", 10, 20, lambda n: f"events/e.p{n}.html")
    numbers = [i.get("number") for i in found["links"]]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [i["current"] for i in found["links"] if "number" in i].count(True) == 1
    assert found["previous"]["href"] == "e.p9.html" and found["next"]["href"] == "e.p11.html"
    first = pager("events/e.html", 1, 3, lambda n: "events/e.html" if n == 1
                  else f"events/e.p{n}.html")
    assert first["previous"] is None and [i["number"] for i in first["links"]] == [1, 2, 3]
    assert pager("events/e.html", 1, 1, lambda n: "events/e.html") is None


def test_the_gazetteer_gives_a_description_or_a_clear_error(tmp_path) -> None:
    from jvreader.errors import SourceError
    from jvreader.extract.entities import load_gazetteer

    path = tmp_path / "gazetteer.yml"
    path.write_text("entities:\n"
                    "  - {id: hue, name: Hue, kind: place, description: ' Old capital. '}\n"
                    "  - {id: hanoi, name: Hanoi, kind: place}\n", encoding="utf-8")
    assert [e.description for e in load_gazetteer(path).entities] == ["Old capital.", ""]
    path.write_text("entities:\n  - {id: hue, name: Hue, kind: place}\n"
                    "  - {id: hanoi, name: Hanoi, kind: place, description: [capital]}\n",
                    encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        load_gazetteer(path)
    assert "gazetteer.yml" in str(raised.value) and ":3" in str(raised.value)
    assert "description must be a string" in str(raised.value)


def test_pages_made_in_any_order_are_the_pages_made_in_path_order() -> None:
    """Parts shared by a folder's pages are kept for one folder at a time (the last asked
    for): pages made out of order, as pool workers take them, remake the parts a folder
    had, and every page is still the same, byte for byte."""
    import random

    from jvreader.render import _make, _plan, _Render
    from jvreader.render.context import render_context
    from jvreader.render.env import make_env
    from site_under_test import annotated_seeds

    in_order = dict(render_site(annotated_seeds(), SiteInfo(), [TEMPLATES]))
    ctx = render_context(annotated_seeds(), SiteInfo())
    env = make_env([TEMPLATES], None)
    work = _plan(ctx, env, None)
    render = _Render(env, SiteInfo(), work, None)
    shuffled = list(range(len(work)))
    random.Random(20).shuffle(shuffled)
    folders = set()
    for i in shuffled:
        path, _ = work[i]
        folders.add(path.rpartition("/")[0])
        assert _make(render, i)[1] == in_order[path], path
    assert {"articles", "entities", "events", ""} <= folders
    # only the last folder's parts are kept
    parts = ctx.index.folder_parts("articles")
    parts["probe"] = 1
    assert ctx.index.folder_parts("articles") is parts
    assert "probe" not in ctx.index.folder_parts("entities")
    assert "probe" not in ctx.index.folder_parts("articles")
