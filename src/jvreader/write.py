"""Write the site: a complete new tree in a sibling folder, then swapped in for the old one.

Before: ``build/`` holding last build's ``index.html`` and ``articles/a.html``; new pages
``index.html`` (same bytes) and ``articles/b.html``.
After: ``build/index.html`` is the same file as before (hard-linked: same inode, same
modification time, so ``rsync`` and static hosts see no change), ``articles/b.html`` is
new, and ``articles/a.html``, which no longer belongs, is gone.

Safety: nothing is written to the output folder itself until the new site is complete,
and the swap exchanges the two folders in one step where the system allows (otherwise two
renames, and a build killed between them is repaired by the next one). The output folder
is judged by its resolved real path: the only folders created or removed are that folder
and its ``.NAME.new-*`` / ``.NAME.old`` / ``.NAME.spool-*`` siblings (the last holds big
files written in pieces, ``spool``, until they are moved into the new tree), never
anything a symlink or ``..`` points elsewhere to. Paths are checked to stay inside the new
tree; none is written twice.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from jvreader.errors import RenderError
from jvreader.inputs_guard import InputRoots, folder_files, input_roots
from jvreader.site_swap import real_output, recover_interrupted_swap, swap


@dataclass(frozen=True, slots=True)
class Kept:
    """The previous build's file at the same path, as ``render.reuse`` found it (size,
    modification time, inode): placed by hard-linking that file, never read. ``remake`` gives
    the bytes when the file changed after it was matched (then it is written instead)."""

    size: int
    mtime_ns: int
    inode: int
    remake: Callable[[], bytes | Spooled]


@dataclass(frozen=True, slots=True)
class Spooled:
    """A file already written in pieces (``spool``) beside the output folder, moved into the
    new tree instead of being held as bytes: a data export of ten thousand articles is half
    a gigabyte."""

    path: str
    size: int


def spool_folder(out_dir: Path) -> Path:
    """A new folder name beside the real output folder for ``spool`` (same file system, so
    files move into the new tree by renaming), made by the first ``spool``; the caller
    removes it. It names this process: ``write_site`` removes those of processes gone."""
    real = real_output(out_dir)
    return real.parent / f".{real.name}.spool-{os.getpid()}-{secrets.token_hex(4)}"


def spool(chunks: Iterable[bytes], folder: Path) -> Spooled:
    """Write ``chunks`` to a new file in ``folder`` (``spool_folder``)."""
    folder.mkdir(exist_ok=True)
    path = str(folder / f"spool-{secrets.token_hex(8)}")
    # created as ``open(…, "wb")`` creates the site's other files: mode 0o666 less the umask
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                size += len(chunk)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return Spooled(path, size)


PAUSE_ENV = "JVREADER_TEST_PAUSE_BEFORE_SWAP"
"""Seconds to wait with the new tree complete, before the swap: lets a test kill a build at
the worst moment. Never set outside tests."""


def write_site(
    files: Iterable[tuple[str, bytes | Kept | Spooled]], static_dirs: Iterable[Path], out_dir: Path,
    before_swap: Callable[[Path], None] | None = None, roots: InputRoots | None = None,
) -> int:
    """Write ``files`` (relative POSIX path, content) and the static folders; return the count.

    ``before_swap(staging)`` runs on the complete new site before it replaces the old one
    (e.g. search indexing), so its failure also leaves the previous site in place.
    Only the static files ``inputs_guard`` allows are copied: regular files lying in
    ``roots`` (by default, each static folder itself); a link leading out is never copied.
    """
    out_dir = real_output(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swap(out_dir)
    previous = SiteFolder(out_dir) if out_dir.is_dir() else None
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        placer = _Placer(str(staging), previous)
        written: set[str] = set()
        for static_dir in static_dirs:  # later folders replace earlier files, file by file
            allowed = roots if roots is not None else input_roots(static_dir)
            for src in folder_files(Path(static_dir), allowed)[0]:
                rel = "static/" + src.relative_to(static_dir).as_posix()
                placer.place(rel, src.read_bytes())
        for rel, content in files:
            if rel in written:
                raise RenderError(f"two pages would be written to {rel}")
            written.add(rel)
            placer.place(rel, content)
        if before_swap is not None:
            before_swap(staging)
            if previous is not None:
                _relink_unchanged(staging, previous)
        count = _count_files(str(staging))
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is world-readable
        _pause_for_tests()
        swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count

def _inside(root: str, rel: str) -> str:
    """``root/rel`` as a string, ``rel`` checked to be a plain relative path (no ``..``)."""
    parts = rel.split("/")  # not PurePosixPath(rel).parts, which drops "." and "//"
    if not rel or any(p in ("..", ".", "") for p in parts) or "\\" in rel or "\0" in rel:
        raise RenderError(f"refusing to write outside the output folder: {rel!r}")
    return f"{root}/{rel}"


class SiteFolder:
    """A built site's folder (its resolved real path), with what was found of its sub-folders
    remembered for the build: a site of thousands of files has a handful of folders, and
    each is checked once (a real folder, not a symlink) instead of once per file."""

    def __init__(self, root: Path | str):
        self.root = str(root)
        self._folders: dict[str, bool] = {"": True}

    def file(self, rel: str) -> str | None:
        """The path of ``rel`` in this site, or ``None`` when ``rel`` is not a safe relative
        path or a folder on the way is a symlink (which could lead outside the site)."""
        try:
            path = _inside(self.root, rel)
        except RenderError:
            return None
        return path if self._real_folder(rel.rpartition("/")[0]) else None

    def _real_folder(self, folder: str) -> bool:
        known = self._folders.get(folder)
        if known is None:
            known = self._real_folder(folder.rpartition("/")[0])
            if known:
                try:
                    known = stat.S_ISDIR(os.lstat(f"{self.root}/{folder}").st_mode)
                except OSError:
                    known = False
            self._folders[folder] = known
        return known


def previous_file(out_dir: Path, rel: str) -> Path | None:
    """The file at ``rel`` in a built site, or ``None`` when ``rel`` is not a safe relative
    path or a folder on the way is a symlink (which could lead outside the site)."""
    found = SiteFolder(out_dir).file(rel)
    return Path(found) if found is not None else None


def _same_file(path: str | Path, content: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding exactly ``content``."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(content):
            return False
        with open(path, "rb") as fh:
            return fh.read() == content
    except OSError:
        return False


class _Placer:
    """Puts files in the new tree, remembering the folders it made."""

    def __init__(self, staging: str, previous: SiteFolder | None):
        self.staging = staging
        self.previous = previous
        self._made: set[str] = {""}

    def place(self, rel: str, content: bytes | Kept | Spooled) -> None:
        """One file in the new tree: the previous build's file when the bytes are the same."""
        dest = _inside(self.staging, rel)
        folder = rel.rpartition("/")[0]
        if folder not in self._made:
            os.makedirs(f"{self.staging}/{folder}", exist_ok=True)
            self._made.add(folder)
        old = self.previous.file(rel) if self.previous is not None else None
        if isinstance(content, Kept):
            if old is not None and _link(old, dest):
                if _still_kept(dest, old, content):
                    return
                os.unlink(dest)  # the old file changed after it was matched
            content = content.remake()
        if isinstance(content, Spooled):
            if old is not None and _same_as_file(old, content) and _link(old, dest):
                os.unlink(content.path)
            else:
                os.replace(content.path, dest)
            return
        if old is not None and _same_file(old, content) and _link(old, dest):
            return
        with open(dest, "wb") as fh:
            fh.write(content)


