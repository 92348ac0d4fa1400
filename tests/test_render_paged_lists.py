"""The whole-corpus pages (figures, disagreements, timeline, events list, sources, home) are
paged past a page size: every item on exactly one page, every link to an item landing on
the page and anchor holding it, and no page growing when the corpus doubles.

Built from the benchmark corpus generator (``benchmarks/corpus.py``, text it writes itself in
English, Vietnamese and Japanese) through the real build, with small page sizes so a small
corpus fills several pages."""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest

from jvreader.config import load_project
from jvreader.linkcheck import check_links
from jvreader.pipeline import build
from jvreader.render import disagreements, figures, site_views, timeline_axis, timeline_places

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SMALL_PAGES = {
    (figures, "COMPARISONS_PER_PAGE"): 4,
    (figures, "LISTED_ROWS"): 3,
    (figures, "ROWS_PER_PAGE"): 4,
    (disagreements, "DISAGREEMENTS_PER_PAGE"): 4,
    (disagreements, "LISTED_SIDES"): 3,
    (timeline_places, "TIMELINE_ENTRIES"): 8,
    (timeline_places, "YEAR_PAGE_EVENTS"): 6,
    (site_views, "YEAR_PAGE_EVENTS"): 6,
    (site_views, "EVENT_ROWS_PER_PAGE"): 6,
    (site_views, "SOURCES_PER_PAGE"): 7,
    (site_views, "ARTICLES_PER_PAGE"): 7,
    (timeline_axis, "AXIS_MARKS"): 10,
}


def _built(root: Path, count: int) -> dict[str, str]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import corpus
        project = corpus.make_corpus(root / "project", count, "distinct")
    finally:
        sys.path.remove(str(BENCHMARKS))
    out = root / "site"
    build(replace(load_project(project, out), search=False), use_cache=False)
    assert check_links(out) == []  # every link and #anchor of the site lands somewhere
    return {f.relative_to(out).as_posix(): f.read_text("utf-8")
            for f in out.rglob("*.html")}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, str]]:
    with pytest.MonkeyPatch.context() as patch:
        for (module, name), value in SMALL_PAGES.items():
            patch.setattr(module, name, value)
        return {n: _built(tmp_path_factory.mktemp(f"n{n}"), n) for n in (20, 40)}


def _pages(site: dict[str, str], first: str) -> list[str]:
    """``first`` and its further pages (``figures.p2.html`` …), in page order."""
    stem = first.removesuffix(".html")
    paged = {int(m.group(1)): p for p in site
             if (m := re.fullmatch(re.escape(stem) + r"\.p(\d+)\.html", p))}
    assert sorted(paged) == list(range(2, len(paged) + 2))  # no page missing
    return [first, *(paged[n] for n in sorted(paged))]


