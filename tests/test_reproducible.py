"""Two builds of the same folder give the same bytes, whatever Python's string hashing.

Each build runs in its own interpreter with its own ``PYTHONHASHSEED``, on a generated
corpus full of ties (``tie_corpus``): equal scores between sentences, events told alike,
articles of one date and publication, figures of one value. An order left to a set's or a
dict's hash order, or to the order ties are met in, makes the two sites differ. An
incremental build (a build, an edit, a rebuild) must give what a cold build of the edited
folder gives.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tie_corpus import edit_article, make_tie_corpus

ARTICLES = 24
SEEDS = ("1", "2")  # two hash seeds under which main's builds of this corpus differed


def _search_flags() -> list[str]:
    """Search on when Pagefind is installed (its index is part of the site), off otherwise."""
    from jvreader.errors import JvreaderError
    from jvreader.search import pagefind_binary

    try:
        pagefind_binary()
    except JvreaderError:
        return ["--no-search"]
    return []


def build(project: Path, hash_seed: str) -> Path:
    """``jvreader build`` of ``project`` in a new interpreter; the output folder."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-m", "jvreader", "build", "-q", *_search_flags(),
                           str(project)], env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return project / "build"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    first, second = tree(a), tree(b)
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == [], f"{len(differing)} files differ"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tie_corpus(tmp_path_factory.mktemp("ties") / "project", ARTICLES)


@pytest.fixture(scope="module")
def first_site(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built cold under the first hash seed."""
    return build(copy_project(corpus, tmp_path_factory.mktemp("first")), SEEDS[0])


def copy_project(project: Path, where: Path) -> Path:
    """The project's inputs only (no output, no cache): a cold build's starting point."""
    shutil.copytree(project / "seeds", where / "seeds")
    return where


def test_the_corpus_has_ties_to_break(corpus: Path) -> None:
    # the generator's promise, checked on its text: articles sharing a date, sentences that
    # resemble two events, every sentence distinct
    texts = [p.read_text(encoding="utf-8") for p in sorted((corpus / "seeds").glob("t*.txt"))]
    assert len(texts) == ARTICLES
    assert len({t.split("\n\n")[2] for t in texts}) < ARTICLES // 2
    assert sum(" met the " in t for t in texts) >= ARTICLES // 4
    sentences = [s for t in texts for s in t.split("\n\n")[3:]]
    assert len(set(sentences)) == len(sentences)


def test_cold_builds_under_two_hash_seeds_are_identical(corpus: Path, first_site: Path,
                                                        tmp_path: Path) -> None:
    first = first_site
    second = build(copy_project(corpus, tmp_path / "two"), SEEDS[1])
    assert_same_tree(first, second)
    # and the site has what ties could reorder: automatic events with several sources named
    # in the margins, a storyline, compared figures
    assert len(list((first / "events").glob("auto-*.html"))) >= ARTICLES // 2
    assert "Also reported by" in (first / "articles" / "t003.html").read_text(encoding="utf-8")
    assert (first / "threads" / "aid.html").is_file()
    figures = (first / "figures.html").read_text(encoding="utf-8")
    assert 'id="cmp-harbour-aid"' in figures
    assert len(re.findall(r'id="cmp-auto-[^"]*-h"', figures)) >= 2


def test_no_two_elements_of_a_page_share_an_id(first_site: Path) -> None:
    # ties in names too: one measure in two units made two comparisons of one id, and a
    # link to it (figures.html#cmp-…) chose between them by their order on the page
    site = first_site
    for page in sorted(site.rglob("*.html")):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert repeated == [], f"{page.relative_to(site)}: {repeated}"


def test_a_rebuild_after_an_edit_is_the_cold_build_of_the_edited_folder(
        corpus: Path, tmp_path: Path) -> None:
    kept = copy_project(corpus, tmp_path / "kept")
    build(kept, SEEDS[0])  # fills the cache and the output the rebuild reuses
    edit_article(kept, 5, 12)
    rebuilt = build(kept, SEEDS[0])
    cold = build(copy_project(kept, tmp_path / "cold"), SEEDS[1])
    assert_same_tree(rebuilt, cold)
    assert "An editor adds" in (cold / "articles" / "t005.html").read_text(encoding="utf-8")
