"""The one rule for every file a build reads: a regular file inside the project.

Articles, sidecars, notes, the gazetteer, ``events.yml``, ``jvreader.yml``, templates and
static files are all read through ``refusal`` (or ``folder_files``, its walk of a folder)
before a byte of them is opened. A file is read only when

* its real path (links followed) lies inside one of the allowed folders: the project
  folder and the packaged defaults (``InputRoots``; ``config.Project.input_roots``), and
* it is a regular file: not a FIFO (opening one waits forever for a writer), a device
  (``/dev/zero`` never ends), a socket, a folder, a dangling link or a link loop.

Anything else is skipped, never opened, with a warning naming it (and, for a link, where
it points); ``--strict`` makes every warning an error. Before → after:

    seeds/passwd.txt -> /etc/passwd   →  "seeds/passwd.txt: a link to /etc/passwd, outside
                                          the project folder: not read"
    seeds/pipe.txt (a FIFO)           →  "seeds/pipe.txt: a FIFO (named pipe), not a regular
                                          file: skipped"
    seeds/alias.txt -> other.txt      →  read (a link inside the project is fine)
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class InputRoots:
    """The real folders inputs may lie in, and the folder paths are shown relative to."""

    project: str
    """The project folder as given (absolute): warnings name files relative to it."""
    real: tuple[str, ...]
    """Real paths (links resolved) of the allowed folders, each ending in a separator."""


def input_roots(project_dir: Path, *folders: Path) -> InputRoots:
    """The project folder and ``folders`` (the packaged defaults) as allowed places; each
    is resolved once here, not per file."""
    real = []
    for folder in (project_dir, *folders):
        where = os.path.join(os.path.realpath(folder), "")
        if where not in real:
            real.append(where)
    return InputRoots(os.path.abspath(project_dir), tuple(real))


def inside(real_path: str, roots: InputRoots) -> bool:
    """Whether the real path ``real_path`` lies in one of the allowed folders."""
    return any(real_path.startswith(root) for root in roots.real)


def shown(path: Path | str, roots: InputRoots) -> str:
    """``path`` as a warning names it: relative to the project folder when inside it."""
    full = os.path.abspath(path)
    if full.startswith(os.path.join(roots.project, "")):
        return Path(os.path.relpath(full, roots.project)).as_posix()
    return str(path)


def refusal(path: Path | str, roots: InputRoots, real_folder: str | None = None) -> str | None:
    """``None`` when ``path`` may be read, else the warning saying why it is not (printable
    even when a name is not valid UTF-8).

    Only metadata is looked at (``lstat``/``stat``, never ``open``), so a FIFO or a device
    cannot make this wait. ``real_folder``, the real path of ``path``'s folder when the
    caller resolved it already, spares resolving it again for every file of a folder.
    """
    problem = _refusal(path, roots, real_folder)
    return printable(problem) if problem is not None else None


def printable(text: str) -> str:
    """``text`` with what a file name may hold but UTF-8 may not (lone surrogates) replaced."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _refusal(path: Path | str, roots: InputRoots, real_folder: str | None) -> str | None:
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"{shown(path, roots)}: cannot be read ({exc.strerror or exc}): skipped"
    if not stat.S_ISLNK(info.st_mode):
        folder = real_folder if real_folder is not None else os.path.realpath(
            os.path.dirname(os.path.abspath(path)))
        if not inside(os.path.join(folder, os.path.basename(path)), roots):
            return f"{shown(path, roots)}: lies in {folder}, outside the project folder: not read"
        kind = _not_regular(info.st_mode)
        return f"{shown(path, roots)}: {kind}, not a regular file: skipped" if kind else None
    name = shown(path, roots)
    target = os.readlink(path)
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{name}: a symbolic link loop ({name} -> {target}): skipped"
        return f"{name}: a link to {target}, which does not exist: skipped"
    if not inside(real, roots):
        return f"{name}: a link to {real}, outside the project folder: not read"
    try:
        kind = _not_regular(os.stat(real).st_mode)
    except OSError as exc:
        return f"{name}: a link to {real}, which cannot be read ({exc.strerror or exc}): skipped"
    return f"{name}: a link to {real}, {kind}, not a regular file: skipped" if kind else None


def present(path: Path | str) -> bool:
    """Whether anything (a file, a folder, a link, even a dangling one) has this name."""
    return os.path.lexists(path)


def folder_files(folder: Path, roots: InputRoots) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """Every file under ``folder`` that may be read (sorted), and a warning for each entry
    that may not. Links to folders are not followed (a warning names each one)."""
    if not os.path.isdir(folder):
        return (), ()
    files: list[Path] = []
    warnings: list[str] = []
    for here, dirs, names in os.walk(folder):
        dirs.sort()
        real_here = os.path.realpath(here)
        for d in [d for d in dirs if os.path.islink(os.path.join(here, d))]:
            dirs.remove(d)  # os.walk would not enter it either: named, not silently dropped
            link = os.path.join(here, d)
            real = os.path.realpath(link)
            why = ("outside the project folder: not read"
                   if not inside(os.path.join(real, ""), roots) else "a folder: not followed")
            warnings.append(printable(f"{shown(link, roots)}: a link to {real}, {why}"))
        for file_name in sorted(names):
            path = Path(here, file_name)
            problem = refusal(path, roots, real_here)
            if problem is None:
                files.append(path)
            else:
                warnings.append(problem)
    return tuple(sorted(files)), tuple(warnings)


def folders_warnings(folders: Iterable[Path], roots: InputRoots) -> tuple[str, ...]:
    """The warnings of ``folder_files`` for each folder (``templates/``, ``static/``)."""
    return tuple(w for folder in folders for w in folder_files(folder, roots)[1])


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file (``None`` if it is)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a file"
