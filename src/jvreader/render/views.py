"""What each template is given: plain dicts of display-ready values, hrefs already relative.

    article_view(corpus, article, "articles/a.html", {"japan": "entities/japan.html"})
    -> {"title": …, "date_label": "20 September 2015",
        "basis_label": "date stated in the article",
        "paragraphs": [{"id": "p1", "kind": "body", "html": Markup(…)}, …], …}

Ordering is fixed (by date, name, id) so the same corpus always renders the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from markupsafe import Markup, escape

from jvreader.model import Article, Corpus, Entity, Mention
from jvreader.render import urls
from jvreader.render.index import SiteIndex
from jvreader.render.labels import basis_label, date_label, is_iso_date
from jvreader.render.markup import Span, footnote_html, mark_article
from jvreader.render.pager import pager
from jvreader.render.quotes import highlight

PARAGRAPH_REF = re.compile(r"\b(p\d+)\b")
REMOVED_PREVIEW = 70
"""Characters of removed text quoted on the article page; the original-text page has it all."""
KIND_HEADINGS = {
    "person": "People",
    "organisation": "Organisations",
    "organization": "Organisations",
    "place": "Places",
    "agreement": "Agreements",
    "programme": "Programmes",
    "program": "Programmes",
    "event": "Events",
}


def article_order(articles: tuple[Article, ...]) -> list[Article]:
    """Newest first; undated articles last; ties by id."""
    dated = sorted((a for a in articles if a.date), key=lambda a: a.id)
    dated.sort(key=lambda a: a.date or "", reverse=True)
    return dated + sorted((a for a in articles if not a.date), key=lambda a: a.id)


@dataclass(slots=True, eq=False)
class EntityMentions:
    """Where one entity is named: each article naming it (in corpus order, by id) with its
    mentions of the entity in text order. One list per article and entity, not one record
    per mention: the whole corpus' mentions are planned with the site.

    As a sequence it is every mention as an ``(article, mention)`` pair, in that order."""

    groups: dict[str, tuple[Article, list[Mention] | tuple[Mention, ...]]]
    """Article id → (the article, its mentions of the entity)."""
    count: int = 0
    _publications: list[str] | None = None
    _ids: list[str] | None = None

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[Article, Mention]]:
        for article, ms in self.groups.values():
            for m in ms:
                yield article, m

    @property
    def article_ids(self) -> list[str]:
        """The articles' ids in order (one list, made once: each page slices it)."""
        if self._ids is None:
            self._ids = list(self.groups)
        return self._ids

    def publications(self) -> list[str]:
        """The publications of the articles naming the entity, sorted (made once)."""
        if self._publications is None:
            self._publications = sorted({a.publication for a, _ in self.groups.values()
                                         if a.publication})
        return self._publications


def mentions_by_entity(corpus: Corpus) -> dict[str, EntityMentions]:
    """Every mention of each known entity, in article then text order."""
    known = {e.id for e in corpus.entities}
    found: dict[str, EntityMentions] = {}
    by_start = attrgetter("start")
    for article in corpus.articles:
        extraction = corpus.extraction(article.id)
        if not extraction:
            continue
        order = {p.id: i for i, p in enumerate(article.paragraphs)}
        # by paragraph, then (stably) by start: the order of a sort by (paragraph, start)
        by_paragraph: dict[str, list[Mention]] = {}
        for m in extraction.mentions:
            if m.entity in known and m.paragraph in order:
                by_paragraph.setdefault(m.paragraph, []).append(m)
        for pid in sorted(by_paragraph, key=order.__getitem__):
            for m in sorted(by_paragraph[pid], key=by_start):
                entry = found.get(m.entity)
                if entry is None:
                    entry = found[m.entity] = EntityMentions({})
                group = entry.groups.get(article.id)
                if group is None:
                    group = entry.groups[article.id] = (article, [])
                group[1].append(m)
                entry.count += 1
    for entry in found.values():  # exact tuples: lists keep room to grow (10 MB at 10,000)
        for aid, (article, ms) in entry.groups.items():
            entry.groups[aid] = (article, tuple(ms))
    return found


def kind_heading(kind: str) -> str:
    plural = kind if kind.endswith("s") else f"{kind}s"
    return KIND_HEADINGS.get(kind.lower(), plural.capitalize())


def article_summary(article: Article, here: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "href": urls.rel(here, urls.article_path(article.id)),
        "title": article.title,
        "authors": list(article.authors),
        "publication": article.publication,
        "date": article.date,
        "date_is_iso": is_iso_date(article.date),
        "date_label": date_label(article.date),
        "basis_label": basis_label(article.date_basis if article.date else None),
    }


