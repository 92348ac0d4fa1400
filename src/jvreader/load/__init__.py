"""Load stage: seed files → clean ``Article`` records.

``load_article`` reads one ``seeds/*.txt|*.md`` (``sources``) and turns it into an ``Article``
(``article.build_article``: cleaning, footnotes, blocks, metadata): the first half of the
per-article work (``articles.article_result``). ``load_corpus`` is it over a whole folder
(tests of loading alone; a build loads through ``articles``).
"""

from __future__ import annotations

from pathlib import Path

from jvreader.load.article import build_article
from jvreader.load.sources import find_articles, read_source
from jvreader.model import Article


def load_article(path: Path, project_dir: Path, article_id: str
                 ) -> tuple[Article, tuple[str, ...]]:
    """One article file (at the address ``find_articles`` gave it) and its warnings;
    ``SourceError`` on bad input."""
    raw = read_source(path, project_dir, article_id)
    article, article_warnings = build_article(raw)
    return article, (*raw.warnings, *article_warnings)


def load_corpus(seeds_dir: Path, project_dir: Path) -> tuple[tuple[Article, ...], tuple[str, ...]]:
    """Every article in ``seeds_dir`` in file-name order, and the warnings loading raised."""
    found = find_articles(seeds_dir, project_dir)
    loaded = [load_article(path, project_dir, article_id)
              for path, article_id in zip(found.paths, found.ids, strict=True)]
    return (tuple(article for article, _ in loaded),
            (*found.warnings, *(w for _, warnings in loaded for w in warnings)))
