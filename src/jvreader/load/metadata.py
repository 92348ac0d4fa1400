"""Read an article's metadata from its own text: title, dek, authors, publication, date …

Before (top of a scrape)::

    Latest News
    Ports Reopen After The Storm
    Jane Roe November 2, 2010
    Updated: November 5, 2010
    The harbour reopened on Monday …

After: title "Ports Reopen After The Storm", authors (Jane Roe,), date 2010-11-02, each with
the line it came from; "Latest News" is a section label, and the update is not the
publication date. All four lines leave the body.

Every line near the top (and a few at the end) is read as a *candidate* for each field it
could fill, with a score: a headline-like line (short, capitalised or in CJK script, no final
full stop, not a label, site name, breadcrumb, caption or date line) for the title, bylines
in their common shapes (By X; X | date; X date; X, role; Author- X; 文・X; X記者) for the
authors, outlet tags, source credits ("Theo Báo X -", "VOV.VN -", 「X」) and credits in bylines
("By VnExpress", "JIJI, Staff Report") for the publication, date lines and byline dates (never
an "updated", copyright, related-story or page-clock date) for the date. The best candidate
of each field wins when it is good enough; otherwise the field is left out and listed in
``TextMetadata.unknown``. Words and phrases are package data (``load_metadata.yml``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from jvreader.load.blocks import Block, ends_sentence, is_caption, is_heading_text, word_count
from jvreader.load.clean import MEMO_SIZE, load_data
from jvreader.load.dates import search_date

_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĐ][\w’'.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_AUTHOR_LINE = re.compile(rf"^{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})+$")
_SINGLE_NAME = re.compile(rf"^{_NAME}$")
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
_CLOCK = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h|時)\s*\d{2}(?:\s*(?::|分)\s*\d{2})?(?:\s*分)?"
                    r"(?:\s*[ap]\.?\s?m\.?(?!\w))?", re.I)
_ZONE = re.compile(r"\(?\s*(?:GMT|UTC)\s*[+-]?\s*\d{0,2}(?::?\d{2})?\s*\)?|"
                   r"(?<![\w])(?:PT|PST|PDT|ET|EST|EDT|ICT|JST|CET|BST|SGT|HKT)(?![\w])")
_ERA = re.compile(r"(?P<era>明治|大正|昭和|平成|令和)\s*(?P<n>元|\d{1,2})\s*年")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[A-ZÀ-ỸĐ\"“]|。.")
_URL = re.compile(r"https?://|www\.|@\w+\.\w")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|jp|cn|info|gov|edu)$", re.I)
_PARTICLES = frozenset({"van", "von", "de", "da", "del", "der", "bin", "binti", "al", "le", "la",
                        "di", "du", "dos", "das", "ter", "thị", "văn"})
_BRACKETS = ("()", "（）", "[]", "「」", "『』", "【】")

MIN_TITLE_SCORE = 0.5
"""A title candidate below this is no better than no title (a lone one-word line scores 0.5)."""
HEAD_BLOCKS = 10
"""How many blocks the top of an article may hold before its first paragraph."""
IN_TEXT_FIELDS = ("title", "authors", "publication", "date")


@dataclass(frozen=True, slots=True)
class Found:
    """A metadata value read from the text, and the block (line) it came from."""

    value: str | tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of one line as one field, with how much it looks the part."""

    field: str
    value: str | tuple[str, ...]
    line: int
    score: float
    index: int | None = None
    """The block to take out of the body when this candidate wins (None: the block stays)."""
    reason: str = ""


@dataclass(slots=True)
class TextMetadata:
    """Everything ``read_metadata`` found, plus the blocks to take out of the body."""

    fields: dict[str, Found] = field(default_factory=dict)
    consumed: dict[int, str] = field(default_factory=dict)
    """Block index → why it leaves the body ("title", "byline", …)."""
    candidates: list[Candidate] = field(default_factory=list)
    """Every reading considered, winners and losers (for tests and debugging)."""

    @property
    def unknown(self) -> tuple[str, ...]:
        """The in-text fields (title, authors, publication, date) no candidate was good for."""
        return tuple(name for name in IN_TEXT_FIELDS if name not in self.fields)


