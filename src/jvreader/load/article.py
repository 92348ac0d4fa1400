"""Turn one decoded seed file (``RawSource``) into a clean ``Article`` record.

Before: the raw scrape, e.g. ``"Skip to content\\n\\nJapan And Vietnam …\\n\\nFebruary 26, 2019"``.
After:  ``Article(title="Japan And Vietnam …", date="2019-02-26", date_basis="stated",
paragraphs=(Paragraph("p1", "caption", "Via Wikimedia Commons.", 7), …), removed=(…))``.

Steps, each a pure function: ``clean`` (boilerplate, look-alike letters, pinyin glosses,
empty links) → ``blocks`` (paragraphs) → ``metadata`` (title, byline, date … read from the
text) → ``footnotes`` (glued notes cut out) → pull quotes dropped → captions and headings
marked → page breaks rejoined → ids ``p1``, ``p2`` … in reading order. A passage record's
`` date YYYY-MM-DD `` prefix (``passage``) is cut off first and gives the article date.

Footnote markers: where a note was cut out, the paragraph text keeps ``[n]`` right after
the sentence punctuation ("…among others.[1] In 2014, …"); ``Footnote.paragraph`` names
the paragraph holding it. A renderer turns each ``[n]`` into a link to note ``n``.

Metadata precedence: sidecar, then front matter, then what the text states, then the file
name (title only). ``Article.provenance`` records the source of every field that has a value.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache
from itertools import accumulate
from typing import Any

from jvreader.load import blocks as blk
from jvreader.load.clean import (
    INVISIBLE_REASON,
    Line,
    clean_lines,
    format_characters,
    normalise_spaces,
)
from jvreader.load.dates import normalise_date
from jvreader.load.footnotes import extract_notes, marker
from jvreader.load.metadata import Found, detect_language, read_metadata
from jvreader.load.passage import take_record_prefix
from jvreader.load.sources import RawSource
from jvreader.model import Article, Footnote, Paragraph, Provenance, Removal, pack_text

_TEXT_FIELDS = ("title", "dek", "publication", "series", "issue", "dateline")


def build_article(raw: RawSource) -> tuple[Article, tuple[str, ...]]:
    """The cleaned article and any warnings (``seeds/x.txt:12: …``) about its text."""
    warnings: list[str] = []
    lines = [Line(raw.first_line + i, text) for i, text in enumerate(raw.text.split("\n"))]
    lines, prefix = take_record_prefix(lines)
    kept, removed_lines = clean_lines(lines)
    removed: list[Removal] = list(removed_lines)
    blocks = blk.split_blocks(kept)

    found = read_metadata(blocks, passage=prefix is not None)
    if prefix is not None:  # the record's own date outranks any date the passage quotes
        found.fields["date"] = Found(prefix.date, prefix.line)
        removed.append(prefix.removal)
    for index, reason in sorted(found.consumed.items()):
        removed.append(Removal(blocks[index].text, reason, blocks[index].line))
    blocks = [b for i, b in enumerate(blocks) if i not in found.consumed]

    blocks, notes = extract_notes(blocks)
    for note in notes:
        removed.append(Removal(note.text + (f" {note.url}" if note.url else ""),
                               f"footnote {note.n} moved to notes", note.line))
    blocks, quotes = blk.drop_pull_quotes(blocks)
    blocks = blk.rejoin_page_breaks(blk.classify(blocks))
    paragraphs = tuple(
        Paragraph(f"p{i}", b.kind, b.text, b.line) for i, b in enumerate(blocks, start=1)
    )
    paragraph_with = _paragraph_finder(paragraphs)
    for quote in quotes:
        where = paragraph_with(quote.repeats)
        removed.append(Removal(quote.text, f"pull quote repeating {where}", quote.line))
    footnotes = tuple(
        Footnote(n.n, n.text, n.url, paragraph_with(marker(n.n))) for n in notes
    )

    values, provenance = _merge_metadata(raw, found.fields, warnings)
    body_text = " ".join(p.text for p in paragraphs)
    language = str(values.get("language") or detect_language(body_text))
    if "language" not in values:
        provenance.append(Provenance("language", "text"))
    article = Article(
        id=raw.id,
        source_file=raw.rel_path,
        title=str(values["title"]),
        dek=_opt(values.get("dek")),
        authors=tuple(values.get("authors", ())),
        publication=_opt(values.get("publication")),
        date=_opt(values.get("date")),
        date_basis=values.get("date_basis"),
        url=_opt(values.get("url")),
        series=_opt(values.get("series")),
        issue=_opt(values.get("issue")),
        dateline=_opt(values.get("dateline")),
        language=language,
        paragraphs=paragraphs,
        footnotes=footnotes,
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        provenance=tuple(provenance),
        packed_original=pack_text(raw.original),
    )
    if not paragraphs:
        warnings.append(f"{raw.rel_path}: no article text left after cleaning")
    invisible = [r for r in removed_lines if r.reason == INVISIBLE_REASON]
    if invisible:
        count = sum(format_characters(raw.text).values())
        warnings.append(f"{raw.rel_path}:{invisible[0].line}: {count} invisible format "
                        f"character{'s' if count != 1 else ''} (bidirectional controls, "
                        "zero-width spaces …) removed from the text; the original-text page "
                        "lists them")
    return article, tuple(warnings)


def _paragraph_finder(paragraphs: tuple[Paragraph, ...]) -> Callable[[str], str]:
    """The id of the first paragraph holding a text (else the last one's, or ``p1``).

    One search of all the text joined (C speed) per distinct text: a Python loop over the
    paragraphs for each footnote and pull quote made a huge article quadratic."""
    # NUL never occurs in a text that loaded (control characters are refused), so no match
    # runs across two paragraphs.
    joined = "\0".join(p.text for p in paragraphs)
    starts = list(accumulate((len(p.text) + 1 for p in paragraphs[:-1]), initial=0))
    fallback = paragraphs[-1].id if paragraphs else "p1"

    @cache  # one article's lookups only: it lives as long as this call
    def paragraph_with(text: str) -> str:
        at = joined.find(text) if paragraphs else -1
        return paragraphs[bisect.bisect_right(starts, at) - 1].id if at >= 0 else fallback

    return paragraph_with


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _merge_metadata(raw: RawSource, found: dict[str, Found],
                    warnings: list[str]) -> tuple[dict[str, Any], list[Provenance]]:
    """Sidecar and front matter over what the text says; each field with its source."""
    values: dict[str, Any] = {}
    provenance: list[Provenance] = []

    def take_editorial(name: str, value: Any) -> None:
        values[name] = value
        provenance.append(Provenance(name, raw.meta_sources.get(name, "sidecar")))  # type: ignore[arg-type]

    meta = raw.meta
    for name in (*_TEXT_FIELDS, "url", "language"):
        if meta.get(name) not in (None, ""):
            take_editorial(name, normalise_spaces(str(meta[name])))
        elif name in found:
            values[name] = found[name].value
            provenance.append(Provenance(name, "text", found[name].line))
    if meta.get("authors") not in (None, "", []):
        authors = meta["authors"]
        # normalised as the other fields are: no invisible format character survives
        names = authors if isinstance(authors, list) else re.split(r"\s*[;&]\s*", str(authors))
        take_editorial("authors", tuple(normalise_spaces(str(a)) for a in names))
    elif "authors" in found:
        values["authors"] = found["authors"].value
        provenance.append(Provenance("authors", "text", found["authors"].line))
    if meta.get("date") not in (None, ""):
        date = normalise_date(meta["date"])
        if date is None:
            warnings.append(f"{raw.rel_path}: sidecar date {meta['date']!r} is not a date "
                            "(use YYYY, YYYY-MM or YYYY-MM-DD); ignored")
        else:
            take_editorial("date", date)
            values["date_basis"] = "sidecar"
    if "date" not in values and "date" in found:
        values["date"] = found["date"].value
        values["date_basis"] = "stated"
        provenance.append(Provenance("date", "text", found["date"].line))
    if "title" not in values:
        values["title"] = title_from_filename(raw.id)
        provenance.append(Provenance("title", "filename"))
        warnings.append(f"{raw.rel_path}: no headline found in the text; title "
                        f"{values['title']!r} made from the file name (set `title:` in a sidecar)")
    return values, provenance


def title_from_filename(slug: str) -> str:
    """``"105_ap-2020-suga-hanoi"`` → ``"Ap 2020 suga hanoi"``; hash-like parts are dropped."""
    words = [w for w in re.split(r"[-_.\s]+", slug) if w]
    if len(words) > 1 and words[0].isdigit():
        words = words[1:]  # the "105_" ordering prefix
    words = [w for w in words if not re.fullmatch(r"[0-9a-f]{8,}", w)] or [slug]
    text = " ".join(words)
    return text[:1].upper() + text[1:]
