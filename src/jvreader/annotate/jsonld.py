"""All annotations as W3C Web Annotation JSON-LD (``data/annotations.jsonld``).

Entity mentions (motivation ``identifying``), event mentions (``linking``) and editorial notes
(``commenting``, an HTML ``TextualBody``) each become an ``Annotation`` whose target is the
article page with a ``TextQuoteSelector`` (exact text plus up to 32 characters of prefix and
suffix, as Hypothesis-compatible clients expect) and a ``FragmentSelector`` naming the
sentence or paragraph anchor. They are gathered in one ``AnnotationCollection``.

Before: ``Mention(entity="msdf", paragraph="p7", sentence="p7s1", text="MSDF", …)``.
After: ``{"type": "Annotation", "motivation": "identifying",
"body": "https://site/entities/msdf.html", "target": {"source": "https://site/articles/a.html",
"selector": [{"type": "TextQuoteSelector", "exact": "MSDF", …}, …]}}``.
Without ``base_url`` the addresses are relative to ``data/`` (``../articles/a.html``).

An article's entity annotations are serialised on their own (``entity_annotations``), and
so are an event's links (``event_annotations``), so a rebuild can take the unchanged
articles' and events' from the cache and serialise only those an edit touched, and the
notes: the bytes are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from json.encoder import encode_basestring
from typing import Any

from jvreader.export import Streamed, iter_readable_json
from jvreader.model import Annotated, Article, Event, Extraction

EntityPart = tuple[int, bytes]
"""An article's entity annotations: how many, and each compact, joined by ``",\n"``, in
UTF-8 (as written: see ``export.ArticlePart``)."""

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32
EVENTS_PAGE = "events.html"


def _url(base_url: str | None, path: str, fragment: str | None = None) -> str:
    root = base_url.rstrip("/") + "/" if base_url else "../"
    return root + path + (f"#{fragment}" if fragment else "")


def _texts(article: Article) -> dict[str, str]:
    """Paragraph id → text: ``Article.paragraph`` scans the paragraphs, once per quote."""
    return {p.id: p.text for p in article.paragraphs}


def _quote(text: str, start: int, end: int, anchor: str) -> list[dict[str, Any]]:
    """Selectors of ``text[start:end]`` (``text``: the paragraph's) at ``anchor``."""
    return [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - CONTEXT_CHARS):start],
         "suffix": text[end:end + CONTEXT_CHARS]},
        {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
         "value": anchor},
    ]


def _annotation(ident: str, motivation: str, body: Any, source: str,
                selector: list[dict[str, Any]] | None) -> dict[str, Any]:
    target: dict[str, Any] = {"source": source}
    if selector:
        target["selector"] = selector
    return {"id": ident, "type": "Annotation", "motivation": motivation, "body": body,
            "target": target}


_string = encode_basestring
"""A ``str`` as a JSON string, as ``compact_json`` writes it (non-ASCII kept as is)."""


_FRAGMENT = ('{"type":"FragmentSelector","conformsTo":"http://tools.ietf.org/rfc/rfc3986",'
             '"value":')


def _quote_json(text: str, start: int, end: int, anchor: str) -> str:
    """``_quote`` as ``compact_json`` writes it: tens of thousands of these are written, and
    one ``json.dumps`` of a small dict each took longer than all the rest of the export."""
    return (f'[{{"type":"TextQuoteSelector","exact":{_string(text[start:end])},'
            f'"prefix":{_string(text[max(0, start - CONTEXT_CHARS):start])},'
            f'"suffix":{_string(text[end:end + CONTEXT_CHARS])}}},'
            f'{_FRAGMENT}{_string(anchor)}}}]')


def _annotation_json(ident: str, motivation: str, body: str, source: str,
                     selector: str | None) -> str:
    """``_annotation`` as ``compact_json`` writes it; ``body`` and ``selector`` already JSON."""
    target = (f'{{"source":{_string(source)},"selector":{selector}}}' if selector
              else f'{{"source":{_string(source)}}}')
    return (f'{{"id":{_string(ident)},"type":"Annotation","motivation":{_string(motivation)},'
            f'"body":{body},"target":{target}}}')


def _entity_items(article: Article, x: Extraction | None, base_url: str | None
                  ) -> list[str]:
    """The article's entity annotations, each as ``compact_json`` writes it."""
    source = _url(base_url, f"articles/{article.id}.html")
    texts = _texts(article)
    prefix = _url(base_url, "data/annotations.jsonld", f"entity-{article.id}-")
    entities = _url(base_url, "entities/")
    return [_annotation_json(
        f"{prefix}{n}", "identifying", _string(f"{entities}{m.entity}.html"), source,
        _quote_json(texts[m.paragraph], m.start, m.end, m.sentence))
        for n, m in enumerate(x.mentions if x else (), 1)]


