"""Extraction: sentences, dates, figures, entity mentions and claims from loaded articles.

Before: an ``Article`` whose paragraph ``p5`` reads ``"In October 2011, the two countries
signed a Memorandum of Understanding on defense cooperation."``.
After: an ``Extraction`` with sentence ``p5s1``, the date ``2011-10`` and a claim dated
``2011-10`` that names the entity ``defense-mou-2011``; ``extract_corpus`` also lists the
entities mentioned anywhere and the capitalised names the gazetteer does not know.
"""

from __future__ import annotations

import re
from collections import Counter

from jvreader.extract.claims import build_claim
from jvreader.extract.dates import find_date_expressions, speaks_of_now
from jvreader.extract.entities import Gazetteer, load_gazetteer, unknown_name_counts
from jvreader.extract.figures import find_figures
from jvreader.extract.sentences import split_sentences
from jvreader.model import Article, Claim, Corpus, DateMention, Extraction, Figure, Mention

__all__ = [
    "Gazetteer",
    "assemble_corpus",
    "extract_article",
    "extract_corpus",
    "extract_with_names",
    "load_gazetteer",
]


def extract_article(article: Article, gazetteer: Gazetteer) -> Extraction:
    """Everything extracted from one article, each item pointing at its sentence."""
    return _extract(article, gazetteer)[0]


def extract_corpus(articles: tuple[Article, ...], gazetteer: Gazetteer) -> Corpus:
    """A ``Corpus`` with an extraction per article, the gazetteer entities mentioned at least
    once (gazetteer order) and the unknown capitalised names, most frequent first: the
    extraction half of ``articles.article_result`` over articles already loaded (tests)."""
    return assemble_corpus(articles, [_extract(a, gazetteer) for a in articles], gazetteer)


def extract_with_names(article: Article, gazetteer: Gazetteer
                       ) -> tuple[Extraction, Counter[str]]:
    """One article's extraction and the unknown names in it (what a build caches)."""
    return _extract(article, gazetteer)


def assemble_corpus(articles: tuple[Article, ...],
                    results: list[tuple[Extraction, Counter[str]]],
                    gazetteer: Gazetteer) -> Corpus:
    """The ``Corpus`` of ``extract_corpus`` from per-article results (same order)."""
    extractions = [extraction for extraction, _ in results]
    names: Counter[str] = Counter()
    for _, unknown in results:
        names.update(unknown)
    mentioned = {m.entity for e in extractions for m in e.mentions}
    return Corpus(
        articles=tuple(articles),
        extractions=tuple(extractions),
        entities=tuple(e for e in gazetteer.entities if e.id in mentioned),
        unknown_names=tuple(sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def _extract(article: Article, gazetteer: Gazetteer) -> tuple[Extraction, Counter[str]]:
    sentences, all_dates, claims = [], [], []
    figures: list[Figure] = []
    mentions: list[Mention] = []
    unknown: Counter[str] = Counter()
    last_year: str | None = None  # the year "that year" refers to
    language = article.language.split("-")[0].lower()  # "ja-JP" reads as Japanese
    for paragraph in article.paragraphs:
        now = False  # the paragraph has spoken of the time of writing ("this year")
        # A year dates a year-less "in July" in its paragraph and the next one: past a
        # paragraph that states none, the year told before is too far back to guess with.
        stated_here = False
        for sentence in split_sentences(paragraph):
            sentences.append(sentence)
            # The sentence's words, read once for every family's gates (pays 5 % of extract),
            # while matching the gazetteer.
            found, words = gazetteer.find_mentions_with_words(sentence.text)
            here = tuple(
                Mention(eid, paragraph.id, sentence.id, sentence.text[s:e],
                        sentence.start + s, sentence.start + e)
                for s, e, eid in found
            )
            mentions.extend(here)
            if paragraph.kind == "heading":
                continue  # headings name things but state nothing dated or counted
            for name, count in unknown_name_counts(sentence.text, tuple(found)):
                unknown[name] += count
            now = now or speaks_of_now(sentence.text, words)
            dates, unresolved = find_date_expressions(sentence.text, article.date,
                                                      sentence.start,
                                                      None if now else last_year,
                                                      language, words)
            stated = [d.value.split("/")[-1][:4] for d in dates if d.basis == "stated"]
            if any(stated) and not _is_timestamp(sentence.text, dates):
                last_year = next(y for y in reversed(stated) if y)
                stated_here = True
            found_figures = find_figures(sentence, dates, article.date, len(figures) + 1,
                                         figures, article.language, words)
            all_dates.extend(dates)
            figures.extend(found_figures)
            claim: Claim | None = build_claim(f"c{len(claims) + 1}", sentence, dates,
                                              found_figures, here,
                                              tuple(u.text for u in unresolved))
            if claim:
                claims.append(claim)
        if not stated_here and paragraph.kind != "heading":
            last_year = None
    extraction = Extraction(
        article=article.id,
        sentences=tuple(sentences),
        dates=tuple(all_dates),
        claims=tuple(claims),
        figures=tuple(figures),
        mentions=tuple(mentions),
    )
    return extraction, unknown


_CLOCK = re.compile(r"\d{1,2}:\d\d")


def _is_timestamp(text: str, dates: tuple[DateMention, ...]) -> bool:
    """A page's time stamp ("Monday, 12/01/2026, 09:23 (GMT+7)"): a date with a clock time
    and hardly any words, which dates the page, not what the article goes on to tell."""
    return bool(_CLOCK.search(text)) and len(text.split()) <= 8 and len(dates) == 1
