"""A content-addressed cache: entries named by a hash of everything their value depends on.

A rebuild finds again only what its inputs say it may: every entry is named by a hash of
its inputs and of the rules (``rules_version``: the code, ``data/*`` and the version), so a
stale entry is never found, only orphaned. The cache lives in the project folder
(``.jvreader-cache/``, git-ignored) and is written by jvreader alone, so its entries are
pickles of the pipeline's frozen records (as constructor arguments, for speed: ``records``).

Before: ``Cache(Path(".jvreader-cache")).put("load", source_key(path, project_dir),
(article, warnings))``.
After: ``.jvreader-cache/load/3f/3fa9….pickle``, which ``get("load", key)`` returns until
the article's bytes, its sidecar or the rules change. ``cache.load`` stores each article's
load and extraction results and the corpus this way; the pipeline adds ``annotate/…``
(the annotations) and ``pages/…`` (``render.reuse``).

An entry that cannot be read (truncated, corrupt, from another Python) counts as missing
and is rebuilt; a cache folder that cannot be written only makes builds slower.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import jvreader
from jvreader.cache.records import dump
from jvreader.cache.records import dumps as dumps  # what the stages store, as bytes
from jvreader.inputs_guard import InputRoots, present, refusal

CACHE_DIR = ".jvreader-cache"
BULKY_KINDS = ("corpus", "annotate", "parts", "export-corpus", "export-jsonld")
"""Entries of the whole corpus: one per state of the corpus, megabytes each (``prune``)."""
SPARE_ENTRIES = 2
_SIDECAR_SUFFIXES = (".yaml", ".yml")


@cache
def rules_version() -> str:
    """A hash of what every cached result depends on besides its inputs: the package's code
    (``*.py``), its rules (``data/*``) and its version. Any edit to them starts afresh."""
    root = Path(str(resources.files("jvreader")))
    digest = hashlib.sha256(jvreader.__version__.encode())
    for path in sorted([*root.rglob("*.py"), *(root / "data").glob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def hash_parts(parts: Iterable[bytes | str]) -> str:
    """One hex digest of several values, each length-prefixed so no two lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def source_key(path: Path, project_dir: Path) -> str:
    """The key of an article's load result: its bytes, its sidecar's, where it lives, the
    rules. Reading the bytes is the only I/O; the file is hashed, never trusted by date."""
    return _source_key(path, str(path.resolve()), str(project_dir.resolve()))


def source_keys(paths: Iterable[Path], project_dir: Path) -> list[str]:
    """``source_key`` of each path, resolving each folder once (resolving every path
    walked every folder above it again: a third of the keys' cost)."""
    project = str(project_dir.resolve())
    folders: dict[Path, str] = {}
    keys = []
    for path in paths:
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = str(path.parent.resolve())
        if path.is_symlink() or path.name in ("", ".", ".."):
            where = str(path.resolve())
        else:
            where = os.path.join(folder, path.name)
        keys.append(_source_key(path, where, project, folder))
    return keys


def _source_key(path: Path, where: str, project: str, real_folder: str | None = None) -> str:
    parts: list[bytes | str] = ["load", rules_version(), where, project, path.read_bytes()]
    for suffix in _SIDECAR_SUFFIXES:
        side = path.with_suffix(suffix)
        if not present(side):
            parts.append(b"\0absent")
            continue
        # a sidecar the loader refuses (a FIFO, a link out of the project) is never read
        folder = real_folder if real_folder is not None else os.path.realpath(path.parent)
        roots = InputRoots(project, (os.path.join(project, ""),))
        problem = refusal(side, roots, folder)
        parts.append(side.read_bytes() if problem is None
                     else b"\0refused " + problem.encode("utf-8", "surrogateescape"))
    return hash_parts(parts)


def file_key(kind: str, path: Path | None) -> str:
    """The key of something made from one optional file (the gazetteer) with the rules."""
    data = path.read_bytes() if path is not None and path.is_file() else b"\0absent"
    return hash_parts([kind, rules_version(), data])


@contextlib.contextmanager
def collector_paused(keep: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside: unpickling builds millions of objects and no
    garbage, and the collector walking them all as they come made loads 2-3x slower.

    ``keep``: what was made inside lives on (a corpus read back), so every object is moved
    out of the collector's sight (``gc.freeze``) before it resumes: else its first
    collection walked them all once (0.11 s at N = 1,000). ``build`` unfreezes at its end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if keep:  # not after an error: its traceback's cycles must stay collectable
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


class Memory:
    """The last few entries of the big kinds, kept in the process between builds (``serve``
    builds again and again): an edit then reads the corpus and the annotations from here
    instead of unpickling tens of megabytes. Entries are immutable records, so sharing them
    is safe; their keys name their inputs, so one is never stale."""

    KINDS = frozenset({"corpus", "annotate", "parts", "latest"})
    PER_KIND = 2  # "latest" holds two pointers per project (corpus, annotation parts)

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Any]] = {}

    def get(self, kind: str, key: str) -> Any | None:
        return self._entries.get(kind, {}).get(key)

    def newest(self, kind: str) -> Any | None:
        """The entry of ``kind`` put last (``None`` if none): in ``serve``, the last build's."""
        entries = self._entries.get(kind)
        return entries[next(reversed(entries))] if entries else None

    def put(self, kind: str, key: str, value: Any) -> None:
        if kind not in self.KINDS:
            return
        entries = self._entries.setdefault(kind, {})
        entries.pop(key, None)
        entries[key] = value  # newest last
        while len(entries) > self.PER_KIND:
            del entries[next(iter(entries))]


class Cache:
    """Entries by ``(kind, key)`` under ``folder``; ``Cache(None)`` remembers nothing.
    With a ``Memory``, the big entries are also kept in (and first looked up in) memory."""

    def __init__(self, folder: Path | None, memory: Memory | None = None) -> None:
        self.folder = folder
        self.memory = memory if folder is not None else None
        self.hits = 0
        self.misses = 0
        self.used: dict[str, set[str]] = {}
        """Keys read or written by this build, by kind (``prune`` keeps them)."""

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any | None:
        """The stored value, or ``None`` when absent or unreadable (it will be rebuilt)."""
        return self.read(kind, key, pickle.load)

    def read(self, kind: str, key: str, reader: Callable[[BinaryIO], Any]) -> Any | None:
        """``reader``'s value of the stored entry (an entry ``writer`` wrote as several
        pickles, read one after another), or ``None`` when absent or unreadable (``reader``
        raising counts as unreadable). Memory is looked up first and remembers the value."""
        if self.folder is None:
            return None
        if self.memory is not None and (value := self.memory.get(kind, key)) is not None:
            self.hits += 1
            self.used.setdefault(kind, set()).add(key)
            return value
        try:
            with open(self._path(kind, key), "rb") as fh, collector_paused(keep=True):
                value = reader(fh)
        except Exception:  # missing, truncated or from an incompatible version: rebuild
            self.misses += 1
            return None
        self.hits += 1
        self.used.setdefault(kind, set()).add(key)
        if self.memory is not None:
            self.memory.put(kind, key, value)
        return value

    @contextlib.contextmanager
    def writer(self, kind: str, key: str) -> Iterator[EntryWriter]:
        """An entry written piece by piece (pickles made elsewhere, e.g. by workers, are
        written as they come instead of being held), in place only once the block ends
        without an error; a write that fails only leaves the entry out."""
        out = EntryWriter(None if self.folder is None else self._path(kind, key))
        if self.folder is not None:
            self.used.setdefault(kind, set()).add(key)
        try:
            yield out
        except BaseException:
            out.discard()
            raise
        out.commit()

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` atomically (a reader never sees half an entry); errors are ignored."""
        if self.folder is None:
            return
        self.used.setdefault(kind, set()).add(key)
        if self.memory is not None:
            self.memory.put(kind, key, value)
        # Pickled straight into the file: the export shares of 10,000 articles are hundreds
        # of megabytes, and pickled to bytes first they were held twice.
        with self.writer(kind, key) as out:
            dump(value, out)

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        """Store an entry already pickled by ``dumps`` (e.g. in a worker that also sends it)."""
        with self.writer(kind, key) as out:
            out.write(data)

    def prune(self, kinds: Iterable[str] = BULKY_KINDS, spare: int = SPARE_ENTRIES) -> int:
        """Delete the entries of ``kinds`` this build did not use, but the ``spare`` newest
        (an edit undone finds its corpus again); how many were deleted. Each edit writes a new
        corpus entry of the whole corpus, so without this the folder grows with every save."""
        if self.folder is None:
            return 0
        deleted = 0
        for kind in kinds:
            used = self.used.get(kind, set())
            others = []
            for path in (self.folder / kind).glob("*/*.pickle"):
                if path.stem not in used:
                    with contextlib.suppress(OSError):
                        others.append((path.stat().st_mtime_ns, path))
            for _, path in sorted(others, reverse=True)[spare:]:
                with contextlib.suppress(OSError):
                    path.unlink()
                    deleted += 1
        return deleted


class EntryWriter:
    """A cache entry being written to a temporary file next to its place (``Cache.writer``);
    without a place, or once a write failed, writes are dropped (a full or read-only disk
    makes the next build slower, not this one wrong)."""

    def __init__(self, target: Path | None) -> None:
        self._target = target
        self._tmp: str | None = None
        self._fh: BinaryIO | None = None
        if target is None:
            return
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            self._fh = os.fdopen(fd, "wb")
        except OSError:
            self.discard()

    def write(self, data: bytes) -> None:
        if self._fh is None:
            return
        try:
            self._fh.write(data)
        except OSError:
            self.discard()

    def discard(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None

    def commit(self) -> None:
        if self._fh is None or self._tmp is None or self._target is None:
            return
        try:
            self._fh.close()
            self._fh = None
            os.replace(self._tmp, self._target)
            self._tmp = None
        except OSError:
            self.discard()
