"""The machine-readable export: ``data/corpus.json``, described by ``data/corpus.schema.json``.

Field names here are a contract that tools outside the project read; add fields, never
rename them. Output is deterministic: records keep corpus order and keys a fixed order.

Each article's share (its record, and its entity mentions for the ``entities`` list) is
serialised on its own (``article_part``), so a rebuild can take the unchanged articles'
shares from the cache (``cached_export``) and serialise only the edited one and the
annotations: the bytes are the same either way.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from json.encoder import encode_basestring
from typing import Any, BinaryIO, Generic, TypeVar

from jvreader.annotate.export import annotations_dict
from jvreader.cache import Cache, EntryWriter, hash_parts
from jvreader.model import Annotated, Article, Corpus, Extraction

SCHEMA_NAME = "corpus.schema.json"

ArticlePart = tuple[bytes, tuple[tuple[str, bytes], ...]]
"""An article's share of ``corpus.json``: its record, compact, and per entity (in order of
first mention) its mentions, compact and comma-joined; UTF-8, as written: the shares are
kept in the cache and joined into the file without being decoded and encoded again."""
Part = TypeVar("Part")
SHARES_DRIFT = 8
"""Shares made again by each build before they are stored again (as ``load_cache`` does with
the corpus entry)."""


class _Lazy:
    """Something written from ``iterable`` as it is iterated (once, then)."""

    __slots__ = ("iterable",)

    def __init__(self, iterable: Iterable[Any]) -> None:
        self.iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        return iter(self.iterable)


class Streamed(_Lazy):
    """A JSON list whose members are made as it is written, so they are never all held: at
    N = 10,000 the articles' records are hundreds of megabytes. Written like a list, one
    member per line at the list's depth."""

    __slots__ = ()


class Pieces(_Lazy):
    """One member of a list written on one line as its pieces (bytes, UTF-8, compact JSON
    once joined) come: an entity's mentions at N = 10,000 are tens of MB."""

    __slots__ = ()


class _Piece(bytes):
    """Part of a line: ``iter_readable_json`` writes no newline after it."""

    __slots__ = ()


def corpus_json(annotated: Annotated,
                part: Callable[[Article, Extraction | None], ArticlePart] | None = None
                ) -> bytes:
    """Serialise the corpus as UTF-8 JSON (indented, non-ASCII kept as is, trailing newline);
    ``part`` gives an article's share (``article_part``, by default), e.g. from the cache."""
    return b"".join(corpus_json_chunks(annotated, part))


def corpus_json_chunks(annotated: Annotated,
                       part: Callable[[Article, Extraction | None], ArticlePart] | None = None
                       ) -> Iterator[bytes]:
    """``corpus_json`` in pieces, for writing without holding the whole file."""
    corpus = annotated.corpus
    part = part or article_part
    if [a.id for a in corpus.articles] != [x.article for x in corpus.extractions]:
        # not a corpus ``extract`` made (one extraction per article, in order)
        yield from _corpus_json_held(annotated, part)
        return
    with tempfile.TemporaryFile() as aside:
        spans = _MentionSpans(corpus, aside)

        def records() -> Iterator[bytes]:
            for a, x in zip(corpus.articles, corpus.extractions, strict=True):
                first = corpus.extraction(a.id)  # ``x`` unless an earlier article has its id
                record, mentions = part(a, first)
                spans.add(mentions if first is x else _mention_parts(x))
                yield record

        # the entities are written after every record: by then all mentions are aside
        yield from _corpus_chunks(corpus, annotated, records(), _entities(corpus, spans))


def _corpus_json_held(annotated: Annotated,
                      part: Callable[[Article, Extraction | None], ArticlePart]
                      ) -> Iterator[bytes]:
    """``corpus_json_chunks`` of a corpus whose extractions are not one per article in order."""
    corpus = annotated.corpus
    mentions: dict[str, tuple[tuple[str, bytes], ...]] = {}

    def records() -> Iterator[bytes]:
        for a in corpus.articles:
            record, mentions[a.id] = part(a, corpus.extraction(a.id))
            yield record

    def entities() -> Iterator[bytes]:  # written after every record: ``mentions`` is full
        yield from _entities(corpus, [mentions[x.article]
                                      if x.article in mentions
                                      and corpus.extraction(x.article) is x
                                      else _mention_parts(x) for x in corpus.extractions])

    yield from _corpus_chunks(corpus, annotated, records(), entities())


def _corpus_chunks(corpus: Corpus, annotated: Annotated, records: Iterator[bytes],
                   entities: Iterator[bytes]) -> Iterator[bytes]:
    data = {
        "articles": Streamed(records),
        "entities": Streamed(entities),
        "unknown_names": [{"name": n, "count": c} for n, c in corpus.unknown_names],
        **annotations_dict(annotated, Streamed),
    }
    yield from iter_readable_json(data, depth=2)


def article_part(article: Article, extraction: Extraction | None) -> ArticlePart:
    """The article's record and its entity mentions, serialised as ``corpus_json`` writes
    them."""
    return compact_json(_article(article, extraction)).encode(), _mention_parts(extraction)