@dataclass(frozen=True, slots=True)
class Byline:
    """What one byline line says: people, the outlet credited, the date printed with them."""

    authors: tuple[str, ...]
    publication: str | None
    date: str | None


@cache
def _rules() -> dict:
    return load_data("load_metadata.yml")


@cache
def _lexicon(key: str) -> tuple[str, ...]:
    """A word list of the data file, every language together, folded, longest first."""
    value = _rules()[key]
    items = [x for v in value.values() for x in v] if isinstance(value, dict) else list(value)
    return tuple(sorted({_fold(str(x)) for x in items}, key=lambda s: (-len(s), s)))


@cache
def _lexicon_set(key: str) -> frozenset[str]:
    return frozenset(_lexicon(key))


@cache
def _words_pattern(key: str) -> re.Pattern[str]:
    """Any word of the list standing as whole words (CJK entries match anywhere)."""
    alternatives = "|".join(re.escape(w) for w in _lexicon(key))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")


@cache
def _prefix_pattern(key: str) -> re.Pattern[str]:
    """A line starting with one of the list's entries, then the rest (``rest`` group)."""
    alternatives = "|".join(re.escape(w) for w in _lexicon(key))
    return re.compile(rf"^(?:{alternatives})(?:(?<=[\w.])(?![\w])|(?<![\w.]))[\s:：\-–—]*"
                      r"(?P<rest>.*)$", re.S | re.I)


@lru_cache(maxsize=MEMO_SIZE)  # asked of the same lines by several rules
def _fold(text: str) -> str:
    """NFKC, case-folded, spaces collapsed, edge punctuation trimmed: how word lists compare."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip(" \t:：.,;»›>|/-–—•*")


def _nfkc(text: str) -> str:
    """Full-width digits and letters as plain ones, for reading dates."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=MEMO_SIZE)  # asked of the same lines by several rules
def _is_cjk(text: str) -> bool:
    """Mostly Chinese characters and kana (judged on the first 200 characters: a line's
    script shows at its start, and a paragraph is read whole only once)."""
    sample = text[:200]
    letters = sum(map(str.isalpha, sample))
    return bool(letters) and len(_CJK.findall(sample)) / letters > 0.5


def _length_in_words(text: str) -> float:
    """Words, or for CJK text one word per two characters."""
    if _is_cjk(text):
        return len(re.sub(r"\s", "", text)) / 2
    return word_count(text)


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


def _set(meta: TextMetadata, name: str, value: str | tuple[str, ...], line: int) -> None:
    if name not in meta.fields and value:
        meta.fields[name] = Found(value, line)


def _offer(meta: TextMetadata, name: str, value: str | tuple[str, ...] | None, line: int,
           score: float, index: int | None = None, reason: str = "") -> None:
    if value:
        meta.candidates.append(Candidate(name, value, line, score, index, reason))


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


# ---------------------------------------------------------------- the top of the article


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
    if _is_cjk(text):
        return len(text) <= 60 and not re.search(r"[。、，,．]$|。", text)
    first = text[:1]
    return (
        1 <= word_count(text) <= 25
        and len(text) <= 220
        and (first.isupper() or first.isdigit() or first in "“\"‘'")
        and not re.search(r"[.,;:]$", text)
        and not _SENTENCE_INSIDE.search(text)
    )


def _unbalanced(text: str) -> bool:
    return any(text.count(a) != text.count(b) for a, b in _BRACKETS)


def _is_body(text: str) -> bool:
    """A paragraph of the article: a sentence, or too long for a heading."""
    if _is_cjk(text):
        return len(text) > 60 or "。" in text
    return word_count(text) > 25 or ends_sentence(text) or bool(_SENTENCE_INSIDE.search(text))


