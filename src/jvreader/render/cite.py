"""How to cite an article: its kind, a citation line, meta tags, JSON-LD, BibTeX and CSL-JSON.

The kind is decided by general rules on the metadata, never by publication name: an issue
line makes a journal paper, a dateline or a publication named as a news outlet's
(``data/cite.yml``: "News", "Times", "Báo" …) makes a news report, a publication or series
named as an institution's ("Center", "Commentary" …) makes a report, anything else is a
web page. Each kind is said in every format a reference manager reads (schema.org
type, ``DC.type``, ``citation_*`` tags, CSL type, biblatex entry type)::

    source_kind(article with issue="2017 no. 2")   -> "journal"
    citation_text(article)
    -> "Zhang Jiye and Niu Jusheng. “New Developments ….” China International Studies,
        2017 no. 2."
    bibtex_entry(article) -> "@article{zhang2017,\\n  author = {Zhang, Jiye and …"

Names are printed as written; where a format wants family and given names apart (BibTeX,
CSL-JSON, the key) ``name_parts`` splits them by rules kept as data: a family name before
a comma or in capitals, a family-first surname list (Chinese, Vietnamese, Korean), else
the last word ("Zhang Jiye" → Zhang; "Hung Cao Nguyen" → Nguyen).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from json.encoder import encode_basestring
from typing import Any, Literal

import yaml
from markupsafe import Markup

from jvreader.model import Article
from jvreader.render.labels import date_label, is_iso_date

SourceKind = Literal["journal", "newspaper", "report", "webpage"]

SCHEMA_TYPES = {"journal": "ScholarlyArticle", "newspaper": "NewsArticle", "report": "Report",
                "webpage": "Article"}
CSL_TYPES = {"journal": "article-journal", "newspaper": "article-newspaper",
             "report": "report", "webpage": "webpage"}
KIND_WORDS = {"journal": "journal article", "newspaper": "news report", "report": "report",
              "webpage": "web article"}
DC_TYPES = {"journal": "JournalArticle", "newspaper": "NewsItem", "report": "Report",
            "webpage": "Webpage"}
"""``DC.type`` from the Eprints type vocabulary: the values Zotero and other reference
managers map to their item types (DCMI's "Text" made every page a journal article)."""
BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")
_END_PUNCTUATION = re.compile(r"[.?!…]['’”\")]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_KEY_WORD = re.compile(r"[a-z0-9]+")


@cache
def cite_rules() -> dict[str, Any]:
    """``data/cite.yml``: family-first surnames, report words, key stopwords."""
    text = (files("jvreader") / "data" / "cite.yml").read_text(encoding="utf-8")
    rules = yaml.safe_load(text)
    return {"surnames": frozenset(rules["family_first_surnames"]),
            "news": _any_word(rules["news_words"]), "report": _any_word(rules["report_words"]),
            "stopwords": frozenset(rules["key_stopwords"])}


def _any_word(words: list[str]) -> re.Pattern[str]:
    """A pattern finding any of ``words`` as a whole word, case-folded (CJK words anywhere:
    no spaces part them)."""
    return re.compile("|".join(re.escape(w) if _CJK.search(w) else
                               rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.I)


def source_kind(article: Article) -> SourceKind:
    """``journal`` when an issue is named, ``newspaper`` when it has a dateline or its
    publication is named as a news outlet's, ``report`` when its publication or series is
    named as an institution's, else web page."""
    if article.issue and article.publication:
        return "journal"
    if article.dateline or cite_rules()["news"].search(_name_only(article.publication)):
        return "newspaper"
    if any(cite_rules()["report"].search(_name_only(x)) for x in (article.publication,
                                                                    article.series)):
        return "report"
    return "webpage"


def _name_only(name: str | None) -> str:
    """A publication's name without its notes in brackets ("X (reposted from …)")."""
    return re.sub(r"\([^)]*\)|（[^）]*）", " ", name or "")


def name_parts(name: str) -> tuple[str, str]:
    """``(family, given)`` of a personal name as written (``given`` may be empty)::

        "Zhang Jiye" -> ("Zhang", "Jiye")    "Hung Cao Nguyen" -> ("Nguyen", "Hung Cao")
        "ABE Shinzo" -> ("ABE", "Shinzo")    "Santos, Thomas"  -> ("Santos", "Thomas")
        "安倍晋三" -> ("安倍晋三", "")      (a CJK name is not split: no spaces to go by)
    """
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip()
    words = name.split(" ")
    if len(words) < 2:
        return name, ""
    capitals = [i for i, w in enumerate(words) if _is_capitalised_family(w)]
    if len(capitals) == 1 and len(capitals) < len(words):
        i = capitals[0]
        return words[i], " ".join(words[:i] + words[i + 1:])
    if family_first(name):
        return words[0], " ".join(words[1:])
    return words[-1], " ".join(words[:-1])


def family_first(name: str) -> bool:
    """Whether ``name`` is written family name first: CJK script, or a family-first surname
    (``data/cite.yml``) first and not also last."""
    words = name.split()
    if not words or _CJK.search(name):
        return True
    surnames = cite_rules()["surnames"]
    return (len(words) > 1 and _folded(words[0]) in surnames
            and _folded(words[-1]) not in surnames)


def _is_capitalised_family(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _folded(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _ascii(word).lower())


def _closed(text: str) -> str:
    """``text`` ending a sentence: a full stop added unless it ends in one already (or in
    ``?`` ``!`` …, before any closing quote): "U.S.?" stays, never "U.S.?."."""
    text = text.rstrip()
    return text if _END_PUNCTUATION.search(text) else text + "."


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
        parts.append(_closed(authors_text(article.authors)))
    parts.append(f"“{_closed(article.title)}”")
    container = ", ".join(x for x in (article.publication or article.series, article.issue) if x)
    tail = [x for x in (container, _date_words(article)) if x]
    if paragraph is not None:
        tail.append(f"¶{paragraph}")
    parts.append(_closed(", ".join(tail)))
    for url in (link, article.url):
        if url:
            parts.append(url)
            break
    return " ".join(parts)


def _date_words(article: Article) -> str:
    """The date as the citation gives it: ``n.d.`` when unknown, nothing when the issue
    already names the year and the date says no more ("2017 no. 2", never "…, 2017")."""
    label = date_label(article.date)
    year = (article.date or "")[:4]
    issue_years = re.findall(r"(?<!\d)\d{4}(?!\d)", article.issue or "")
    if issue_years and (not label or (label == year and year in issue_years)):
        return ""
    return label or "n.d."


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


def _date_parts(value: str | None) -> list[int] | None:
    if not is_iso_date(value):
        return None
    return [int(x) for x in (value or "").split("-")]


def citation_key(article: Article, taken: set[str],
                 common: frozenset[str] = frozenset()) -> str:
    """``zhang2017``: the first author's family name (``name_parts``), else the first two
    words of the publication, else the first distinctive word of the title (no stopword,
    none of the ``common`` words of the corpus's titles), and the year; made unique in
    ``taken``."""
    stop = cite_rules()["stopwords"]
    base = ""
    if article.authors:
        base = _folded(name_parts(article.authors[0])[0])
    if not base:  # a publication's first two words say which ("japantimes", not "japan")
        base = "".join([w for w in _key_words(_name_only(article.publication
                                                         or article.series))
                        if w not in stop][:2])
    for skip in (stop | common, stop):
        if base:
            break
        base = next((w for w in _key_words(article.title) if w not in skip), "")
    key = (base or "anon") + ((article.date or "")[:4] or "nd")
    unique, n = key, 1
    while unique in taken:
        unique = f"{key}{chr(ord('a') + n - 1)}" if n <= 26 else f"{key}-{n}"
        n += 1
    taken.add(unique)
    return unique


def _key_words(text: str | None) -> list[str]:
    """The words of ``text`` folded to ASCII, lower case (``Japan’s`` → ``japan``)."""
    words = re.sub(r"['’]s\b", "", _ascii(text or "").lower())
    return [w for w in _KEY_WORD.findall(words) if not w.isdigit()]


def common_title_words(articles: Iterable[Article]) -> frozenset[str]:
    """Words in more than half of the titles (at least three): what the corpus is about,
    so no help telling its pieces apart ("japan", "vietnam" in a Japan–Vietnam reader)."""
    titles = [set(_key_words(a.title)) for a in articles]
    if len(titles) < 3:
        return frozenset()
    counts: dict[str, int] = {}
    for words in titles:
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w, n in counts.items() if n * 2 > len(titles))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c))


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


def citation_keys(articles: Iterable[Article]) -> dict[str, str]:
    """Each article's citation key (``citation_key``), by article id, in article order."""
    articles = tuple(articles)
    taken: set[str] = set()
    common = common_title_words(articles)
    return {a.id: citation_key(a, taken, common) for a in articles}


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
