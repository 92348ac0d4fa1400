"""Writing the site: only changed files are rewritten, nothing outside the output folder is
touched, and a build killed at any moment leaves the previous site whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jvreader.errors import RenderError
from jvreader.write import PAUSE_ENV, Kept, spool, spool_folder, write_site

SRC = Path(__file__).resolve().parents[1] / "src"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_unchanged_files_keep_their_inode_and_time_and_stale_files_go(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"home"), ("a.html", b"old a"), ("gone.html", b"x")], [], out)
    before = {name: os.stat(out / name) for name in ("index.html", "a.html")}
    time.sleep(0.01)  # so a rewritten file would get a different modification time
    write_site([("index.html", b"home"), ("a.html", b"new a"), ("b/c.html", b"c")], [], out)
    assert tree(out) == {"index.html": b"home", "a.html": b"new a", "b/c.html": b"c"}
    kept = os.stat(out / "index.html")
    assert (kept.st_ino, kept.st_mtime_ns) == (before["index.html"].st_ino,
                                               before["index.html"].st_mtime_ns)
    assert os.stat(out / "a.html").st_ino != before["a.html"].st_ino
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging or .old left


def test_unchanged_static_files_and_hook_output_are_reused(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "style.css").write_text("body{}")
    out = tmp_path / "site"

    def index(site: Path) -> None:
        (site / "search").mkdir()
        (site / "search" / "index.bin").write_bytes(b"same index")

    write_site([("index.html", b"home")], [static], out, before_swap=index)
    inodes = {p: os.stat(out / p).st_ino for p in ("static/style.css", "search/index.bin")}
    write_site([("index.html", b"home 2")], [static], out, before_swap=index)
    assert {p: os.stat(out / p).st_ino for p in inodes} == inodes


def test_a_symlinked_output_folder_is_replaced_at_its_target_only(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_site([("index.html", b"one")], [], real)
    (tmp_path / "neighbour.txt").write_text("keep me")
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "site"
    link.symlink_to(real, target_is_directory=True)
    (tmp_path / "links" / "beside.txt").write_text("keep me too")

    write_site([("index.html", b"two")], [], link)

    assert link.is_symlink() and link.resolve() == real.resolve()
    assert tree(real) == {"index.html": b"two"}
    assert (tmp_path / "neighbour.txt").read_text() == "keep me"
    assert sorted(p.name for p in (tmp_path / "links").iterdir()) == ["beside.txt", "site"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links", "neighbour.txt", "real"]


def test_dot_dot_in_the_output_path_is_resolved_before_anything_is_replaced(
        tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "keep.txt").write_text("keep")
    write_site([("index.html", b"x")], [], tmp_path / "a" / ".." / "site")
    assert tree(tmp_path / "site") == {"index.html": b"x"}
    assert (tmp_path / "a" / "keep.txt").read_text() == "keep"


def site_with_planted_link(tmp_path: Path) -> tuple[Path, Path]:
    """A built site and a folder outside it (holding ``page.html``), to which the site's
    ``evil/`` is a symlink planted after the build."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.html").write_bytes(b"same")
    out = tmp_path / "site"
    write_site([("index.html", b"home")], [], out)
    (out / "evil").symlink_to(outside, target_is_directory=True)
    return out, outside


def test_links_inside_the_old_site_never_reach_outside_it(tmp_path: Path) -> None:
    out, outside = site_with_planted_link(tmp_path)

    write_site([("index.html", b"home"), ("evil/page.html", b"same")], [], out)

    assert not (out / "evil").is_symlink()
    assert os.stat(out / "evil" / "page.html").st_ino != os.stat(outside / "page.html").st_ino
    assert tree(outside) == {"page.html": b"same"}  # the old link was removed, not followed


def test_the_root_and_home_folders_are_refused(tmp_path: Path) -> None:
    for target in (Path("/"), Path.home(), tmp_path / ".." / ".." / ".." / ".." / ".."):
        with pytest.raises(RenderError, match="refusing"):
            write_site([("index.html", b"x")], [], target)


def test_paths_that_leave_the_site_are_refused(tmp_path: Path) -> None:
    for bad in ("../x.html", "/etc/x", "a/./b.html", "a//b.html"):
        with pytest.raises(RenderError, match="outside the output folder"):
            write_site([(bad, b"x")], [], tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "x.html").exists()


