"""The corpus entry of the load cache (``cache.load``): every article's load and extraction
entries in one file, written as the workers make them and read back article by article.

Layout: one pickle ``(CORPUS_FORMAT, extraction keys, load keys)``; then, for each article,
the lengths of its two entries (``LENGTHS``), its load entry and its extraction entry.
"""

from __future__ import annotations

import os
import pickle
import struct
from dataclasses import dataclass
from typing import Any, BinaryIO

from jvreader.annotate import ArticleBasis
from jvreader.model import Article

Result = tuple[tuple[Article, tuple[str, ...]], tuple[Any, Any], ArticleBasis]
"""One article's ``((article, warnings), (extraction, unknown names), basis)``."""

CORPUS_FORMAT = "jvreader corpus 3"
"""The first pickle of a corpus entry: this, every article's extraction key and every
article's load key; then, for each article, the lengths of its two entries (``LENGTHS``)
and its load entry and extraction entry, pickled as the cache stores them."""
LENGTHS = struct.Struct("<II")


@dataclass(frozen=True, slots=True)
class StoredCorpus:
    """A corpus entry read back: every article's keys and results, or, when only its load
    keys were wanted, its load results alone (``complete`` false: extraction and basis
    ``None``)."""

    extract_keys: tuple[str, ...]
    load_keys: tuple[str, ...]
    results: tuple[Result, ...]
    complete: bool = True


def read_corpus_entry(fh: BinaryIO, wanted: frozenset[str] | None = None,
                       wanted_loads: frozenset[str] = frozenset()) -> StoredCorpus:
    """A corpus entry (raises when it is not one, or when none of its extraction keys is
    ``wanted`` and none of its load keys ``wanted_loads``: after a change of the rules,
    every key differs, and reading the last corpus anyway held two corpora at once, 1.6 GB
    at N = 10,000). When only load keys are in common (the gazetteer changed), the
    extractions are skipped unread."""
    head = pickle.load(fh)
    if not (isinstance(head, tuple) and len(head) == 3 and head[0] == CORPUS_FORMAT):
        raise ValueError("not a corpus entry")
    _, extract_keys, load_keys = head
    complete = wanted is None or not wanted.isdisjoint(extract_keys)
    if not complete and wanted_loads.isdisjoint(load_keys):
        raise ValueError("no article in common")
    results: list[Any] = []
    for _ in extract_keys:
        load_size, extract_size = LENGTHS.unpack(fh.read(LENGTHS.size))
        loaded = pickle.loads(fh.read(load_size))
        if complete:
            extracted, basis = pickle.loads(fh.read(extract_size))
            results.append((loaded, extracted, basis))
        else:
            fh.seek(extract_size, os.SEEK_CUR)
            results.append((loaded, None, None))
    if fh.read(1):
        raise ValueError("trailing data")
    return StoredCorpus(extract_keys, load_keys, tuple(results), complete)
