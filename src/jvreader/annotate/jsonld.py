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
"""

from __future__ import annotations

from typing import Any

from jvreader.export import readable_json
from jvreader.model import Annotated, Article

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32
EVENTS_PAGE = "events.html"


def _url(base_url: str | None, path: str, fragment: str | None = None) -> str:
    root = base_url.rstrip("/") + "/" if base_url else "../"
    return root + path + (f"#{fragment}" if fragment else "")


def _quote(article: Article, paragraph: str, start: int, end: int, anchor: str
           ) -> list[dict[str, Any]]:
    text = article.paragraph(paragraph).text
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


def annotation_items(annotated: Annotated, base_url: str | None) -> list[dict[str, Any]]:
    """Entity links, then event links, then notes, each in corpus order."""
    corpus = annotated.corpus
    items: list[dict[str, Any]] = []
    for x in corpus.extractions:
        article = corpus.article(x.article)
        source = _url(base_url, f"articles/{article.id}.html")
        for n, m in enumerate(x.mentions, 1):
            items.append(_annotation(
                _url(base_url, "data/annotations.jsonld", f"entity-{article.id}-{n}"),
                "identifying", _url(base_url, f"entities/{m.entity}.html"), source,
                _quote(article, m.paragraph, m.start, m.end, m.sentence)))
    sentences = {(x.article, s.id): s for x in corpus.extractions for s in x.sentences}
    for event in annotated.events:
        for n, m in enumerate(event.mentions, 1):
            article = corpus.article(m.article)
            s = sentences.get((m.article, m.sentence))
            selector = _quote(article, m.paragraph, s.start, s.end, m.sentence) if s else None
            items.append(_annotation(
                _url(base_url, "data/annotations.jsonld", f"event-{event.id}-{n}"),
                "linking", _url(base_url, EVENTS_PAGE, event.id),
                _url(base_url, f"articles/{m.article}.html"), selector))
    for note in annotated.notes:
        known = any(a.id == note.article for a in corpus.articles)
        selector = (_quote(corpus.article(note.article), note.paragraph, note.start or 0,
                           note.end or 0, note.paragraph)
                    if known and note.paragraph is not None else
                    [{"type": "TextQuoteSelector", "exact": note.exact,
                      **({"prefix": note.prefix} if note.prefix else {}),
                      **({"suffix": note.suffix} if note.suffix else {})}])
        items.append(_annotation(
            _url(base_url, "data/annotations.jsonld", f"note-{note.id}"), "commenting",
            {"type": "TextualBody", "value": note.html, "format": "text/html"},
            _url(base_url, f"articles/{note.article}.html"), selector))
    return items


def annotations_jsonld(annotated: Annotated, base_url: str | None = None) -> bytes:
    """The ``AnnotationCollection`` as UTF-8 JSON-LD bytes (deterministic, trailing newline)."""
    items = annotation_items(annotated, base_url)
    doc = {
        "@context": CONTEXT,
        "id": _url(base_url, "data/annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": "jvreader annotations: entity links, event links and editorial notes",
        "total": len(items),
        "first": {"id": _url(base_url, "data/annotations.jsonld", "page1"),
                  "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return readable_json(doc, depth=3)  # one annotation per line
