"""Turn a sentence with its dates, figures and entity mentions into a claim.

Before: the sentence ``"In October 2011, the two countries signed a Memorandum of
Understanding on defense cooperation.[1]"`` with its date ``October 2011`` and one mention.
After: ``Claim(id="c3", date="2011-10", date_basis="stated", dates=(…October 2011…),
entities=("defense-mou-2011",), …)``. A sentence is a claim when it carries a date or a
figure; the main date comes first in ``dates`` (see ``main_date``). A date that closes a
listing line ("Rail plan announced (15th April 2010)") dates no claim. A date nothing resolves
("in Tokyo on September 15" in an undated article) still makes a claim: ``date`` is then
``None`` and ``unresolved == ("September 15",)``. Headings and sentences that are only a
footnote marker are never claims.
"""

from __future__ import annotations

import re

from jvreader.model import Claim, DateMention, Figure, Mention, Sentence

_HAS_WORDS = re.compile(r"[^\W\d_]{2,}")


_LEAD_WORDS = 6
_LEAD_END = re.compile(rf"\s*(?:\S+\s+){{{_LEAD_WORDS}}}(?=\S)")


def main_date(sentence: str, mentions: tuple[DateMention, ...], offset: int = 0) -> int | None:
    """Index of the date a sentence is about: a leading "In October 2011," phrase if any,
    else the first date outside parentheses, else the first. ``offset`` is the sentence's
    start in the paragraph (mention offsets are paragraph offsets)."""
    if not mentions:
        return None
    # Counted from positions, never from a copy of the text before each date: that made a
    # sentence with thousands of dates quadratic.
    lead = _LEAD_END.match(sentence)
    lead_end = lead.end() if lead else len(sentence)  # where word _LEAD_WORDS + 1 starts
    for i, d in enumerate(mentions):
        after = sentence[d.end - offset: d.end - offset + 2]
        if d.start - offset <= lead_end and after[:1] in (",", ";", ":"):
            return i
    outside: list[int] = []
    opened = closed = at = 0
    for i in sorted(range(len(mentions)), key=lambda i: mentions[i].start):
        start = max(at, mentions[i].start - offset)
        opened += sentence.count("(", at, start)
        closed += sentence.count(")", at, start)
        at = start
        if opened <= closed:
            outside.append(i)
    return min(outside, default=0)


def build_claim(
    claim_id: str,
    sentence: Sentence,
    dates: tuple[DateMention, ...],
    figures: tuple[Figure, ...],
    mentions: tuple[Mention, ...],
    unresolved: tuple[str, ...] = (),
) -> Claim | None:
    """The claim ``sentence`` makes, or ``None`` if it states nothing dated or counted;
    ``unresolved`` are its date expressions, as written, that have no value."""
    dates = tuple(d for d in dates if not _closes_a_listing(sentence.text, d, sentence.start))
    if not (dates or figures or unresolved):
        return None
    if not _HAS_WORDS.search(_without_markers(sentence.text)):
        return None
    main = main_date(sentence.text, dates, sentence.start)
    ordered = dates if main is None else (dates[main], *dates[:main], *dates[main + 1:])
    entities = tuple(dict.fromkeys(m.entity for m in mentions))
    return Claim(
        id=claim_id,
        paragraph=sentence.paragraph,
        sentence=sentence.id,
        text=sentence.text,
        date=ordered[0].value if ordered else None,
        date_basis=ordered[0].basis if ordered else None,
        dates=ordered,
        figures=tuple(f.id for f in figures),
        entities=entities,
        unresolved=unresolved,
    )


# What stands just before a date that closes a listing: "Plan announced (15th April 2010)",
# "「Weekly Review」2016年6月4日".
_LISTING_OPENERS = "(（[「」『』\"”"
_ONLY_CLOSERS = re.compile(r"[)）\] ]*\Z")  # stops at the first other character


def _closes_a_listing(text: str, d: DateMention, offset: int) -> bool:
    """A date in brackets or after a quoted name, ending a line with no full stop: the date
    of a related-story link or a source credit, not of something the article tells."""
    if not _ONLY_CLOSERS.match(text, d.end - offset):
        return False
    before = d.start - offset - 1  # read back from the date, not a copy of all before it
    while before >= 0 and text[before].isspace():
        before -= 1
    return before >= 0 and text[before] in _LISTING_OPENERS


def _without_markers(text: str) -> str:
    return re.sub(r"\[\d+\]", "", text)
