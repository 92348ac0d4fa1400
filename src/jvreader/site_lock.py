"""The build lock: one build at a time per output folder (``.NAME.lock`` beside it) and
per cache folder, held by ``flock`` so the kernel releases it when the process dies."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from jvreader.errors import JvreaderError, RenderError
from jvreader.site_swap import real_output

try:
    import fcntl
except ImportError:  # not on Windows: builds are not locked there
    fcntl = None  # type: ignore[assignment]


class BuildBusy(JvreaderError):
    """Another build holds the output folder's (or the cache's) lock."""


@contextlib.contextmanager
def build_lock(out_dir: Path, cache_dir: Path | None = None) -> Iterator[None]:
    """Hold, for one build, the lock of the output folder (``.NAME.lock`` beside it) and of
    the cache folder; ``BuildBusy`` at once if another process holds either.

    Two builds at once would remove each other's half-written trees and prune each
    other's cache entries. ``flock`` locks belong to the open file: the kernel releases
    them when the process dies, even by ``kill -9``, so a stale lock file never blocks.
    """
    real = real_output(out_dir)
    held: list[tuple[int, str]] = []
    try:
        with contextlib.suppress(OSError):  # if it cannot be made, opening the lock says why
            real.parent.mkdir(parents=True, exist_ok=True)
        held.append(_take_lock(real.parent / f".{real.name}.lock",
                               f"another jvreader build is running on {out_dir}"))
        if cache_dir is not None:
            with contextlib.suppress(OSError):
                cache_dir.mkdir(parents=True, exist_ok=True)
            held.append(_take_lock(cache_dir / "build.lock",
                                   f"another jvreader build is using the cache {cache_dir}"))
        yield
    finally:
        for fd, path in reversed(held):
            with contextlib.suppress(OSError):
                os.unlink(path)  # still held: no other process can be holding this file
            os.close(fd)


def _take_lock(path: Path, busy: str) -> tuple[int, str]:
    """An open descriptor of ``path`` holding its exclusive ``flock``, with this process's
    id written in it (for the message another build gives)."""
    for _ in range(10):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise RenderError(f"{path}: cannot make the build's lock file: "
                              f"{exc.strerror}") from None
        if fcntl is None:
            return fd, str(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            owner = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise BuildBusy(f"{busy} (pid {owner})") from None
        try:  # the file the lock was taken on may have been removed by its last holder
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except OSError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            return fd, str(path)
        os.close(fd)
    raise BuildBusy(f"{busy} (its lock file {path} keeps changing)")
