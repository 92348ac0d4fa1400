"""Stored-copy passage records: a machine prefix `` date YYYY-MM-DD `` before the text.

Before (first line of a record cut from the middle of a page)::

     date 2020-10-19 Japan already has defense deals with …

After: the line reads ``"Japan already has defense deals with …"``, the article date is
``2020-10-19`` (stated, from line 1) and the prefix is kept as a ``Removal``. Such a record
starts mid-article, so it has no headline: its first block is body text, never the title.
The prefix patterns are package data (``load_metadata.yml``: ``record_prefixes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from jvreader.load.clean import Line
from jvreader.load.dates import normalise_date
from jvreader.model import Removal
from jvreader.yaml_safe import package_data


@dataclass(frozen=True, slots=True)
class RecordPrefix:
    """The date a passage record's prefix gives, and the line it stood on."""

    date: str
    line: int
    removal: Removal


@cache  # rules: each pattern is compiled once per process
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in package_data("load_metadata.yml")["record_prefixes"])


def take_record_prefix(lines: Sequence[Line]) -> tuple[list[Line], RecordPrefix | None]:
    """``lines`` with a record prefix cut off the first non-empty line, and what it said."""
    out = list(lines)
    for i, line in enumerate(out):
        if not line.text.strip():
            continue
        for pattern in _patterns():
            m = pattern.match(line.text)
            date = normalise_date(m.group("date")) if m else None
            if m and date:
                out[i] = Line(line.number, line.text[m.end():])
                removal = Removal(m.group(0).strip(),
                                  "stored-record date prefix (shown as the article date)",
                                  line.number)
                return out, RecordPrefix(date, line.number, removal)
        break
    return out, None