def shared_summary(index: SiteIndex, article: Article, here: str, folder: str | None = None
                   ) -> dict[str, Any]:
    """``article_summary``, made once per article and folder of ``here`` (``folder``, when
    the caller knows it) and shared: every entity an article names lists it (a third of
    the entity pages' time at N = 1,000). Read-only: callers copy it before adding to it."""
    if here == urls.article_path(article.id):  # a link to the page itself differs
        return article_summary(article, here)
    parts = index.folder_parts(urls.folder(here) if folder is None else folder)
    key = ("article summary", article.id)
    found = parts.get(key)
    if found is None or found[0] is not article:  # another article of the same id
        found = parts[key] = (article, article_summary(article, here))
    return found[1]  # type: ignore[index]


def index_view(corpus: Corpus, here: str) -> dict[str, Any]:
    years = sorted(a.date[:4] for a in corpus.articles if a.date)
    return {
        "articles": [article_summary(a, here) for a in article_order(corpus.articles)],
        "article_count": len(corpus.articles),
        "publications": sorted({a.publication for a in corpus.articles if a.publication}),
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "undated_count": sum(1 for a in corpus.articles if not a.date),
    }


def article_view(
    corpus: Corpus, article: Article, here: str, entity_pages: Mapping[str, str],
    extra_spans: Mapping[str, Iterable[Span]] | None = None,
    entities_by_name: Sequence[Entity] | None = None,
) -> dict[str, Any]:
    """The article page's text and what it names; ``entities_by_name``: the gazetteer's
    entities by name then id (``context.RenderContext``; sorted here when not given)."""
    extraction = corpus.extraction(article.id)
    counts: dict[str, int] = {}
    for m in extraction.mentions if extraction else ():
        if m.entity in entity_pages:
            counts[m.entity] = counts.get(m.entity, 0) + 1
    # links to the entities this article names, not to every entity of the site
    hrefs = {eid: urls.rel(here, entity_pages[eid]) for eid in counts}
    marked = mark_article(article, extraction, hrefs, extra_spans)
    if entities_by_name is None:
        entities_by_name = sorted(corpus.entities, key=lambda e: (e.name.casefold(), e.id))
    entities = [e for e in entities_by_name if e.id in counts]
    return {
        **article_summary(article, here),
        "dek": article.dek,
        "url": urls.external_url(article.url),
        "series": article.series,
        "issue": article.issue,
        "dateline": article.dateline,
        "language": article.language,
        "source_file": article.source_file,
        "paragraphs": [
            {"id": p.id, "kind": p.kind, "number": i, "html": marked.paragraphs[p.id]}
            for i, p in enumerate(article.paragraphs, start=1)
        ],
        "footnotes": [
            {"n": f.n, "html": footnote_html(f.text, f.url), "has_ref": f.n in marked.footnote_refs}
            for f in sorted(article.footnotes, key=lambda f: f.n)
        ],
        "removed": _removed_by_line(article),
        "removed_count": len(article.removed),
        "entities": [
            {"id": e.id, "name": e.name, "kind": e.kind, "href": hrefs[e.id],
             "count": counts[e.id], "native": [{"lang": lang, "name": name}
                                               for lang, name in e.native]}
            for e in entities
        ],
    }


def _removed_by_line(article: Article) -> list[dict[str, Any]]:
    """What cleaning took out, one entry per original line (a line can lose several things)."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for r in sorted(article.removed, key=lambda r: r.line):
        lines.setdefault(r.line, []).append({
            "reason": _linked_reason(r.reason, article), "text": r.text,
            "short": _shorten(r.text, REMOVED_PREVIEW),
        })
    count = len(article.original.splitlines())
    return [{"line": line, "parts": parts, "linkable": 1 <= line <= count}
            for line, parts in lines.items()]


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


def _linked_reason(reason: str, article: Article) -> Markup:
    """A removal's reason, escaped, with any paragraph id it names (``p11``) linked to it."""
    ids = {p.id for p in article.paragraphs}
    parts = PARAGRAPH_REF.split(reason.replace("_", " "))
    return Markup("").join(
        Markup('<a href="#{0}">{0}</a>').format(part) if i % 2 and part in ids else escape(part)
        for i, part in enumerate(parts)
    )


SOURCES_PER_PAGE = 50
"""Articles quoted on one page of an entity: a much-named one gets several pages."""


