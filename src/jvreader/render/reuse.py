"""Pages of the previous build that can be reused as they are, found by what they were made from.

Every generated file gets two keys: a *coarse* one (the whole annotated input, the templates,
the site settings and the code: equal means every file is the same) and, for pages, a *fine*
one (a hash of the page's own view, the exact context its template receives). A file is
reused when either key equals the one recorded for it last time and the previous output
file is still the one that build wrote (same size, modification time and inode).

Before: ``build/articles/a.html`` from the last build, and in the cache folder
``pages/<output hash>.pickle`` = ``{"articles/a.html": Entry(coarse="9c…", fine="41…", …)}``.
After: ``store.match("articles/a.html", coarse, fine)`` says the old file will do, and
``store.read("articles/a.html")`` gives its bytes (``Kept``, which the writer hard-links
without comparing them again); otherwise the page is rendered.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import os
import pickle
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2
import markdown_it
import pygments

from jvreader import model
from jvreader.cache import hash_parts
from jvreader.write import Kept, previous_file

MANIFEST_KIND = "pages"


@dataclass(frozen=True, slots=True)
class Entry:
    """What was recorded for one output file: its keys, and the file as written."""

    coarse: str
    fine: str | None
    size: int
    mtime_ns: int
    inode: int


def templateshash_parts(template_dirs: Sequence[Path]) -> str:
    """Every file of every template folder (order matters: the first folder wins)."""
    parts: list[bytes | str] = []
    for i, folder in enumerate(template_dirs):
        folder = Path(folder)
        parts.append(f"folder {i}")
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return hash_parts(parts)


def render_salt(code_version: str, template_dirs: Sequence[Path], site: object) -> str:
    """What every output depends on besides the annotated corpus: code, libraries, templates,
    site settings."""
    return hash_parts([code_version, sys.version, jinja2.__version__, markdown_it.__version__,
                    pygments.__version__, templateshash_parts(template_dirs), repr(site)])


def _as_fields(cls: type, names: tuple[str, ...], obj: object) -> tuple[type, tuple]:
    return cls, tuple(getattr(obj, name) for name in names)


@cache
def _record_reducers() -> dict[type, Any]:
    """The pipeline's records pickled as their compared fields, in one tuple: what equality
    looks at (not the lookup tables a ``Corpus`` builds), and much faster than the default."""
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for cls in vars(model).values():
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            names = tuple(f.name for f in dataclasses.fields(cls) if f.compare)
            table[cls] = partial(_as_fields, cls, names)
    return table


def stable_pickle(value: object) -> bytes:
    """``value`` pickled for hashing: without the memo, so equal values give equal bytes however
    their parts happen to be shared in memory (raises on cycles and on what cannot be pickled).
    Never unpickled."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _record_reducers()
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def digest_of(value: object) -> str:
    """A hex digest of ``value`` (``stable_pickle``)."""
    return hashlib.sha256(stable_pickle(value)).hexdigest()


def view_key(salt: str, path: str, template: str, section: str, view: object) -> str | None:
    """The fine key of a page: its template, section and view (or everything its view is made
    from); ``None`` when that cannot be serialised (the page is then always rendered)."""
    try:
        data = stable_pickle(view)
    except Exception:  # a view holding something unpicklable is simply not cached
        return None
    return hash_parts(["view", salt, path, template, section, data])


class PageStore:
    """The previous build's manifest for ``out_dir`` (read on creation) and the new one."""

    def __init__(self, folder: Path | None, out_dir: Path, salt: str, inputs: str | None):
        self.folder = folder
        self.out_dir = Path(os.path.realpath(out_dir))
        self.salt = salt
        self.inputs = inputs
        """Digest of the annotated input; ``None`` when unknown (no coarse reuse)."""
        self.previous: dict[str, Entry] = {}
        self.current: dict[str, tuple[str, str | None]] = {}
        self.reused_count = 0
        if folder is not None:
            try:
                with open(self._manifest(), "rb") as fh:
                    previous = pickle.load(fh)
                if isinstance(previous, dict):
                    self.previous = previous
            except Exception:  # missing or unreadable: everything is rendered
                self.previous = {}

    def _manifest(self) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(os.fsencode(self.out_dir)).hexdigest()[:32]
        return self.folder / MANIFEST_KIND / f"{name}.pickle"

    def coarse(self, path: str) -> str | None:
        if self.inputs is None:
            return None
        return hash_parts(["coarse", self.salt, self.inputs, path])

    def match(self, path: str, coarse: str | None, fine: str | None) -> str | None:
        """The fine key recorded for ``path`` when ``coarse`` or ``fine`` equals the recorded
        one and the previous file is still as written (``""`` when none was recorded);
        ``None`` when the file must be made again."""
        entry = self.previous.get(path)
        if entry is None or not ((coarse is not None and entry.coarse == coarse)
                                 or (fine is not None and entry.fine == fine)):
            return None
        if self._intact(path, entry) is None:
            return None
        return entry.fine or ""

    def _intact(self, path: str, entry: Entry) -> Path | None:
        old = previous_file(self.out_dir, path)
        if old is None:
            return None
        try:
            info = os.lstat(old)
        except OSError:
            return None
        if (not stat.S_ISREG(info.st_mode) or info.st_size != entry.size
                or info.st_mtime_ns != entry.mtime_ns or info.st_ino != entry.inode):
            return None
        return old

    def read(self, path: str) -> Kept | None:
        """The previous bytes of a file ``match`` accepted (``None`` if it changed since)."""
        entry = self.previous.get(path)
        old = self._intact(path, entry) if entry is not None else None
        if old is None:
            return None
        try:
            with open(old, "rb") as fh:
                content = fh.read()
        except OSError:
            return None
        if len(content) != entry.size:
            return None
        self.reused_count += 1
        return Kept(content)

    def record(self, path: str, coarse: str | None, fine: str | None) -> None:
        if coarse is not None or fine is not None:
            self.current[path] = (coarse or "", fine)

    def save(self) -> None:
        """Write the manifest of the site now in ``out_dir`` (call after the swap)."""
        if self.folder is None:
            return
        entries: dict[str, Entry] = {}
        for path, (coarse, fine) in self.current.items():
            written = previous_file(self.out_dir, path)
            try:
                info = os.lstat(written) if written is not None else None
            except OSError:
                continue
            if info is not None and stat.S_ISREG(info.st_mode):
                entries[path] = Entry(coarse, fine, info.st_size, info.st_mtime_ns,
                                      info.st_ino)
        target = self._manifest()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass  # the next build renders everything, which is slower, not wrong
