"""Files for feed readers, crawlers and other tools: Atom, sitemap, robots.txt, CSV, TimelineJS.

    atom_feed(annotated, site) -> b'<?xml version="1.0" encoding="utf-8"?>\\n<feed xmlns=…'
    robots_txt(site)           -> b"User-agent: *\\nAllow: /\\n"
    timeline_json(annotated)   -> b'{"title": {…}, "events": [{"start_date": {"year": "2011",
                                    "month": "10"}, "text": {"headline": …}, "group": …}]}'

With no base URL, links in the feed are relative to the feed (Atom allows that: they resolve
against the feed's own address). Ids are ``urn:uuid:`` names derived from the site title and
article id, with or without a base URL, so they stay the same from build to build and when
the site gets (or moves) its address: a feed reader would otherwise show every entry again.

Dates are never invented: an entry's ``published`` is the article's date when it is known to
the day. Atom requires ``updated`` on every entry, as a full timestamp: an article dated only
to the month or year gets the period's first day, and an undated one the newest date of any
article in the feed (the feed's own ``updated``; with no dated article at all, the Unix
epoch); either entry says so in a ``category`` of scheme ``urn:jvreader:date``. A sitemap
needs absolute URLs, so it is only made when the base URL is known; an article's pages carry
its date as ``lastmod`` when it is known to the day (the sitemap schema takes no less).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import uuid
from collections.abc import Iterable, Iterator

from jvreader.model import Annotated, Article, Event
from jvreader.render import urls
from jvreader.render.cite import source_name
from jvreader.render.events import event_order, mention_date_label, sort_date
from jvreader.render.index import SiteIndex, build_index
from jvreader.render.labels import date_label, is_iso_date
from jvreader.render.site import SiteInfo
from jvreader.render.views import article_order


def escape(text: str) -> str:
    """Text for XML content, as ``xml.sax.saxutils.escape`` writes it: that module imports
    ``urllib.request`` (and with it HTTP and e-mail), a tenth of the build's imports."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """A quoted XML attribute value, as ``xml.sax.saxutils.quoteattr`` writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


EPOCH = "1970-01-01"
DATE_SCHEME = "urn:jvreader:date"
UNDATED_LABEL = "Date unknown: updated is the newest article date in this feed"


def _link(site: SiteInfo, path: str, fragment: str | None = None) -> str:
    if site.base_url:
        return urls.absolute(site.base_url, path, fragment)
    return urls.rel(urls.FEED, path, fragment)


