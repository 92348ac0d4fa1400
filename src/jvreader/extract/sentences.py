"""Split a paragraph into sentences with offsets into the paragraph text.

Before: ``Paragraph("p3", "body", "Lt. Gen. Wei arrived.[2] The U.S. Congress met.", 7)``.
After: ``Sentence("p3s1", "p3", 0, 26, "Lt. Gen. Wei arrived.[2]")`` and
``Sentence("p3s2", "p3", 27, 48, "The U.S. Congress met.")``: a footnote marker belongs to
the sentence before it; abbreviations, initials and decimals do not end a sentence. The
full stops of Japanese and Chinese (。！？) end one with no space after them.
"""

from __future__ import annotations

import re

from jvreader.extract.rules import matches_at, rules
from jvreader.model import Paragraph, Sentence

_RULES = rules("sentences")
_NEVER_FINAL = frozenset(_RULES["never_final"])
_MAY_BE_FINAL = frozenset(_RULES["may_be_final"])
_OPENERS = frozenset(_RULES["sentence_openers"])

# A sentence end: terminal punctuation, closing quotes/brackets, footnote markers "[n]",
# then either whitespace or (only after a marker) the next sentence glued on.
_END = re.compile(
    rf"(?P<punct>[.!?…]+|[{_RULES['full_stops']}]+)(?P<close>[\"”’')\]{_RULES['closers']}]*)"
    r"(?P<marks>(?:\[\d{1,3}\])*)(?P<space>\s+|(?=\S))"
)
# Where a sentence end can start: ``_END`` is tried only at these characters, the matches
# ``finditer`` would give (its scan tried every position: pays 45 % of splitting).
_END_START = re.compile(rf"[.!?…{_RULES['full_stops']}]")
_FULL_STOPS = frozenset(_RULES["full_stops"])
_NEXT_START = re.compile(r"[\"“‘'(\[]?[\w]")
_NEXT_WORD = re.compile(r"[\"“‘'(]?(\w+)")
_NOT_SPACE = re.compile(r"\S")


def split_sentences(paragraph: Paragraph) -> tuple[Sentence, ...]:
    """The sentences of ``paragraph``, numbered ``{paragraph.id}s1``, ``s2`` …"""
    text = paragraph.text
    sentences = []
    for n, (s, e) in enumerate(_spans(text)):
        sentences.append(Sentence(f"{paragraph.id}s{n + 1}", paragraph.id, s, e, text[s:e]))
    return tuple(sentences)


def _spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where each sentence of ``text`` starts and ends, spaces trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _ends(text):
        if not _is_boundary(text, m):
            continue
        end = m.end("marks")
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return tuple(_trim(text, s, e) for s, e in spans)


def _ends(text: str) -> list[re.Match[str]]:
    """``_END.finditer(text)`` as a list, tried only where a match can start."""
    return matches_at(_END, text, [c.start() for c in _END_START.finditer(text)])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots ending at ``end`` ("U.S" in "the U.S. Navy"):
    walking back from ``end`` costs the word's length, not the paragraph's."""
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:end]


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    # The patterns read on from the match in ``text`` itself: a copy of the rest of the
    # paragraph at each full stop made a long paragraph quadratic.
    rest = m.end()
    if not _NOT_SPACE.search(text, rest):
        return False  # the paragraph's end closes the last sentence anyway
    if m.group("punct")[0] in _FULL_STOPS:
        # "。": a full stop in a script that puts no space after it; but "「本当か？」と言った"
        # goes on after the quote it closes (a particle, in hiragana, follows).
        return not (m.group("close") and "\u3041" <= text[rest] <= "\u309f")
    if not m.group("space") and not m.group("marks"):
        return False  # "6.5", "U.S.-Japan", "…A young": nothing separates the next word
    if not _NEXT_START.match(text, rest):
        return False
    nxt = _NEXT_WORD.match(text, rest)
    next_word = nxt.group(1) if nxt else ""
    if next_word[:1].islower():
        return False  # "e.g. the", "approx. two": a new sentence starts with a capital
    if m.group("punct") != ".":
        return True
    if m.group("close") or m.group("marks"):
        return True
    token = _word_before(text, m.start())
    if token.rstrip(".") in _NEVER_FINAL:
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial: "Alexander L. Vuving"
    if token.rstrip(".") in _MAY_BE_FINAL or ("." in token and token.replace(".", "").isupper()):
        return next_word in _OPENERS
    return True