def _mention_parts(x: Extraction | None) -> tuple[tuple[str, bytes], ...]:
    """Per entity, the article's mentions of it, as ``compact_json`` writes each
    ``{"article", "paragraph", "sentence", "text"}``: a template, not a ``json.dumps`` per
    mention (a hundred thousand of them at a thousand articles)."""
    if x is None:
        return ()
    by_entity: dict[str, list[str]] = {}
    article = '{"article":' + encode_basestring(x.article) + ',"paragraph":'
    for m in x.mentions:
        by_entity.setdefault(m.entity, []).append(
            f'{article}{encode_basestring(m.paragraph)},"sentence":'
            f'{encode_basestring(m.sentence)},"text":{encode_basestring(m.text)}}}')
    return tuple((eid, ",".join(texts).encode()) for eid, texts in by_entity.items())


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


def readable_json(value: Any, depth: int = 2) -> bytes:
    """UTF-8 JSON with the outer ``depth`` levels one member per line and each record below
    compact on its own line: readable and diffable, written by the C encoder (an indented
    dump runs in pure Python, and took seconds on a thousand articles).

        readable_json({"a": [{"x": 1}, {"x": 2}]})
        -> b'{\n"a": [\n{"x":1},\n{"x":2}\n]\n}\n'
    """
    return b"".join(iter_readable_json(value, depth))


CHUNK_BYTES = 1 << 20


def iter_readable_json(value: Any, depth: int = 2) -> Iterator[bytes]:
    """``readable_json`` in pieces of about ``CHUNK_BYTES``: an export of ten thousand articles
    is half a gigabyte, and joined whole it was held three to five times over."""
    batch: list[bytes] = []
    size = 0
    for line in _iter_lines(value, depth):
        data = line if isinstance(line, bytes) else line.encode("utf-8")
        if not data and isinstance(line, _Piece):
            continue
        batch.append(data)
        size += len(data) + 1
        if not isinstance(line, _Piece):
            batch.append(b"\n")  # every line ends with a newline, the last one too
        if size >= CHUNK_BYTES:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def compact_json(value: Any) -> str:
    """``value`` as one line of JSON, as ``readable_json`` writes a record."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iter_lines(value: Any, depth: int) -> Iterator[str | bytes]:
    """``value``'s lines, one by one; ``bytes`` as they are: JSON already serialised
    compactly (one member of a list, or several joined by ``",\n"``) and encoded as UTF-8
    (JSON has no bytes: they are never anything else), written without a copy, as an
    export's shares are hundreds of megabytes at N = 10,000."""
    if isinstance(value, bytes):
        yield value
        return
    if isinstance(value, Streamed) and depth > 0:
        members: Iterator[tuple[str, Any]] = (("", v) for v in value)
        opening, closing = "[", "]"
    elif depth <= 0 or not isinstance(value, dict | list | Streamed) or not value:
        yield compact_json(list(value) if isinstance(value, Streamed) else value)
        return
    elif isinstance(value, dict):
        members = ((f"{compact_json(str(k))}: ", v) for k, v in value.items())
        opening, closing = "{", "}"
    else:
        members = (("", v) for v in value)
        opening, closing = "[", "]"
    ahead = next(members, None)
    if ahead is None:  # only a stream can turn out empty here
        yield opening + closing
        return
    yield opening
    while ahead is not None:
        key, member = ahead
        ahead = next(members, None)  # one member ahead: the last one takes no comma
        comma = "," if ahead is not None else ""
        if depth == 1:  # one line per member
            if isinstance(member, Pieces):  # written as it comes
                yield _Piece(key.encode())
                for piece in member:
                    yield _Piece(piece)
                yield comma.encode()
            elif isinstance(member, bytes):
                yield key.encode() + member + comma.encode()
            else:
                yield key + _leaf(member) + comma
            continue
        lines = _iter_lines(member, depth - 1)
        line = next(lines)
        if key:
            line = key.encode() + line if isinstance(line, bytes) else key + line
        for following in lines:  # one line behind: the member's last line takes the comma
            yield line
            line = following
        yield line + comma.encode() if isinstance(line, bytes) else line + comma
    yield closing


def _leaf(value: Any) -> str:
    if isinstance(value, Streamed):
        value = list(value)
    return compact_json(value)


def schema_json() -> bytes:
    """The JSON Schema shipped in the package, as published next to the export."""
    return (resources.files("jvreader") / "data" / SCHEMA_NAME).read_bytes()


def _from_filename(a: Article, name: str) -> bool:
    source = a.source_of(name)
    return source is not None and source.source == "filename"