def _id(site: SiteInfo, path: str) -> str:
    """A permanent id: the same whether or not (and wherever) the site has an address."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'jvreader:{site.title}:{path}')}"


def _timestamp(date: str | None) -> str:
    """An ISO date at any precision → an RFC 3339 timestamp (missing parts become 01)."""
    parts = (date if is_iso_date(date) else EPOCH).split("-")  # type: ignore[union-attr]
    year, month, day = [*parts, "01", "01"][:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def _full_date(value: str | None) -> bool:
    """Whether ``value`` is an ISO date to the day (``YYYY-MM-DD``)."""
    return is_iso_date(value) and len(value or "") == 10


def atom_feed(annotated: Annotated, site: SiteInfo) -> bytes:
    """An Atom 1.0 feed with one entry per article, newest first."""
    articles = article_order(annotated.corpus.articles)
    dated = [a.date for a in articles if is_iso_date(a.date)]
    updated = _timestamp(max(dated) if dated else None)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.language)}>',
        f"  <title>{escape(site.title)}</title>",
        f"  <subtitle>{escape(site.description)}</subtitle>",
        f"  <id>{escape(_id(site, urls.INDEX))}</id>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(_link(site, urls.INDEX))}/>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" "
        f"href={quoteattr(_link(site, urls.FEED))}/>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(site.title)}</name></author>",
        "  <generator>jvreader</generator>",
    ]
    with _utf8_text() as (text, data):  # one entry per article: written as they are made
        text.write("\n".join(out) + "\n")
        for a in articles:
            text.write(_entry(a, site, updated) + "\n")
        text.write("</feed>\n")
    return data.getvalue()


def _entry(article: Article, site: SiteInfo, fallback: str) -> str:
    path = urls.article_path(article.id)
    dated = is_iso_date(article.date)
    when = _timestamp(article.date) if dated else fallback
    # the first paragraph of running text: a photo credit or a heading is no summary
    first = next((p.text for p in article.paragraphs if p.kind == "body"), None)
    summary = article.dek or first or article.title
    lines = [
        "  <entry>",
        f"    <title>{escape(article.title)}</title>",
        f"    <id>{escape(_id(site, path))}</id>",
        f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(_link(site, path))}/>",
        f"    <updated>{when}</updated>",
    ]
    if _full_date(article.date):
        lines.append(f"    <published>{when}</published>")
    else:
        term, label = (("partial-date", f"Dated only to {date_label(article.date)}: updated "
                        "is its first day") if dated else ("undated", UNDATED_LABEL))
        lines.append(f"    <category term=\"{term}\" scheme=\"{DATE_SCHEME}\" "
                     f"label={quoteattr(label)}/>")
    if article.url:
        lines.append(f"    <link rel=\"via\" href={quoteattr(article.url)}/>")
    lines += [f"    <author><name>{escape(n)}</name></author>" for n in article.authors]
    source = source_name(article)
    lines.append(f"    <category term={quoteattr(source)}/>")
    lines.append(f"    <summary>{escape(summary[:500])}</summary>")
    lines.append("  </entry>")
    return "\n".join(lines)


def sitemap_xml(paths: list[str], site: SiteInfo, articles: Iterable[Article] = ()
                ) -> bytes | None:
    """A sitemap of the HTML pages, or ``None`` without a base URL (it needs absolute URLs);
    an article's page and its original-text page have its date as ``lastmod`` (W3C
    Datetime, at the precision known), other pages none (no date is known for them)."""
    if not site.base_url:
        return None
    dates: dict[str, str] = {}
    for a in articles:
        if _full_date(a.date):
            dates[urls.article_path(a.id)] = dates[urls.original_path(a.id)] = a.date or ""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in sorted(p for p in paths if p.endswith(".html") and p != urls.NOT_FOUND):
        loc = f"<loc>{escape(urls.absolute(site.base_url, path))}</loc>"
        lastmod = f"<lastmod>{dates[path]}</lastmod>" if path in dates else ""
        out.append(f"  <url>{loc}{lastmod}</url>")
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode("utf-8")


def robots_txt(site: SiteInfo) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if site.base_url:
        lines.append(f"Sitemap: {urls.absolute(site.base_url, urls.SITEMAP)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv(rows: Iterable[list[str]]) -> bytes:
    """``rows`` as CSV, UTF-8, encoded as they are written: the rows of a big site (a row per
    event mention) were several times the file's size held as lists and text."""
    with _utf8_text() as (text, data):
        csv.writer(text, lineterminator="\n").writerows(rows)
    return data.getvalue()


@contextlib.contextmanager
def _utf8_text() -> Iterator[tuple[io.TextIOWrapper, io.BytesIO]]:
    """A text stream writing UTF-8 into the ``BytesIO`` beside it, whole once the block
    ends: a big file is built once, in bytes, instead of as text and then again encoded."""
    data = io.BytesIO()
    text = io.TextIOWrapper(data, encoding="utf-8", newline="", write_through=False)
    yield text, data
    text.flush()
    text.detach()  # the bytes stay open for reading


def figures_csv(annotated: Annotated) -> bytes:
    """One row per compared figure: comparison, verdict, source, text, value, unit, period."""
    rows = [["comparison", "measure", "verdict", "article", "source", "paragraph", "text",
             "value", "unit", "period", "definition"]]
    corpus = annotated.corpus
    for cmp in annotated.comparisons:
        for f in cmp.figures:
            article = corpus.article(f.article)
            extraction = corpus.extraction(f.article)
            pid = next((x.paragraph for x in extraction.figures if x.id == f.figure), "") \
                if extraction else ""
            rows.append([cmp.id, cmp.measure, cmp.verdict, f.article, source_name(article), pid,
                         f.text, repr(f.value), f.unit, f.period or "", f.definition or ""])
    return _csv(rows)


