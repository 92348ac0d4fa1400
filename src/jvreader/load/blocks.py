"""Cleaned lines → blocks (paragraphs, headings, captions), with page breaks rejoined.

Before (lines 20–22 of a scrape)::

    … is considered as a priority to Japan which is unequivocally
    <blank>
    expressed in Japan's first National Security Strategy …

After: one body block starting at line 20, "… which is unequivocally expressed in …".

A blank line ends a block; so does a line break between long lines (many scrapes put one
paragraph per line). Lines of a hard-wrapped paragraph (all 40–100 characters) are joined.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import chain

from jvreader.load.clean import MEMO_SIZE, Line
from jvreader.model import BlockKind
from jvreader.yaml_safe import package_data

TERMINAL = re.compile(r"[.!?:;…][\"”’)\]]*$|[\"”’]$|\[\d+\]$")
_NUMBER = re.compile(r"\d+")
_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into",
    "and", "or", "but", "as", "his", "her", "its", "their", "our", "your", "my", "this",
    "that", "these", "those", "which", "who", "whose", "than", "between", "among", "about",
    "over", "under", "via", "per", "not", "nor", "so"
})
_MD_HEADING = re.compile(r"^#{1,6}\s+")
# Lines that stand alone even inside a hard-wrapped block: bylines and list items.
_OWN_LINE = re.compile(r"^\s*(?:By\s+[A-Z]|[-*•]\s|\d+[.)]\s)")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-sized piece of cleaned text and where it started in the original file."""

    text: str
    line: int
    kind: BlockKind = "body"
    marked_heading: bool = False
    """Written as a Markdown heading (``## …``) in the source."""


def split_blocks(lines: Sequence[Line]) -> list[Block]:
    """Group lines into blocks: blank lines separate, hard-wrapped lines are joined."""
    blocks: list[Block] = []
    group: list[Line] = []
    for line in [*lines, Line(-1, "")]:
        if line.text.strip():
            group.append(line)
            continue
        if group:
            blocks.extend(_group_blocks(group))
        group = []
    return blocks


