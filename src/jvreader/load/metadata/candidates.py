"""``read_metadata``: every line near the top (and a few at the end) offered as a candidate
for each field it could fill (title, dek, authors, publication, date, series, issue,
dateline), the best candidate of each field chosen, and the blocks that leave the body."""

from __future__ import annotations

import re

from jvreader.load.blocks import Block, ends_sentence, is_caption, is_heading_text, word_count
from jvreader.load.metadata.bylines import (
    _AUTHOR_LINE,
    Byline,
    _attribution,
    _byline,
    _clean_name,
    _closing_credit,
    _closing_name,
    _is_known_outlet,
    _is_outlet_tag_or_site,
    _is_person,
    _looks_like_heading_words,
    _names_outlet,
    _outlet_name,
    _split_names,
    author_note_names,
)
from jvreader.load.metadata.text import (
    _SENTENCE_INSIDE,
    _URL,
    Candidate,
    TextMetadata,
    _column_name,
    _date_line,
    _fold,
    _is_body,
    _is_breadcrumb,
    _is_cjk,
    _is_label,
    _issuer,
    _length_in_words,
    _nfkc,
    _offer,
    _prefix_pattern,
    _rules,
    _set,
    _unbalanced,
    _words_pattern,
)

_SERIES = re.compile(r"^Part of (?:the |a |an )?(?P<series>.+?)\.?$")


_JOURNAL_ISSUE = re.compile(r"^(?P<pub>.+?)\s*(?P<y>\d{4})\s*年\s*(?P<n>\d{1,2})\s*期\s*$")


_UPPER = r"A-ZÀ-ÖØ-ÞĐĂÂÊÔƠƯ"


# "PHNOM PENH (Khmer Times) –", "HANOI, Vietnam (AP) —", "Hanoi (VNA) –"
_DATELINE_PUB = re.compile(
    rf"^(?P<place>[{_UPPER}][^\W\d_]*(?:[ .'’-]+[{_UPPER}][^\W\d_]*){{0,3}}\.?)"
    rf"(?:,\s*[{_UPPER}][^\W\d_]*(?: [{_UPPER}][^\W\d_]*)?\.?)?\s*,?\s*"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?\((?P<pub>[^)]{2,40})\)"
    r"\s*[–—-]{1,2}\s*"
)


_OUTLET_TAG = re.compile(
    r"^\(?(?P<pub>[^\W\d_][\w&.+/-]{1,24}?(?: [^\W\d_][\w&.+-]{1,15})?)\)?\s*[–—-]{1,2}\s+")


_THEO_TAG = re.compile(r"^(?P<pub>\S.{1,40}?)\s+[–—-]{1,2}\s+")


