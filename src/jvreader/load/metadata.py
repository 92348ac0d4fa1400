"""Read an article's metadata from its own text: title, dek, authors, publication, date …

Before (top of a scrape)::

    Zhang Jiye & Niu Jusheng
    New Developments in Japan-Vietnam Partnership: Impetus and Prospects
    Zhang Jiye & Niu Jusheng
    The dynamics of the Asia-Pacific region have been …

After: title "New Developments …", authors (Zhang Jiye, Niu Jusheng), each with its line, and
the three lines taken out of the body (title, author line, duplicate author line).

The top of the article is read block by block until the first real paragraph; the last
blocks are read for journal lines, closing bylines and author notes. Anything found is a
``Found`` value with the line it came from; the caller merges it with the sidecar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from jvreader.load.blocks import Block, ends_sentence, is_caption, is_heading_text, word_count
from jvreader.load.clean import load_data
from jvreader.load.dates import parse_date

_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĐ][\w’'.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_BYLINE = re.compile(r"^(?:By|Written by|Words by|Theo)\s+(?P<names>.+?)\s*$", re.I)
_AUTHOR_LINE = re.compile(rf"^{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})+$")
_SINGLE_NAME = re.compile(rf"^{_NAME}$")
_SERIES = re.compile(r"^Part of (?:the |a |an )?(?P<series>.+?)\.?$")
_JOURNAL_ISSUE = re.compile(r"^(?P<pub>.+?)\s*(?P<y>\d{4})\s*年\s*(?P<n>\d{1,2})\s*期\s*$")
_DATELINE_PUB = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?)\s*\((?P<pub>[^)]{2,40})\)\s*[–—-]{1,2}\s*"
)
_DOMAIN_PUB = re.compile(r"^(?P<pub>[A-Z][A-Z0-9]*(?:\.[A-Z]{2,4})+)\s*[–—-]\s+")
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’]+(?: [A-Z][A-Z.'’]+){0,3}),?\s*[–—-]{1,2}\s+")
_DATE_LABEL = re.compile(r"^(?:published|posted|updated|date)(?: on)?\s*:?\s*", re.I)


@dataclass(frozen=True, slots=True)
class Found:
    """A metadata value read from the text, and the block (line) it came from."""

    value: str | tuple[str, ...]
    line: int


@dataclass(slots=True)
class TextMetadata:
    """Everything ``read_metadata`` found, plus the blocks to take out of the body."""

    fields: dict[str, Found] = field(default_factory=dict)
    consumed: dict[int, str] = field(default_factory=dict)
    """Block index → why it leaves the body ("title", "byline", …)."""


@cache
def _rules() -> dict:
    return load_data("load_metadata.yml")


def read_metadata(blocks: list[Block], passage: bool = False) -> TextMetadata:
    """Title, dek, authors, publication, date, series, issue and dateline found in ``blocks``.

    A ``passage`` (a record cut from the middle of a page) has no top: no headline, dek or
    byline is read from its first blocks.
    """
    meta = TextMetadata()
    if not passage:
        _read_top(blocks, meta)
    _read_anywhere(blocks, meta)
    _read_bottom(blocks, meta)
    return meta


def _set(meta: TextMetadata, name: str, value: str | tuple[str, ...], line: int) -> None:
    if name not in meta.fields and value:
        meta.fields[name] = Found(value, line)


def _read_top(blocks: list[Block], meta: TextMetadata) -> None:
    for i, block in enumerate(blocks):
        text = block.text
        has_title = "title" in meta.fields
        if _is_label(text) and not has_title:
            meta.consumed[i] = "section label"
        elif (column := _column_name(text)) is not None:
            _set(meta, "publication", column, block.line)
            meta.consumed[i] = "column description"
        elif is_caption(text):
            continue  # a photo credit above the headline stays, as a caption
        elif (names := _byline_names(text)) is not None:
            _take_authors(meta, names, i, block.line, "byline")
        elif _AUTHOR_LINE.match(text) and not _looks_like_heading_words(text):
            _take_authors(meta, _split_names(text), i, block.line, "author line")
        elif (date := _date_line(text)) is not None:
            _set(meta, "date", date, block.line)
            meta.consumed[i] = "date line"
        elif _SERIES.match(text) and word_count(text) <= 12:
            continue  # read by _read_anywhere
        elif (not has_title and _is_headline(text) and not block.marked_heading) or (
            not has_title and block.marked_heading and i < 3
        ):
            _set(meta, "title", text, block.line)
            meta.consumed[i] = "title (shown as the article title)"
        elif has_title and "dek" not in meta.fields and _is_dek(blocks, i):
            _set(meta, "dek", text, block.line)
            meta.consumed[i] = "dek (shown under the title)"
        else:
            _read_dateline(text, block.line, meta)
            return


def _read_anywhere(blocks: list[Block], meta: TextMetadata) -> None:
    for i, block in enumerate(blocks):
        m = _SERIES.match(block.text)
        if m and word_count(block.text) <= 12 and not ends_sentence(block.text.rstrip(".")):
            _set(meta, "series", m.group("series"), block.line)
            meta.consumed[i] = "series line"


def _read_bottom(blocks: list[Block], meta: TextMetadata) -> None:
    tail = [i for i in range(len(blocks)) if i not in meta.consumed][-4:]
    for i in reversed(tail):
        block = blocks[i]
        text = block.text
        journal = _JOURNAL_ISSUE.match(text) if "年" in text else None  # its one sure sign
        if journal:
            _set(meta, "publication", journal.group("pub").strip(" ,"), block.line)
            _set(meta, "date", journal.group("y"), block.line)
            _set(meta, "issue", f"{journal.group('y')} no. {int(journal.group('n'))}", block.line)
            meta.consumed[i] = "journal and issue line"
        elif (names := _byline_names(text)) is not None:
            _take_authors(meta, names, i, block.line, "byline")
        elif i == tail[-1] and _is_closing_name(text):
            _take_authors(meta, (text.strip(),), i, block.line, "byline")
    if "authors" not in meta.fields:
        for i in tail:
            names = author_note_names(blocks[i].text)
            if names:
                _set(meta, "authors", names, blocks[i].line)
                break


def _take_authors(meta: TextMetadata, names: tuple[str, ...], i: int, line: int,
                  reason: str) -> None:
    known = meta.fields.get("authors")
    if known is not None and known.value == names:
        meta.consumed[i] = f"duplicate {reason}"
        return
    _set(meta, "authors", names, line)
    meta.consumed[i] = f"{reason} (shown as the authors)"


def _is_label(text: str) -> bool:
    """A kicker over the headline: "COMMENTARY", "(provisional translation)"."""
    letters = list(filter(str.isalpha, text))
    shouting = bool(letters) and all(ch.isupper() for ch in letters) and word_count(text) <= 3
    bracketed = text.startswith("(") and text.endswith(")") and word_count(text) <= 4
    return (shouting and not any(ch.isdigit() for ch in text)) or bracketed


def _column_name(text: str) -> str | None:
    kinds = "|".join(_rules()["publication_kinds"])
    m = re.match(rf"^(?P<name>[A-Z][\w&.'’ -]{{1,60}}?) is an? (?:\w+ )?(?:{kinds})\b", text)
    return m.group("name").strip() if m else None


def _byline_names(text: str) -> tuple[str, ...] | None:
    m = _BYLINE.match(text)
    if not m or word_count(text) > 14:
        return None
    names = re.split(r"\s*[|–—]\s*|\s+-\s+", m.group("names"))[0]
    split = _split_names(names)
    return split or None


def _split_names(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", text)
    return tuple(p.strip() for p in parts if p.strip())


def _looks_like_heading_words(text: str) -> bool:
    banned = set(_rules()["not_name_words"])
    return any(w in banned for w in re.findall(r"[\w’'-]+", text))


def _is_closing_name(text: str) -> bool:
    """A name alone on the article's last line: a byline with no "By"."""
    return (
        bool(_SINGLE_NAME.match(text))
        and len(text) <= 40
        and word_count(text) <= 4
        and not any(ch.isdigit() for ch in text)
        and not _looks_like_heading_words(text)
    )


