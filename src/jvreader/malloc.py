"""Giving freed memory back to the system, where the C library can (glibc's ``malloc_trim``).

Python frees a big table or page when it is done with it, but glibc keeps most of the pages
for later: a process that built one big thing then counts that memory as its own until it
ends. Used after annotation (before the render workers are forked, which would inherit it)
and in a render worker after each big file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to call
        return None


def trim() -> None:
    """Give the C library's free memory back to the system (a few milliseconds)."""
    found = _trim()
    if found is not None:
        found(0)
