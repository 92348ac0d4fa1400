"""Pages of the previous build that can be reused as they are, found by what they were made from.

Every generated file gets two keys: a *coarse* one (the whole annotated input, the templates,
the site settings and the code: equal means every file is the same) and, for pages, a *fine*
one (a hash of the page's own view, the exact context its template receives). A file is
reused when either key equals the one recorded for it last time and the previous output
file is still the one that build wrote (same size, modification time and inode).

Before: ``build/articles/a.html`` from the last build, and in the cache folder
``pages/<output hash>.pickle`` = ``{"articles/a.html": Entry(coarse="9c…", fine="41…", …)}``.
After: ``store.match("articles/a.html", coarse, fine)`` says the old file will do, and
``store.keep("articles/a.html", remake)`` gives a ``Kept`` (the file's size, time and inode,
which the writer hard-links without reading it); otherwise the page is rendered.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2
import markdown_it
import pygments

from jvreader import model
from jvreader.cache import hash_parts
from jvreader.inputs_guard import InputRoots, folder_files, input_roots
from jvreader.write import Kept, SiteFolder, Spooled

MANIFEST_KIND = "pages"
_MANIFEST_VERSION = "pages 5"


@dataclass(frozen=True, slots=True)
class Entry:
    """What was recorded for one output file: its keys, and the file as written."""

    coarse: str
    fine: str | None
    size: int
    mtime_ns: int
    inode: int


def templateshash_parts(template_dirs: Sequence[Path], roots: InputRoots | None = None) -> str:
    """Every file of every template folder (order matters: the first folder wins) that
    ``inputs_guard`` allows (in ``roots``; by default in the folder itself): a refused
    file is never read, not even to hash it."""
    parts: list[bytes | str] = []
    for i, folder in enumerate(template_dirs):
        folder = Path(folder)
        parts.append(f"folder {i}")
        for path in folder_files(folder, roots if roots is not None else input_roots(folder))[0]:
            parts += [os.fsencode(path.relative_to(folder)), path.read_bytes()]
    return hash_parts(parts)


def render_salt(code_version: str, template_dirs: Sequence[Path], site: object,
                roots: InputRoots | None = None) -> str:
    """What every output depends on besides the annotated corpus: code, libraries, templates,
    site settings."""
    return hash_parts([code_version, sys.version, jinja2.__version__, markdown_it.__version__,
                    pygments.__version__, templateshash_parts(template_dirs, roots),
                    repr(site)])


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


def view_key(salt: str, path: str, template: str, section: str, view: object) -> str | None:
    """The fine key of a page: its template, section and view (the whole context its template
    receives besides the site settings, which are in ``salt``); ``None`` when the view cannot
    be serialised (the page is then always rendered)."""
    try:
        data = stable_pickle(view)
    except Exception:  # a view holding something unpicklable is simply not cached
        return None
    return hash_parts(["view", salt, path, template, section, data])



class PageStore:
    """The previous build's manifest for ``out_dir`` (read on creation) and the new one.

    Besides each file's entry, the manifest holds the key of the whole site (``site_key``)
    and its list of files: a rebuild from the same input knows every file without planning
    the site."""

    def __init__(self, folder: Path | None, out_dir: Path, salt: str, inputs: str | None):
        self.folder = folder
        self.out_dir = Path(os.path.realpath(out_dir))
        self.salt = salt
        self.inputs = inputs
        """Digest of the annotated input; ``None`` when unknown (no coarse reuse)."""
        self.previous: dict[str, Entry] = {}
        self.current: dict[str, tuple[str, str | None]] = {}
        self.reused_count = 0
        self._site: tuple[str | None, tuple[str, ...]] = (None, ())
        self._previous_site: tuple[str | None, tuple[str, ...]] = (None, ())
        self._old = SiteFolder(self.out_dir)
        self._seen: dict[str, os.stat_result] = {}
        self._coarse: dict[str, str] = {}
        if folder is not None:
            try:
                with open(self._manifest(), "rb") as fh:
                    previous = pickle.load(fh)
                # Every key holds the salt: after a change of templates, settings or code
                # no file can match, and finding that page by page took 10 s at N = 10,000.
                if (isinstance(previous, tuple) and len(previous) == 5
                        and previous[0] == _MANIFEST_VERSION and previous[1] == salt):
                    _, _, whole, paths, previous = previous
                    self._previous_site = (whole, tuple(paths))
                    if isinstance(previous, dict):
                        self.previous = previous
            except Exception:  # missing or unreadable: everything is rendered
                self.previous = {}
                self._previous_site = (None, ())

    def _manifest(self) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(os.fsencode(self.out_dir)).hexdigest()[:32]
        return self.folder / MANIFEST_KIND / f"{name}.pickle"

    def coarse(self, path: str) -> str | None:
        if self.inputs is None:
            return None
        key = self._coarse.get(path)
        if key is None:  # asked when matching and again when recording
            key = self._coarse[path] = hash_parts(["coarse", self.salt, self.inputs, path])
        return key

    def site_key(self, extra: Sequence[str]) -> str | None:
        """The key of the whole site's list of files: the input, the salt (templates, site
        settings, code) and the names of the ``extra`` files; ``None`` without an input."""
        if self.inputs is None:
            return None
        return hash_parts(["site", self.salt, self.inputs, *extra])

    def same_site(self, key: str | None) -> tuple[str, ...] | None:
        """The previous build's files, in order, when it had the site key ``key``."""
        whole, paths = self._previous_site
        return paths if key is not None and whole == key else None

    def record_site(self, key: str | None, paths: Sequence[str]) -> None:
        """The site key and files of this build, for the manifest."""
        self._site = (key, tuple(paths))

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

    def _intact(self, path: str, entry: Entry) -> os.stat_result | None:
        old = self._old.file(path)
        if old is None:
            return None
        try:
            info = os.lstat(old)
        except OSError:
            return None
        if (not stat.S_ISREG(info.st_mode) or info.st_size != entry.size
                or info.st_mtime_ns != entry.mtime_ns or info.st_ino != entry.inode):
            return None
        self._seen[path] = info
        return info

    def keep(self, path: str, remake: Callable[[], bytes | Spooled]) -> Kept | None:
        """The previous file of a path ``match`` accepted, for the writer to link (``None`` if
        it changed since); ``remake`` makes the bytes should it change before it is linked."""
        info = self._seen.pop(path, None)
        if info is None:  # matched before the file was looked at again
            entry = self.previous.get(path)
            info = self._intact(path, entry) if entry is not None else None
            self._seen.pop(path, None)
            if info is None:
                return None
        self.reused_count += 1
        return Kept(info.st_size, info.st_mtime_ns, info.st_ino, remake)

    def record(self, path: str, coarse: str | None, fine: str | None) -> None:
        if coarse is not None or fine is not None:
            self.current[path] = (coarse or "", fine)

    def save(self) -> None:
        """Write the manifest of the site now in ``out_dir`` (call after the swap)."""
        if self.folder is None:
            return
        entries: dict[str, Entry] = {}
        written = SiteFolder(self.out_dir)
        for path, (coarse, fine) in self.current.items():
            found = written.file(path)
            try:
                info = os.lstat(found) if found is not None else None
            except OSError:
                continue
            if info is not None and stat.S_ISREG(info.st_mode):
                entries[path] = Entry(coarse, fine, info.st_size, info.st_mtime_ns,
                                      info.st_ino)
        whole, paths = self._site
        target = self._manifest()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump((_MANIFEST_VERSION, self.salt, whole, paths, entries), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass  # the next build renders everything, which is slower, not wrong