def author_note_names(text: str) -> tuple[str, ...]:
    """Names from notes like "X is Associate Professor at …; Y is Professor at …"."""
    roles = "|".join(_rules()["author_roles"])
    pattern = re.compile(
        rf"(?:^|[;.]\s+)(?P<name>{_NAME}) (?:is|was) (?:now |currently |also )?"
        rf"(?=[^;.]{{0,80}}\b(?i:{roles}))"
    )
    names = [m.group("name") for m in pattern.finditer(text)]
    return tuple(n for n in names if not _looks_like_heading_words(n))


def _date_line(text: str) -> str | None:
    if word_count(text) > 8:
        return None
    return parse_date(_DATE_LABEL.sub("", text))


def _is_headline(text: str) -> bool:
    words = word_count(text)
    return (
        1 <= words <= 25
        and len(text) <= 220
        and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "“\"‘'")
        and not re.search(r"[.,;:]$", text)
        and any(ch.isalpha() for ch in text)
    )


def _is_dek(blocks: list[Block], i: int) -> bool:
    """A standfirst under the title: a sentence without a final full stop, before the byline."""
    text = blocks[i].text
    words = word_count(text)
    if not 8 <= words <= 60 or ends_sentence(text):
        return False
    following = blocks[i + 1].text if i + 1 < len(blocks) else ""
    before_byline = (_byline_names(following) is not None or _date_line(following) is not None
                     or bool(_AUTHOR_LINE.match(following)))
    if before_byline:
        return True
    # without a byline under it, only a short one-sentence line followed by a new sentence
    return (15 <= words <= 35 and not is_heading_text(text) and following[:1].isupper()
            and len(re.findall(r"[.!?]\s", text)) == 0)


