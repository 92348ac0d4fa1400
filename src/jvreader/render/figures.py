"""The figures page: each comparison side by side, with its verdict, a table and a small chart.

    _shown(ctx, cmp, "figures.html", 0, LISTED_ROWS)   (``comparison_view`` and its rows)
    -> {"id": "investment-stock", "verdict": "differ", "rows": [{"text": "US$38.9 billion",
        "value_label": "38.9 billion USD", "source": "China International Studies",
        "period": "2015", "href": "articles/001.html#p10", …}, …], "chart": Markup("<svg …")}

The chart is inline SVG drawn at build time: one bar per figure, lengths proportional to the
value, coloured by class (no style attributes, so a strict CSP holds), with a ``<title>``
and ``role="img"``; the same numbers are in the table beside it for screen readers.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from jvreader.model import ComparedFigure, Comparison
from jvreader.render import urls
from jvreader.render.cite import source_name
from jvreader.render.context import RenderContext
from jvreader.render.labels import date_label, number_label
from jvreader.render.markup import escaped_value
from jvreader.render.pager import list_pager, page_count, page_of, pager

VERDICT_LABELS = {
    "agree": "Sources agree",
    "differ": "Sources differ",
    "related": "Related, differently defined",
}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
# Each bar has its label on the line above it, so the chart is only as wide as a bar and its
# value: 340 px fits a phone's column unscaled, and its 12 px text stays 12 px (a label
# column beside the bars made it 580 px, shrunk to 7 px text on a phone). A 46-character
# label at 12 px needs about 300 px.
LABEL_HEIGHT, BAR_HEIGHT, GAP, BAR_WIDTH, VALUE_WIDTH, LABEL_CHARS = 16, 18, 10, 220, 120, 46


def value_label(value: float, unit: str) -> str:
    """``3.89e10, "USD"`` → ``US$38.9 billion``; ``95, "percent"`` → ``95%``."""
    if unit == "percent":
        return f"{number_label(value)}%"
    for size, word in SCALES:
        if abs(value) >= size:
            amount = f"{number_label(round(value / size, 2))} {word}"
            break
    else:
        amount = number_label(value)
    if unit == "USD":
        return f"US${amount}"
    return f"{amount} {unit}"


def _row(ctx: RenderContext, f: ComparedFigure, here: str) -> dict[str, Any]:
    article = ctx.corpus.article(f.article)
    if f.article in ctx.index.repeated_ids:  # its first extraction's, as the page shows
        extraction = ctx.corpus.extraction(f.article)
        paragraph = next((x.paragraph for x in extraction.figures if x.id == f.figure),
                         None) if extraction else None
    else:  # the same, from the article's table (made once, for its margins too)
        paragraph = ctx.index.figure_paragraph(f.article, f.figure)
    return {
        "text": f.text,
        "value": f.value,
        "value_label": value_label(f.value, f.unit),
        "source": source_name(article),
        "title": article.title,
        "article_date": date_label(article.date),
        "period": date_label(f.period) if f.period else "not stated",
        "definition": f.definition,
        "href": urls.rel(here, urls.article_path(f.article), paragraph),
        "paragraph": ctx.index.paragraph_number(article, paragraph) if paragraph else None,
    }


def bar_chart(title: str, rows: list[dict[str, Any]], verdict: str, chart_id: str) -> Markup:
    """A horizontal bar chart of ``rows`` (``source``, ``definition``, ``value``, ``value_label``
    each)."""
    top = max((r["value"] for r in rows), default=0) or 1
    row_height = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = len(rows) * row_height
    width = BAR_WIDTH + VALUE_WIDTH
    e = escaped_value  # what Markup.format does to each value, without its formatter per call
    parts = [
        f'<svg class="chart chart-{e(verdict)}" role="img" aria-labelledby="{e(chart_id)}" '
        f'viewBox="0 0 {e(width)} {e(height)}" width="{e(width)}" height="{e(height)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{e(chart_id)}">{e(title)}</title>']
    for n, r in enumerate(rows):
        y = n * row_height + LABEL_HEIGHT
        length = max(1, round(BAR_WIDTH * max(r["value"], 0) / top))
        label = _truncate(r["source"] + (f" · {r['definition']}" if r["definition"] else ""),
                          LABEL_CHARS)
        parts.append(
            f'<text class="chart-label" x="0" y="{e(y - 4)}">{e(label)}</text>'
            f'<rect class="bar bar-{e(n % 4)}" x="0" y="{e(y)}" '
            f'width="{e(length)}" height="{e(BAR_HEIGHT)}" rx="2"/>'
            f'<text class="chart-value" x="{e(length + 6)}" y="{e(y + BAR_HEIGHT - 5)}">'
            f'{e(r["value_label"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def comparison_view(ctx: RenderContext, cmp: Comparison, here: str) -> dict[str, Any]:
    """One comparison as figures.html shows it, made once per folder of ``here`` for the
    current ``ctx``: figures.html shows every comparison. Read-only."""
    parts = ctx.index.folder_parts(urls.folder(here))
    key = ("comparison view", id(cmp))  # lives as ``ctx``
    found = parts.get(key)
    if found is None:
        found = parts[key] = _comparison_view(ctx, cmp, here)
    return found  # type: ignore[no-any-return]


def _comparison_view(ctx: RenderContext, cmp: Comparison, here: str) -> dict[str, Any]:
    """Without its rows (``rows`` is ``None``): each page makes the rows it shows, and the
    figures pages show ten of a comparison's hundreds."""
    article = ctx.corpus.article
    sources = sorted({source_name(article(f.article)) for f in cmp.figures})
    return {
        "id": cmp.id,
        "anchor": f"cmp-{cmp.id}",
        "measure": cmp.measure,
        "verdict": cmp.verdict,
        "verdict_label": VERDICT_LABELS.get(cmp.verdict, cmp.verdict),
        "note": cmp.note,
        "curated": cmp.curated,
        "rows": None,
        "sources": sources,
        "has_definitions": any(f.definition for f in cmp.figures),
    }


