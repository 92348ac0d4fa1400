"""Incremental builds: the cache redoes only what changed, and the site is byte-identical
to a cold build whatever state the cache is in."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import jvreader.cache as cache_module
from jvreader.cache import CACHE_DIR, Cache, load_and_extract
from jvreader.config import load_project
from jvreader.extract import extract_corpus, load_gazetteer
from jvreader.load import load_corpus
from jvreader.pipeline import build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_to(project: Path, out: Path, use_cache: bool = True) -> dict[str, bytes]:
    settings = replace(load_project(project, out), search=False)
    build(settings, use_cache=use_cache)
    return tree(out)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The articles whose load and extraction actually run (not served from the cache)."""
    calls: dict[str, list[str]] = {"load": [], "extract": []}
    real_build, real_extract = cache_module.build_article, cache_module.extract_with_names

    def spy_build(raw):
        calls["load"].append(raw.id)
        return real_build(raw)

    def spy_extract(article, gazetteer):
        calls["extract"].append(article.id)
        return real_extract(article, gazetteer)

    monkeypatch.setattr(cache_module, "build_article", spy_build)
    monkeypatch.setattr(cache_module, "extract_with_names", spy_extract)
    return calls


def edit_one(project: Path) -> str:
    path = sorted((project / "seeds").glob("*.txt"))[-1]
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + "\n\nIn March 2019, Japan opened a new consulate in Da Nang.\n",
                    encoding="utf-8")
    return path.stem


def test_rebuild_after_editing_one_article_redoes_only_it_and_matches_a_cold_build(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    first = build_to(seed_project, tmp_path / "out")
    assert len(counted["load"]) == 5
    counted["load"].clear()
    counted["extract"].clear()

    edited = edit_one(seed_project)
    warm = build_to(seed_project, tmp_path / "out")
    assert counted == {"load": [edited], "extract": [edited]}
    assert warm != first  # the edit shows

    cold = build_to(seed_project, tmp_path / "cold", use_cache=False)
    assert warm == cold
    shutil.rmtree(seed_project / CACHE_DIR)
    assert build_to(seed_project, tmp_path / "again") == cold


def test_an_unchanged_rebuild_runs_no_article_work_and_writes_the_same_site(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    first = build_to(seed_project, tmp_path / "out")
    counted["load"].clear()
    counted["extract"].clear()
    assert build_to(seed_project, tmp_path / "out") == first
    assert counted == {"load": [], "extract": []}


def test_a_gazetteer_edit_redoes_extraction_but_not_loading(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    build_to(seed_project, tmp_path / "out")
    counted["load"].clear()
    counted["extract"].clear()
    gazetteer = seed_project / "seeds" / "gazetteer.yml"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8")
                         + "  - {id: da-nang-consulate, name: Da Nang consulate, kind: other}\n",
                         encoding="utf-8")
    warm = build_to(seed_project, tmp_path / "out")
    assert counted["load"] == []
    assert len(counted["extract"]) == 5
    assert warm == build_to(seed_project, tmp_path / "cold", use_cache=False)


def test_corrupt_or_truncated_cache_entries_are_rebuilt_not_fatal(
        seed_project: Path, tmp_path: Path, counted: dict[str, list[str]]) -> None:
    first = build_to(seed_project, tmp_path / "out")
    entries = sorted((seed_project / CACHE_DIR).rglob("*.pickle"))
    assert entries
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(b"not a pickle" if i % 2 else data[: len(data) // 2])
    counted["load"].clear()
    assert build_to(seed_project, tmp_path / "out") == first
    assert len(counted["load"]) == 5
    assert build_to(seed_project, tmp_path / "out") == first  # and the cache is whole again


def test_an_unwritable_cache_folder_only_makes_the_build_uncached(
        seed_project: Path, tmp_path: Path) -> None:
    (seed_project / CACHE_DIR).write_text("a file where the cache folder would go")
    assert build_to(seed_project, tmp_path / "out") == build_to(
        seed_project, tmp_path / "cold", use_cache=False)


def test_the_process_pool_gives_the_corpus_of_the_plain_stages(
        seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = seed_project / "seeds"
    articles, warnings = load_corpus(seeds, seed_project)
    plain = extract_corpus(articles, load_gazetteer(seeds / "gazetteer.yml"))
    monkeypatch.setattr(cache_module, "POOL_THRESHOLD", 1)
    pooled, pooled_warnings = load_and_extract(seeds, seed_project, seeds / "gazetteer.yml",
                                               Cache(None), workers=2)
    assert pooled == plain
    assert pooled_warnings == warnings


def test_a_bad_file_read_in_a_worker_is_reported_like_a_serial_one(
        make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    from jvreader.errors import SourceError

    project = make_project({"a.txt": "Title\n\nSome text here.\n", "b.txt": b"text\x00binary"})
    monkeypatch.setattr(cache_module, "POOL_THRESHOLD", 1)
    with pytest.raises(SourceError) as pooled:
        load_and_extract(project / "seeds", project, project / "seeds" / "gazetteer.yml",
                         Cache(None), workers=2)
    with pytest.raises(SourceError) as serial:
        load_corpus(project / "seeds", project)
    assert str(pooled.value) == str(serial.value)
