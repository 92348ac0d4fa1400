"""All annotations as W3C Web Annotation JSON-LD (``data/annotations.jsonld``).

Entity mentions (motivation ``identifying``), event mentions (``linking``) and editorial notes
(``commenting``, an HTML ``TextualBody``) each become an ``Annotation`` whose target is the
article page with a ``TextQuoteSelector`` (exact text plus up to 32 characters of prefix and
suffix, as Hypothesis-compatible clients expect) and a ``FragmentSelector`` naming the
sentence or paragraph anchor (``conformsTo`` RFC 3236, the W3C model's value for HTML). They
are gathered in one ``AnnotationCollection``.

A quote selector quotes the page as a browser shows it, not the stored text: a footnote call
``[2]`` is shown as a superscript ``2`` and an editorial note adds a ``†`` after the words it
is on (``shown_text``), so the selectors are cut from the text so changed.

With ``base_url`` every id, body and target is an absolute IRI; an event link's body is the
event's own page (``events/ID.html``).

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

import re
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from json.encoder import encode_basestring
from typing import Any

from jvreader.json_lines import Streamed, iter_readable_json
from jvreader.model import Annotated, Article, Event, Extraction
from jvreader.render import urls

EntityPart = tuple[int, bytes]
"""An article's entity annotations: how many, and each compact, joined by ``",\n"``, in
UTF-8 (as written: see ``export.ArticlePart``)."""

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32
HTML_FRAGMENT = "http://tools.ietf.org/rfc/rfc3236"
"""What a ``FragmentSelector`` on an HTML page conforms to (W3C Web Annotation model §4.2.1)."""
NOTE_MARK = "†"
FOOTNOTE_CALL = re.compile(r"\[(\d{1,3})\]")
"""A footnote call in paragraph text, as ``render.markup`` finds it (shown as its number)."""

NoteMarks = Mapping[str, tuple[int, ...]]
"""Paragraph id → offsets where a note's marker (``†``) is shown, in one article."""

Edit = tuple[int, int, int, int]
"""A change the page makes to a paragraph's text: source start, end, and the shift in
length before and after it."""


def _url(base_url: str | None, path: str, fragment: str | None = None) -> str:
    """``path`` (site-relative) as an absolute IRI under ``base_url``, else relative to
    ``data/`` where the file is."""
    if base_url:
        return urls.absolute(base_url, path, fragment)
    return "../" + urls.rel("", path, fragment)


class Shown:
    """A paragraph's text as its page shows it, and where source offsets fall in it."""

    __slots__ = ("edits", "text")

    def __init__(self, text: str, footnotes: frozenset[int] = frozenset(),
                 marks: tuple[int, ...] = ()) -> None:
        changes = [(m.start(), m.end(), m.group(1)) for m in FOOTNOTE_CALL.finditer(text)
                   if int(m.group(1)) in footnotes] if footnotes and "[" in text else []
        changes += [(at, at, NOTE_MARK) for at in marks if 0 <= at <= len(text)]
        self.edits: list[Edit] = []
        if not changes:
            self.text = text
            return
        out, last, shift = [], 0, 0
        for start, end, shown in sorted(changes, key=lambda c: (c[0], c[1])):
            if start < last:  # overlapping: the page keeps one of them
                continue
            out += [text[last:start], shown]
            after = shift + len(shown) - (end - start)
            self.edits.append((start, end, shift, after))
            shift, last = after, end
        out.append(text[last:])
        self.text = "".join(out)

    def at(self, offset: int, starting: bool) -> int:
        """Where source ``offset`` is shown; a mark shown at a quote's start or end is left
        outside the quote (before its start, after its end)."""
        shift = 0
        for start, end, before, after in self.edits:
            if end < offset or (end == offset and (start < end or starting)):
                shift = after
            elif start < offset < end:  # inside a footnote call: the whole call
                return start + before if starting else end + after
            else:
                break
        return offset + shift

    def selector_json(self, start: int, end: int, anchor: str) -> str:
        """``_quote_json`` of source ``start``–``end``, cut from the shown text."""
        return _quote_json(self.text, self.at(start, True), self.at(end, False), anchor)

    def selector(self, start: int, end: int, anchor: str) -> list[dict[str, Any]]:
        return _quote(self.text, self.at(start, True), self.at(end, False), anchor)


def note_marks(annotated: Annotated) -> dict[str, NoteMarks]:
    """Article id → its ``NoteMarks``: where the page shows each editorial note's marker."""
    marks: dict[str, dict[str, list[int]]] = {}
    for n in annotated.notes:
        if n.paragraph is not None and n.end is not None:
            marks.setdefault(n.article, {}).setdefault(n.paragraph, []).append(n.end)
    return {a: {p: tuple(sorted(ends)) for p, ends in by_p.items()}
            for a, by_p in marks.items()}


def _shown_texts(article: Article, marks: NoteMarks | None) -> dict[str, Shown]:
    """Paragraph id → its shown text: ``Article.paragraph`` scans the paragraphs, once per
    quote."""
    footnotes = frozenset(f.n for f in article.footnotes)
    marks = marks or {}
    return {p.id: Shown(p.text, footnotes, marks.get(p.id, ())) for p in article.paragraphs}