def _same_as_file(path: str, spooled: Spooled) -> bool:
    """Whether ``path`` is a regular file (not a link) holding the same bytes as ``spooled``."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != spooled.size:
            return False
        return filecmp.cmp(path, spooled.path, shallow=False)
    except OSError:
        return False


def _still_kept(dest: str, old: str, kept: Kept) -> bool:
    """Whether the file placed at ``dest`` from ``old`` is the one ``kept`` describes."""
    try:
        placed = os.lstat(dest)
        if placed.st_ino != kept.inode:  # copied, not linked: look at the original
            placed = os.lstat(old)
    except OSError:
        return False
    return (stat.S_ISREG(placed.st_mode) and placed.st_size == kept.size
            and placed.st_mtime_ns == kept.mtime_ns and placed.st_ino == kept.inode)


def _count_files(root: str) -> int:
    """Files under ``root`` (as ``Path.rglob`` + ``is_file`` counts them, without Paths)."""
    count = 0
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                count += _count_files(entry.path)
            elif entry.is_file():
                count += 1
    return count


def _link(old: str | Path, dest: str | Path) -> bool:
    """Hard-link ``old`` at ``dest``, or copy it with its times; ``False`` if neither works."""
    try:
        os.link(old, dest, follow_symlinks=False)
        return True
    except OSError:
        pass
    try:
        shutil.copy2(old, dest, follow_symlinks=False)
        return True
    except OSError:
        return False


def _relink_unchanged(staging: Path, previous: SiteFolder) -> None:
    """Files the ``before_swap`` hook wrote (a search index): reuse the old ones it repeated."""
    for path in sorted(staging.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.stat().st_nlink > 1:
            continue  # already linked from the previous build
        old = previous.file(path.relative_to(staging).as_posix())
        if old is not None and _same_file(old, path.read_bytes()):
            spare = path.with_name(f".{path.name}.relink")
            if _link(old, spare):
                os.replace(spare, path)


def _pause_for_tests() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        time.sleep(float(seconds))