def group_by_sentence(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    """Sentence (or paragraph) id → the mentions there, in mention order."""
    by_sentence: dict[str, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence or m.paragraph, []).append(m)
    return by_sentence


def entity_pages_count(grouped: Sized) -> int:
    """How many pages the entity's quotes fill (``SOURCES_PER_PAGE`` articles each), given
    its articles (or anything with one item per article)."""
    return max(1, -(-len(grouped) // SOURCES_PER_PAGE))


def entity_publications(mentions: EntityMentions) -> list[str]:
    """The publications of the articles naming an entity, sorted."""
    return mentions.publications()


def entity_view(
    index: SiteIndex, entity: Entity, mentions: EntityMentions, here: str, page: int = 1,
) -> dict[str, Any]:
    """The entity and each sentence that names it, grouped by article, linked to its paragraph;
    page ``page`` holds the ``SOURCES_PER_PAGE`` articles of its share, in article order.
    Only that page's articles are read: the rest of the entity's mentions are counted.
    (The first page's summary of events and names is ``entity_summary.entity_summary``.)"""
    first = (page - 1) * SOURCES_PER_PAGE
    with_fragment = urls.with_fragment
    folder = urls.folder(here)
    sources = []
    for article_id in mentions.article_ids[first:first + SOURCES_PER_PAGE]:
        article, ms = mentions.groups[article_id]  # the first article of that id
        summary = shared_summary(index, article, here, folder)
        page_href = summary["href"]  # each quote links to a paragraph of that page
        by_sentence = group_by_sentence(ms)
        sentences = index.sentences(article_id, by_sentence)
        footnotes = [f.n for f in article.footnotes]
        quotes = []
        for key, group in by_sentence.items():
            pid = group[0].paragraph
            number = index.paragraph_number(article, pid)
            sentence = sentences.get(key)
            if sentence is None:
                base, text = 0, article.paragraphs[number - 1].text
            else:
                base, text = sentence.start, sentence.text
            quotes.append({
                "html": highlight(text, [(m.start - base, m.end - base) for m in group],
                                  footnotes),
                "href": with_fragment(page_href, pid),
                "paragraph_number": number,
            })
        sources.append({**summary, "anchor": f"a-{article_id}", "mention_count": len(ms),
                        "quotes": quotes})
    articles = len(mentions.groups)
    pages = entity_pages_count(mentions.groups)
    latin, other = _aliases_by_script(a for a in entity.aliases if a != entity.name)
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "kind_label": entity.kind.capitalize(),
        "kind_heading": kind_heading(entity.kind),
        "description": entity.description,
        "aliases": latin,
        "other_scripts": other,
        "native": [{"lang": lang, "name": name} for lang, name in entity.native],
        "mention_count": len(mentions),
        "article_count": articles,
        # the search filter names this page's publications: every page naming them all
        # grew with the corpus (one element per publication on each of a thousand pages)
        "publications": sorted({s["publication"] for s in sources if s["publication"]}),
        "sources": sources,
        "page": page,
        "pager": pager(here, page, pages, lambda n: urls.entity_path(entity.id, n)),
        "first_page_href": urls.rel(here, urls.entity_path(entity.id)),
        "source_range": (first + 1, first + len(sources), articles),
    }


def _aliases_by_script(aliases: Iterable[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The aliases written in Latin letters, and the others (``ヴェトナム``, ``越南``) with a
    language when the script tells it (kana: Japanese; Hangul: Korean)."""
    latin: list[str] = []
    other: list[dict[str, str]] = []
    for alias in aliases:
        scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in alias if ch.isalpha()}
        if scripts <= {"LATIN"}:
            latin.append(alias)
        else:
            lang = ("ja" if scripts & {"HIRAGANA", "KATAKANA"}
                    else "ko" if "HANGUL" in scripts else "")
            other.append({"name": alias, "lang": lang})
    return latin, other


def entities_view(
    corpus: Corpus, mentions: Mapping[str, EntityMentions], here: str
) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in sorted(corpus.entities, key=lambda e: (e.name.casefold(), e.id)):
        if e.id in mentions:
            groups[kind_heading(e.kind)].append({
                "name": e.name,
                "href": urls.rel(here, urls.entity_path(e.id)),
                "mention_count": len(mentions[e.id]),
                "article_count": len(mentions[e.id].groups),
            })
    return {"groups": [{"heading": k, "entities": groups[k]} for k in sorted(groups)]}
