"""Two builds at once, and a build killed at any moment.

One build at a time writes an output folder and a cache: a second one (``build``, or a save
in ``serve``) is refused at once with a message naming the folder and the process holding
it. A build killed by ``kill -9`` leaves the previous site whole, its lock does not block
the next build, and the next build gives what a clean build gives.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jvreader.cache import CACHE_DIR
from jvreader.cli import main
from jvreader.commands import run_pipeline
from jvreader.config import load_project
from jvreader.serve import DevServer
from jvreader.site_lock import build_lock
from jvreader.write import PAUSE_ENV
from tie_corpus import edit_article, make_tie_corpus

ARTICLE = "Harbour Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed a port deal in 2011.\n"
KILL_ARTICLES = 150  # big enough that a build has stages to be killed in
WAIT = 120  # seconds a killed build may take to reach the moment it is killed at


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_second_build_is_refused_while_one_holds_the_output(
        make_project, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project({"a.txt": ARTICLE})
    assert main(["build", str(project), "-q", "--no-search"]) == 0
    before = tree(project / "build")
    (project / "seeds" / "a.txt").write_text(ARTICLE.replace("2011", "2012"), encoding="utf-8")
    capsys.readouterr()
    with build_lock(project / "build"):  # as a running build holds it
        assert main(["build", str(project), "-q", "--no-search"]) == 1
    message = capsys.readouterr().err
    assert message == (f"jvreader: error: another jvreader build is running on "
                       f"{project / 'build'} (pid {os.getpid()})\n")
    assert tree(project / "build") == before  # not touched
    assert sorted(p.name for p in project.iterdir()) == [".jvreader-cache", "build", "seeds"]
    # once the lock is released (and its file gone), the build goes ahead
    assert main(["build", str(project), "-q", "--no-search"]) == 0
    assert "2012" in (project / "build" / "articles" / "a.html").read_text(encoding="utf-8")


def test_two_outputs_of_one_project_share_its_cache_one_build_at_a_time(
        make_project, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project({"a.txt": ARTICLE})
    with build_lock(project / "elsewhere", project / CACHE_DIR):
        assert main(["build", str(project), "-q", "--no-search"]) == 1
    assert (f"another jvreader build is using the cache {project / CACHE_DIR} "
            f"(pid {os.getpid()})") in capsys.readouterr().err
    assert not (project / "build").exists()


def test_serve_reports_a_build_running_and_builds_on_the_next_save(make_project) -> None:
    project = make_project({"a.txt": ARTICLE})
    out = io.StringIO()
    dev = DevServer(lambda: load_project(project, search=False), run_pipeline, port=0,
                    out=out)
    dev.start(watch=False)
    try:
        with build_lock(project / "build"):
            assert not dev.rebuild()
        assert f"another jvreader build is running on {project / 'build'}" in out.getvalue()
        assert not (project / "build").exists()
        assert dev.rebuild()
        assert (project / "build" / "index.html").is_file()
    finally:
        dev.stop()


def _build_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "jvreader", "build", "-q", "--no-search", str(project)]


def _staging(project: Path) -> list[Path]:
    return sorted(project.glob(".build.new-*"))


def _ready_to_swap(project: Path) -> bool:
    """The new tree is complete: ``write_site`` makes it world-readable just before the
    swap (where ``PAUSE_ENV`` holds it)."""
    return any(p.stat().st_mode & 0o777 == 0o755 for p in _staging(project))


MOMENTS = {
    # the lock taken: the build is loading, extracting, writing the cache
    "loading": lambda project: (project / ".build.lock").is_file(),
    # the new tree being written
    "writing": lambda project: bool(_staging(project)),
    # the new tree complete, not yet swapped in
    "swapping": _ready_to_swap,
}


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A project built once (the previous site), then edited; and a clean build of the
    edited folder to compare with."""
    root = tmp_path_factory.mktemp("kill")
    project = make_tie_corpus(root / "project", KILL_ARTICLES)
    subprocess.run(_build_command(project), check=True)
    edit_article(project, 5, 12)
    clean = root / "clean"
    shutil.copytree(project / "seeds", clean / "seeds")
    subprocess.run(_build_command(clean), check=True)
    return {"project": project, "clean": clean / "build"}


@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_a_build_killed_leaves_the_previous_site_and_the_next_build_is_right(
        kill_corpus: dict[str, Path], tmp_path: Path, moment: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(kill_corpus["project"], project)  # the edited folder, last site, cache
    before = tree(project / "build")
    env = {**os.environ, PAUSE_ENV: "600"} if moment == "swapping" else dict(os.environ)
    child = subprocess.Popen(_build_command(project), env=env)
    try:
        deadline = time.monotonic() + WAIT
        while (not MOMENTS[moment](project) and child.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.005)
        assert MOMENTS[moment](project), f"the build never reached {moment}"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert tree(project / "build") == before  # the previous site, whole
    assert (project / ".build.lock").is_file()  # left behind, with the dead build's pid
    # the next build is neither blocked by that lock nor misled by what was half done
    done = subprocess.run(_build_command(project), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert tree(project / "build") == tree(kill_corpus["clean"])
    assert sorted(p.name for p in project.iterdir()) == [".jvreader-cache", "build", "seeds"]