def _group_blocks(group: list[Line]) -> list[Block]:
    widths = [display_width(g.text.strip()) for g in group]
    if len(group) > 1 and all(40 <= w <= 100 for w in widths[:-1]) and not any(
        _MD_HEADING.match(g.text) or _OWN_LINE.match(g.text) for g in group
    ):
        return [Block(_joined([g.text.strip() for g in group]), group[0].number)]
    out: list[Block] = []
    wrapped = _printed_column(group, widths)
    column = sorted(widths)[len(widths) * 3 // 4]
    run: list[Line] = []
    for g, width in zip(group, widths, strict=True):
        run.append(g)
        text = g.text.strip()
        if (wrapped and width >= WRAP_FILL * column and not ends_sentence(text)
                and not _MD_HEADING.match(text) and g is not group[-1]):
            continue
        if len(run) > 1:
            out.append(Block(_joined([r.text.strip() for r in run], cjk=True), run[0].number))
        else:
            marked = bool(_MD_HEADING.match(text))
            out.append(Block(_MD_HEADING.sub("", text), g.number, marked_heading=marked))
        run = []
    return out


def _printed_column(group: list[Line], widths: list[int]) -> bool:
    """Whether ``group`` is Japanese or Chinese text wrapped in a printed column (text from
    a PDF): its lines fill one width, with short lines where paragraphs and list items end,
    so a line filling the width and ending no sentence goes on in the next one. (English
    wrapped text has the rule of ``_group_blocks``' first test; a line of a script written
    without spaces ends where the column does, whatever the word.)"""
    if len(group) < 3 or not _is_cjk_text("".join(g.text for g in group)):
        return False
    column = sorted(widths)[len(widths) * 3 // 4]
    full = sum(w >= WRAP_FILL * column for w in widths)
    return 40 <= column <= 100 and full >= 3 and full * 5 >= len(group) * 2


WRAP_FILL = 0.85
"""A line at least this share of its group's widest line reaches the right margin."""


def display_width(text: str) -> int:
    """Columns ``text`` takes in print: two for a wide (CJK) character, so a line of
    Japanese wraps at the same width as a line of English."""
    if text.isascii():
        return len(text)
    # Each distinct character looked up once (a line has far fewer than it has characters),
    # and counted only in a line that has wide ones (pays: 0.24 -> 0.12 ms an article).
    wide = [c for c in set(text) if unicodedata.east_asian_width(c) in "WF"]
    if not wide:
        return len(text)
    counts = Counter(text)
    return len(text) + sum(counts[c] for c in wide)


def _joined(lines: list[str], cjk: bool | None = None) -> str:
    """Wrapped lines as one paragraph: Japanese and Chinese put no space between words, so
    a break between two characters of those scripts (or digits among them: "95" / "1億")
    is no space; elsewhere a break is a space."""
    out = lines[0]
    cjk_text = _is_cjk_text("".join(lines)) if cjk is None else cjk
    for line in lines[1:]:
        before, after = out[-1:], line[:1]
        glued = cjk_text and not (before.isascii() and before.isalpha()
                                  and after.isascii() and after.isalpha())
        out = f"{out}{'' if glued else ' '}{line}"
    return out


def _is_cjk_text(text: str) -> bool:
    """Whether most letters of ``text`` are of a script written without spaces."""
    letters = [c for c in text if c.isalpha()]
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in letters)
    return wide * 2 > len(letters)


@lru_cache(maxsize=MEMO_SIZE)  # kept: without it loading 13 % slower (distinct corpus, N = 300)
def word_count(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Whether ``TERMINAL`` matches ``text`` (trailing spaces aside), read from the end
    instead of trying every position of a long paragraph."""
    text = text.rstrip()
    if text.endswith((")", "）")):  # "…signed. (Reuters)", "…述べました。(詳細別添)"
        opening = max(text.rfind("("), text.rfind("（"))
        if opening > 0 and ends_sentence(text[:opening]):
            return True
    if text.endswith(('"', "”", "’", "」", "』")) or text.rstrip("\"”’)]）").endswith(
            tuple(".!?:;…。！？")):
        return True
    opening = text.rfind("[")  # "… as reported.[12]"
    return text.endswith("]") and opening >= 0 and bool(_NUMBER.fullmatch(text, opening + 1,
                                                                          len(text) - 1))


def rejoin_page_breaks(blocks: list[Block]) -> list[Block]:
    """Join a block cut off mid-sentence with the block that continues it.

    The first block must be a long one ending without final punctuation, and the next must
    start lowercase, or the first must end on a word that cannot end a sentence ("with").
    """
    out: list[Block] = []
    for block in blocks:
        if out and _continues(out[-1], block):
            prev = out[-1]
            out[-1] = replace(prev, text=f"{prev.text} {block.text}")
        else:
            out.append(block)
    return out


def _continues(prev: Block, block: Block) -> bool:
    if prev.kind != "body" or block.kind != "body" or prev.marked_heading:
        return False
    if word_count(prev.text) < 12 or ends_sentence(prev.text):
        return False
    first = block.text[:1]
    last_word = prev.text.split()[-1].lower()
    return first.islower() or (last_word in _FUNCTION_WORDS and first.isalpha())


@cache  # rules: each pattern is compiled once per process
def _caption_rules() -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern[str]]:
    data = package_data("load_metadata.yml")
    agencies = sorted(data["agencies"], key=len, reverse=True)
    ending = re.compile(r"\((?:" + "|".join(re.escape(a) for a in agencies) + r")\)\.?$")
    return tuple(data["credit_prefixes"]), tuple(data["credit_markers"]), ending


def is_caption(text: str) -> bool:
    """A photo caption or credit: "Source: Reuters", "… (Kyodo)", "… - Ảnh: VNA"."""
    if word_count(text) > 70:
        return False
    prefixes, markers, agency_end = _caption_rules()
    if any(text.startswith(p) for p in prefixes) and word_count(text) <= 25:
        return True
    return any(m in text for m in markers) or bool(agency_end.search(text))


def is_heading_text(text: str) -> bool:
    """Short, capitalised, no final punctuation: "Economic Ties"."""
    words = word_count(text)
    return (
        1 <= words <= 14
        and len(text) <= 120
        and text[:1].isupper()
        and not re.search(r"[.!?,;:…\"”’]$", text)
        and any(ch.isalpha() for ch in text)
    )


_CAPTION_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _orphan_caption(blocks: list[Block], i: int) -> bool:
    """A short phrase with a full stop alone after a long paragraph, before a new one: an
    image caption whose image the scrape lost ("Frigate at anchor.")."""
    if not 0 < i < len(blocks) - 1:
        return False
    data = package_data("load_metadata.yml")
    text = blocks[i].text
    return (
        text.endswith(".") and text[:1].isupper()
        and 1 <= word_count(text) <= data["orphan_caption_max_words"]
        and not any(ch.isdigit() for ch in text)
        and not set(_CAPTION_WORD.findall(text.lower())) & set(data["not_caption_words"])
        and word_count(blocks[i - 1].text) >= 20 and ends_sentence(blocks[i - 1].text)
        and blocks[i + 1].text[:1].isupper()
    )


def classify(blocks: list[Block]) -> list[Block]:
    """Mark captions and section headings; the rest stays body text."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.marked_heading:
            kind: BlockKind = "heading"
        elif is_caption(block.text) or _orphan_caption(blocks, i):
            kind = "caption"
        elif (
            following is not None
            and is_heading_text(block.text)
            and not is_heading_text(following.text)
        ):
            kind = "heading"
        else:
            kind = "body"
        out.append(replace(block, kind=kind))
    return out


# -- pull quotes -------------------------------------------------------------------------

_GLUED_CONTINUATION = re.compile(r"[.!?][\"”’]?(?=[a-z])")
_SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?])[\"”’]?(?:\[\d+\])?\s+(?=[A-Z“\"‘])|(?<=[a-z][.!?])(?=[A-Z][a-z])"
)
_SENTENCE_STOP = re.compile(r"[.!?]")
_WORD = re.compile(r"[^\W_]+")


