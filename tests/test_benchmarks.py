"""The benchmarks measure the build itself: ``benchmarks/floor.py`` times the stages of a
cold build one by one, which says something only if they make the very site ``build``
makes."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from jvreader.config import load_project
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