def _read_dateline(text: str, line: int, meta: TextMetadata) -> None:
    m = _DATELINE_PUB.match(text)
    if m:
        _set(meta, "dateline", m.group("place").strip().title(), line)
        _set(meta, "publication", m.group("pub").strip(), line)
        return
    m = _DOMAIN_PUB.match(text)
    if m:
        _set(meta, "publication", m.group("pub"), line)
        return
    m = _DATELINE.match(text)
    if m and len(m.group("place")) >= 3:
        _set(meta, "dateline", m.group("place").title(), line)


def _letters_of(first: str, last: str) -> re.Pattern[str]:
    """Any letter (``str.isalpha``) from ``first`` to ``last``: the Kana and Cyrillic blocks
    also hold punctuation and combining marks, which are not counted."""
    block = (chr(c) for c in range(ord(first), ord(last) + 1))
    return re.compile("[" + "".join(re.escape(c) for c in block if c.isalpha()) + "]")


_KANA = _letters_of("\u3040", "\u30ff")
_HAN = _letters_of("\u4e00", "\u9fff")
_CYRILLIC = _letters_of("\u0400", "\u04ff")
_VI_LETTERS = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_VI = re.compile("[" + "".join(sorted(_VI_LETTERS)) + "]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")
_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())


def detect_language(text: str) -> str:
    """``vi`` for frequent Vietnamese letters, ``ru`` Cyrillic, ``ja``/``zh`` CJK, else ``en``."""
    lowered = text.lower()
    # Every letter counted below is beyond ASCII: it is looked for among those characters
    # only, and the ASCII letters are counted on bytes (a Python step per letter took 0.3 ms
    # of an English article).
    ascii_part = lowered.encode("ascii", "ignore")
    others = "".join(_NOT_ASCII.findall(lowered))
    letters = (len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
               + sum(map(str.isalpha, others)))
    if not letters:
        return "en"
    if len(_VI.findall(others)) / letters > 0.03:
        return "vi"
    kana = len(_KANA.findall(others))
    han = len(_HAN.findall(others))
    cyrillic = len(_CYRILLIC.findall(others))
    if cyrillic / letters > 0.3:
        return "ru"
    if (kana + han) / letters > 0.3:
        return "ja" if kana else "zh"
    return "en"
