"""Editorial notes: Markdown files with YAML front matter, anchored to article text.

Before (``seeds/notes/east-sea.md``)::

    ---
    article: 002_8f09c1811d709181
    exact: East Sea
    prefix: "the Vietnamese call the "
    ---
    Vietnam's name for the *South China Sea*.

After: ``Note(id="east-sea", article="002_8f09c1811d709181", exact="East Sea",
html="<p>Vietnam's name for the <em>South China Sea</em>.</p>\\n", paragraph="p13", start=…)``.

The anchor is a W3C Web Annotation ``TextQuoteSelector``: ``exact`` text, with optional
``prefix``/``suffix`` that must come right before/after it (whitespace runs compare equal).
A note whose selector matches nothing, or more than once with nothing to decide, stays
unanchored and yields a warning naming its file; so does a note that cannot be read.
Markdown is rendered with raw HTML disabled: a note cannot inject markup or scripts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from jvreader.inputs_guard import InputRoots, input_roots, refusal
from jvreader.model import Article, Corpus, Note

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.DOTALL)
_SPACE = re.compile(r"\s+")
_MD = MarkdownIt("commonmark", {"html": False})


def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML off (it is shown escaped, as text)."""
    return _MD.render(text)


def _optional(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return None if value is None or value == "" else str(value)


def parse_note(text: str, note_id: str, source_file: str) -> Note:
    """One note file's text as a ``Note`` (not yet anchored); ``ValueError`` says what is wrong."""
    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        raise ValueError("no YAML front matter (a first line '---', fields, then '---')")
    try:
        meta = yaml.safe_load(m[1])
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}"
                         ) from None
    if not isinstance(meta, dict):
        raise ValueError("front matter must be a mapping")
    missing = [k for k in ("article", "exact") if not meta.get(k)]
    if missing:
        raise ValueError(f"front matter lacks {', '.join(missing)}")
    body = m[2].strip()
    if not body:
        raise ValueError("the note has no text")
    return Note(id=note_id, source_file=source_file, article=str(meta["article"]),
                exact=str(meta["exact"]), prefix=_optional(meta, "prefix"),
                suffix=_optional(meta, "suffix"), markdown=body, html=render_markdown(body))


def load_notes(notes_dir: Path, project_dir: Path, roots: InputRoots | None = None
               ) -> tuple[tuple[Note, ...], tuple[str, ...]]:
    """Every ``*.md`` note in ``notes_dir`` (sorted by name), and a warning per unreadable one
    (or one ``inputs_guard`` refuses: never opened)."""
    if not notes_dir.is_dir():
        return (), ()
    roots = roots or input_roots(project_dir)
    notes: list[Note] = []
    warnings: list[str] = []
    for path in sorted(notes_dir.glob("*.md")):
        if (refused := refusal(path, roots)) is not None:
            warnings.append(f"{refused} (note)")
            continue
        try:
            source = path.relative_to(project_dir).as_posix()
        except ValueError:
            source = path.as_posix()
        try:
            notes.append(parse_note(path.read_text(encoding="utf-8"), path.stem, source))
        except (ValueError, UnicodeDecodeError) as exc:
            warnings.append(f"{source}: note skipped: {exc}")
    return tuple(notes), tuple(warnings)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def find_quote(article: Article, exact: str, prefix: str | None = None,
               suffix: str | None = None) -> list[tuple[str, int, int]]:
    """Every ``(paragraph, start, end)`` where the selector matches in the article's text."""
    hits = []
    for p in article.paragraphs:
        start = p.text.find(exact)
        while start != -1:
            end = start + len(exact)
            before_ok = prefix is None or _squash(p.text[:start]).endswith(_squash(prefix))
            after_ok = suffix is None or _squash(p.text[end:]).startswith(_squash(suffix))
            if before_ok and after_ok:
                hits.append((p.id, start, end))
            start = p.text.find(exact, start + 1)
    return hits


def _article_for(corpus: Corpus, ref: str) -> Article | None:
    """An article by id, or by its file name with or without folder and extension."""
    name = ref.rsplit("/", 1)[-1]
    for a in corpus.articles:
        stem = a.source_file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if ref in (a.id, a.source_file) or name in (stem, a.source_file.rsplit("/", 1)[-1]):
            return a
    return None


def anchor_notes(notes: tuple[Note, ...], corpus: Corpus
                 ) -> tuple[tuple[Note, ...], tuple[str, ...]]:
    """The notes with their anchors found; a warning for each that could not be anchored."""
    anchored: list[Note] = []
    warnings: list[str] = []
    for note in notes:
        article = _article_for(corpus, note.article)
        if article is None:
            warnings.append(f"{note.source_file}: note names unknown article {note.article!r}")
            anchored.append(note)
            continue
        hits = find_quote(article, note.exact, note.prefix, note.suffix)
        if len(hits) == 1:
            paragraph, start, end = hits[0]
            anchored.append(replace(note, article=article.id, paragraph=paragraph,
                                    start=start, end=end))
            continue
        if not hits:
            problem = "matches nothing"
        else:
            problem = (f"matches {len(hits)} times; add a prefix or suffix to choose one"
                       if note.prefix is None and note.suffix is None else
                       f"matches {len(hits)} times even with its prefix/suffix")
        warnings.append(f"{note.source_file}: selector {note.exact!r} {problem} "
                        f"in article {article.id}; note left unanchored")
        anchored.append(replace(note, article=article.id))
    return tuple(anchored), tuple(warnings)