def _is_label(text: str) -> bool:
    """A kicker over the headline: "COMMENTARY", "(provisional translation)", "Latest News"."""
    letters = list(filter(str.isalpha, text))
    shouting = bool(letters) and all(ch.isupper() for ch in letters) and word_count(text) <= 3
    bracketed = text.startswith("(") and text.endswith(")") and word_count(text) <= 4
    if (shouting and not any(ch.isdigit() for ch in text)) or bracketed:
        return True
    if _only_labels(_fold(text).strip("()[]（）【】 ")):
        return True
    parts = text.split()  # "有 償 資 金 協 力": a label spaced out letter by letter
    return len(parts) >= 3 and all(len(p) == 1 for p in parts) and _is_cjk(text)


def _only_labels(folded: str) -> bool:
    """The line is section labels one after another ("thế giới phân tích")."""
    labels = _lexicon_set("section_labels")
    words = folded.split()
    if not words or len(words) > 8:
        return False
    ends = {0}  # word positions a run of whole labels can reach
    for start in range(len(words)):
        if start in ends:
            ends.update(stop for stop in range(start + 1, len(words) + 1)
                        if " ".join(words[start:stop]) in labels)
    return len(words) in ends


_CRUMB = re.compile(r"\s+[-–—›»>|/]\s+|\s*[›»|]\s*|\s{2,}")


def _is_breadcrumb(text: str) -> bool:
    """"Tin tức - Thời sự", "Home > World > Asia", "News | Politics | Business"."""
    parts = [p for p in _CRUMB.split(text) if p.strip()]
    if len(parts) < 2 or word_count(text) > 14:
        return False
    labels = _lexicon_set("section_labels")
    if _fold(parts[0]) in labels or _fold(parts[-1]) in labels:
        return True
    return len(parts) >= 3 and all(word_count(p) <= 3 for p in parts)


def _column_name(text: str) -> str | None:
    kinds = "|".join(_rules()["publication_kinds"])
    m = re.match(rf"^(?P<name>[A-Z][\w&.'’ -]{{1,60}}?) is an? (?:\w+ )?(?:{kinds})\b", text)
    return m.group("name").strip() if m else None


def _issuer(text: str) -> str | None:
    """A short line naming the body that issues a document: "在ベトナム日本国大使館"."""
    if len(text) > 120:
        return None
    if _is_cjk(text):
        suffixes = tuple(_rules()["issuer_suffixes_ja"])
        ok = len(text) <= 30 and text.endswith(suffixes) and not re.search(r"[、。,]", text)
        return text if ok else None
    if word_count(text) > 10 or ends_sentence(text):
        return None
    return text if _prefix_pattern("issuer_heads").match(text.casefold()) else None


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


def _is_outlet_tag(tag: str) -> bool:
    """"VOV.VN", "VGP", "TTXVN", a known site: an outlet; "TOKYO", "HANOI": a place."""
    tag = tag.strip()
    if _fold(tag) in _lexicon_set("site_names") or _DOMAIN.match(tag):
        return True
    letters = [ch for ch in tag if ch.isalpha()]
    vowels = sum(ch.lower() in "aeiouy" for ch in letters)
    return tag.isupper() and 2 <= len(letters) <= 6 and vowels <= 1 and len(letters) > 2 * vowels


# ---------------------------------------------------------------- dates


@lru_cache(maxsize=MEMO_SIZE)  # asked of the same lines by several rules
def _date_line(text: str) -> tuple[str, str, bool] | None:
    """(ISO date, "published" or "updated", has a clock time) when ``text`` is a date line:
    a date with only labels, a weekday, a time and a zone around it."""
    if len(text) > 90:
        return None
    found = _find_date(text)
    if found is None:
        return None
    value, start, end, plain = found
    rest = _strip_date_words(plain[:start] + " " + plain[end:])
    if re.sub(r"[\W\d_]+", "", rest):
        return None
    return value, _date_kind(plain[:start]), bool(_CLOCK.search(_nfkc(text)))


