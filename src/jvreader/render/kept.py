"""Files of the last build kept as they are: the whole site when its input is as last time
(``kept_site``, without planning it), its search index (``kept_bundle``), and the files
whose recorded keys still match (``reusable``, ``kept_files``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from jvreader.cache import hash_parts
from jvreader.render.reuse import PageStore
from jvreader.write import Kept, Spooled


def reusable(store: PageStore | None, paths: Sequence[str]) -> dict[str, str | None]:
    """Paths whose whole input is unchanged, with the fine key recorded for each."""
    if store is None:
        return {}
    found: dict[str, str | None] = {}
    for path in paths:
        fine = store.match(path, store.coarse(path), None)
        if fine is not None:
            found[path] = fine or None
    return found


def kept_files(store: PageStore, site_key: str | None, reuse: dict[str, str | None],
               remake: Callable[[str], bytes | Spooled]
               ) -> Iterator[tuple[str, bytes | Kept | Spooled]]:
    """Every file as last time, linked by the writer; a file changed after it was matched is
    made by ``remake(path)`` after all."""
    store.record_site(site_key, list(reuse))
    for path, fine in reuse.items():
        content = store.keep(path, partial(remake, path)) or remake(path)
        store.record(path, store.coarse(path), fine)
        yield path, content


class SiteChanged(Exception):
    """A file of the last build changed while ``kept_site`` handed it on: the site must be
    planned after all."""


def kept_site(store: PageStore, extra: Sequence[str]
              ) -> Iterator[tuple[str, bytes | Kept | Spooled]] | None:
    """Every file of the last build, to be linked again, when ``store``'s input (and the
    ``extra`` files' names) are as last time and every file is still as it was written;
    ``None`` otherwise. Needs no corpus: a file changing meanwhile raises ``SiteChanged``
    (from the writer, which then leaves the previous site as it was)."""
    site_key = store.site_key(sorted(extra))
    known = store.same_site(site_key)
    if known is None:
        return None
    reuse = reusable(store, known)
    if len(reuse) < len(known):
        return None
    return kept_files(store, site_key, reuse, _stale)


def _stale(path: str) -> bytes | Spooled:
    """The maker of a file kept without a plan, called only when it changed since matched."""
    raise SiteChanged(path)


SEARCH_BUNDLE = "pagefind/"
"""Where the search index lies in a built site (``search.BUNDLE_DIR``)."""


def _bundle_key(store: PageStore, path: str, version: str) -> str | None:
    """A search index file's key: the site's input (its pages follow from it) and the
    indexer's version."""
    coarse = store.coarse(path)
    return None if coarse is None else hash_parts(["search bundle", coarse, version])


def kept_bundle(store: PageStore, version: str | None
                ) -> list[tuple[str, bytes | Kept | Spooled]] | None:
    """The last build's search index, to be linked again with its pages by a build whose
    input is as last time (``kept_site``), when it was recorded with that input and
    ``version`` of the indexer and every file of it is still as written; else ``None``
    (index again). Pagefind took 12 s at N = 1,000 to index the same pages again. The
    files are recorded for the next build by ``record_bundle``, as an index just made."""
    paths = [path for path in store.previous if path.startswith(SEARCH_BUNDLE)]
    if version is None or not paths:
        return None
    if any(store.match(path, _bundle_key(store, path, version), None) is None
           for path in paths):
        return None
    kept: list[tuple[str, bytes | Kept | Spooled]] = []
    for path in paths:
        content = store.keep(path, partial(_stale, path))
        if content is None:
            return None
        kept.append((path, content))
    return kept


def record_bundle(store: PageStore, version: str | None) -> None:
    """Record the search index now in the output folder, for ``kept_bundle`` next time
    (call after the swap, before ``store.save``)."""
    if version is None:
        return
    root = Path(store.out_dir) / SEARCH_BUNDLE
    for found in sorted(root.rglob("*")) if root.is_dir() else ():
        if found.is_file() and not found.is_symlink():
            path = found.relative_to(store.out_dir).as_posix()
            store.record(path, _bundle_key(store, path, version), None)
