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

The head's meta tags and JSON-LD are in ``cite_tags``; BibTeX, CSL-JSON and RIS files in
``cite_files``; this module keeps the kind, names, the citation line and citation keys.

Names are printed as written; where a format wants family and given names apart (BibTeX,
CSL-JSON, the key) ``name_parts`` splits them by rules kept as data: a family name before
a comma or in capitals, a family-first surname list (Chinese, Vietnamese, Korean), else
the last word ("Zhang Jiye" → Zhang; "Hung Cao Nguyen" → Nguyen).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Literal

from jvreader.model import Article
from jvreader.render.labels import date_label
from jvreader.yaml_safe import package_data

SourceKind = Literal["journal", "newspaper", "report", "webpage"]

KIND_WORDS = {"journal": "journal article", "newspaper": "news report", "report": "report",
              "webpage": "web article"}
_END_PUNCTUATION = re.compile(r"[.?!…]['’”\")]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_KEY_WORD = re.compile(r"[a-z0-9]+")


@cache
def cite_rules() -> dict[str, Any]:
    """``data/cite.yml``: family-first surnames, report words, key stopwords."""
    rules = package_data("cite.yml")
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
    if paragraph is not None:
        return paragraph_citations(article)(paragraph, link)
    names, where = _reference_parts(article)
    text = f"{names} {_closed(where)}"
    url = link or article.url
    return f"{text} {url}" if url else text


def paragraph_citations(article: Article) -> Callable[[int, str | None], str]:
    """``citation_text(article, n, link)`` as a function of ``n`` and ``link``: what names the
    article is worked out once for all its paragraphs."""
    names, where = _reference_parts(article)
    lead = f"{names} {where}, " if where else f"{names} "
    url = article.url

    def cite(paragraph: int, link: str | None) -> str:
        end = _closed(f"{lead}¶{paragraph}")
        return f"{end} {link or url}" if link or url else end

    return cite


def _reference_parts(article: Article) -> tuple[str, str]:
    """Who wrote what (authors and title, each closed), and where and when it appeared."""
    parts = []
    if article.authors:
        parts.append(_closed(authors_text(article.authors)))
    parts.append(f"“{_closed(article.title)}”")
    container = ", ".join(x for x in (article.publication or article.series, article.issue) if x)
    return " ".join(parts), ", ".join(x for x in (container, _date_words(article)) if x)


def _date_words(article: Article) -> str:
    """The date as the citation gives it: ``n.d.`` when unknown, nothing when the issue
    already names the year and the date says no more ("2017 no. 2", never "…, 2017")."""
    label = date_label(article.date)
    year = (article.date or "")[:4]
    issue_years = re.findall(r"(?<!\d)\d{4}(?!\d)", article.issue or "")
    if issue_years and (not label or (label == year and year in issue_years)):
        return ""
    return label or "n.d."


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

def citation_keys(articles: Iterable[Article]) -> dict[str, str]:
    """Each article's citation key (``citation_key``), by article id, in article order."""
    articles = tuple(articles)
    taken: set[str] = set()
    common = common_title_words(articles)
    return {a.id: citation_key(a, taken, common) for a in articles}
