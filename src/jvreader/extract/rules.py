"""Load the extraction rules that are data (``data/extract_*.yml``), once per process.

Before: ``data/extract_dates.yml`` holding ``months: {January: 1, …}``.
After: ``rules("dates")["months"]["January"] == 1``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def rules(name: str) -> dict[str, Any]:
    """The parsed ``extract_{name}.yml`` package data file."""
    text = (files("jvreader") / "data" / f"extract_{name}.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"extract_{name}.yml must be a mapping")
    return data


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so the longest one wins."""
    import re

    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
