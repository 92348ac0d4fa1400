"""Words a reader sees for machine values: ISO dates, date bases, numbers.

    date_label("2015-09-20")   -> "20 September 2015"
    date_label("1992/2011")    -> "1992 to 2011"
    basis_label("sidecar")     -> "date from the editor's metadata"
    number_label(4000000.0)    -> "4,000,000"
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

BASIS_WORDS = {
    "stated": "date stated in the article",
    "relative": "date worked out from the article’s own wording",
    "sidecar": "date from the editor’s metadata",
    "inferred": "date inferred from the article’s content",
}


@lru_cache(maxsize=65536)  # a site asks about the same few thousand dates again and again
def is_iso_date(value: str | None) -> bool:
    """Whether ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with a real month and day."""
    m = ISO_DATE.match(value or "")
    if not m:
        return False
    month, day = m.group(2), m.group(3)
    return (month is None or 1 <= int(month) <= 12) and (day is None or 1 <= int(day) <= 31)


@lru_cache(maxsize=65536)
def date_label(value: str | None) -> str:
    """A date or interval as words, at the precision it has; anything else unchanged."""
    if not value:
        return ""
    if "/" in value:
        start, _, end = value.partition("/")
        if start and end:
            return f"{date_label(start)} to {date_label(end)}"
        return f"since {date_label(start)}" if start else f"until {date_label(end)}"
    if not is_iso_date(value):
        return value
    year, month, day = ISO_DATE.match(value).groups()  # type: ignore[union-attr]
    if month is None:
        return year
    if day is None:
        return f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def basis_label(basis: str | None) -> str:
    """Where a date comes from, in words; ``""`` when that is not known."""
    return BASIS_WORDS.get(basis or "", "")


def number_label(value: float) -> str:
    """``4000000.0`` → ``4,000,000``; ``6.5`` → ``6.5``: grouped, no float noise."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def number_value(value: float) -> str | None:
    """The machine-readable form for ``<data value>``; ``None`` for NaN or infinity."""
    if not math.isfinite(value):
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))
