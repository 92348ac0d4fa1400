"""Parts of an export remembered between builds in the cache: ``Shares`` (one entry of
parts by key), ``ArticleShares`` (an article's share, keyed by the article), and
``shared_chunks``/``cached_export``, which store them as the export is written."""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, BinaryIO, Generic, TypeVar

from jvreader.cache import Cache, EntryWriter, hash_parts
from jvreader.model import Article, Extraction

Part = TypeVar("Part")
SHARES_DRIFT = 8
"""Shares made again by each build before they are stored again (as ``cache.load`` does with
the corpus entry)."""


class Shares(Generic[Part]):
    """Parts of an export remembered between builds in ``store``: one entry of kind ``kind``
    holding each part by a key of what it is made from (``wanted``: the keys this build
    needs), for ``salt`` (the code version and whatever else the parts read). One entry, not
    one per part: an edit reads one file, not a thousand. Used inside ``shared_chunks``.

    The entry is stored again when none was found, or when more than a few parts must be
    made: after an edit or two the next build makes those few again (a millisecond each)
    rather than this one storing every part again (tens of MB). It is then written part by
    part as the export is made (to ``out``, set by ``shared_chunks``), never held whole.
    """

    def __init__(self, store: Cache, kind: str, salt: str, wanted: Iterable[str]) -> None:
        self.store, self.kind = store, kind
        self.entry = hash_parts([kind, salt])  # rewritten in place: the folder does not grow
        needed = set(wanted)
        found = store.read(kind, self.entry, _read_shares) if needed else None
        self.known: dict[str, Part] = found if isinstance(found, dict) else {}
        missing = sum(key not in self.known for key in needed)
        self.stale = (missing > 0 or needed != self.known.keys()) and (
            not self.known or missing > max(SHARES_DRIFT, len(needed) // 20))
        """Whether this build stores the parts again."""
        self.out: EntryWriter | None = None

    def get(self, key: str, make: Callable[[], Part]) -> Part:
        """The part of key ``key``: remembered, or ``make()`` now (and stored, if ``stale``)."""
        part = self.known.get(key)
        if part is None:
            part = make()
        if self.out is not None:
            self.out.write(pickle.dumps((key, part), protocol=pickle.HIGHEST_PROTOCOL))
        return part


class ArticleShares(Generic[Part]):
    """``make`` (an article's share of an export) through ``Shares``, keyed by the article's
    key (``keys``: article id → a hash that changes whenever the article or its extraction
    does, the load cache's). Articles without a key are made every time. Call it only with
    the corpus's own extraction of the article, once per article."""

    def __init__(self, make: Callable[[Article, Extraction | None], Part], store: Cache,
                 kind: str, salt: str, keys: Mapping[str, str]) -> None:
        self.make, self.keys = make, keys
        self.shares: Shares[Part] = Shares(store, kind, salt, keys.values())

    def __call__(self, article: Article, extraction: Extraction | None) -> Part:
        key = self.keys.get(article.id)
        if key is None or (extraction is not None and extraction.article != article.id):
            return self.make(article, extraction)
        return self.shares.get(key, lambda: self.make(article, extraction))


def _read_shares(fh: BinaryIO) -> dict[str, Any]:
    """An entry ``Shares`` wrote: ``(key, part)`` pickles one after another."""
    shares: dict[str, Any] = {}
    while fh.peek(1):  # type: ignore[attr-defined]  # Cache.read opens a buffered file
        key, share = pickle.load(fh)
        shares[key] = share
    return shares


def shared_chunks(chunks: Callable[[], Iterable[bytes]], *shares: Shares[Any]
                  ) -> Iterator[bytes]:
    """``chunks()``, an export made with ``shares``: those to be stored again are written as
    their parts are made, each entry taking its place once the export is whole (not if it
    fails or is abandoned)."""
    with contextlib.ExitStack() as stack:
        for stored in shares:
            if stored.stale:
                stored.out = stack.enter_context(stored.store.writer(stored.kind, stored.entry))
        yield from chunks()


def cached_export(
        export: Callable[[Callable[[Article, Extraction | None], Part]], Iterable[bytes]],
        make: Callable[[Article, Extraction | None], Part], store: Cache, kind: str, salt: str,
        keys: Mapping[str, str]) -> Iterator[bytes]:
    """``export(part)``'s pieces with ``part`` = ``make`` through ``ArticleShares``: the
    unchanged articles' shares come from the last build."""
    shares = ArticleShares(make, store, kind, salt, keys)
    yield from shared_chunks(lambda: export(shares), shares.shares)
