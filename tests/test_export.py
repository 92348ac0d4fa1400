"""The data exports (``data/corpus.json``, ``data/annotations.jsonld``): their hand-written
serialisers write exactly what ``json.dumps`` would, on the seeds and on hostile text."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax import saxutils

import pytest

from jvreader import json_lines as json_lines_module
from jvreader.annotate.jsonld import (
    _annotation,
    _annotation_json,
    _quote,
    _quote_json,
    annotations_jsonld,
)
from jvreader.export import _mention_parts, corpus_json
from jvreader.json_lines import (
    Pieces,
    Streamed,
    compact_json,
    iter_readable_json,
    readable_json,
)
from jvreader.model import Annotated, Extraction, Mention
from jvreader.render import feeds
from jvreader.render.cite_tags import _indented, json_ld

REPO = Path(__file__).resolve().parents[1]

HOSTILE = ['plain', 'a "quoted" word', 'back\\slash', 'tab\tnew\nline', 'nul\x00bell\x07',
           'Việt Nam – “Đông”', 'line\u2028separator', 'emoji 🚢', '</script>', '']


@pytest.fixture(scope="module")
def annotated(seeds_annotated: Annotated) -> Annotated:
    return seeds_annotated


@pytest.mark.parametrize("text", HOSTILE)
def test_annotation_template_writes_what_json_dumps_writes(text: str) -> None:
    paragraph = f"{text} before {text} quoted {text} after {text}"
    start = paragraph.index("quoted")
    end = start + len("quoted") + len(text) + 1
    selector = _quote(paragraph, start, end, f"p1s{text}")
    assert _quote_json(paragraph, start, end, f"p1s{text}") == compact_json(selector)
    for chosen in (selector, None):
        expected = _annotation(f"id-{text}", "linking", f"body-{text}", f"src-{text}", chosen)
        written = _annotation_json(f"id-{text}", "linking", compact_json(f"body-{text}"),
                                   f"src-{text}", compact_json(chosen) if chosen else None)
        assert written == compact_json(expected)
        assert json.loads(written) == expected


@pytest.mark.parametrize("text", HOSTILE)
def test_mention_template_writes_what_json_dumps_writes(text: str) -> None:
    mentions = tuple(Mention(entity=entity, paragraph=f"p{text}", sentence=f"p1s{text}",
                             text=text, start=0, end=len(text))
                     for entity in ("japan", "vietnam", "japan"))
    x = Extraction(article=f"a{text}", sentences=(), dates=(), claims=(), figures=(),
                   mentions=mentions)
    parts = dict(_mention_parts(x))
    expected = {"article": f"a{text}", "paragraph": f"p{text}", "sentence": f"p1s{text}",
                "text": text}
    assert list(parts) == ["japan", "vietnam"]
    assert parts["japan"].decode() == ",".join([compact_json(expected)] * 2)
    assert json.loads(b"[" + parts["vietnam"] + b"]") == [expected]


def test_exports_of_the_seeds_parse_and_count_every_link(annotated: Annotated) -> None:
    collection = json.loads(annotations_jsonld(annotated, "https://example.org/jv/"))
    items = collection["first"]["items"]
    mentions = sum(len(x.mentions) for x in annotated.corpus.extractions)
    links = sum(len(e.mentions) for e in annotated.events)
    assert collection["total"] == len(items) == mentions + links + len(annotated.notes)
    linking = [i for i in items if i["motivation"] == "linking"]
    assert len(linking) == links
    assert all(i["body"].startswith("https://example.org/jv/events/") for i in linking)
    exported = json.loads(corpus_json(annotated))
    assert sum(len(e["mentions"]) for e in exported["entities"]) == mentions


@pytest.mark.parametrize("value", [
    {}, [], {"a": []}, {"a": {}}, ["x", ["y", []]],
    {"headline": HOSTILE[1], "author": [{"@type": "Person", "name": text} for text in HOSTILE],
     "publisher": {"name": "</script>", "@type": "Organization"}, "datePublished": "2016"},
])
def test_citation_json_is_indented_as_json_dumps_indents_it(value: object) -> None:
    assert _indented(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def test_every_seed_page_carries_json_ld_that_parses(annotated: Annotated) -> None:
    for article in annotated.corpus.articles:
        text = str(json_ld(article, f"https://example.org/{article.id}.html"))
        assert "</" not in text
        data = json.loads(text)
        assert data["headline"] == article.title
        assert text.replace("<\\/", "</") == json.dumps(data, ensure_ascii=False,
                                                        sort_keys=True, indent=1)


@pytest.mark.parametrize(("value", "depth", "expected"), [
    ({"a": [{"x": 1}, {"x": 2}]}, 2, b'{\n"a": [\n{"x":1},\n{"x":2}\n]\n}\n'),
    ({}, 2, b"{}\n"),
    ({"a": [], "b": {}}, 2, b'{\n"a": [],\n"b": {}\n}\n'),
    ({"first": {"items": [b'{"q":1},\n{"q":2}', {"k": "\u00e9"}]}}, 3,
     '{\n"first": {\n"items": [\n{"q":1},\n{"q":2},\n{"k":"\u00e9"}\n]\n}\n}\n'.encode()),
    ([[1, [2]], {"a": {"b": 1}}], 3, b'[\n[\n1,\n[\n2\n]\n],\n{\n"a": {\n"b": 1\n}\n}\n]\n'),
    ({"x": [b'{"r":2}', b'{"s":3}']}, 2, b'{\n"x": [\n{"r":2},\n{"s":3}\n]\n}\n'),
    ({"a": Streamed([{"x": 1}, b'{"x":2}']), "b": Streamed(())}, 2,
     b'{\n"a": [\n{"x":1},\n{"x":2}\n],\n"b": []\n}\n'),
    ({"a": Streamed([[1], [2]])}, 1, b'{\n"a": [[1],[2]]\n}\n'),
    ({"a": Streamed([Pieces([b'{"x":', b"", b"1}"]), b'{"y":2}', Pieces([b"[]"])])}, 2,
     b'{\n"a": [\n{"x":1},\n{"y":2},\n[]\n]\n}\n'),
])
def test_readable_json_in_pieces_of_any_size_is_the_same_file(
        value: object, depth: int, expected: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert readable_json(value, depth) == expected
    for size in (1, 7, 1 << 20):
        monkeypatch.setattr(json_lines_module, "CHUNK_BYTES", size)
        pieces = list(iter_readable_json(value, depth))
        assert b"".join(pieces) == expected
        assert all(pieces)


@pytest.mark.parametrize("text", [*HOSTILE, "a&b<c>d", "x'y", "x\"y'z", "cr\rtab\t", "&amp;"])
def test_feed_escaping_is_what_xml_sax_writes(text: str) -> None:
    assert feeds.escape(text) == saxutils.escape(text)
    assert feeds.quoteattr(text) == saxutils.quoteattr(text)


def test_the_exports_are_written_as_each_article_share_is_made(
        annotated: Annotated, monkeypatch: pytest.MonkeyPatch) -> None:
    # At N = 10,000 the shares are hundreds of MB: each must be written before the next one
    # is made, never all gathered first.
    from jvreader.annotate.jsonld import annotations_jsonld_chunks, entity_part
    from jvreader.export import article_part, corpus_json_chunks

    monkeypatch.setattr(json_lines_module, "CHUNK_BYTES", 1)  # a piece per line
    for chunks, make in ((corpus_json_chunks, article_part),
                         (annotations_jsonld_chunks, entity_part(annotated))):
        events: list[str] = []

        def part(article, extraction, make=make, events=events):
            events.append("made")
            return make(article, extraction)

        pieces = []
        for piece in chunks(annotated, part=part):
            events.append("written")
            pieces.append(piece)
        made = [i for i, e in enumerate(events) if e == "made"]
        assert len(made) == len(annotated.corpus.articles) > 1
        # one share ahead at most (the writer looks ahead for the comma)
        assert all("written" in events[a:b] for a, b in zip(made, made[2:], strict=False))
        full = b"".join(pieces)
        assert full == b"".join(chunks(annotated))  # the same file as made in one go
        json.loads(full)


def test_stored_shares_serve_the_next_export_and_an_abandoned_one_stores_nothing(
        annotated: Annotated, tmp_path: Path) -> None:
    from jvreader.cache import Cache
    from jvreader.export import article_part, corpus_json_chunks
    from jvreader.shares import cached_export

    made: list[str] = []

    def make(article, extraction):
        made.append(article.id)
        return article_part(article, extraction)

    def export(store: Cache):
        keys = {a.id: f"key-{a.id}" for a in annotated.corpus.articles}
        return cached_export(lambda part: corpus_json_chunks(annotated, part), make, store,
                             "export-corpus", "salt", keys)

    entries = tmp_path / "export-corpus"
    pieces = export(Cache(tmp_path))
    next(pieces)
    pieces.close()  # abandoned half-way (a failed build): no entry, nor a temporary file
    assert not [p for p in entries.rglob("*") if p.is_file()]
    whole = b"".join(export(Cache(tmp_path)))
    assert len(list(entries.rglob("*.pickle"))) == 1
    made.clear()
    assert b"".join(export(Cache(tmp_path))) == whole == corpus_json(annotated)
    assert made == []  # every share came from the entry


def test_mentions_set_aside_give_the_file_mentions_held_give(annotated: Annotated) -> None:
    # One extraction per article, in order (what ``extract`` makes), sets each article's
    # mentions aside in a file until the entities are written; any other corpus holds them.
    from jvreader.export import _corpus_json_held, article_part

    held = b"".join(_corpus_json_held(annotated, article_part))
    assert corpus_json(annotated) == held
    entities = json.loads(held)["entities"]
    assert sum(len(e["mentions"]) for e in entities) == sum(
        len(x.mentions) for x in annotated.corpus.extractions)
