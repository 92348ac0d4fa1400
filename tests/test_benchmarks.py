"""The benchmarks measure the build itself: ``benchmarks/floor.py`` times the stages of a
cold build one by one, which says something only if they make the very site ``build``
makes; and the distinct-text corpus (``benchmarks/distinct.py``) is realistic: sentences
not repeated across articles, events told by a long tail of sources, three languages the
loader reads as such."""

from __future__ import annotations

import pickle
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from jvreader.annotate import annotate, load_editorial
from jvreader.cache import Cache
from jvreader.cache.load import load_and_extract_keyed
from jvreader.config import load_project
from jvreader.extract import extract_corpus
from jvreader.extract.entities import load_gazetteer
from jvreader.load import load_corpus
from jvreader.pipeline import build

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def benchmark_modules():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import corpus
        import floor
        yield corpus, floor
    finally:
        sys.path.remove(str(BENCHMARKS))


def _files(root: Path) -> dict[str, bytes]:
    return {f.relative_to(root).as_posix(): f.read_bytes()
            for f in root.rglob("*") if f.is_file()}


def test_floor_stages_make_the_same_files_as_a_cold_build(benchmark_modules, tmp_path):
    corpus, floor = benchmark_modules
    project = corpus.make_corpus(tmp_path / "project", 24)
    result = floor.measure(project, tmp_path / "floor")
    settings = replace(load_project(project, tmp_path / "site"), search=False)
    build(settings, use_cache=False)
    copied = {f"static/{path}" for folder in settings.static_dirs for path in _files(folder)}
    built = {path: content for path, content in _files(tmp_path / "site").items()
             if path not in copied}
    measured = _files(tmp_path / "floor")
    assert sorted(measured) == sorted(built)
    assert [p for p in built if measured[p] != built[p]] == []
    assert result["files"] == len(built)
    assert set(floor.BUILD_STAGES) <= result["seconds"].keys()


def test_floor_report_adds_up_the_build_stages(benchmark_modules):
    _, floor = benchmark_modules
    seconds = {stage: 1.0 for stage in floor.BUILD_STAGES}
    seconds["json.dumps of the exports' data, compact"] = 100.0  # not a build stage
    text = floor.report(1000, {"articles": 1000, "files": 3, "mib": 1.0, "seconds": seconds})
    assert f"all stages {'':<33} {len(floor.BUILD_STAGES):7.2f} s" in text
    assert f"templates + exports + writing {'':<14} {3:7.2f} s" in text
    assert "target for a cold build" in text


def test_floor_reads_back_what_the_workers_send(benchmark_modules, tmp_path):
    corpus, floor = benchmark_modules
    project = corpus.make_corpus(tmp_path / "project", 12)
    seeds = project / "seeds"
    loaded = load_and_extract_keyed(seeds, project, seeds / "gazetteer.yml", Cache(None),
                                    workers=1)
    sent = floor._sent(loaded)
    assert len(sent) == len(loaded.corpus.articles) == 12
    for article, (own, rest) in zip(loaded.corpus.articles, sent, strict=True):
        assert pickle.loads(own) == (article, ())
        (extraction, _), basis = pickle.loads(rest)
        assert extraction == loaded.corpus.extraction(article.id)
        assert basis == loaded.bases[article.id]
        # what annotation and the whole-corpus pages read is most of what is sent
        assert len(own) < len(rest)


def test_bench_reports_the_core_seconds_a_cold_build_left_idle(benchmark_modules,
                                                                monkeypatch):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench
    finally:
        sys.path.remove(str(BENCHMARKS))
    monkeypatch.setattr(bench.os, "cpu_count", lambda: 2)
    row = {"n": 10, "corpus": "distinct", "input_mib": 0.1, "search": "skipped",
           "cold": {"seconds": 4.5, "wall": 5.0, "cpu": 7.5, "peak_mib": 50.0, "pages": 40},
           "rebuild": {"error": "not run"}, "output_mib": 1.0, "files": 45}
    text = bench.describe(row)
    assert "7.50 s   (1.50 of 2 cores busy on average: 2.5 core-seconds idle)" in text
    del row["cold"]["cpu"]  # a run from before the CPU was measured
    assert "cores busy" not in bench.describe(row)


def _articles_per_sentence(project: Path) -> tuple[Counter[str], object, tuple]:
    """How many articles hold each sentence text (as jvreader splits them), the extracted
    corpus and the loaded articles."""
    seeds = project / "seeds"
    articles, warnings = load_corpus(seeds, project)
    assert warnings == ()
    corpus = extract_corpus(tuple(articles), load_gazetteer(seeds / "gazetteer.yml"))
    counts: Counter[str] = Counter()
    for extraction in corpus.extractions:
        counts.update({s.text for s in extraction.sentences})
    return counts, corpus, articles


def test_distinct_corpus_repeats_no_sentence_unlike_the_repeated_one(benchmark_modules,
                                                                      tmp_path):
    corpus, _ = benchmark_modules
    n = 60
    distinct = corpus.make_corpus(tmp_path / "distinct", n, "distinct")
    counts, extracted, articles = _articles_per_sentence(distinct)
    assert sum(counts.values()) > 40 * n  # articles as long as the repeated corpus's
    assert max(counts.values()) <= 2
    assert {a.language for a in articles} == {"en", "vi", "ja"}
    generated = list(corpus.corpus_articles(n, "distinct"))
    assert [a.date for a in articles] == [g["iso"] for g in generated]
    assert [a.language for a in articles] == [g["language"] for g in generated]
    # every stage has work: dates, figures and gazetteer names in every language
    for language in ("en", "vi", "ja"):
        found = [e for a, e in zip(articles, extracted.extractions, strict=True)
                 if a.language == language]
        assert all(e.dates and e.figures and e.mentions for e in found), language
    curated, notes, _ = load_editorial(distinct / "seeds", distinct)
    events = annotate(extracted, curated, notes).events
    assert any(len({m.article for m in e.mentions}) >= 3 for e in events)

    repeated = corpus.make_corpus(tmp_path / "repeated", n, "repeated")
    assert max(_articles_per_sentence(repeated)[0].values()) > 5  # the check can fail


def test_distinct_corpus_events_have_a_long_tail_of_sources(benchmark_modules):
    corpus, _ = benchmark_modules
    n = 600
    sources = Counter(rank for article in corpus.corpus_articles(n, "distinct")
                      for rank in article["events"])
    told = sorted(sources.values())
    few = sum(1 for count in told if count <= 5)
    assert few >= 0.75 * len(told)  # most events: one to five articles
    assert told[len(told) // 2] <= 2
    assert told[-1] >= 0.03 * n  # a few: many articles
    assert sum(1 for count in told if count >= 20) >= 3


def test_corpus_is_the_same_for_the_same_seed_only(benchmark_modules):
    corpus, _ = benchmark_modules
    first = list(corpus.corpus_articles(30, "distinct", seed=7))
    assert first == list(corpus.corpus_articles(30, "distinct", seed=7))
    assert first != list(corpus.corpus_articles(30, "distinct", seed=8))
    with pytest.raises(ValueError, match="unknown corpus kind"):
        corpus.corpus_articles(3, "lorem")
