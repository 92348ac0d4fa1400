"""The machine-readable export: ``data/corpus.json``, described by ``data/corpus.schema.json``.

Field names here are a contract that tools outside the project read; add fields, never
rename them. Output is deterministic: records keep corpus order and keys a fixed order.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jvreader.annotate.export import annotations_dict
from jvreader.model import Annotated, Article, Corpus, Extraction

SCHEMA_NAME = "corpus.schema.json"


def corpus_json(annotated: Annotated) -> bytes:
    """Serialise the corpus as UTF-8 JSON (indented, non-ASCII kept as is, trailing newline)."""
    corpus = annotated.corpus
    data = {
        "articles": [
            _article(a, corpus.extraction(a.id)) for a in corpus.articles
        ],
        "entities": _entities(corpus),
        "unknown_names": [{"name": n, "count": c} for n, c in corpus.unknown_names],
        **annotations_dict(annotated),
    }
    return readable_json(data, depth=2)


def readable_json(value: Any, depth: int = 2) -> bytes:
    """UTF-8 JSON with the outer ``depth`` levels one member per line and each record below
    compact on its own line: readable and diffable, written by the C encoder (an indented
    dump runs in pure Python, and took seconds on a thousand articles).

        readable_json({"a": [{"x": 1}, {"x": 2}]})
        -> b'{\n"a": [\n{"x":1},\n{"x":2}\n]\n}\n'
    """
    return ("\n".join(_lines(value, depth)) + "\n").encode("utf-8")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _lines(value: Any, depth: int) -> list[str]:
    if depth <= 0 or not isinstance(value, dict | list) or not value:
        return [_compact(value)]
    if isinstance(value, dict):
        opening, closing = "{", "}"
        members = [(f"{_compact(str(k))}: ", v) for k, v in value.items()]
    else:
        opening, closing = "[", "]"
        members = [("", v) for v in value]
    out = [opening]
    for i, (key, member) in enumerate(members):
        inner = _lines(member, depth - 1)
        inner[0] = key + inner[0]
        if i + 1 < len(members):
            inner[-1] += ","
        out.extend(inner)
    out.append(closing)
    return out


def schema_json() -> bytes:
    """The JSON Schema shipped in the package, as published next to the export."""
    return (resources.files("jvreader") / "data" / SCHEMA_NAME).read_bytes()


def _article(a: Article, x: Extraction | None) -> dict[str, Any]:
    return {
        "id": a.id,
        "source_file": a.source_file,
        "title": a.title,
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
             "measure": f.measure, "period": f.period}
            for f in (x.figures if x else ())
        ],
    }


def _entities(corpus: Corpus) -> list[dict[str, Any]]:
    mentions: dict[str, list[dict[str, str]]] = {e.id: [] for e in corpus.entities}
    for x in corpus.extractions:
        for m in x.mentions:
            mentions.setdefault(m.entity, []).append(
                {"article": x.article, "paragraph": m.paragraph, "sentence": m.sentence,
                 "text": m.text})
    return [{"id": e.id, "name": e.name, "kind": e.kind, "aliases": list(e.aliases),
             "native": [{"lang": lang, "name": name} for lang, name in e.native],
             "mentions": mentions[e.id]} for e in corpus.entities]


def _number(value: float) -> int | float:
    """Whole numbers as JSON integers (4000000, not 4000000.0)."""
    return int(value) if float(value).is_integer() else value
