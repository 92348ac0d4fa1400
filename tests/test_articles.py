"""The per-article work: one pure function (``articles.article_result``) that any executor can
map, giving the build the same bytes as its own process pool."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from jvreader import articles
from jvreader.articles import ArticleRules, ArticleSource, article_result, map_articles
from jvreader.config import load_project
from jvreader.extract import load_gazetteer
from jvreader.load.sources import find_articles
from jvreader.pipeline import annotated_project, build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_article_result_depends_on_the_bytes_and_the_rules_alone(seed_project: Path) -> None:
    seeds = seed_project / "seeds"
    found = find_articles(seeds, seed_project)
    rules = ArticleRules(seed_project, load_gazetteer(seeds / "gazetteer.yml"))
    source = ArticleSource(found.paths[0], found.ids[0])
    first = article_result(source, rules)
    assert article_result(source, rules) == first
    # given its load result, only extraction is redone: the same result
    again = article_result(replace(source, loaded=(first.article, first.warnings)), rules)
    assert again == first
    assert first.extraction.article == first.article.id and first.basis.views


def test_an_outside_executor_builds_the_same_site_as_the_process_pool(
        seed_project: Path, tmp_path: Path) -> None:
    # A spawned process shares no memory with the build: what Dask or Ray would run, the
    # mapped function and its arguments are pickled to it.
    settings = replace(load_project(seed_project, tmp_path / "pool"), search=False)
    build(settings, use_cache=False)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=spawn) as executor:
        build(replace(settings, out_dir=tmp_path / "executor"), executor=executor)
    assert tree(tmp_path / "executor") == tree(tmp_path / "pool")


def test_map_articles_keeps_order_in_one_process_and_on_a_pool(monkeypatch) -> None:
    items = list(range(50))
    assert list(map_articles(str, items)) == [str(i) for i in items]
    monkeypatch.setattr(articles, "POOL_THRESHOLD", 1)
    assert list(map_articles(str, items, workers=2)) == [str(i) for i in items]


def test_the_stages_without_a_cache_annotate_as_a_cached_build_does(
        seed_project: Path, tmp_path: Path) -> None:
    project = replace(load_project(seed_project, tmp_path / "out"), search=False)
    build(project)  # fills the cache
    assert annotated_project(project, use_cache=True) == annotated_project(project)