PULL_QUOTE_REACH = 80
"""How many blocks before and after a pull quote candidate are searched for the sentence it
repeats (a pull quote stands near its sentence; an article rarely has more blocks)."""


@dataclass(frozen=True, slots=True)
class PullQuote:
    """A dropped pull quote, the line it stood on and the sentence of the article it repeats."""

    text: str
    line: int
    repeats: str


def sentences(text: str) -> list[str]:
    # ``_SENTENCE_SPLIT.split`` with the pattern tried only after ".", "!" or "?", where
    # all its matches start (it begins with a look-behind, which a scan tries everywhere);
    # pays: 0.24 -> 0.06 ms an article.
    pieces: list[str] = []
    last = 0
    for stop in _SENTENCE_STOP.finditer(text):
        if stop.end() >= last and (m := _SENTENCE_SPLIT.match(text, stop.end())):
            pieces.append(text[last:m.start()])
            last = m.end()
    pieces.append(text[last:])
    return [s for s in pieces if s.strip()]


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if not w.isdigit())


@lru_cache(maxsize=MEMO_SIZE)  # kept: without it loading 15 % slower (distinct, N = 300)
def _sentence_words(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The sentences of ``text`` with their words; remembered, as every block is compared
    with every other one (and paragraphs recur across articles)."""
    return tuple((s, _words(s)) for s in sentences(text))


def drop_pull_quotes(blocks: list[Block], threshold: float = 0.8) -> tuple[list[Block],
                                                                          list[PullQuote]]:
    """Drop blocks (or block openings) that repeat a sentence found elsewhere in the article.

    A pull quote stands on a line of its own, often with the rest of the sentence it
    interrupted glued after it ("…power status.using Vietnam as a bridge."). When the block
    before ends mid-sentence, that glued rest is joined back onto it.
    """
    out: list[Block] = []
    quotes: list[PullQuote] = []
    # Sentences and word sets are made only for the blocks that may hold the sentence a
    # candidate repeats (``_enough_words``), once per text: most blocks of an article are
    # never compared, and splitting them all into word sets cost a third of loading (pays:
    # drop_pull_quotes 1.5 -> 0.6 ms an article of the distinct-text benchmark corpus).
    splits: dict[str, tuple[tuple[str, ...], tuple[frozenset[str], ...]]] = {}
    tokens: dict[str, frozenset[str]] = {}
    for idx, block in enumerate(blocks):
        prev = out[-1] if out else None
        head, rest = block.text, ""
        if prev is not None and word_count(prev.text) >= 12 and not ends_sentence(prev.text):
            glued = _GLUED_CONTINUATION.search(block.text)
            if glued:
                head, rest = block.text[: glued.start() + 1], block.text[glued.end():]
        # The sentence count first: it rules out most blocks without making word sets.
        if len(sentences(head)) > 2 or len(candidate := _words(head)) < 8 or is_caption(head):
            out.append(block)
            continue
        # Only the blocks within reach: comparing with every block made an article of
        # thousands of short paragraphs quadratic.
        others = [*(b.text for b in out[max(0, len(out) - PULL_QUOTE_REACH):]),
                  *(b.text for b in blocks[idx + 1: idx + 1 + PULL_QUOTE_REACH]), rest]
        enough = _enough_words(candidate, threshold)
        if enough is not None:
            others = [t for t in others if _holds_enough(t, candidate, enough, tokens)]
        split = [splits[t] if t in splits else splits.setdefault(t, _split_words(t))
                 for t in others]
        # Words shared with each sentence, counted by C loops; the first best one wins.
        shared = list(map(len, map(candidate.intersection,
                                   chain.from_iterable(words for _, words in split))))
        top = max(shared, default=0)
        best = top / len(candidate)
        if best < threshold:
            out.append(block)
            continue
        texts = list(chain.from_iterable(texts for texts, _ in split))
        quotes.append(PullQuote(head, block.line, texts[shared.index(top)] if top else ""))
        if rest and prev is not None:
            out[-1] = replace(prev, text=f"{prev.text} {rest}")
        elif rest:
            out.append(replace(block, text=rest))
    return out, quotes


def _enough_words(words: frozenset[str], threshold: float) -> int | None:
    """How many of ``words`` a block must hold (as words of its lower-cased text) for one
    of its sentences to share ``threshold`` of them: a block holding fewer cannot hold the
    sentence a pull quote repeats. One fewer than the threshold, for rounding; None when a
    word holds a sigma, whose lower case depends on the letters around it (a sentence's
    word may then be spelt otherwise in its block's lower case)."""
    if any("σ" in w or "ς" in w for w in words):
        return None
    return int(threshold * len(words)) - 1


def _holds_enough(text: str, words: frozenset[str], enough: int,
                  tokens: dict[str, frozenset[str]]) -> bool:
    """Whether lower-cased ``text`` holds at least ``enough`` of ``words`` as words (a word
    of one of its sentences is one of its words). ``tokens`` remembers them by text."""
    found = tokens.get(text)
    if found is None:
        found = tokens[text] = frozenset(_WORD.findall(text.lower()))
    return len(words.intersection(found)) >= enough


def _split_words(text: str) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    """``_sentence_words`` as the sentences' texts and their word sets apart."""
    found = _sentence_words(text)
    return tuple(s for s, _ in found), tuple(w for _, w in found)