def _quote(text: str, start: int, end: int, anchor: str) -> list[dict[str, Any]]:
    """Selectors of ``text[start:end]`` (``text``: the paragraph's as shown) at ``anchor``."""
    return [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - CONTEXT_CHARS):start],
         "suffix": text[end:end + CONTEXT_CHARS]},
        {"type": "FragmentSelector", "conformsTo": HTML_FRAGMENT, "value": anchor},
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


_FRAGMENT = f'{{"type":"FragmentSelector","conformsTo":"{HTML_FRAGMENT}","value":'


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


def _entity_items(article: Article, x: Extraction | None, base_url: str | None,
                  marks: NoteMarks | None) -> list[str]:
    """The article's entity annotations, each as ``compact_json`` writes it."""
    source = _url(base_url, urls.article_path(article.id))
    texts = _shown_texts(article, marks)
    prefix = _url(base_url, urls.DATA["annotations"], f"entity-{article.id}-")
    return [_annotation_json(
        f"{prefix}{n}", "identifying", _string(_url(base_url, urls.entity_path(m.entity))),
        source, texts[m.paragraph].selector_json(m.start, m.end, m.sentence))
        for n, m in enumerate(x.mentions if x else (), 1)]


def entity_annotations(article: Article, extraction: Extraction | None,
                       base_url: str | None = None, marks: NoteMarks | None = None
                       ) -> EntityPart:
    """The article's entity annotations, serialised as ``annotations_jsonld`` writes them;
    ``marks``: where its page shows note markers (``note_marks``)."""
    items = _entity_items(article, extraction, base_url, marks)
    return len(items), ",\n".join(items).encode()


def entity_part(annotated: Annotated, base_url: str | None = None
                ) -> Callable[[Article, Extraction | None], EntityPart]:
    """``entity_annotations`` of an article of ``annotated``, with its note markers."""
    marks = note_marks(annotated)
    return lambda article, x: entity_annotations(article, x, base_url, marks.get(article.id))


def event_annotations(annotated: Annotated, event: Event, base_url: str | None = None
                      ) -> EntityPart:
    """The event's link annotations (one per mention), serialised as ``annotations_jsonld``
    writes them: they read the event and the articles reporting it, so a rebuild can keep
    those of the events an edit did not touch."""
    corpus = annotated.corpus
    prefix = _url(base_url, urls.DATA["annotations"], f"event-{event.id}-")
    body = _string(_url(base_url, urls.event_path(event.id)))
    marks = note_marks(annotated) if annotated.notes else {}
    items = []
    for n, m in enumerate(event.mentions, 1):
        # looked up in the article's own records: tables of every sentence of the corpus
        # were 45 MB at N = 10,000, and tables of a few articles at a time were remade
        # for nearly every mention
        x = corpus.extraction(m.article)
        s = next((s for s in x.sentences if s.id == m.sentence), None) if x else None
        article = corpus.article(m.article)
        selector = None if s is None else Shown(
            article.paragraph(m.paragraph).text, frozenset(f.n for f in article.footnotes),
            marks.get(m.article, {}).get(m.paragraph, ())
        ).selector_json(s.start, s.end, m.sentence)
        items.append(_annotation_json(
            f"{prefix}{n}", "linking", body, _url(base_url, urls.article_path(m.article)),
            selector))
    return len(items), ",\n".join(items).encode()


def _note_items(annotated: Annotated, base_url: str | None) -> Iterator[dict[str, Any]]:
    """The editorial notes' annotations."""
    corpus = annotated.corpus
    marks = note_marks(annotated)
    known = {a.id for a in corpus.articles}
    for note in annotated.notes:
        article = corpus.article(note.article) if note.article in known else None
        selector = (_shown_texts(article, marks.get(note.article))[note.paragraph].selector(
                        note.start or 0, note.end or 0, note.paragraph)
                    if article is not None and note.paragraph is not None else
                    [{"type": "TextQuoteSelector", "exact": note.exact,
                      **({"prefix": note.prefix} if note.prefix else {}),
                      **({"suffix": note.suffix} if note.suffix else {})}])
        yield _annotation(
            _url(base_url, urls.DATA["annotations"], f"note-{note.id}"), "commenting",
            {"type": "TextualBody", "value": note.html, "format": "text/html"},
            _url(base_url, urls.article_path(note.article)), selector)


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
    part = part or entity_part(annotated, base_url)
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
        "id": _url(base_url, urls.DATA["annotations"]),
        "type": "AnnotationCollection",
        "label": "jvreader annotations: entity links, event links and editorial notes",
        # an article's share holds one annotation per mention (``entity_annotations``)
        "total": sum(len(x.mentions) for x in corpus.extractions) + _linked_count(annotated),
        "first": {"id": _url(base_url, urls.DATA["annotations"], "page1"),
                  "type": "AnnotationPage", "startIndex": 0, "items": Streamed(items())},
    }
    yield from iter_readable_json(doc, depth=3)  # one annotation per line