def _find_date(text: str) -> tuple[str, int, int, str] | None:
    """The first dated expression of ``text`` (era years as Gregorian, clock times left
    out): its ISO value and span in the returned plain form of the text."""
    plain = re.sub(r"(?<=\d{4}-\d\d-\d\d)T(?=\d)", " ", _ERA.sub(_era_year, _nfkc(text)))
    plain = _CLOCK.sub(lambda m: " " * len(m.group(0)), plain)
    plain = _ZONE.sub(lambda m: " " * len(m.group(0)), plain)
    m = search_date(plain)
    if m is None:
        return None
    return m.value, m.start, m.end, plain


def _era_year(m: re.Match[str]) -> str:
    base = int(_rules()["eras_ja"][m.group("era")])
    n = 1 if m.group("n") == "元" else int(m.group("n"))
    return f"{base + n}年"


def _strip_date_words(text: str) -> str:
    text = _nfkc(text).casefold()
    for key in ("published_markers", "updated_markers", "weekdays", "section_labels"):
        text = _words_pattern(key).sub(" ", text)
    return text


def _date_kind(before: str) -> str:
    """"updated" when an update or copyright marker stands before the date."""
    return "updated" if _words_pattern("updated_markers").search(_nfkc(before).casefold()) \
        else "published"


# ---------------------------------------------------------------- bylines and names


@lru_cache(maxsize=MEMO_SIZE)  # asked of the same lines by several rules
def _byline(text: str) -> Byline | None:
    """The people, outlet and date a byline line states, or None when it is no byline."""
    if len(text) > 160 or word_count(text) > 20:
        return None
    plain = _nfkc(text).strip()
    if (ja := _ja_reporter(plain)) is not None:
        return Byline((ja,), None, None)
    m = _prefix_pattern("byline_markers").match(plain)
    marked = m is not None
    rest = m.group("rest") if m else plain
    date: str | None = None
    found = _find_date(rest)
    if found is not None:
        value, start, end, flat = found
        if _date_kind(flat[:start]) == "published":
            date = value
        tail = _strip_date_words(flat[end:])
        if re.sub(r"[\W\d_]+", "", tail):
            return None  # words after the date: a sentence, not a byline
        rest = flat[:start]
    names_part, *after = _BYLINE_BREAK.split(rest.strip(), maxsplit=1)
    if after and word_count(_strip_date_words(after[0])) > (3 if marked else 0):
        return None  # "VNA – The two governments signed …": a lead, not a byline
    authors: list[str] = []
    outlets: list[str] = []
    credit = False
    for part in _split_names(names_part):
        name = _clean_name(part)
        if not name:
            continue
        if _is_credit(name):
            credit = True
        elif _is_outlet(name) and (marked or _is_known_outlet(name)):
            outlets.append(name)
        elif _has_role(name):
            credit = True
        elif _is_person(name):
            authors.append(name)
        elif not marked:
            return None
    # beside a person, only a known outlet is one ("Jane Roe, Reuters"): "Jane Roe, Hanoi
    # University" names her affiliation
    known = [o for o in outlets if _is_known_outlet(o)]
    chosen = known[0] if known else (outlets[0] if outlets and not authors else None)
    publication = _outlet_name(chosen) if chosen else None
    if not marked and (word_count(text) > 10 or ends_sentence(text)):
        return None
    if not marked and not (date or credit or publication):
        return None  # bare names are read by the author-line rule
    if not (authors or publication or date):
        return None
    return Byline(tuple(authors), publication, date)


_BYLINE_BREAK = re.compile(r"\s+[|–—-]\s+|\s*\|\s*|\s{2,}|\s+(?:on|posted|published|updated)\s")


