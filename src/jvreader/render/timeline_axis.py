"""The timeline's time axis: every dated event placed in proportion to time, as SVG geometry.

    timeline_axis(entries)
    -> {"start": 1973, "end": 2021, "undated": 2,
        "horizontal": {"width": 880, "height": 134, "ticks": [{"x": 16.0, "y": …, "label":
                       "1975"}, …], "marks": [{"shape": "rect", "x": …, "y": …, "w": …, "h": …,
                       "href": "events/e1.html", "name": "Japan and Vietnam …, 1973", …}],
                       "bars": [], …},
        "vertical": {…the same, the years running down the page, for phones…}}

Positions are fractions of the days from 1 January of the first year to 1 January of the
year after the last, so a gap of ten years is ten times a gap of one. A date is drawn at
its precision: a day as a dot, a month or a year as a bar over that month or year, a range
("early 2016", "2014/2016") as a bar over the range. A year of more than
``MARKS_PER_YEAR`` events is drawn as one bar counting them, linked to the year's list, so
the axis stays the same size however many articles there are. Pure: the template draws
what this returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

MARKS_PER_YEAR = 24
"""Events of one year drawn one by one; a year of more is one bar with their count."""
AXIS_MARKS = 120
"""Marks drawn on the whole axis at most: past it, the years of most events are drawn as bars
too (``marks_per_year``), so the axis stays the same size however many years are dense."""
MAX_LANES = 10
"""Rows of marks beside the axis: marks that would need more overlap in the last row."""
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
DOT_RADIUS = 4.5
MIN_SPAN = 7.0
"""Shortest bar (in SVG units) along the axis: a month over fifty years is under two."""
LANE = 13.0
"""Room for one row of marks across the axis."""
GAP = 2.0
MARGIN = 4.0
"""Between the axis line and the first row of marks."""
WIDE_WIDTH = 880.0
NARROW_WIDTH = 340.0
"""Widths of the two drawings in SVG units: about CSS pixels where each is shown (the
timeline's column on a wide screen; a phone), so their 12-unit text reads at 12 px."""

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class _Geometry:
    """One orientation: ``length`` units of time axis starting ``offset`` units in."""

    horizontal: bool
    length: float
    offset: float
    cross: float
    """Where the axis line is, across it (y of a horizontal one, x of a vertical one)."""


def parse_span(value: str | None) -> tuple[date, date, bool] | None:
    """``"2011-10"`` → (1 Oct 2011, 1 Nov 2011, False): the first day and the day after the
    last that the date covers, and whether it is a single day. A range ``A/B`` runs from
    A's first day to the day after B's last. None for what is not an ISO date."""
    if not value:
        return None
    start, _, end = value.partition("/")
    first, last = _bounds(start), _bounds(end or start)
    if first is None or last is None:
        return None
    is_day = not end and len(start) == 10
    return first[0], max(last[1], first[1]), is_day


def _bounds(value: str) -> tuple[date, date] | None:
    match = _ISO.match(value.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return date(year, 1, 1), date(year + 1, 1, 1)
        first_of_month = date(year, month, 1)
        after_month = date(year + (month == 12), month % 12 + 1, 1)
        if day is None:
            return first_of_month, after_month
        the_day = date(year, month, day)
    except ValueError:  # month 13, 30 February, year 0: not placed
        return None
    return the_day, date.fromordinal(the_day.toordinal() + 1)


def tick_step(years: int, most: int) -> int:
    """The smallest step of ``TICK_STEPS`` that labels at most ``most`` years."""
    for step in TICK_STEPS:
        if -(-years // step) <= most:
            return step
    return TICK_STEPS[-1]


def timeline_axis(entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The axis of the dated ``entries`` (``events.event_entry``, in timeline order), in a
    wide (horizontal) and a narrow (vertical) drawing; None when no entry has a date."""
    placed = []
    for e in entries:
        span = parse_span(e["date"])
        if span is not None:
            placed.append((e, span))
    if not placed:
        return None
    first_year = min(s[0].year for _, s in placed)
    last_year = max(s[1].year if s[1] > date(s[1].year, 1, 1) else s[1].year - 1
                    for _, s in placed)
    origin, finish = date(first_year, 1, 1).toordinal(), date(last_year + 1, 1, 1).toordinal()
    by_year: dict[int, list[tuple[dict[str, Any], tuple[date, date, bool]]]] = {}
    for e, span in placed:
        by_year.setdefault(span[0].year, []).append((e, span))
    years = last_year - first_year + 1
    most = marks_per_year([len(v) for v in by_year.values()])
    wide = _Geometry(horizontal=True, length=WIDE_WIDTH - 32.0, offset=16.0, cross=26.0)
    narrow_length = min(max(years * 10.0, 240.0), 720.0)
    narrow = _Geometry(horizontal=False, length=narrow_length, offset=12.0, cross=46.0)
    return {
        "start": first_year, "end": last_year,
        "count": len(placed), "undated": len(entries) - len(placed),
        "horizontal": _draw(by_year, origin, finish, first_year, years, wide, most),
        "vertical": _draw(by_year, origin, finish, first_year, years, narrow, most),
    }


def marks_per_year(counts: list[int]) -> int:
    """The most events of one year drawn one by one: ``MARKS_PER_YEAR``, or fewer when the
    years drawn mark by mark would make more than ``AXIS_MARKS`` marks in all."""
    for most in range(MARKS_PER_YEAR, 0, -1):
        if sum(n for n in counts if n <= most) <= AXIS_MARKS:
            return most
    return 0


def _draw(by_year: dict[int, list], origin: int, finish: int, first_year: int, years: int,
          g: _Geometry, most: int) -> dict[str, Any]:
    scale = g.length / (finish - origin)

    def along(day: date) -> float:
        return g.offset + (day.toordinal() - origin) * scale

    marks: list[dict[str, Any]] = []
    bars: list[dict[str, Any]] = []
    lane_ends: list[float] = []
    dense = [n for n in (len(v) for v in by_year.values()) if n > most]
    for year in sorted(by_year):
        items = by_year[year]
        if len(items) > most:
            a, b = along(date(year, 1, 1)), along(date(year + 1, 1, 1))
            share = len(items) / max(dense)
            depth = max(LANE, share * LANE * MAX_LANES)
            bars.append({**_box(g, a, max(b - a, MIN_SPAN), 0.0, depth),
                         "year": str(year), "count": len(items),
                         "href": f"#y-{year}",
                         "name": f"{year}: {len(items):,} events, listed under {year}"})
            continue
        for e, (start, end, is_day) in items:
            a, b = along(start), along(end)
            if is_day:
                centre = (a + b) / 2
                low, high = centre - DOT_RADIUS, centre + DOT_RADIUS
            else:
                low, high = a, max(b, a + MIN_SPAN)
            lane = _lane(lane_ends, low, high)
            across = lane * LANE
            mark = {
                "href": e["href"], "label": e["label"], "date_label": e["date_label"],
                "name": f"{e['label']}, {e['date_label']}",
                "kind": e["kind"], "single": e["single_source"], "conflict": e["conflict"],
                "sources": "single" if e["single_source"] else "several",
                "threads": " ".join(t["id"] for t in e["threads"]),
                "entities": " ".join(x["id"] for x in e["entities"]),
            }
            if is_day:
                cx, cy = _point(g, (low + high) / 2, across + LANE / 2)
                mark.update(shape="circle", cx=round(cx, 1), cy=round(cy, 1), r=DOT_RADIUS,
                            position=round((low + high) / 2, 1))
            else:
                mark.update(shape="rect", **_box(g, low, high - low, across + 2.0, LANE - 4.0),
                            position=round(low, 1))
            marks.append(mark)
    rows = max(len(lane_ends), 1)
    depth = max(rows * LANE, max((b["depth"] for b in bars), default=0.0))
    step = tick_step(years, 12 if g.horizontal else max(4, int(g.length // 28)))
    ticks = []
    for year in range(first_year, first_year + years + 1):
        position = along(date(year, 1, 1))
        labelled = year % step == 0 and year < first_year + years
        if years > 120 and not labelled:
            continue  # a tick a year would be a grey band
        # a year labelled every year is named under its middle, else at its start
        middle = (position + along(date(year + 1, 1, 1))) / 2 if step == 1 else position
        size = 6 if labelled else 3
        tick = {"labelled": labelled, "label": str(year), "position": round(position, 1)}
        if g.horizontal:
            tick.update(x1=round(position, 1), x2=round(position, 1), y1=g.cross,
                        y2=g.cross - size, tx=round(middle, 1), ty=g.cross - 9)
        else:
            tick.update(x1=g.cross, x2=g.cross - size, y1=round(position, 1),
                        y2=round(position, 1), tx=g.cross - 9, ty=round(middle + 4, 1))
        ticks.append(tick)
    if g.horizontal:
        width, height = g.offset * 2 + g.length, g.cross + MARGIN + depth + 6
        axis = {"x1": g.offset, "y1": g.cross, "x2": g.offset + g.length, "y2": g.cross}
    else:
        width, height = NARROW_WIDTH, g.offset * 2 + g.length
        axis = {"x1": g.cross, "y1": g.offset, "x2": g.cross, "y2": g.offset + g.length}
    return {"width": round(width, 1), "height": round(height, 1), "axis": axis,
            "ticks": ticks, "marks": marks, "bars": bars, "lanes": rows,
            "horizontal": g.horizontal}


def _lane(lane_ends: list[float], low: float, high: float) -> int:
    """The first row whose last mark ends before ``low`` (a new row, up to ``MAX_LANES``;
    then the row that frees soonest), which now ends at ``high``."""
    for i, end in enumerate(lane_ends):
        if end + GAP <= low:
            lane_ends[i] = high
            return i
    if len(lane_ends) < MAX_LANES:
        lane_ends.append(high)
        return len(lane_ends) - 1
    i = min(range(len(lane_ends)), key=lane_ends.__getitem__)
    lane_ends[i] = max(lane_ends[i], high)
    return i


def _point(g: _Geometry, along: float, across: float) -> tuple[float, float]:
    """SVG x, y of a point ``along`` the axis and ``across`` from it (below a horizontal
    axis, right of a vertical one)."""
    if g.horizontal:
        return along, g.cross + MARGIN + across
    return g.cross + MARGIN + across, along


def _box(g: _Geometry, along: float, length: float, across: float, thickness: float
         ) -> dict[str, Any]:
    """An SVG rect ``length`` long from ``along`` on the axis, ``thickness`` thick from
    ``across`` away from the axis line."""
    if g.horizontal:
        return {"x": round(along, 1), "y": round(g.cross + MARGIN + across, 1),
                "w": round(length, 1), "h": round(thickness, 1), "depth": across + thickness}
    return {"x": round(g.cross + MARGIN + across, 1), "y": round(along, 1),
            "w": round(thickness, 1), "h": round(length, 1), "depth": across + thickness}
