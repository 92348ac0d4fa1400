"""Cut numbered notes that a scrape glued into the running text out into footnotes.

Before: ``"…among others.1Carl Thayer, “…,” The Diplomat, October 14, 2014,
http://x.com/a.In 2014, …"`` (one line in the scrape)
After:  ``"…among others.[1] In 2014, …"`` and note 1 = ``"Carl Thayer, “…,” The Diplomat,
October 14, 2014,"`` with url ``"http://x.com/a"``.

How a renderer finds markers: a note's marker is the literal text ``[n]`` (square brackets
around the note number) left where the number stood, right after the sentence punctuation.
The note's text is the citation without its URL; the URL, with stray spaces joined
("http://www. mofa.go.jp" → "http://www.mofa.go.jp"), is ``url``.

Markers are found in order: note 1 first, then 2 after it, and so on, so years, "US$14.1",
"pp.1-2" or "the 11th" are never taken for markers. A marker is the expected number right
after sentence punctuation and directly followed by the note's first letter or quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from jvreader.load.blocks import Block

_EXTENSIONS = r"(?:s?html?|pdf|php|aspx?|jsp|doc|docx)"
# Prose starts again right after a full stop with no space: ".In 2014", "Ibid.Therefore".
_GLUED_SENTENCE = re.compile(r"(?<![\s.][A-Z])\.(?:\s\.)?(?=[A-Z][a-z])")
_URL_START = re.compile(r"https?://", re.I)
_URL_THEN_SENTENCE = re.compile(r"\.(?=[A-Z][a-z])")
_URL_THEN_WORD = re.compile(rf"\.(?>{_EXTENSIONS[3:-1]})(?=\.?[a-z])", re.I)
_STRAY_SPACE_NEXT = re.compile(rf"^(?:[\w.~%-]*[/.?=&]\S*|{_EXTENSIONS}\b\S*)", re.I)


@dataclass(frozen=True, slots=True)
class Note:
    """A note cut out of a block, before paragraph ids exist (the marker identifies it)."""

    n: int
    text: str
    url: str | None
    line: int


def marker(n: int) -> str:
    """The text left in a paragraph where note ``n`` was cut out."""
    return f"[{n}]"


def extract_notes(blocks: list[Block]) -> tuple[list[Block], list[Note]]:
    """Cut glued notes 1, 2, 3 … out of the blocks in reading order."""
    notes: list[Note] = []
    out: list[Block] = []
    n = 1
    for block in blocks:
        text = block.text
        pos = 0
        while True:
            found = _find_note(text, n, pos)
            if found is None:
                break
            start, _end, note_text, url, rest_start = found
            rest = text[rest_start:]
            joiner = " " if rest and (rest[0].isalnum() or rest[0] in "“\"‘(") else ""
            mark = marker(n)
            text = text[:start] + mark + joiner + rest
            notes.append(Note(n, note_text, url, block.line))
            pos = start + len(mark)
            n += 1
        out.append(replace(block, text=text) if text != block.text else block)
    if len(notes) == 1 and not _looks_like_citation(notes[0]):
        return blocks, []  # one lone "number after a full stop" is more likely a typo
    return out, notes


def _looks_like_citation(note: Note) -> bool:
    return bool(note.url or re.search(r"\b(1[89]|20)\d\d\b|Ibid|op\. cit|pp?\.\s?\d", note.text))


def _find_note(text: str, n: int, pos: int) -> tuple[int, int, str, str | None, int] | None:
    # The number first, then the punctuation before it: a literal start is found fast.
    pattern = re.compile(rf"{n}(?<=[.”\"’?!)\]]{n})(?!\d)(?=[A-Z“\"‘]|Ibid)")
    m = pattern.search(text, pos)
    if m is None:
        return None
    body_start = m.end()
    tail = text[body_start:]
    url_m = _URL_START.search(tail)
    glued = _GLUED_SENTENCE.search(tail)
    if glued and (url_m is None or glued.start() < url_m.start()):
        note_text = tail[: glued.start() + 1]
        return m.start(), body_start, _tidy(note_text), None, body_start + glued.end()
    if url_m is None:
        return m.start(), body_start, _tidy(tail), None, len(text)
    url, url_end = _read_url(tail, url_m.start())
    note_text = tail[: url_m.start()]
    return m.start(), body_start, _tidy(note_text), url, body_start + url_end


def _read_url(tail: str, start: int) -> tuple[str, int]:
    """The URL starting at ``start`` (stray spaces joined) and where the prose after it starts."""
    end = start
    pieces: list[tuple[int, int]] = []
    while True:
        token_end = _token_end(tail, end)
        pieces.append((end, token_end))
        following = tail[token_end:].lstrip(" ")
        next_start = len(tail) - len(following)
        joined_so_far = tail[end:token_end]
        if (
            following
            and tail[token_end:next_start] == " "
            and re.search(r"[/._-]$", joined_so_far)
            and _STRAY_SPACE_NEXT.match(following)
        ):
            end = next_start
            continue
        break
    url = ""
    for a, b in pieces:
        chunk = tail[a:b]
        cut = _prose_cut(chunk, 8 if not url else 0)
        if cut is not None:
            url += chunk[:cut]
            prose_start = a + cut
            if tail[prose_start] == ".":
                prose_start += 1
            return url.rstrip(".,;"), prose_start
        url += chunk
    return url.rstrip(".,;"), pieces[-1][1]


def _prose_cut(chunk: str, pos: int) -> int | None:
    """Where prose glued to the end of a URL starts: ".In 2014", ".html.and", ".htmlyears"."""
    cuts = [m.start() for m in [_URL_THEN_SENTENCE.search(chunk, pos)] if m]
    cuts += [m.end() for m in [_URL_THEN_WORD.search(chunk, pos)] if m]
    return min(cuts) if cuts else None


def _token_end(text: str, start: int) -> int:
    m = re.compile(r"\S*").match(text, start)
    return m.end() if m else start


def _tidy(note: str) -> str:
    note = re.sub(r"\s+", " ", note).strip()
    note = re.sub(r"\s*\.\s*\.$", ".", note)
    return note.rstrip(" ,;")