def _article(a: Article, x: Extraction | None) -> dict[str, Any]:
    return {
        "id": a.id,
        "source_file": a.source_file,
        # a title made from the file name is for display only: in the data it is unknown
        "title": None if _from_filename(a, "title") else a.title,
        "display_title": a.title,
        "dek": a.dek,
        "authors": list(a.authors),
        "publication": a.publication,
        "date": a.date,
        "date_basis": a.date_basis,
        "url": a.url,
        "series": a.series,
        "issue": a.issue,
        "dateline": a.dateline,
        "language": a.language,
        "provenance": {p.field: {"source": p.source, "line": p.line} for p in a.provenance},
        "unknown": [name for name in ("title", "authors", "publication", "date")
                    if a.source_of(name) is None or _from_filename(a, name)],
        "paragraphs": [{"id": p.id, "kind": p.kind, "text": p.text, "line": p.line}
                       for p in a.paragraphs],
        "footnotes": [{"n": f.n, "text": f.text, "url": f.url, "paragraph": f.paragraph}
                      for f in a.footnotes],
        "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in a.removed],
        "sentences": [{"id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end}
                      for s in (x.sentences if x else ())],
        "claims": [
            {"id": c.id, "paragraph": c.paragraph, "sentence": c.sentence, "text": c.text,
             "date": c.date, "date_basis": c.date_basis,
             "dates": [{"text": d.text, "value": d.value, "basis": d.basis,
                        "qualifier": d.qualifier} for d in c.dates],
             "figures": list(c.figures), "entities": list(c.entities),
             "unresolved_dates": list(c.unresolved)}
            for c in (x.claims if x else ())
        ],
        "figures": [
            {"id": f.id, "paragraph": f.paragraph, "sentence": f.sentence, "text": f.text,
             "value": _number(f.value), "unit": f.unit, "currency": f.currency,
             "measure": f.measure, "period": f.period,
             **({"value_min": _number(f.value_min)} if f.value_min is not None else {}),
             **({"value_max": _number(f.value_max)} if f.value_max is not None else {})}
            for f in (x.figures if x else ())
        ],
    }


def _entities(corpus: Corpus, parts: Iterable[tuple[tuple[str, bytes], ...]] | _MentionSpans
              ) -> Iterator[Pieces]:
    """Each entity's record with its mentions (``parts``: each extraction's, in corpus
    order), written as ``compact_json`` would write the whole record (``mentions`` comes last)."""
    grouped = (parts.by_entity() if isinstance(parts, _MentionSpans)
               else _grouped(corpus, parts))
    for e, texts in zip(corpus.entities, grouped, strict=True):
        head = compact_json({"id": e.id, "name": e.name, "kind": e.kind, "aliases": list(e.aliases),
                         "native": [{"lang": lang, "name": name} for lang, name in e.native]})
        yield Pieces(_record_pieces(head[:-1].encode() + b',"mentions":[', texts))


def _record_pieces(head: bytes, texts: Iterable[bytes]) -> Iterator[bytes]:
    yield head
    for n, text in enumerate(texts):
        yield b"," + text if n else text
    yield b"]}"


def _grouped(corpus: Corpus, parts: Iterable[tuple[tuple[str, bytes], ...]]
             ) -> Iterator[list[bytes]]:
    """Each entity's mention texts, in the order of ``corpus.entities``."""
    mentions: dict[str, list[bytes]] = {e.id: [] for e in corpus.entities}
    for part in parts:
        for eid, text in part:
            mentions.setdefault(eid, []).append(text)
    for e in corpus.entities:
        yield mentions.pop(e.id)


class _MentionSpans:
    """Each article's mention texts (``ArticlePart``'s second half), written aside to a file as
    they come and read back entity by entity: held, they were the biggest part of the export's
    memory (75 MB at N = 10,000)."""

    def __init__(self, corpus: Corpus, aside: BinaryIO) -> None:
        self.aside = aside
        self.order = {e.id: n for n, e in enumerate(corpus.entities)}
        self.count = len(corpus.entities)
        self.entity = array("l")  # per text written: its entity's place, where, how long
        self.at = array("q")
        self.length = array("q")
        self.size = 0

    def add(self, mentions: tuple[tuple[str, bytes], ...]) -> None:
        for eid, text in mentions:
            n = self.order.get(eid)
            if n is None:  # not an entity of the corpus: not written
                continue
            self.aside.write(text)
            self.entity.append(n)
            self.at.append(self.size)
            self.length.append(len(text))
            self.size += len(text)

    def by_entity(self) -> Iterator[Iterator[bytes]]:
        """Each entity's texts, in entity order, each entity's in the order they came; read
        from the file as they are taken (an entity's texts may be tens of MB)."""
        self.aside.flush()
        ranked = sorted(range(len(self.entity)), key=self.entity.__getitem__)  # stable
        ends = [0] * (self.count + 1)  # entity n's texts are ranked[ends[n]:ends[n + 1]]
        for n in self.entity:
            ends[n + 1] += 1
        for n in range(self.count):
            ends[n + 1] += ends[n]
        for n in range(self.count):
            yield self._read(ranked[ends[n]:ends[n + 1]])

    def _read(self, texts: list[int]) -> Iterator[bytes]:
        fd = self.aside.fileno()
        for i in texts:
            yield os.pread(fd, self.length[i], self.at[i])


def _number(value: float) -> int | float:
    """Whole numbers as JSON integers (4000000, not 4000000.0)."""
    return int(value) if float(value).is_integer() else value
