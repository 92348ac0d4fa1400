"""How to cite an article: its kind, a citation line, meta tags, JSON-LD, BibTeX and CSL-JSON.

The kind is decided by general rules on the metadata, never by publication name: an issue
line makes a journal paper, a dateline makes a news report, anything else is a web page::

    source_kind(article with issue="2017 no. 2")   -> "journal"
    citation_text(article)
    -> "Zhang Jiye and Niu Jusheng. “New Developments ….” China International Studies,
        2017 no. 2, 2017."
    bibtex_entry(article) -> "@article{jiye2017,\\n  author = {{Zhang Jiye} and …"

Author names are kept as written ("literal"): the corpus mixes name orders, and splitting
"Zhang Jiye" into given and family names by position would get it wrong.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any, Literal

from markupsafe import Markup

from jvreader.model import Article
from jvreader.render.labels import date_label, is_iso_date

SourceKind = Literal["journal", "newspaper", "webpage"]

SCHEMA_TYPES = {"journal": "ScholarlyArticle", "newspaper": "NewsArticle", "webpage": "Article"}
CSL_TYPES = {"journal": "article-journal", "newspaper": "article-newspaper", "webpage": "webpage"}
KIND_WORDS = {"journal": "journal article", "newspaper": "news report", "webpage": "web article"}
BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def source_kind(article: Article) -> SourceKind:
    """``journal`` when an issue is named, ``newspaper`` when it has a dateline, else web page."""
    if article.issue and article.publication:
        return "journal"
    if article.dateline:
        return "newspaper"
    return "webpage"


def source_name(article: Article) -> str:
    """What to call the source in running text: its publication, else its series or title."""
    return article.publication or article.series or article.title


def authors_text(authors: Iterable[str]) -> str:
    names = list(authors)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def citation_text(
    article: Article, paragraph: int | None = None, link: str | None = None
) -> str:
    """A reference in running prose; with ``paragraph`` it points at that paragraph (¶)."""
    parts = []
    if article.authors:
        parts.append(authors_text(article.authors) + ".")
    parts.append(f"“{article.title.rstrip('.')}.”")
    container = ", ".join(x for x in (article.publication or article.series, article.issue) if x)
    tail = [x for x in (container, date_label(article.date) or "n.d.") if x]
    if paragraph is not None:
        tail.append(f"¶{paragraph}")
    parts.append(", ".join(tail) + ".")
    for url in (link, article.url):
        if url:
            parts.append(url)
            break
    return " ".join(parts)


def highwire_date(value: str | None) -> str | None:
    """``2015-09-20`` → ``2015/09/20`` (what Google Scholar and Zotero read), or ``None``."""
    if not is_iso_date(value):
        return None
    return (value or "").replace("-", "/")


def meta_tags(article: Article) -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` and Dublin Core ``DC.*`` tags, as (name, content) pairs."""
    kind = source_kind(article)
    tags = [("citation_title", article.title)]
    tags += [("citation_author", name) for name in article.authors]
    if date := highwire_date(article.date):
        tags.append(("citation_publication_date", date))
    if kind == "journal":
        tags.append(("citation_journal_title", article.publication or ""))
        tags.append(("citation_issue", article.issue or ""))
    if article.url:
        tags.append(("citation_public_url", article.url))
    tags.append(("citation_language", article.language))
    tags.append(("DC.title", article.title))
    tags += [("DC.creator", name) for name in article.authors]
    if is_iso_date(article.date):
        tags.append(("DC.date", article.date or ""))
    tags.append(("DC.type", "Text"))
    if article.publication:
        tags.append(("DC.publisher", article.publication))
    if article.url:
        tags.append(("DC.identifier", article.url))
    tags.append(("DC.language", article.language))
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
    if article.publication:
        key = "isPartOf" if kind == "journal" else "publisher"
        kind_type = "Periodical" if kind == "journal" else "Organization"
        data[key] = {"@type": kind_type, "name": article.publication}
        if kind == "journal" and article.issue:
            data["isPartOf"]["issueNumber"] = article.issue
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


def _date_parts(value: str | None) -> list[int] | None:
    if not is_iso_date(value):
        return None
    return [int(x) for x in (value or "").split("-")]