def _ids(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


@pytest.mark.parametrize(("first", "item", "size"), [
    ("figures.html", r'<section class="comparison[^"]*" id="(cmp-[^"]+)"', 4),
    ("disagreements.html", r'<section class="dis-item" id="(d-[^"]+)"', 4),
    ("sources.html", r'<li id="([^"]+)">\s*<p class="cite-text">', 7),
    ("index.html", r'<h3><a href="articles/([^"]+)\.html">', 7),
    ("events/index.html", r'<tr class="\w+"><td>[^<]*(?:<span[^>]*>[^<]*</span>)?</td>'
                          r'<td><a href="([^"]+)\.html">', 6),
])
def test_each_item_is_on_exactly_one_page_of_its_list(
        sites: dict[int, dict[str, str]], first: str, item: str, size: int) -> None:
    site = sites[40]
    pages = _pages(site, first)
    # the events list's single-source section (by year, on its first page) is not paged
    on_page = [_ids(site[p].split('<section class="event-kind" id="single"')[0], item)
               for p in pages]
    found = Counter(i for ids in on_page for i in ids)
    assert found and max(found.values()) == 1, first  # none twice
    assert all(len(ids) <= size for ids in on_page)
    assert all(on_page[:-1]) and all(len(ids) == size for ids in on_page[:-1])  # full pages
    assert len(pages) == math.ceil(sum(found.values()) / size)
    assert len(pages) > 1, f"{first}: the test corpus should fill several pages"
    if first == "sources.html":
        assert sum(found.values()) == 40
    if first == "index.html":
        assert set(found) == {p.removeprefix("articles/").removesuffix(".html")
                              for p in site if re.fullmatch(r"articles/[^.]+\.html", p)}
    # every page links to the next one, and names itself among the page numbers
    for n, (page, following) in enumerate(itertools.pairwise(pages), start=1):
        name = following.rsplit("/", 1)[-1]
        assert f'<a href="{name}" rel="next">' in site[page]
        assert f'<span aria-current="page">{n}</span>' in site[page]


def test_links_to_a_comparison_or_disagreement_name_the_page_holding_it(
        sites: dict[int, dict[str, str]]) -> None:
    site = sites[40]
    holder = {anchor: page for first in ("figures.html", "disagreements.html")
              for page in _pages(site, first)
              for anchor in _ids(site[page], r'<section class="(?:comparison|dis-item)[^"]*"'
                                             r' id="([^"]+)"')}
    linked = Counter()
    for path, html in site.items():
        if not path.startswith("articles/"):
            continue
        for page, anchor in re.findall(r'href="\.\./((?:figures|disagreements)[^"#]*)#'
                                       r'((?:cmp|d)-[^"]+)"', html):
            assert holder[unquote(anchor)] == page, (path, anchor)
            linked[page] += 1
    assert len(linked) > 2  # article margins link into several of the pages


def test_long_comparisons_have_their_own_pages_with_every_figure(
        sites: dict[int, dict[str, str]]) -> None:
    site = sites[40]
    listed = "".join(site[p] for p in _pages(site, "figures.html"))
    long = re.findall(r'<a href="figures/([^"]+)\.html">All (\d+) figures of this measure',
                      listed)
    assert long
    for cid, total in long:
        pages = _pages(site, f"figures/{cid}.html")
        rows = sum(len(re.findall(r"<tr><td><a href=", site[p])) for p in pages)
        assert rows == int(total)
        assert len(pages) == math.ceil(int(total) / 4)


def test_timeline_lists_a_bounded_number_and_every_event_is_on_a_timeline_page(
        sites: dict[int, dict[str, str]]) -> None:
    site = sites[40]
    timeline = site["timeline.html"]
    entry = r'<li class="tl-entry[^"]*" id="e-([^"]+)"'
    assert len(_ids(timeline, entry)) == 8
    event_ids = {p[len("events/"):-len(".html")] for p in site
                 if re.fullmatch(r"events/[^.]+\.html", p) and p != "events/index.html"}
    year_pages = [p for p in site if p.startswith("timeline/")]
    on_years = Counter(i for p in year_pages for i in _ids(site[p], entry))
    assert set(on_years) == event_ids and max(on_years.values()) == 1
    assert all(len(_ids(site[p], entry)) <= 6 for p in year_pages)
    # each year on the timeline links to its own page
    for year in re.findall(r'<h2 id="y-(\w+)">', timeline):
        assert f'href="timeline/{year.lower()}.html"' in timeline
    # an event page's way back to the timeline lands where the event is listed
    for eid in sorted(event_ids)[:20]:
        target = re.search(r'<a href="\.\./(timeline[^"#]*)#(e-[^"]+)"', site[f"events/{eid}.html"])
        assert target and f'id="{target.group(2)}"' in site[target.group(1)]


def test_no_list_page_grows_when_the_corpus_doubles(sites: dict[int, dict[str, str]]) -> None:
    def largest(site: dict[str, str]) -> dict[str, int]:
        return {first: max(len(site[p].encode()) for p in _pages(site, first))
                for first in ("figures.html", "disagreements.html", "sources.html",
                              "index.html", "events/index.html")}

    small, big = largest(sites[20]), largest(sites[40])
    for site, sizes in ((sites[20], small), (sites[40], big)):
        sizes["timeline.html"] = len(site["timeline.html"].encode())
    for first, size in big.items():
        assert size < 1.4 * small[first], (first, small[first], size)
    lists = [f for f in big if f != "timeline.html"]
    pages_small = sum(len(_pages(sites[20], f)) for f in lists)
    assert sum(len(_pages(sites[40], f)) for f in lists) > pages_small  # more pages instead
