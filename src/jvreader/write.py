"""Write the site: every file into a fresh sibling folder, then swap it in for the old one.

A build that fails half-way leaves the previous output untouched: nothing is written to the
output folder itself until the new site is complete. Paths are checked to stay inside the
staging folder, and no path may be written twice.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from jvreader.errors import RenderError


def write_site(
    files: Iterable[tuple[str, bytes]], static_dirs: Iterable[Path], out_dir: Path,
    before_swap: Callable[[Path], None] | None = None,
) -> int:
    """Write ``files`` (relative POSIX path, content) and the static folders; return the count.

    ``before_swap(staging)`` runs on the complete new site before it replaces the old one
    (e.g. search indexing), so its failure also leaves the previous site in place.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover_interrupted_swap(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        written: set[str] = set()
        for static_dir in static_dirs:  # later folders replace earlier files, file by file
            for src in sorted(p for p in static_dir.rglob("*") if p.is_file()):
                rel = "static/" + src.relative_to(static_dir).as_posix()
                dest = _inside(staging, rel)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
        for rel, content in files:
            if rel in written:
                raise RenderError(f"two pages would be written to {rel}")
            written.add(rel)
            dest = _inside(staging, rel)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(content)
        if before_swap is not None:
            before_swap(staging)
        count = sum(1 for p in staging.rglob("*") if p.is_file())
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is world-readable
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _inside(root: Path, rel: str) -> Path:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", "") for p in parts) or "\\" in rel:
        raise RenderError(f"refusing to write outside the output folder: {rel!r}")
    return root.joinpath(*parts)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` in place of ``out_dir``; the old site is moved aside, then deleted."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _recover_interrupted_swap(out_dir: Path) -> None:
    """If a build died between the two renames of ``_swap``, put the previous site back."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.is_dir() and not out_dir.exists():
        os.rename(old, out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)  # staging left by a killed build
