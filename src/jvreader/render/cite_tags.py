"""Citation data in a page's head: Highwire ``citation_*`` and Dublin Core ``DC.*`` meta
tags, Open Graph tags and schema.org JSON-LD, each saying the article's kind
(``cite.source_kind``) where reference managers and page readers look for it.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from markupsafe import Markup

from jvreader.model import Article
from jvreader.render.cite import source_kind, source_name
from jvreader.render.labels import is_iso_date

SCHEMA_TYPES = {"journal": "ScholarlyArticle", "newspaper": "NewsArticle", "report": "Report",
                "webpage": "Article"}
DC_TYPES = {"journal": "JournalArticle", "newspaper": "NewsItem", "report": "Report",
            "webpage": "Webpage"}
"""``DC.type`` from the Eprints type vocabulary: the values Zotero and other reference
managers map to their item types (DCMI's "Text" made every page a journal article)."""


def highwire_date(value: str | None) -> str | None:
    """``2015-09-20`` → ``2015/09/20`` (what Google Scholar and Zotero read), or ``None``."""
    if not is_iso_date(value):
        return None
    return (value or "").replace("-", "/")


def meta_tags(article: Article) -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` and Dublin Core ``DC.*`` tags, as (name, content) pairs.

    The kind is said where Zotero's page reader looks: ``citation_journal_title`` for a
    journal paper, ``citation_technical_report_institution`` for a report, and ``DC.type``
    for every kind (``DC_TYPES``): without it a ``citation_title`` alone reads as a journal
    article."""
    kind = source_kind(article)
    tags = [("citation_title", article.title)]
    tags += [("citation_author", name) for name in article.authors]
    if date := highwire_date(article.date):
        tags.append(("citation_publication_date", date))
    if kind == "journal":
        tags.append(("citation_journal_title", article.publication or ""))
        tags.append(("citation_issue", article.issue or ""))
    elif kind == "report":
        tags.append(("citation_technical_report_institution", source_name(article)))
        if article.series and article.series != source_name(article):
            tags.append(("citation_series_title", article.series))
    if article.url:
        tags.append(("citation_public_url", article.url))
    tags.append(("citation_language", article.language))
    tags.append(("DC.title", article.title))
    tags += [("DC.creator", name) for name in article.authors]
    if is_iso_date(article.date):
        tags.append(("DC.date", article.date or ""))
    tags.append(("DC.type", DC_TYPES[kind]))
    if article.publication:
        tags.append(("DC.publisher", article.publication))
    if article.url:
        tags.append(("DC.identifier", article.url))
    tags.append(("DC.language", article.language))
    return tags


def open_graph(article: Article, page_url: str, site_title: str) -> list[tuple[str, str]]:
    """Open Graph ``property`` tags for a page at ``page_url`` (absolute: OG wants it so)."""
    tags = [("og:type", "article"), ("og:title", article.title), ("og:url", page_url),
            ("og:site_name", site_title)]
    if article.dek:
        tags.append(("og:description", article.dek))
    if is_iso_date(article.date):
        tags.append(("article:published_time", article.date or ""))
    tags += [("article:author", name) for name in article.authors]
    if kind_section := (article.publication or article.series):
        tags.append(("article:section", kind_section))
    return tags


def json_ld(article: Article, page_url: str | None = None) -> Markup:
    """schema.org JSON-LD for a ``<script type="application/ld+json">`` data block."""
    kind = source_kind(article)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[kind],
        "headline": article.title,
        "inLanguage": article.language,
    }
    if article.dek:
        data["description"] = article.dek
    if article.authors:
        data["author"] = [{"@type": "Person", "name": n} for n in article.authors]
    if is_iso_date(article.date):
        data["datePublished"] = article.date
    if article.publication and kind == "journal":
        # issueNumber belongs to a PublicationIssue, which is part of the Periodical
        periodical = {"@type": "Periodical", "name": article.publication}
        data["isPartOf"] = ({"@type": "PublicationIssue", "issueNumber": article.issue,
                             "isPartOf": periodical} if article.issue else periodical)
    elif article.publication or (kind == "report" and article.series):
        data["publisher"] = {"@type": "Organization", "name": source_name(article)}
    if page_url:
        data["url"] = page_url
    if article.url:
        data["sameAs"] = article.url
    text = _indented(data)
    # "</" would end the script element early; JSON allows "\/" for "/"
    return Markup(text.replace("</", "<\\/"))


def _indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)``, for the strings,
    lists and dicts of ``json_ld``: with ``indent`` the json module falls back to its pure
    Python encoder, which cost more than the rest of each page's citation data."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict | list) and value:
        inner = "\n" + " " * (level + 1)
        if isinstance(value, dict):
            members = [f"{encode_basestring(k)}: {_indented(value[k], level + 1)}"
                       for k in sorted(value)]
            opening, closing = "{", "}"
        else:
            members = [_indented(v, level + 1) for v in value]
            opening, closing = "[", "]"
        return opening + inner + ("," + inner).join(members) + "\n" + " " * level + closing
    return json.dumps(value, ensure_ascii=False)