EVENTS_CSV_HEADER = ["event", "label", "date", "date_conflict", "curated", "threads",
                     "article", "source", "paragraph", "sentence", "source_date"]


def events_csv(annotated: Annotated) -> bytes:
    """One row per event mention: the event, then the source and paragraph that report it."""
    return b"".join([_csv([EVENTS_CSV_HEADER]), *(
        _event_csv(annotated, e) for e in event_order(annotated.events))])


def _event_csv(annotated: Annotated, e: Event) -> bytes:
    return _csv(_event_rows(annotated, e))


def _event_rows(annotated: Annotated, e: Event) -> Iterator[list[str]]:
    corpus = annotated.corpus
    for m in e.mentions:
        yield [e.id, e.label, e.date or "", str(e.date_conflict).lower(),
               str(e.curated).lower(), " ".join(e.threads), m.article,
               source_name(corpus.article(m.article)), m.paragraph, m.sentence, m.date or ""]


def _timeline_date(value: str) -> dict[str, str]:
    parts = value.split("/")[0].split("-")
    return {k: str(int(v)) if k != "year" else v
            for k, v in zip(("year", "month", "day"), parts, strict=False)}


def timeline_json(annotated: Annotated, site: SiteInfo, index: SiteIndex | None = None
                  ) -> bytes:
    """The timeline in TimelineJS's JSON format; undated events are left out (it needs a
    date). Written as ``json.dump(…, indent=1, sort_keys=True)`` writes it, each event's item
    apart. ``index``: the build's (``index.build_index``), made here when not given."""
    index = index or build_index(annotated)
    threads = {t.id: t.label for t in annotated.threads}
    items = [item for e in event_order(annotated.events)
             if (item := _timeline_item(index, site, threads, e))]
    title = {"text": {"headline": site.title, "text": site.description}}
    events = (b"[\n" + b",\n".join(items) + b"\n ]") if items else b"[]"
    return b"".join([b'{\n "events": ', events, b',\n "title": ',
                     _indented(title, " ").lstrip(b" "), b"\n}\n"])


def _indented(value: object, indent: str) -> bytes:
    """``value`` as ``json.dump(indent=1, sort_keys=True)`` writes it at the depth of
    ``indent``: every line of it indented so (no string holds a newline: JSON escapes it)."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return "\n".join(indent + line for line in text.split("\n")).encode("utf-8")


def _timeline_item(index: SiteIndex, site: SiteInfo, threads: dict[str, str], e: Event
                   ) -> bytes:
    """The event's item in ``timeline_json``, as written there; empty when it has no date."""
    corpus = index.corpus
    when = e.date or sort_date(e)
    if not when or not is_iso_date(when.split("/")[0]):
        return b""
    sources = []
    for m in e.mentions:
        article = corpus.article(m.article)
        href = _link(site, urls.article_path(article.id), m.paragraph) if site.base_url \
            else urls.rel(urls.DATA["timeline"], urls.article_path(article.id), m.paragraph)
        given = mention_date_label(index, m) or "no date"
        sources.append(f'<a href="{href}">{escape(source_name(article))}, '
                       f"¶{index.paragraph_number(article, m.paragraph)}</a> ({escape(given)})")
    item = {
        "unique_id": e.id,
        "start_date": _timeline_date(when),
        "display_date": date_label(e.date) if e.date else f"undated (placed {when[:4]})",
        "text": {"headline": e.label, "text": "Reported by: " + "; ".join(sources)},
    }
    if e.threads and e.threads[0] in threads:
        item["group"] = threads[e.threads[0]]
    return _indented(item, "  ")
