"""ASCII-folded spellings of names and words, so search finds "Nguyễn Phú Trọng" as
"Nguyen Phu Trong".

    folded_words(["Nguyễn Phú Trọng", "Biển Đông", "Japan"]) -> "Bien Dong Nguyen Phu Trong"

Only words that change when folded are returned; the page shows the original spelling and
carries these in a visually hidden element the search indexer reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from jvreader.writing import UNSPACED_LETTER

WORD = re.compile(r"\w+")
LETTER_BEYOND_ASCII = re.compile(r"[^\W\x00-\x7f]")  # a word character beyond ASCII
# letters NFKD does not decompose into a base letter plus a mark
EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``"Nguyễn Đức"`` → ``"Nguyen Duc"``: marks dropped, other characters kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(EXTRA))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))


def folded_words(texts: Iterable[str]) -> str:
    """Every Latin word of ``texts`` whose folded form differs, folded, sorted, each once."""
    found: set[str] = set()
    for text in texts:
        # most paragraphs: no word in them can change (their curly quotes are no letters)
        if text.isascii() or not LETTER_BEYOND_ASCII.search(text):
            continue
        for word in set(WORD.findall(text)):
            # nothing to fold to ASCII; a Japanese "word" (a run between punctuation) is not
            # kept in ``fold``'s memo either (at N = 3,000, 15,858 of its 16,241 entries)
            if word.isascii() or UNSPACED_LETTER.search(word):
                continue
            f = fold(word)
            if f != word and f.isascii():
                found.add(f)
    return " ".join(sorted(found, key=lambda w: (w.casefold(), w)))
