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


def main_date(sentence: str, mentions: tuple[DateMention, ...], offset: int = 0) -> int | None:
    """Index of the date a sentence is about: a leading "In October 2011," phrase if any,
    else the first date outside parentheses, else the first. ``offset`` is the sentence's
    start in the paragraph (mention offsets are paragraph offsets)."""
    if not mentions:
        return None
    for i, d in enumerate(mentions):
        prefix = sentence[: d.start - offset]
        after = sentence[d.end - offset: d.end - offset + 2]
        if len(prefix.split()) <= _LEAD_WORDS and after[:1] in (",", ";", ":"):
            return i
    for i, d in enumerate(mentions):
        prefix = sentence[: d.start - offset]
        if prefix.count("(") <= prefix.count(")"):
            return i
    return 0


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
_CLOSERS = ")）]"


def _closes_a_listing(text: str, d: DateMention, offset: int) -> bool:
    """A date in brackets or after a quoted name, ending a line with no full stop: the date
    of a related-story link or a source credit, not of something the article tells."""
    if text[d.end - offset:].strip(_CLOSERS + " "):
        return False
    return text[: d.start - offset].rstrip()[-1:] in _LISTING_OPENERS


def _without_markers(text: str) -> str:
    return re.sub(r"\[\d+\]", "", text)
