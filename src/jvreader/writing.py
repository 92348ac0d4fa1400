"""Writing systems the rules of several stages tell apart.

    UNSPACED_LETTER.search("日本とベトナム") -> a match;  UNSPACED_LETTER.search("Việt Nam") -> None
"""

from __future__ import annotations

import re

UNSPACED = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
"""Kana and Chinese characters (a character-class body): writing with no space between
words, and no letter that folds to ASCII."""
UNSPACED_LETTER = re.compile(f"[{UNSPACED}]")