def _ja_reporter(text: str) -> str | None:
    """"山田太郎記者", "（山田太郎特派員）": a Japanese byline."""
    suffixes = "|".join(re.escape(s) for s in _rules()["name_suffixes_ja"])
    m = re.fullmatch(rf"[（(]?\s*(?P<name>[\u3040-\u30ff\u3400-\u9fff・ 　]{{2,12}}?)\s*"
                     rf"(?:{suffixes})\s*[)）]?", text)
    return m.group("name").strip() if m else None


def _split_names(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bvà\b|、|・と|と(?=[\u3400-\u9fff]))\s*", text)
    return tuple(p.strip() for p in parts if p.strip())


def _clean_name(text: str) -> str:
    """A byline name without a trailing full stop, quotes or a "(tổng hợp)" note."""
    text = re.sub(r"\s*[(（][^)）]*[)）]\s*$", "", text.strip())
    return text.strip(" \t.,;:'\"“”‘’-–—|/")


def _is_credit(name: str) -> bool:
    folded = _fold(name)
    return folded in _lexicon_set("credit_words") or any(
        folded.startswith(w + " ") for w in ("staff", "wire"))


def _is_outlet(name: str) -> bool:
    """A site, agency or institution's name ("VnExpress", "JIJI", "Khmer Times")."""
    folded = _fold(name)
    if not folded:
        return False
    if folded in _lexicon_set("site_names") or folded in _agencies() or _DOMAIN.match(folded):
        return True
    return bool(_words_pattern("outlet_words").search(folded))


def _is_known_outlet(name: str) -> bool:
    """A site or agency by name or address, not just a name that sounds like one."""
    folded = _fold(name)
    return (folded in _lexicon_set("site_names") or folded in _agencies()
            or bool(_DOMAIN.match(folded)))


@cache
def _agencies() -> frozenset[str]:
    return frozenset(_fold(a) for a in _rules()["agencies"])


def _outlet_name(name: str) -> str:
    """The outlet's own name: "Báo QĐND" → "QĐND" (the word "newspaper" left off)."""
    name = _clean_name(name)
    m = _prefix_pattern("outlet_generic_prefixes").match(name.casefold())
    if m and m.group("rest"):
        return name[len(name) - len(m.group("rest")):].strip()
    return name


def _has_role(name: str) -> bool:
    roles = _rules()["author_roles"]
    return bool(re.search(rf"(?i)\b(?:{'|'.join(roles)})\b", name)) or _fold(name) in {
        "reporter", "correspondent", "staff writer", "contributor"}


@lru_cache(maxsize=MEMO_SIZE)  # asked of the same lines by several rules
def _is_person(name: str) -> bool:
    """A personal name: 2–5 capitalised words (Latin script) or 2–8 CJK letters."""
    if any(ch.isdigit() for ch in name) or _is_outlet(name) or _is_credit(name):
        return False
    if _is_cjk(name):
        compact = re.sub(r"[\s・]", "", name)
        return 2 <= len(compact) <= 8 and all(_CJK.match(ch) for ch in compact)
    words = name.split()
    if not 2 <= len(words) <= 5 or _looks_like_heading_words(words[0]):
        return False
    if any(len(w) > 3 and _looks_like_heading_words(w) for w in words[1:]):
        return False  # "Japan", "Security" (short words such as "An" are also given names)
    return all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words) and all(
        re.fullmatch(r"[^\W\d_][\w’'.-]*", w) for w in words)


def _looks_like_heading_words(text: str) -> bool:
    banned = set(_rules()["not_name_words"])
    return any(w in banned for w in re.findall(r"[\w’'-]+", text))