def test_a_failing_hook_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"old")], [], out)

    def broken(site: Path) -> None:
        raise RenderError("indexer failed")

    with pytest.raises(RenderError):
        write_site([("index.html", b"new")], [], out, before_swap=broken)
    assert tree(out) == {"index.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


_WRITER = """
import sys
from pathlib import Path
from jvreader.write import write_site
pages = [(f"p{i}.html", b"new page %d" % i) for i in range(200)]
write_site(pages, [], Path(sys.argv[1]))
"""


def test_a_build_killed_before_the_swap_leaves_the_old_site_and_the_next_succeeds(
        tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"old"), ("p1.html", b"old p1")], [], out)
    before = tree(out)
    env = {**os.environ, "PYTHONPATH": str(SRC), PAUSE_ENV: "60"}
    child = subprocess.Popen([sys.executable, "-c", _WRITER, str(out)], env=env)
    try:
        deadline = time.monotonic() + 60
        staged: list[Path] = []
        while time.monotonic() < deadline and child.poll() is None:
            staged = list(tmp_path.glob(".site.new-*"))
            if staged and len(list(staged[0].glob("*.html"))) == 200:
                break
            time.sleep(0.05)
        assert staged, "the writer never staged the new site"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert tree(out) == before  # the previous site, whole
    write_site([("index.html", b"next")], [], out)
    assert tree(out) == {"index.html": b"next"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the killed build's tree is gone


def test_a_build_killed_between_the_renames_is_repaired_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"old")], [], out)
    out.rename(tmp_path / ".site.old")  # what the two-rename swap leaves if killed midway
    write_site([("index.html", b"new"), ("more.html", b"m")], [], out)
    assert tree(out) == {"index.html": b"new", "more.html": b"m"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def _kept_of(path: Path, remade: list[str]) -> Kept:
    info = os.lstat(path)

    def remake() -> bytes:
        remade.append(path.name)
        return b"made again"

    return Kept(info.st_size, info.st_mtime_ns, info.st_ino, remake)


def test_a_kept_file_is_linked_without_being_read(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"home"), ("a/b.html", b"b")], [], out)
    before = os.stat(out / "a" / "b.html")
    remade: list[str] = []
    write_site([("index.html", _kept_of(out / "index.html", remade)),
                ("a/b.html", _kept_of(out / "a" / "b.html", remade))], [], out)
    assert remade == []
    assert tree(out) == {"index.html": b"home", "a/b.html": b"b"}
    assert os.stat(out / "a" / "b.html").st_ino == before.st_ino


def test_a_kept_file_changed_after_it_was_matched_is_made_again(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"home")], [], out)
    remade: list[str] = []
    kept = _kept_of(out / "index.html", remade)
    (out / "index.html").write_bytes(b"HOME")  # edited by hand: same size, later time
    os.utime(out / "index.html", ns=(kept.mtime_ns + 10**9, kept.mtime_ns + 10**9))
    write_site([("index.html", kept)], [], out)
    assert remade == ["index.html"]
    assert tree(out) == {"index.html": b"made again"}


def test_a_kept_file_behind_a_symlinked_folder_is_made_not_linked(tmp_path: Path) -> None:
    out, outside = site_with_planted_link(tmp_path)
    remade: list[str] = []
    write_site([("evil/page.html", _kept_of(outside / "page.html", remade))], [], out)
    assert remade == ["page.html"]
    assert not (out / "evil").is_symlink()
    assert os.stat(out / "evil" / "page.html").st_ino != os.stat(outside / "page.html").st_ino
    assert tree(outside) == {"page.html": b"same"}


def test_spooled_files_are_moved_in_or_replaced_by_the_identical_old_file(
        tmp_path: Path) -> None:
    out = tmp_path / "site"
    folder = spool_folder(out)
    write_site([("data/big.json", spool([b"{\n", b'"a": 1\n', b"}\n"], folder)),
                ("data/other.json", spool([b"one"], folder))], [], out)
    assert tree(out) == {"data/big.json": b'{\n"a": 1\n}\n', "data/other.json": b"one"}
    mode = os.stat(out / "data/big.json").st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask  # as a file written with open(…, "wb")
    before = os.stat(out / "data/big.json")
    time.sleep(0.01)
    write_site([("data/big.json", spool([b'{\n"a": 1\n}\n'], folder)),  # same bytes
                ("data/other.json", spool([b"two"], folder))], [], out)
    assert tree(out) == {"data/big.json": b'{\n"a": 1\n}\n', "data/other.json": b"two"}
    kept = os.stat(out / "data/big.json")
    assert (kept.st_ino, kept.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list(folder.iterdir()) == []  # each spooled file moved in or deleted


def test_spool_folders_of_killed_builds_are_removed_by_the_next_live_ones_kept(
        tmp_path: Path) -> None:
    out = tmp_path / "site"
    live = spool_folder(out)
    spool([b"this build's export"], live)
    gone = tmp_path / ".site.spool-999999999-dead"  # no such process
    spool([b"half an export"], gone)  # a build killed before it placed its export
    write_site([("index.html", b"home")], [], out)
    assert not gone.exists()
    assert [p.read_bytes() for p in live.iterdir()] == [b"this build's export"]


def test_a_build_that_fails_while_spooling_leaves_no_file(tmp_path: Path) -> None:
    def failing() -> Iterator[bytes]:
        yield b"start"
        raise RuntimeError("export failed")

    folder = spool_folder(tmp_path / "site")
    with pytest.raises(RuntimeError):
        spool(failing(), folder)
    assert list(folder.iterdir()) == []