def _shown(ctx: RenderContext, cmp: Comparison, here: str, first: int, limit: int
           ) -> dict[str, Any]:
    """The comparison with rows ``first`` … ``first + limit - 1`` only, charted: a measure
    hundreds of sources give is listed and drawn a page of rows at a time."""
    view = comparison_view(ctx, cmp, here)
    rows = [_row(ctx, f, here) for f in cmp.figures[first:first + limit]]
    total = len(cmp.figures)
    return {
        **view, "rows": rows, "row_count": total, "row_range": (first + 1, first + len(rows)),
        "more_rows": total - len(rows),
        "all_href": urls.rel(here, urls.comparison_path(cmp.id)) if total > LISTED_ROWS
        else None,
        "chart": bar_chart(f"{cmp.measure}: {', '.join(r['value_label'] for r in rows)}",
                           rows, cmp.verdict, f"chart-{cmp.id}"),
    }


LISTED_ROWS = 10
"""A comparison's figures listed (and charted) on the figures pages; a comparison of more
has its own pages of ``ROWS_PER_PAGE`` (``urls.comparison_path``)."""
ROWS_PER_PAGE = 50


def comparison_row_pages(cmp: Comparison) -> int:
    """The pages of a comparison's own (none when the figures pages list all its rows)."""
    return 0 if len(cmp.figures) <= LISTED_ROWS else page_count(len(cmp.figures),
                                                                 ROWS_PER_PAGE)


def comparison_page_view(ctx: RenderContext, cmp: Comparison, here: str, page: int
                         ) -> dict[str, Any]:
    """Page ``page`` of a comparison's own pages: ``ROWS_PER_PAGE`` of its figures."""
    first = (page - 1) * ROWS_PER_PAGE
    return {"comparison": {**_shown(ctx, cmp, here, first, ROWS_PER_PAGE), "all_href": None},
            "figures_href": urls.rel(here, comparison_page(ctx, cmp.id), f"cmp-{cmp.id}"),
            "pager": pager(here, page, comparison_row_pages(cmp),
                           lambda n: urls.comparison_path(cmp.id, n))}


COMPARISONS_PER_PAGE = 15
"""Comparisons on one page of figures (``figures.html``, ``figures.p2.html`` …): a
comparison (at most ``LISTED_ROWS`` figures and its chart) is 2-6 KB, so a page stays under
100 KB however many there are."""


def figures_page_count(ctx: RenderContext) -> int:
    return page_count(len(ctx.comparisons), COMPARISONS_PER_PAGE)


def comparison_page(ctx: RenderContext, cmp_id: str) -> str:
    """The figures page holding comparison ``cmp_id`` (its anchor is ``cmp-ID``): every link
    to a comparison goes through here, so it lands on the right page."""
    memo = ctx.index.memo
    table = memo.get("comparison pages")
    if table is None:
        table = memo["comparison pages"] = {
            c.id: urls.list_page_path(urls.FIGURES, page_of(i, COMPARISONS_PER_PAGE))
            for i, c in enumerate(ctx.comparisons)}
    return table.get(cmp_id, urls.FIGURES)  # type: ignore[union-attr]


def figures_view(ctx: RenderContext, here: str, page: int = 1) -> dict[str, Any]:
    """Page ``page`` of the figures: ``COMPARISONS_PER_PAGE`` comparisons, in order."""
    first = (page - 1) * COMPARISONS_PER_PAGE
    shown = ctx.comparisons[first:first + COMPARISONS_PER_PAGE]
    counts = ctx.index.memo.get("verdict counts")
    if counts is None:  # the same on every page: counted once
        counts = ctx.index.memo["verdict counts"] = {
            v: sum(1 for c in ctx.comparisons if c.verdict == v) for v in VERDICT_LABELS}
    return {"comparisons": [_shown(ctx, c, here, 0, LISTED_ROWS) for c in shown],
            "verdict_counts": counts, "total": len(ctx.comparisons),
            "range": (first + 1, first + len(shown)),
            "pager": list_pager(here, urls.FIGURES, page, len(ctx.comparisons),
                                COMPARISONS_PER_PAGE)}
