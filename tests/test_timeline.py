"""The timeline as a researcher uses it: a time axis drawn in proportion to time, topic
filters whose choice lives in the address, Events in the navigation, storyline lists whose
events are links and whose long titles wrap in their own column.

The seeds' site is built once (``site_under_test``); the browser tests drive Debian's
Chromium through Playwright like ``test_browser`` (and skip without it, except in CI).
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import lxml.html
import pytest

import test_browser
from jvreader.render.timeline_axis import MARKS_PER_YEAR, parse_span, tick_step, timeline_axis
from site_under_test import annotated_seeds, built_site

# the browser tests' tabs (on conftest's one Chromium and one server for the session's site)
tabs = test_browser.tabs

SVG = "{http://www.w3.org/2000/svg}"


def _page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path).read_bytes())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


# ---- the axis's arithmetic ----------------------------------------------------------------

def test_a_date_covers_its_precision():
    assert parse_span("1973") == (date(1973, 1, 1), date(1974, 1, 1), False)
    assert parse_span("2011-12") == (date(2011, 12, 1), date(2012, 1, 1), False)
    assert parse_span("2016-04-12") == (date(2016, 4, 12), date(2016, 4, 13), True)
    # "early 2016" is annotated as a range: drawn over the range, not as a day
    assert parse_span("2016-01/2016-04") == (date(2016, 1, 1), date(2016, 5, 1), False)
    assert parse_span("2016-02-30") is None and parse_span("about 2016") is None
    assert parse_span(None) is None


def test_year_labels_thin_out_over_long_spans():
    assert tick_step(10, 12) == 1
    assert tick_step(49, 12) == 5
    assert tick_step(300, 12) == 25 and tick_step(400, 12) == 50


def _entry(n: int, when: str, label: str | None = None) -> dict:
    return {"date": when, "href": f"events/e{n}.html", "label": label or f"Event {n}",
            "date_label": when, "kind": "automatic", "single_source": True,
            "conflict": False, "threads": [], "entities": []}


def test_a_dense_year_is_one_counted_bar_so_the_axis_stays_bounded():
    # 10,000 articles' worth of events in 2016, and a handful in two other years
    many = [_entry(i, f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(10_000)]
    few = [_entry(20_000, "2009-05-01"), _entry(20_001, "2021")]
    axis = timeline_axis(few[:1] + many + few[1:])
    for drawing in (axis["horizontal"], axis["vertical"]):
        assert [(b["year"], b["count"]) for b in drawing["bars"]] == [("2016", 10_000)]
        assert {m["href"] for m in drawing["marks"]} == {"events/e20000.html",
                                                         "events/e20001.html"}
        assert drawing["bars"][0]["href"] == "#y-2016"
        assert "10,000 events" in drawing["bars"][0]["name"]
    small = timeline_axis([_entry(i, f"2016-01-{1 + i:02d}") for i in range(MARKS_PER_YEAR)])
    assert len(small["horizontal"]["marks"]) == MARKS_PER_YEAR and not small["horizontal"]["bars"]


def test_undated_events_are_counted_not_placed():
    axis = timeline_axis([_entry(1, "2015-09-15"), {**_entry(2, ""), "date": None}])
    assert axis["count"] == 1 and axis["undated"] == 1
    assert timeline_axis([{**_entry(2, ""), "date": None}]) is None


# ---- the seeds' timeline page -------------------------------------------------------------

def _marks(svg) -> list[tuple[str, float]]:
    return [(a.get("href"), float(a.get("data-position"))) for a in svg.iter(f"{SVG}a", "a")
            if "tl-mark" in (a.get("class") or "")]


def _year_ticks(svg, horizontal: bool) -> dict[int, float]:
    """Labelled year → where its tick is drawn along the axis."""
    return {int(line.get("data-year")): float(line.get("x1" if horizontal else "y1"))
            for line in svg.iter(f"{SVG}line", "line") if line.get("data-year")}


def _select(page: lxml.html.HtmlElement, tag: str, css_class: str) -> list:
    """The ``tag`` elements with ``css_class`` among their classes."""
    return page.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), "
                      f"' {css_class} ')]")


@pytest.mark.parametrize("which", ["h", "v"])
def test_timeline_axis_places_every_dated_event_in_proportion_to_time(site, which):
    page = _page(site, "timeline.html")
    [svg] = [s for s in page.iter(f"{SVG}svg", "svg") if f"tl-axis-{which}" in s.get("class")]
    events = {e.id: e for e in annotated_seeds().events}
    marks = _marks(svg)
    dated = {e.id for e in events.values() if parse_span(e.date)}
    assert {href.removeprefix("events/").removesuffix(".html") for href, _ in marks} == dated
    # the years are spaced evenly: equal time, equal distance
    ticks = _year_ticks(svg, which == "h")
    years = sorted(ticks)
    assert len(years) >= 3
    per_year = (ticks[years[-1]] - ticks[years[0]]) / (years[-1] - years[0])
    for a, b in itertools.pairwise(years):
        assert ticks[b] - ticks[a] == pytest.approx(per_year * (b - a), abs=0.6)
    # each mark is where its date is on that scale (a dot at its day's middle, a bar at the
    # first day it covers), so the order and the gaps follow the dates
    origin = date(years[0], 1, 1).toordinal()
    per_day = per_year / 365.25
    for href, position in marks:
        start, _, is_day = parse_span(events[href[7:-5]].date)
        day = start.toordinal() + (0.5 if is_day else 0.0)
        assert position == pytest.approx(ticks[years[0]] + (day - origin) * per_day,
                                         abs=per_year * 0.01 + 0.6), href
    positions = [p for _, p in sorted(marks, key=lambda m: parse_span(events[m[0][7:-5]].date))]
    assert positions == sorted(positions)


def test_timeline_axis_marks_are_named_links_to_their_events(site):
    page = _page(site, "timeline.html")
    marks = [a for a in page.iter(f"{SVG}a", "a") if "tl-mark" in (a.get("class") or "")]
    assert marks
    events = {e.id: e for e in annotated_seeds().events}
    for a in marks:
        target = a.get("href")
        assert (site / target).is_file(), target
        event = events[target[7:-5]]
        assert a.get("aria-label").startswith(event.label + ", ")
        title = a.find(f"{SVG}title") if a.find(f"{SVG}title") is not None else a.find("title")
        assert title is not None and title.text == a.get("aria-label")
        day = parse_span(event.date)[2]
        shape = a[-1].tag.removeprefix(SVG)
        assert shape == ("circle" if day else "rect"), (event.id, event.date, shape)


def test_timeline_filter_falls_back_to_storyline_links_without_script(site):
    page = _page(site, "timeline.html")
    [fallback] = _select(page, "nav", "kind-filter")
    links = {a.text_content(): a.get("href") for a in fallback.iter("a")}
    for thread in annotated_seeds().threads:
        assert links[thread.label] == f"threads/{thread.id}.html"
        assert (site / links[thread.label]).is_file()


def test_timeline_names_filter_is_grouped_by_gazetteer_kind(site):
    page = _page(site, "timeline.html")
    groups = {g.get("label"): [o.get("value") for o in g.iter("option")]
              for g in page.xpath("//select[@id='tl-entity']/optgroup")}
    kinds = {e.id: e.kind for e in annotated_seeds().corpus.entities}
    assert {"People", "Places"} <= set(groups)
    for heading, ids in groups.items():
        assert ids, heading
        assert all({"People": "person", "Places": "place"}.get(heading, kinds[i]) == kinds[i]
                   for i in ids), heading


def test_every_page_has_events_in_the_navigation(site):
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        rel = path.relative_to(site).as_posix()
        nav = _select(lxml.html.fromstring(path.read_bytes()), "nav", "site-nav")
        assert nav, rel
        links = {a.text_content(): a for a in nav[0].iter("a")}
        assert "Events" in links, rel
        target = (path.parent / links["Events"].get("href")).resolve()
        assert target == (site / "events" / "index.html").resolve(), rel
        if rel.startswith("events/"):
            assert links["Events"].get("aria-current") == "page", rel


def test_storyline_index_lists_each_storyline_and_its_events_as_links(site):
    page = _page(site, "threads/index.html")
    annotated = annotated_seeds()
    events = {e.id: e for e in annotated.events}
    [card_list] = _select(page, "ul", "card-list")
    cards = card_list.xpath("./li")
    assert len(cards) == len(annotated.threads)
    for card, thread in zip(cards, annotated.threads, strict=True):
        heading = card.xpath(".//h2//a")[0]
        assert heading.text_content() == thread.label
        assert heading.get("href") == f"{thread.id}.html"
        listed = [a for ol in _select(card, "ol", "mini-timeline") for a in ol.xpath("./li/a")]
        expected = [events[e] for e in thread.events if e in events][:len(listed)]
        assert listed and [a.text_content() for a in listed] == [e.label for e in expected]
        for a, event in zip(listed, expected, strict=True):
            assert a.get("href") == f"../events/{event.id}.html"
            assert (site / "threads" / a.get("href")).resolve().is_file()


# ---- in a browser -------------------------------------------------------------------------

def test_a_chosen_filter_is_kept_in_the_address_and_restored_on_reload(tabs, site_url):
    page = tabs(1366).open(site_url + "timeline.html")
    threads = annotated_seeds().threads
    thread = next(t for t in threads if len(t.events) >= 2)
    page.select_option("#tl-thread", thread.id)
    assert f"storyline={thread.id}" in page.url

    def shown() -> tuple[set[str], set[str]]:
        entries = {e.get_attribute("id") for e in page.locator(".tl-entry:visible").all()}
        marks = {m.get_attribute("href") for m in page.locator(".tl-axis-h .tl-mark").all()
                 if m.get_attribute("hidden") is None}
        return entries, marks

    entries, marks = shown()
    mine = {e for e in thread.events}
    assert entries == {f"e-{e}" for e in mine}
    assert marks and marks <= {f"events/{e}.html" for e in mine}
    page.reload(wait_until="load")
    assert page.locator("#tl-thread").input_value() == thread.id
    assert shown() == (entries, marks)
    # a name from a kind's group adds to the address; clearing the storyline removes it
    name = page.locator("#tl-entity optgroup option").first.get_attribute("value")
    page.select_option("#tl-thread", "")
    page.select_option("#tl-entity", name)
    assert f"naming={name}" in page.url and "storyline=" not in page.url
    page.reload(wait_until="load")
    assert page.locator("#tl-entity").input_value() == name


@pytest.mark.parametrize("width", [1366, 390])
def test_the_axis_drawing_fits_and_reads_at_each_width(width, tabs, site_url):
    page = tabs(width).open(site_url + "timeline.html")
    shown, hidden = (".tl-axis-h", ".tl-axis-v") if width > 640 else (".tl-axis-v", ".tl-axis-h")
    assert page.locator(hidden).is_hidden()
    box = page.locator(shown).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    label = page.locator(f"{shown} .tl-year-label").first.bounding_box()
    assert label["height"] >= 10, "year labels shrink below a readable size"
    mark = page.locator(f"{shown} .tl-mark").first.bounding_box()
    assert mark["width"] >= 6 and mark["height"] >= 6


# Each line box of the title's text (a range's rects: one per line even in a grid item).
LABEL_LEFTS = """(items) => items.map(item => {
  const date = item.querySelector(':scope > .mini-date, :scope > .tl-date');
  const label = item.querySelector(':scope > a, :scope > .tl-label > a');
  const range = document.createRange();
  range.selectNodeContents(label);
  const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
  return [label.textContent.trim(), date.getBoundingClientRect().right,
          Math.min(...rects.map(r => r.left)), new Set(rects.map(r => Math.round(r.top))).size];
})"""


# On a phone the timeline's date is a line of its own above the title (no column to keep).
@pytest.mark.parametrize("path, items, width", [
    ("threads/index.html", ".mini-timeline > li", 1366),
    ("threads/index.html", ".mini-timeline > li", 390),
    ("timeline.html", ".tl-entry", 1366),
])
def test_a_long_title_wraps_in_its_own_column_not_under_the_date(path, items, width, tabs,
                                                                 site_url):
    page = tabs(width).open(site_url + path)
    measured = page.locator(items).evaluate_all(LABEL_LEFTS)
    assert measured
    if path.startswith("threads/"):  # the seeds' storylines have titles longer than a line
        assert any(lines > 1 for *_, lines in measured), "no title wraps: nothing measured"
    for label, date_right, label_left, _ in measured:
        assert label_left >= date_right, f"{label!r} starts left of its column at {width}px"


def test_many_dense_years_become_bars_so_the_whole_axis_stays_bounded():
    from jvreader.render.timeline_axis import AXIS_MARKS

    def drawn(per_year: int) -> dict:
        # forty years of ``per_year`` events each, and one year of a single event
        entries = [_entry(y * 100 + i, f"{1980 + y}-{1 + i % 12:02d}-{1 + i % 28:02d}")
                   for y in range(40) for i in range(per_year)]
        return timeline_axis([*entries, _entry(9_999, "2030-02-03")])["horizontal"]

    few, dense = drawn(2), drawn(MARKS_PER_YEAR)
    assert len(few["marks"]) == 81 and not few["bars"]  # under the budget: every event
    assert len(dense["marks"]) <= AXIS_MARKS
    assert len(dense["marks"]) + sum(b["count"] for b in dense["bars"]) == 40 * MARKS_PER_YEAR + 1
    assert any(m["href"] == "events/e9999.html" for m in dense["marks"])  # sparse year kept
