"""The machine-readable export: ``data/corpus.json``, described by ``data/corpus.schema.json``.

Field names here are a contract that tools outside the project read; add fields, never
rename them. Output is deterministic: records keep corpus order and keys a fixed order.

Each article's share (its record, and its entity mentions for the ``entities`` list) is
serialised on its own (``article_part``), so a rebuild can take the unchanged articles'
shares from the cache (``cached_export``) and serialise only the edited one and the
annotations: the bytes are the same either way.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from json.encoder import encode_basestring
from typing import Any, BinaryIO

from jvreader.annotate.export import annotations_dict
from jvreader.json_lines import Pieces, Streamed, compact_json, iter_readable_json
from jvreader.model import Annotated, Article, Corpus, Extraction

SCHEMA_NAME = "corpus.schema.json"

ArticlePart = tuple[bytes, tuple[tuple[str, bytes], ...]]
"""An article's share of ``corpus.json``: its record, compact, and per entity (in order of
first mention) its mentions, compact and comma-joined; UTF-8, as written: the shares are
kept in the cache and joined into the file without being decoded and encoded again."""


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
