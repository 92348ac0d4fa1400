"""Load stage: seed files → clean ``Article`` records.

``load_corpus`` reads every ``seeds/*.txt|*.md`` (``sources``), then turns each into an
``Article`` (``article.build_article``: cleaning, footnotes, blocks, metadata).
"""

from __future__ import annotations

from pathlib import Path

from jvreader.load.article import build_article
from jvreader.load.sources import find_articles, read_source
from jvreader.model import Article


def load_corpus(seeds_dir: Path, project_dir: Path) -> tuple[tuple[Article, ...], tuple[str, ...]]:
    """Every article in ``seeds_dir`` in file-name order, and the warnings loading raised."""
    articles: list[Article] = []
    found = find_articles(seeds_dir, project_dir)
    warnings: list[str] = list(found.warnings)
    for path, article_id in zip(found.paths, found.ids, strict=True):
        raw = read_source(path, project_dir, article_id)
        warnings.extend(raw.warnings)
        article, article_warnings = build_article(raw)
        articles.append(article)
        warnings.extend(article_warnings)
    return tuple(articles), tuple(warnings)