def entity_annotations(article: Article, extraction: Extraction | None,
                       base_url: str | None = None) -> EntityPart:
    """The article's entity annotations, serialised as ``annotations_jsonld`` writes them."""
    items = _entity_items(article, extraction, base_url)
    return len(items), ",\n".join(items).encode()


def event_annotations(annotated: Annotated, event: Event, base_url: str | None = None
                      ) -> EntityPart:
    """The event's link annotations (one per mention), serialised as ``annotations_jsonld``
    writes them: they read the event and the articles reporting it, so a rebuild can keep
    those of the events an edit did not touch."""
    corpus = annotated.corpus
    prefix = _url(base_url, "data/annotations.jsonld", f"event-{event.id}-")
    body = _string(_url(base_url, EVENTS_PAGE, event.id))
    items = []
    for n, m in enumerate(event.mentions, 1):
        # looked up in the article's own records: tables of every sentence of the corpus
        # were 45 MB at N = 10,000, and tables of a few articles at a time were remade
        # for nearly every mention
        x = corpus.extraction(m.article)
        s = next((s for s in x.sentences if s.id == m.sentence), None) if x else None
        selector = None if s is None else _quote_json(
            corpus.article(m.article).paragraph(m.paragraph).text, s.start, s.end, m.sentence)
        items.append(_annotation_json(
            f"{prefix}{n}", "linking", body, _url(base_url, f"articles/{m.article}.html"),
            selector))
    return len(items), ",\n".join(items).encode()


def _note_items(annotated: Annotated, base_url: str | None) -> Iterator[dict[str, Any]]:
    """The editorial notes' annotations."""
    corpus = annotated.corpus
    for note in annotated.notes:
        known = any(a.id == note.article for a in corpus.articles)
        selector = (_quote(corpus.article(note.article).paragraph(note.paragraph).text,
                           note.start or 0, note.end or 0, note.paragraph)
                    if known and note.paragraph is not None else
                    [{"type": "TextQuoteSelector", "exact": note.exact,
                      **({"prefix": note.prefix} if note.prefix else {}),
                      **({"suffix": note.suffix} if note.suffix else {})}])
        yield _annotation(
            _url(base_url, "data/annotations.jsonld", f"note-{note.id}"), "commenting",
            {"type": "TextualBody", "value": note.html, "format": "text/html"},
            _url(base_url, f"articles/{note.article}.html"), selector)


def _linked_count(annotated: Annotated) -> int:
    """How many event links and notes there are."""
    return sum(len(e.mentions) for e in annotated.events) + len(annotated.notes)


def annotations_jsonld(annotated: Annotated, base_url: str | None = None,
                       part: Callable[[Article, Extraction | None], EntityPart] | None = None,
                       event_part: Callable[[Event], EntityPart] | None = None) -> bytes:
    """The ``AnnotationCollection`` as UTF-8 JSON-LD bytes (deterministic, trailing newline);
    ``part`` gives an article's entity annotations (``entity_annotations`` with this
    ``base_url``, by default) and ``event_part`` an event's links (``event_annotations``),
    e.g. from the cache."""
    return b"".join(annotations_jsonld_chunks(annotated, base_url, part, event_part))


def annotations_jsonld_chunks(
        annotated: Annotated, base_url: str | None = None,
        part: Callable[[Article, Extraction | None], EntityPart] | None = None,
        event_part: Callable[[Event], EntityPart] | None = None) -> Iterator[bytes]:
    """``annotations_jsonld`` in pieces, for writing without holding the whole file."""
    corpus = annotated.corpus
    part = part or partial(entity_annotations, base_url=base_url)
    event_part = event_part or partial(event_annotations, annotated, base_url=base_url)

    def items() -> Iterator[bytes | dict[str, Any]]:
        for x in corpus.extractions:  # made as written: all of them are hundreds of MB
            count, text = part(corpus.article(x.article), x)
            if count:
                yield text
        for event in annotated.events:
            count, text = event_part(event)
            if count:
                yield text
        yield from _note_items(annotated, base_url)

    doc = {
        "@context": CONTEXT,
        "id": _url(base_url, "data/annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": "jvreader annotations: entity links, event links and editorial notes",
        # an article's share holds one annotation per mention (``entity_annotations``)
        "total": sum(len(x.mentions) for x in corpus.extractions) + _linked_count(annotated),
        "first": {"id": _url(base_url, "data/annotations.jsonld", "page1"),
                  "type": "AnnotationPage", "startIndex": 0, "items": Streamed(items())},
    }
    yield from iter_readable_json(doc, depth=3)  # one annotation per line