def _attribution(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """A title without a trailing "( Source- X / Author- Y)", and the X and Y it named."""
    m = re.search(r"\s*[(\[（]\s*(?P<inside>[^()\[\]（）]{3,120}?)\s*[)\]）]\s*$", text)
    if not m:
        return text, None, ()
    labels = _rules()["attribution_labels"]
    publication: str | None = None
    authors: tuple[str, ...] = ()
    for part in re.split(r"\s*[/|;]\s*", m.group("inside")):
        pm = re.match(r"^(?P<label>[^\W\d_][\w ]{0,15}?)\s*[-–—:：]\s*(?P<value>.+)$", part)
        if not pm:
            return text, None, ()
        label = _fold(pm.group("label"))
        if label in {_fold(x) for x in labels["publication"]}:
            publication = _outlet_name(pm.group("value"))
        elif label in {_fold(x) for x in labels["authors"]}:
            authors = tuple(n for n in map(_clean_name, _split_names(pm.group("value"))) if n)
        else:
            return text, None, ()
    return text[:m.start()].rstrip(" -–—|"), publication, authors


# ---------------------------------------------------------------- anywhere and the end


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


def _closing_credit(text: str) -> tuple[str, str | None] | None:
    """「中国網日本語版」2016年6月4日, "Theo TTXVN", "出典：X": the outlet (and date) credited."""
    if len(text) > 80:
        return None
    m = re.match(r"^[「『](?P<pub>[^」』]{2,40})[」』]\s*(?P<rest>.*)$", text)
    if m:
        rest = m.group("rest").strip()
        dated = _date_line(rest) if rest else None
        if (rest and dated is None) or not (dated or _is_outlet(m.group("pub"))):
            return None  # a quotation standing last, not a credit
        return m.group("pub").strip(), (dated[0] if dated and dated[1] == "published" else None)
    m = _prefix_pattern("source_credit_prefixes").match(_nfkc(text))
    if m and word_count(text) <= 8 and not ends_sentence(text.rstrip(".")):
        name = _clean_name(m.group("rest"))
        if name and "," not in name and word_count(name) <= 5 and _names_outlet(name):
            return _outlet_name(name), None
    return None


def _closing_name(text: str, body: list[Block]) -> tuple[tuple[str, ...], str | None] | None:
    """A name alone on the article's last line ("Phúc Duy", "Minh Anh/VOV.VN")."""
    person, _, outlet = _clean_name(text).partition("/")
    person = person.strip()
    if len(text) > 60 or not _SINGLE_NAME.match(person) or not _is_person(person):
        return None
    if any(person in b.text for b in body):
        return None  # someone the article is about ("… said Phan Van Ba."), not its author
    outlet = outlet.strip().split("-")[0].strip()  # "VOV-Tokyo": the outlet's bureau
    return (person,), (_outlet_name(outlet) if outlet and _is_outlet_tag_or_site(outlet)
                       else None)


def _names_outlet(name: str) -> bool:
    """A source credit's name is an outlet's: "Báo QĐND", "TTXVN", "VnExpress", "PLO.vn"."""
    name = name.strip()
    return name[:1].isupper() and (_is_outlet(name) or _is_outlet_tag(name)
                                   or bool(re.search(r"[a-z][A-Z]|\w\.\w", name)))


def _is_outlet_tag_or_site(name: str) -> bool:
    """"VOV", "QĐND Online", "TTXVN/Vietnam+" (an agency and the site carrying it)."""
    first = name.split("/")[0].strip()
    return bool(first) and (_is_outlet(first) or _is_outlet_tag(first))


def author_note_names(text: str) -> tuple[str, ...]:
    """Names from notes like "X is Associate Professor at …; Y is Professor at …"."""
    roles = "|".join(_rules()["author_roles"])
    pattern = re.compile(
        rf"(?:^|[;.]\s+)(?P<name>{_NAME}) (?:is|was) (?:now |currently |also )?"
        rf"(?=[^;.]{{0,80}}\b(?i:{roles}))"
    )
    names = [m.group("name") for m in pattern.finditer(text)]
    return tuple(n for n in names if not _looks_like_heading_words(n))


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