_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’]+(?: [A-Z][A-Z.'’]+){0,3}),?\s*[–—-]{1,2}\s+")


_JA_DATELINE = re.compile(r"^【(?P<inside>[^】]{2,24})】")


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


MIN_TITLE_SCORE = 0.5
"""A title candidate below this is no better than no title (a lone one-word line scores 0.5)."""


HEAD_BLOCKS = 10
"""How many blocks the top of an article may hold before its first paragraph."""


def read_metadata(blocks: list[Block], passage: bool = False) -> TextMetadata:
    """Title, dek, authors, publication, date, series, issue and dateline found in ``blocks``.

    A ``passage`` (a record cut from the middle of a page) has no top: no headline, dek or
    byline is read from its first blocks.
    """
    meta = TextMetadata()
    end = _related_start(blocks)
    if not passage:
        _read_top(blocks[:end], meta)
    _read_anywhere(blocks, meta)
    _read_bottom(blocks[:end], meta)
    for i in range(end, len(blocks)):
        meta.consumed.setdefault(i, "links to related stories")
    _choose(meta)
    return meta


def _choose(meta: TextMetadata) -> None:
    """The best candidate of each field (ties: the earliest line); its block leaves the body."""
    best: dict[str, Candidate] = {}
    for c in meta.candidates:
        known = best.get(c.field)
        if known is None or c.score > known.score or (c.score == known.score
                                                         and c.line < known.line):
            best[c.field] = c
    for name, c in sorted(best.items()):
        _set(meta, name, c.value, c.line)
        if c.index is not None:
            meta.consumed.setdefault(c.index, c.reason or name)
    winner = meta.fields.get("authors")
    for c in meta.candidates:  # the same byline printed twice leaves the body twice
        if c.field == "authors" and winner and c.value == winner.value and c.index is not None:
            meta.consumed.setdefault(c.index, "duplicate byline")


def _read_top(blocks: list[Block], meta: TextMetadata) -> None:
    titles: list[tuple[float, int]] = []
    rank = 0
    first_body: int | None = None
    head = blocks[:HEAD_BLOCKS]
    for i, block in enumerate(head):
        text = block.text
        if _is_known_outlet(text):  # a masthead, or a wire's credit line under the title
            _offer(meta, "publication", text.strip(), block.line, 0.8, i, "masthead")
            meta.consumed[i] = "masthead"
            continue
        if _is_label(text) or _is_breadcrumb(text):
            meta.consumed[i] = "section label"
            continue
        if (column := _column_name(text)) is not None:
            _offer(meta, "publication", column, block.line, 1.0)
            meta.consumed[i] = "column description"
            continue
        if is_caption(text):
            continue  # a photo credit above the headline stays, as a caption
        if (dated := _date_line(text)) is not None:
            _take_date_line(blocks, i, dated, bool(titles), meta)
            rank += 1
            continue
        if (byline := _byline(text)) is not None:
            _take_byline(meta, byline, i, block.line, 1.0)
            rank += 1
            continue
        if _AUTHOR_LINE.match(text) and not _looks_like_heading_words(text):
            _offer(meta, "authors", _split_names(text), block.line, 0.9, i,
                   "author line (shown as the authors)")
            rank += 1
            continue
        if (titles and not _is_cjk(text) and _is_person(_clean_name(text))
                and i + 1 < len(head) and _date_line(head[i + 1].text) is not None):
            _offer(meta, "authors", (_clean_name(text),), block.line, 0.8, i,
                   "byline (shown as the authors)")
            rank += 1
            continue
        if _SERIES.match(text) and word_count(text) <= 12:
            continue  # read by _read_anywhere
        if (issuer := _issuer(text)) is not None and titles:
            _offer(meta, "publication", issuer, block.line, 0.8, i,
                   "issuing body (shown as the publication)")
            continue
        score = _title_score(blocks, i, rank)
        if score is not None:
            titles.append((score, i))
            rank += 1
            continue
        if _is_body(text):
            first_body = i
            break
        rank += 1  # a short line of page furniture: passed over
    if titles:
        _take_title(blocks, titles, meta)
    if first_body is not None:
        _read_lead(blocks[first_body], meta)
        # a date line may follow the lead ("VGP – … lead …" then "November 4, 2009 6:22 PM")
        for j in range(first_body + 1, min(first_body + 4, len(blocks))):
            dated = _date_line(blocks[j].text)
            if dated is not None and len(dated[0]) == 10:  # to the day: no "April 2009" heading
                _take_date_line(blocks, j, dated, True, meta, score=0.9)
                break


def _take_title(blocks: list[Block], titles: list[tuple[float, int]],
                meta: TextMetadata) -> None:
    score, i = max(titles, key=lambda t: (t[0], -t[1]))
    if score < MIN_TITLE_SCORE:
        return  # no line looks enough like a headline: the title is unknown
    text, publication, authors = _attribution(blocks[i].text)
    head, sep, site = text.rpartition(" - ") if " - " in text else text.rpartition(" | ")
    if sep and head and _is_known_outlet(site):  # "Ports Reopen - VnExpress International"
        text, publication = head.strip(), publication or site.strip()
    line = blocks[i].line
    _offer(meta, "publication", publication, line, 0.9)
    _offer(meta, "authors", authors, line, 0.9)
    taken = [i]
    nxt = i + 1
    if (nxt < len(blocks) and _is_cjk(text) and len(text) <= 30
            and any(j == nxt for _, j in titles) and len(blocks[nxt].text) <= 30):
        text = f"{text} {blocks[nxt].text}"  # a CJK headline printed over two lines
        taken.append(nxt)
    _offer(meta, "title", text, line, score, i, "title (shown as the article title)")
    for j in taken[1:]:
        meta.consumed[j] = "title, second line"
    after = taken[-1] + 1
    while after < len(blocks) and blocks[after].text == blocks[i].text:
        meta.consumed[after] = "title printed again"
        after += 1
    if after < len(blocks) and after not in meta.consumed and _is_dek(blocks, after):
        _offer(meta, "dek", blocks[after].text, blocks[after].line, 1.0, after,
               "dek (shown under the title)")


def _take_date_line(blocks: list[Block], i: int, dated: tuple[str, str, bool],
                    after_title: bool, meta: TextMetadata, score: float = 1.0) -> None:
    value, kind, clock = dated
    if kind == "updated":
        meta.consumed[i] = "updated date (not the publication date)"
        return
    weekday = bool(_words_pattern("weekdays").search(_nfkc(blocks[i].text).casefold()))
    if (clock or weekday) and not after_title and _later_than_the_text(blocks, i, value):
        # a page's clock ("Thứ Hai, 12/01/2026, 09:23") printed above an old story
        meta.consumed[i] = "page date header (not the article's date)"
        return
    _offer(meta, "date", value, blocks[i].line, score, i, "date line")
    meta.consumed[i] = "date line"


def _later_than_the_text(blocks: list[Block], i: int, value: str) -> bool:
    """The date is two or more years after every year the rest of the text names."""
    years = [int(y) for j, b in enumerate(blocks) if j != i for y in _YEAR.findall(b.text)]
    return bool(years) and int(value[:4]) > max(years) + 1


def _take_byline(meta: TextMetadata, byline: Byline, i: int, line: int, score: float) -> None:
    _offer(meta, "authors", byline.authors, line, score, i, "byline (shown as the authors)")
    _offer(meta, "publication", byline.publication, line, score * 0.9)
    _offer(meta, "date", byline.date, line, score)
    meta.consumed.setdefault(i, "byline")


def _title_score(blocks: list[Block], i: int, rank: int) -> float | None:
    """How much a line looks like the headline (None: not at all)."""
    text = _attribution(blocks[i].text)[0]
    nxt = blocks[i + 1].text if i + 1 < len(blocks) else ""
    if not _headline_shape(text):
        return None
    if nxt[:1].islower() and _date_line(nxt) is None and _byline(nxt) is None:
        return None  # a sentence cut by a page break goes on in lower case
    score = 1.0 - 0.1 * rank
    length = _length_in_words(text)
    if length <= 2:
        score -= 0.5  # "World", "Asia Defense": labels look like this
    elif length <= 3:
        score -= 0.2
    elif length > 20:
        score -= 0.04 * (length - 20)  # a standfirst, not a headline
    if nxt == blocks[i].text:
        score += 0.2  # printed twice: page title and headline
    return score


def _headline_shape(text: str) -> bool:
    if not any(ch.isalpha() for ch in text) or _URL.search(text) or _unbalanced(text):
        return False
    if text.startswith(("(", "（", "[")) and text.endswith((")", "）", "]")):
        return False
    if _is_known_outlet(text) or _issuer(text) is not None or _byline(text) is not None:
        return False
    if _is_cjk(text) or _is_cjk(text[:1]):  # kanji and kana have no case to judge by
        return len(text) <= 60 and not re.search(r"[。、，,．]$|。", text)
    first = text[:1]
    return (
        1 <= word_count(text) <= 25
        and len(text) <= 220
        and (first.isupper() or first.isdigit() or first in "“\"‘'")
        and not re.search(r"[.,;:]$", text)
        and not _SENTENCE_INSIDE.search(text)
    )


def _read_lead(block: Block, meta: TextMetadata) -> None:
    """Outlet tags, source credits and datelines at the start of the first paragraph."""
    text, line = block.text, block.line
    m = _prefix_pattern("source_credit_prefixes").match(_nfkc(text))
    tag = _THEO_TAG.match(m.group("rest")) if m else None
    if tag and _names_outlet(tag.group("pub")):  # not "Theo ông X - Giám đốc …"
        _offer(meta, "publication", _outlet_name(tag.group("pub")), line, 0.9)
        return
    m = _DATELINE_PUB.match(text)
    place = m.group("place").strip() if m else ""
    if m and (place.isupper() or _is_outlet_tag_or_site(m.group("pub"))):
        _offer(meta, "dateline", place.title() if place.isupper() else place, line, 1.0)
        _offer(meta, "publication", m.group("pub").strip(), line, 1.0)
        return
    m = _OUTLET_TAG.match(text)
    if m and _is_outlet_tag_or_site(m.group("pub")):
        _offer(meta, "publication", m.group("pub").strip(), line, 1.0)
        return
    m = _JA_DATELINE.match(text)
    if m:  # 【ハノイ=山田太郎】 names the reporter, 【ハノイ共同】 the wire
        _place, sep, name = re.sub("＝", "=", m.group("inside")).partition("=")
        if sep and _is_person(name.strip()):
            _offer(meta, "authors", (name.strip(),), line, 0.9)
        for tag, wire in sorted(_rules()["wire_tags_ja"].items()):
            if not sep and m.group("inside").endswith(tag):
                _offer(meta, "publication", wire, line, 0.9)
        return
    m = _DATELINE.match(text)
    if m and len(m.group("place")) >= 3:
        _offer(meta, "dateline", m.group("place").title(), line, 1.0)


def _read_anywhere(blocks: list[Block], meta: TextMetadata) -> None:
    for i, block in enumerate(blocks):
        m = _SERIES.match(block.text)
        if m and word_count(block.text) <= 12 and not ends_sentence(block.text.rstrip(".")):
            _set(meta, "series", m.group("series"), block.line)
            meta.consumed[i] = "series line"


def _related_start(blocks: list[Block]) -> int:
    """Where links to other stories start at the end of the page (len(blocks) when none):
    a "Related news" line followed only by short lines."""
    for i in range(max(0, len(blocks) - 8), len(blocks)):
        text = blocks[i].text
        if word_count(text) <= 6 and _prefix_pattern("related_markers").match(
                _fold(text).lstrip(">» ")) and all(
                word_count(b.text) <= 25 for b in blocks[i + 1:]):
            return i
    return len(blocks)


def _read_bottom(blocks: list[Block], meta: TextMetadata) -> None:
    tail = [i for i in range(len(blocks)) if i not in meta.consumed][-4:]
    for i in reversed(tail):
        block = blocks[i]
        text = block.text
        journal = _JOURNAL_ISSUE.match(text) if "年" in text else None  # its one sure sign
        if journal:
            _offer(meta, "publication", journal.group("pub").strip(" ,"), block.line, 0.9)
            _offer(meta, "date", journal.group("y"), block.line, 0.8)
            _set(meta, "issue", f"{journal.group('y')} no. {int(journal.group('n'))}", block.line)
            meta.consumed[i] = "journal and issue line"
        elif (credit := _closing_credit(text)) is not None:
            publication, date = credit
            _offer(meta, "publication", publication, block.line, 0.8)
            _offer(meta, "date", date, block.line, 0.8)
            meta.consumed[i] = "source credit"
        elif (byline := _byline(text)) is not None and (
                byline.authors or _prefix_pattern("byline_markers").match(_nfkc(text))):
            _take_byline(meta, byline, i, block.line, 0.9)
        elif i == tail[-1] and (named := _closing_name(text, blocks[:i])) is not None:
            names, publication = named
            _offer(meta, "authors", names, block.line, 0.7, i, "byline (shown as the authors)")
            _offer(meta, "publication", publication, block.line, 0.6)
    for i in tail:
        names = author_note_names(blocks[i].text)
        if names:
            _offer(meta, "authors", names, blocks[i].line, 0.6)
            break


def _is_dek(blocks: list[Block], i: int) -> bool:
    """A standfirst under the title: a sentence without a final full stop, before the byline."""
    text = blocks[i].text
    words = word_count(text)
    if not 8 <= words <= 60 or ends_sentence(text):
        return False
    following = blocks[i + 1].text if i + 1 < len(blocks) else ""
    before_byline = (_byline(following) is not None or _date_line(following) is not None
                     or bool(_AUTHOR_LINE.match(following)))
    if before_byline:
        return True
    # without a byline under it, only a short one-sentence line followed by a new sentence
    return (15 <= words <= 35 and not is_heading_text(text) and following[:1].isupper()
            and len(re.findall(r"[.!?]\s", text)) == 0)
