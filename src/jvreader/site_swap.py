"""The output folder's real path, and the swap that puts a complete new site in its place:
one atomic exchange of the two folders where Linux allows (``renameat2``), otherwise two
renames, with the repair of a build killed between them and the removal of the half-written
trees and spool folders that killed builds left beside the output folder."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

from jvreader.errors import RenderError


def real_output(out_dir: Path) -> Path:
    """The output folder's real path; refuse the file-system root and the home folder."""
    real = Path(os.path.realpath(Path(out_dir).expanduser().absolute()))
    if real == Path(real.anchor) or real == Path.home().resolve():
        raise RenderError(f"{out_dir}: refusing to replace {real} with a built site")
    if real.exists() and not real.is_dir():
        raise RenderError(f"{out_dir}: exists and is not a folder")
    return real


def _old_dir(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.old")


def swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` in place of ``out_dir``, then delete the previous site."""
    if out_dir.exists() and _exchange(staging, out_dir):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    old = _old_dir(out_dir)
    _remove_own_dir(old)
    if out_dir.exists():
        os.rename(out_dir, old)
    os.rename(staging, out_dir)
    _remove_own_dir(old)


def _remove_own_dir(path: Path) -> None:
    """Delete a folder the build made; a symlink in its place is only unlinked."""
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2``); ``False`` if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def recover_interrupted_swap(out_dir: Path) -> None:
    """If a build died between the two renames of ``swap``, put the previous site back;
    remove the half-written trees of killed builds."""
    old = _old_dir(out_dir)
    if old.is_dir() and not old.is_symlink() and not out_dir.exists():
        os.rename(old, out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        with contextlib.suppress(OSError):
            _remove_own_dir(stale)
    for stale in out_dir.parent.glob(f".{out_dir.name}.spool-*"):
        if not _alive(stale.name.split("-")[1]):  # a live build's spool stays
            with contextlib.suppress(OSError):
                _remove_own_dir(stale)


def _alive(pid: str) -> bool:
    """Whether the process ``pid`` (as written in a spool folder's name) still runs."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, OverflowError, ProcessLookupError):
        return False
    except PermissionError:  # someone else's process
        return True
    return True
