"""Successive edits of the kinds an editor makes, each rebuilt with the cache and the last
site in place (in a fresh process, and in one process keeping the last builds in memory as
``serve`` does): every rebuild is byte-identical to a cold build of the same inputs.

The edits are those a page reuse could get wrong: an entity named where it was not, a
source's date, an event losing a source, an article removed, then brought back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from jvreader.cache import Memory
from site_trees import build_to

FIRST = "000_71d515776e3e71d7"
SECOND = "001_dad779ed4ec7a3ed"
REMOVED = "003_60a857f18c4d8ba1"


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: the test needs a new edit"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def name_entities(project: Path) -> None:
    """A sentence naming people and a place the article did not name, with a date."""
    path = project / "seeds" / f"{SECOND}.txt"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + "\n\nIn May 2016, Shinzo Abe met Nguyen Xuan Phuc in Hanoi.\n",
                    encoding="utf-8")


def change_a_date(project: Path) -> None:
    """The source's own date (its sidecar): dated lists and the timeline order it."""
    replace_text(project / "seeds" / f"{FIRST}.yaml", "date: 2021", "date: 2019")


def drop_a_source_of_an_event(project: Path) -> None:
    """The sentence reporting the delivery of six vessels leaves the article."""
    replace_text(project / "seeds" / f"{FIRST}.txt",
                 "more recently Japan and Vietnam signed an agreement for Japan to deliver six "
                 "new coast guard vessels.", "more recently the two sides kept talking.")


def remove_an_article(project: Path) -> None:
    seeds = project / "seeds"
    kept = project / "kept"
    kept.mkdir()
    for path in seeds.glob(f"{REMOVED}.*"):
        path.rename(kept / path.name)


def bring_it_back(project: Path) -> None:
    for path in (project / "kept").iterdir():
        path.rename(project / "seeds" / path.name)


EDITS: list[Callable[[Path], None]] = [name_entities, change_a_date,
                                       drop_a_source_of_an_event, remove_an_article,
                                       bring_it_back]


@pytest.mark.parametrize("in_memory", [False, True], ids=["fresh process", "serve"])
def test_each_of_successive_edits_rebuilds_to_the_cold_build(
        seed_project: Path, tmp_path: Path, in_memory: bool) -> None:
    memory = Memory() if in_memory else None
    before = build_to(seed_project, tmp_path / "out", memory=memory)
    for i, edit in enumerate(EDITS):
        edit(seed_project)
        warm = build_to(seed_project, tmp_path / "out", memory=memory)
        cold = build_to(seed_project, tmp_path / f"cold{i}", use_cache=False)
        assert warm.keys() == cold.keys(), edit.__name__
        differing = sorted(p for p in cold if warm[p] != cold[p])
        assert not differing, f"after {edit.__name__}: {differing[:5]}"
        assert warm != before, f"{edit.__name__} changed nothing"
        before = warm


def test_an_edit_undone_rebuilds_to_the_first_site(seed_project: Path, tmp_path: Path
                                                   ) -> None:
    """Back to inputs built before, with pages made in between: the first site again."""
    first = build_to(seed_project, tmp_path / "out")
    source = seed_project / "seeds" / f"{FIRST}.txt"
    original = source.read_bytes()
    drop_a_source_of_an_event(seed_project)
    assert build_to(seed_project, tmp_path / "out") != first
    source.write_bytes(original)
    assert build_to(seed_project, tmp_path / "out") == first
