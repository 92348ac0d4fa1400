"""Curated and automatic events told apart on the timeline, the events list, event pages
and storylines; single-source events folded per year, or on the year's own pages when many,
so the timeline stays bounded however many dated statements become events."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest

from jvreader.model import Annotated, Corpus, Entity, Event, EventMention, Thread
from jvreader.render import SiteInfo, render_site
from jvreader.render.timeline_places import FOLD_INLINE, YEAR_PAGE_EVENTS
from test_render import TEMPLATES, _article, _extraction

MANY = YEAR_PAGE_EVENTS + 7
"""Single-source events of 2016: more than fold into the timeline, two year pages."""


def _corpus(count: int) -> Corpus:
    articles, extractions = [], []
    for k in range(count):
        article = dataclasses.replace(_article(f"a{k:03d}", f"Report {k}"))
        articles.append(article)
        extractions.append(dataclasses.replace(_extraction(article), article=article.id))
    return Corpus(tuple(articles), tuple(extractions),
                  (Entity("vietnam", "Vietnam", "place"), Entity("jcg", "JCG", "organisation"),
                   Entity("japan", "Japan", "place")))


def _event(eid: str, label: str, date: str | None, curated: bool, articles: list[str],
           **more: object) -> Event:
    mentions = tuple(EventMention(a, "p2", "p2s1", "c1", date) for a in articles)
    return Event(eid, label, date, False, curated, mentions, dates=(date,) if date else (),
                 score=None if curated else 3.0, **more)  # type: ignore[arg-type]


def _annotated(singles_2016: int) -> Annotated:
    corpus = _corpus(3)
    events = [
        _event("mou", "Defence memorandum signed", "2011-10", True, ["a000"]),
        _event("loan", "Coast guard loan agreed", "2015-03", False, ["a000", "a001"]),
        *(_event(f"s15-{k}", f"Lone report {k} of 2015", "2015-06", False, ["a002"])
          for k in range(3)),
        *(_event(f"s16-{k:03d}", f"Lone report {k:03d} of 2016", "2016-02", False, ["a001"])
          for k in range(singles_2016)),
    ]
    return Annotated(corpus, events=tuple(events))


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    return {p: c.decode("utf-8") for p, c in render_site(_annotated(MANY), SiteInfo(),
                                                           [TEMPLATES])}


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])  # type: ignore[arg-type]
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])  # type: ignore[arg-type]


def _parsed(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def _entry(html: str, anchor: str) -> str:
    return re.search(rf'<li class="tl-entry[^"]*" id="{anchor}".*?</li>\s*(?=<li|</ol>)',
                     html, re.S).group(0)


def test_timeline_marks_each_event_curated_or_automatic(site: dict[str, str]) -> None:
    timeline = site["timeline.html"]
    curated, automatic = _entry(timeline, "e-mou"), _entry(timeline, "e-loan")
    assert 'data-kind="curated"' in curated and ">Curated</span>" in curated
    assert "Found automatically" not in curated
    assert 'data-kind="automatic"' in automatic and ">Found automatically</span>" in automatic
    assert 'data-sources="several"' in automatic and "Reported by 2 sources" in automatic
    # a curated event that one source reports is not folded, but it is marked single-source
    assert "Single source" in curated and 'data-sources="single"' in curated
    assert "Every event" not in timeline
    assert f"{3 + 2 + MANY} events in date order: 1 curated by the editors, {2 + 3 + MANY - 1}" \
        " found automatically" in timeline


def test_single_source_events_fold_under_their_year_after_the_others(
        site: dict[str, str]) -> None:
    timeline = site["timeline.html"]
    year = timeline[timeline.index('id="y-2015"'):timeline.index('id="y-2016"')]
    # several-source events first, then the single-source ones folded
    assert year.index('id="e-loan"') < year.index('<details class="tl-single">') \
        < year.index('id="e-s15-0"')
    assert "3 single-source events found automatically in 2015</summary>" in year
    assert 'data-sources="single"' in _entry(timeline, "e-s15-0")


def test_a_year_of_many_single_source_events_has_its_own_pages(site: dict[str, str]) -> None:
    timeline = site["timeline.html"]
    assert MANY > FOLD_INLINE
    assert "s16-" not in timeline  # none of them on the timeline itself
    assert (f'<a href="timeline/2016.html">{MANY} single-source events found automatically '
            "in 2016</a>") in timeline
    first, second = site["timeline/2016.html"], site["timeline/2016.p2.html"]
    assert "timeline/2016.p3.html" not in site
    assert first.count('class="tl-entry') == YEAR_PAGE_EVENTS
    assert second.count('class="tl-entry') == MANY - YEAR_PAGE_EVENTS
    assert 'id="e-s16-000"' in first and f'id="e-s16-{MANY - 1:03d}"' in second
    assert 'href="2016.p2.html"' in first and 'href="../timeline.html#y-2016"' in first


def test_timeline_size_does_not_grow_with_a_years_single_source_events() -> None:
    def size(singles: int) -> int:
        pages = dict(render_site(_annotated(singles), SiteInfo(), [TEMPLATES]))
        return len(pages["timeline.html"])

    few, many = size(FOLD_INLINE + 1), size(FOLD_INLINE + 60)
    assert abs(many - few) < 200  # only the counts in the text differ


def test_events_list_has_a_section_per_kind_reachable_without_script(
        site: dict[str, str]) -> None:
    listed = site["events/index.html"]
    assert "Every event" not in listed
    parsed = _parsed(listed)
    assert {"curated", "automatic", "single"} <= parsed.ids
    assert {"#curated", "#automatic", "#single"} <= set(parsed.links)
    curated = listed[listed.index('id="curated"'):listed.index('id="automatic"')]
    automatic = listed[listed.index('id="automatic"'):listed.index('id="single"')]
    single = listed[listed.index('id="single"'):]
    assert 'href="mou.html"' in curated and 'href="loan.html"' not in curated
    assert 'href="loan.html"' in automatic and "s15-0" not in automatic
    assert 'href="s15-0.html"' in single and "2015: 3 events</summary>" in single
    # a year of many is not listed here either: its count links to its pages
    assert "s16-" not in single and f'href="../timeline/2016.html">{MANY} events</a>' in single


def test_event_pages_say_how_the_event_was_found_and_link_to_where_it_is_listed(
        site: dict[str, str]) -> None:
    curated, automatic = site["events/mou.html"], site["events/s16-005.html"]
    assert "Curated: the editors named this event in <code>events.yml</code>" in curated
    assert "Found automatically in the articles’ dated statements (score 3.00)" in automatic
    assert ">Found automatically</span>" in automatic and "Single source" in automatic
    # the folded event is on a year page: its kicker leads to it there
    assert 'href="../timeline/2016.html#e-s16-005"' in automatic
    assert 'href="../timeline.html#e-mou"' in curated
    timeline_ids = _parsed(site["timeline.html"]).ids
    assert {"y-2016", "e-mou"} <= timeline_ids


def test_every_link_of_the_event_pages_lands_on_a_page_and_anchor(site: dict[str, str]) -> None:
    parsed: dict[str, _Ids] = {}
    checked = 0
    for page in ("timeline.html", "events/index.html", "timeline/2016.html",
                 "timeline/2016.p2.html", "events/s15-0.html", "events/s16-000.html"):
        for link in _parsed(site[page]).links:
            if "://" in link or link.startswith(("#", "mailto:")):
                continue
            path, _, fragment = link.partition("#")
            target = _resolve(page, path)
            if not target.endswith(".html"):
                continue
            assert target in site, (page, link)
            if fragment:
                found = parsed.setdefault(target, _parsed(site[target]))
                assert fragment in found.ids, (page, link)
            checked += 1
    assert checked > 100


def _resolve(page: str, path: str) -> str:
    parts = page.split("/")[:-1]
    for piece in path.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def test_storylines_span_only_their_dated_events_and_say_how_they_were_found() -> None:
    corpus = _corpus(2)
    dated = [_event("e14", "Vessels promised", "2014", False, ["a000"], threads=("ships",)),
             _event("e15", "Vessels delivered", "2015-08", True, ["a001"], threads=("ships",))]
    # undated, though its article is of 2021: the storyline still ends in 2015
    undated = _event("later", "New vessels agreed", None, False, ["a001"], threads=("ships",),
                     placed_by="article", sort_date="2021")
    threads = (Thread("ships", "Ships", ("e14", "e15", "later"), curated=False),)
    annotated = Annotated(corpus, events=(*dated, undated), threads=threads)
    pages = {p: c.decode() for p, c in render_site(annotated, SiteInfo(), [TEMPLATES])}
    index, page = pages["threads/index.html"], pages["threads/ships.html"]
    assert "3 events, 2014–2015" in index and "2021" not in index
    assert ">Found automatically</span>" in index
    assert "in date order, 2014–2015" in page and "found automatically" in page
    # on the storyline's page no event is folded away, single-source or not
    assert "<details class=\"tl-single\"" not in page and page.count('class="tl-entry') == 3
