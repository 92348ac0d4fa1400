"""Check the editorial fields of a front matter or sidecar before anything uses them.

Before (a sidecar)::

    title: [a, list]
    authors: 42
    date: 2015-02-30
    titel: Japan and Vietnam

After: no field kept, and four warnings naming the file and line, e.g.
``seeds/x.yaml:1: 'title' must be a string (put it in quotes), not a list; ignored`` and
``seeds/x.yaml:4: unknown key 'titel' (did you mean 'title'?); ignored``. A field left
out is read from the text instead, as if it were not given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from jvreader.load.dates import FIRST_YEAR, LAST_YEAR, normalise_date
from jvreader.yaml_safe import unknown_key


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string (put it in quotes)"


def _string_or_number(value: Any) -> str | None:
    ok = isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool))
    return None if ok else "must be a string or a number"


def _strings(value: Any) -> str | None:
    if isinstance(value, str) or (isinstance(value, list)
                                  and all(isinstance(v, str) for v in value)):
        return None
    return "must be a string or a list of strings"


def _authors(value: Any) -> str | None:
    if _strings(value) is None:
        return None
    return "must be a name, or a list of names (authors: [Mai Anh, Kenji Sato])"


def _date(value: Any) -> str | None:
    if normalise_date(value) is not None:
        return None
    if isinstance(value, dt.date | int | str) and not isinstance(value, bool):
        return (f"is not a date of the calendar between {FIRST_YEAR} and {LAST_YEAR} "
                "(use YYYY, YYYY-MM or YYYY-MM-DD)")
    return "must be a date (YYYY, YYYY-MM or YYYY-MM-DD)"


FIELD_CHECKS: Mapping[str, Callable[[Any], str | None]] = {
    "title": _string, "dek": _string, "authors": _authors, "publication": _string,
    "date": _date, "url": _string, "series": _string, "issue": _string_or_number,
    "dateline": _string, "language": _string, "encoding": _string, "notes": _strings,
}
"""Each field a front matter or sidecar may hold, with its check (None when fine)."""


def checked_fields(data: Mapping[Any, Any], lines: Mapping[Any, int], where: str
                   ) -> tuple[dict[str, Any], list[str]]:
    """The known fields of ``data`` whose values have the right type, and one warning
    (``where:line: …; ignored``) for every other key. An empty value (``title:``) is kept:
    it means "unknown, read it from the text"."""
    kept: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in data.items():
        line = lines.get(key if isinstance(key, str) else str(key))
        at = f"{where}:{line}" if line else where
        check = FIELD_CHECKS.get(key) if isinstance(key, str) else None
        if check is None:
            warnings.append(f"{at}: {unknown_key(key, FIELD_CHECKS)}; ignored")
            continue
        problem = check(value) if value not in (None, "", []) else None
        if problem:
            warnings.append(f"{at}: {key!r} {problem}, not {_shown(value)}; ignored")
            continue
        kept[key] = value
    return kept, warnings


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
