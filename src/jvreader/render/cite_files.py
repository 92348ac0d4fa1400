"""Bibliography files: BibTeX (biblatex) entries, CSL-JSON items and RIS records of
articles, one by one and as whole files in citation-key order (``cite.citation_keys``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from jvreader.model import Article
from jvreader.render.cite import (
    _is_capitalised_family,
    citation_keys,
    family_first,
    name_parts,
    source_kind,
    source_name,
)
from jvreader.render.labels import is_iso_date

CSL_TYPES = {"journal": "article-journal", "newspaper": "article-newspaper",
             "report": "report", "webpage": "webpage"}
BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _date_parts(value: str | None) -> list[int] | None:
    if not is_iso_date(value):
        return None
    return [int(x) for x in (value or "").split("-")]


def _bib(value: str) -> str:
    """A BibTeX field value: specials escaped; braces balanced by construction."""
    value = value.replace("\\", "\\textbackslash{}")
    return BIBTEX_SPECIAL.sub(r"\\\1", value).replace("~", "\\textasciitilde{}")


def _bib_name(name: str) -> str:
    """A name for a BibTeX ``author`` list: ``Family, Given`` when it is written family
    first (BibTeX would otherwise take its last word for the family name), as written
    otherwise, in braces when it cannot be split (one word, CJK script)."""
    family, given = name_parts(name)
    if not given:
        return "{" + _bib(name) + "}"
    if family_first(name) or "," in name or _is_capitalised_family(family):
        return f"{_bib(family)}, {_bib(given)}"
    return _bib(name)


def bibtex_entry(article: Article, key: str) -> str:
    """One biblatex entry: ``@article`` for journal papers and (``entrysubtype =
    {newspaper}``) news reports, ``@report`` for an institution's pieces, ``@online``
    for other web pages."""
    kind = source_kind(article)
    fields: list[tuple[str, str]] = []
    if article.authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in article.authors)))
    fields.append(("title", "{" + _bib(article.title) + "}"))
    if kind == "journal":
        fields += [("journaltitle", _bib(article.publication or "")),
                   ("journal", _bib(article.publication or "")),
                   ("number", _bib(article.issue or ""))]
    elif kind == "newspaper":
        fields += [("journaltitle", _bib(source_name(article))),
                   ("journal", _bib(source_name(article))),
                   ("entrysubtype", "newspaper")]
    elif kind == "report":
        fields += [("institution", _bib(article.publication or article.series or "")),
                   ("type", "Report")]
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
    entry_type = {"journal": "article", "newspaper": "article", "report": "report"
                  }.get(kind, "online")
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def csl_item(article: Article, key: str) -> dict[str, Any]:
    """One CSL-JSON item (what Zotero, Pandoc and citeproc read)."""
    kind = source_kind(article)
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES[kind], "title": article.title}
    if article.authors:
        item["author"] = [_csl_name(a) for a in article.authors]
    if kind == "report":
        item["publisher"] = source_name(article)
        if article.series and article.publication:
            item["collection-title"] = article.series
    elif article.publication or article.series:
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


def _csl_name(name: str) -> dict[str, Any]:
    """A CSL name: family and given apart when it splits; ``static-ordering`` keeps a
    family-first name in its order when a style would put the given name first."""
    family, given = name_parts(name)
    if not given:
        return {"literal": name}
    part: dict[str, Any] = {"family": family, "given": given}
    if family_first(name):
        part["static-ordering"] = True
    return part


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


RIS_TYPES = {"journal": "JOUR", "newspaper": "NEWS", "report": "RPRT", "webpage": "ELEC"}


def ris_entry(article: Article, key: str) -> str:
    """One RIS record (what EndNote, Zotero and Mendeley import): its ``TY`` says the kind,
    so news and reports are not taken for journal articles."""
    kind = source_kind(article)
    lines = [("TY", RIS_TYPES[kind]), ("ID", key)]
    for name in article.authors:
        family, given = name_parts(name)
        lines.append(("AU", f"{family}, {given}" if given else name))
    lines.append(("TI", article.title))
    if kind == "journal":
        lines += [("JO", article.publication or ""), ("IS", article.issue or "")]
    elif kind == "report":
        lines.append(("PB", article.publication or article.series or ""))
        if article.publication and article.series:
            lines.append(("T3", article.series))
    elif article.publication or article.series:
        lines.append(("T2", source_name(article)))
    if article.dateline:
        lines.append(("CY", article.dateline))
    if is_iso_date(article.date):
        date = article.date or ""
        lines.append(("PY", date[:4]))
        if len(date) > 4:
            parts = date.split("-")[1:]
            lines.append(("DA", "/".join([date[:4], *parts, *[""] * (2 - len(parts))]) + "/"))
    if article.url:
        lines.append(("UR", article.url))
    lines.append(("LA", article.language))
    # one line per field: a value's own line breaks would start a bogus field
    body = "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value)
    return body + "ER  - \n"


def ris_file(articles: Iterable[Article]) -> bytes:
    """The RIS file of ``articles``, records in citation-key order."""
    return "\n".join(ris_entry(a, key) for a, key in _by_key(tuple(articles))).encode("utf-8")


def bibliography(articles: Iterable[Article]) -> tuple[dict[str, str], bytes, bytes]:
    """Citation keys by article id, the BibTeX file and the CSL-JSON file."""
    articles = tuple(articles)
    return citation_keys(articles), bibtex_file(articles), csl_file(articles)