def citation_key(article: Article, taken: set[str]) -> str:
    """``jiye2017``: last word of the first author (or first title word) and year, made unique."""
    words = (article.authors[0] if article.authors else article.title).split()
    base = _ascii(words[-1] if article.authors and words else (words[0] if words else "anon"))
    base = re.sub(r"[^a-z0-9]", "", base.lower()) or "anon"
    key = base + ((article.date or "")[:4] or "nd")
    unique, n = key, 1
    while unique in taken:
        unique = f"{key}{chr(ord('a') + n - 1)}" if n <= 26 else f"{key}-{n}"
        n += 1
    taken.add(unique)
    return unique


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _bib(value: str) -> str:
    """A BibTeX field value: specials escaped; braces balanced by construction."""
    value = value.replace("\\", "\\textbackslash{}")
    return BIBTEX_SPECIAL.sub(r"\\\1", value).replace("~", "\\textasciitilde{}")


def bibtex_entry(article: Article, key: str) -> str:
    """One biblatex entry: ``@article`` for journal papers, ``@online`` for news and web."""
    kind = source_kind(article)
    fields: list[tuple[str, str]] = []
    if article.authors:
        fields.append(("author", " and ".join("{" + _bib(a) + "}" for a in article.authors)))
    fields.append(("title", "{" + _bib(article.title) + "}"))
    if kind == "journal":
        fields += [("journaltitle", _bib(article.publication or "")),
                   ("journal", _bib(article.publication or "")),
                   ("number", _bib(article.issue or ""))]
    elif article.publication:
        fields.append(("organization", _bib(article.publication)))
    if is_iso_date(article.date):
        fields.append(("date", article.date or ""))
        fields.append(("year", (article.date or "")[:4]))
    if article.url:
        fields.append(("url", article.url))
    if kind == "newspaper":
        fields.append(("note", "News report" + (f", {_bib(article.dateline)}"
                                                 if article.dateline else "")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    entry_type = "article" if kind == "journal" else "online"
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def csl_item(article: Article, key: str) -> dict[str, Any]:
    """One CSL-JSON item (what Zotero, Pandoc and citeproc read)."""
    kind = source_kind(article)
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES[kind], "title": article.title}
    if article.authors:
        item["author"] = [{"literal": a} for a in article.authors]
    if article.publication or article.series:
        item["container-title"] = article.publication or article.series
    if kind == "journal" and article.issue:
        item["issue"] = article.issue
    if parts := _date_parts(article.date):
        item["issued"] = {"date-parts": [parts]}
    if article.url:
        item["URL"] = article.url
    if article.dateline:
        item["publisher-place"] = article.dateline
    item["language"] = article.language
    return item


_last_keys: list[tuple[tuple[Article, ...], dict[str, str]]] = []


def citation_keys(articles: Iterable[Article]) -> dict[str, str]:
    """Each article's citation key (``citation_key``), by article id, in article order."""
    articles = tuple(articles)
    # planning the site and the data files both ask, for the same corpus (equal tuples of
    # the same records compare by identity, item by item: cheap)
    if not (_last_keys and _last_keys[0][0] == articles):
        taken: set[str] = set()
        _last_keys[:] = [(articles, {a.id: citation_key(a, taken) for a in articles})]
    return dict(_last_keys[0][1])


def bibtex_file(articles: Iterable[Article]) -> bytes:
    """The BibTeX file of ``articles``, entries in citation-key order."""
    return "\n".join(bibtex_entry(a, key) for a, key in _by_key(tuple(articles))
                     ).encode("utf-8")


def csl_file(articles: Iterable[Article]) -> bytes:
    """The CSL-JSON file of ``articles``, items in citation-key order."""
    csl = [csl_item(a, key) for a, key in _by_key(tuple(articles))]
    return (json.dumps(csl, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            ).encode("utf-8")


def _by_key(articles: tuple[Article, ...]) -> list[tuple[Article, str]]:
    by_id = {a.id: a for a in articles}
    ordered = sorted(citation_keys(articles).items(), key=lambda kv: kv[1])
    return [(by_id[aid], key) for aid, key in ordered]


def bibliography(articles: Iterable[Article]) -> tuple[dict[str, str], bytes, bytes]:
    """Citation keys by article id, the BibTeX file and the CSL-JSON file."""
    articles = tuple(articles)
    return citation_keys(articles), bibtex_file(articles), csl_file(articles)
