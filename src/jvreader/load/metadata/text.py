"""The ground the metadata readers share: the result types (``Found``, ``Candidate``,
``TextMetadata``), the word lists of ``load_metadata.yml`` (folded, as patterns), the script,
length and kind of a line (label, breadcrumb, issuer, paragraph), date lines (published or
updated, era years, clock times left out) and the language of an article."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from jvreader.load.blocks import ends_sentence, word_count
from jvreader.load.dates import search_date
from jvreader.writing import UNSPACED_LETTER
from jvreader.yaml_safe import package_data

_CLOCK = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h|時)\s*\d{2}(?:\s*(?::|分)\s*\d{2})?(?:\s*分)?"
                    r"(?:\s*[ap]\.?\s?m\.?(?!\w))?", re.I)


_ZONE = re.compile(r"\(?\s*(?:GMT|UTC)\s*[+-]?\s*\d{0,2}(?::?\d{2})?\s*\)?|"
                   r"(?<![\w])(?:PT|PST|PDT|ET|EST|EDT|ICT|JST|CET|BST|SGT|HKT)(?![\w])")


_ERA = re.compile(r"(?P<era>明治|大正|昭和|平成|令和)\s*(?P<n>元|\d{1,2})\s*年")


_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[A-ZÀ-ỸĐ\"“]|。.")


_URL = re.compile(r"https?://|www\.|@\w+\.\w")


_BRACKETS = ("()", "（）", "[]", "「」", "『』", "【】")


IN_TEXT_FIELDS = ("title", "authors", "publication", "date")


@dataclass(frozen=True, slots=True)
class Found:
    """A metadata value read from the text, and the block (line) it came from."""

    value: str | tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of one line as one field, with how much it looks the part."""

    field: str
    value: str | tuple[str, ...]
    line: int
    score: float
    index: int | None = None
    """The block to take out of the body when this candidate wins (None: the block stays)."""
    reason: str = ""


@dataclass(slots=True)
class TextMetadata:
    """Everything ``read_metadata`` found, plus the blocks to take out of the body."""

    fields: dict[str, Found] = field(default_factory=dict)
    consumed: dict[int, str] = field(default_factory=dict)
    """Block index → why it leaves the body ("title", "byline", …)."""
    candidates: list[Candidate] = field(default_factory=list)
    """Every reading considered, winners and losers (for tests and debugging)."""

    @property
    def unknown(self) -> tuple[str, ...]:
        """The in-text fields (title, authors, publication, date) no candidate was good for."""
        return tuple(name for name in IN_TEXT_FIELDS if name not in self.fields)


def _rules() -> dict:  # read once per process by ``package_data``
    return package_data("load_metadata.yml")


@cache  # rules: the data file is read once per process
def _lexicon(key: str) -> tuple[str, ...]:
    """A word list of the data file, every language together, folded, longest first."""
    value = _rules()[key]
    items = [x for v in value.values() for x in v] if isinstance(value, dict) else list(value)
    return tuple(sorted({_fold(str(x)) for x in items}, key=lambda s: (-len(s), s)))


@cache  # rules: the data file is read once per process
def _lexicon_set(key: str) -> frozenset[str]:
    return frozenset(_lexicon(key))


@cache  # rules: each pattern is compiled once per process
def _words_pattern(key: str) -> re.Pattern[str]:
    """Any word of the list standing as whole words (CJK entries match anywhere)."""
    alternatives = "|".join(re.escape(w) for w in _lexicon(key))
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")


@cache  # rules: each pattern is compiled once per process
def _prefix_pattern(key: str) -> re.Pattern[str]:
    """A line starting with one of the list's entries, then the rest (``rest`` group)."""
    alternatives = "|".join(re.escape(w) for w in _lexicon(key))
    return re.compile(rf"^(?:{alternatives})(?:(?<=[\w.])(?![\w])|(?<![\w.]))[\s:：\-–—]*"
                      r"(?P<rest>.*)$", re.S | re.I)


def _fold(text: str) -> str:
    """NFKC, case-folded, spaces collapsed, edge punctuation trimmed: how word lists compare."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip(" \t:：.,;»›>|/-–—•*")


def _nfkc(text: str) -> str:
    """Full-width digits and letters as plain ones, for reading dates."""
    return unicodedata.normalize("NFKC", text)


def _is_cjk(text: str) -> bool:
    """Mostly Chinese characters and kana (judged on the first 200 characters: a line's
    script shows at its start, and a paragraph is read whole only once)."""
    sample = text[:200]
    letters = sum(map(str.isalpha, sample))
    return bool(letters) and len(UNSPACED_LETTER.findall(sample)) / letters > 0.5


def _length_in_words(text: str) -> float:
    """Words, or for CJK text one word per two characters."""
    if _is_cjk(text):
        return len(re.sub(r"\s", "", text)) / 2
    return word_count(text)


def _set(meta: TextMetadata, name: str, value: str | tuple[str, ...], line: int) -> None:
    if name not in meta.fields and value:
        meta.fields[name] = Found(value, line)


def _offer(meta: TextMetadata, name: str, value: str | tuple[str, ...] | None, line: int,
           score: float, index: int | None = None, reason: str = "") -> None:
    if value:
        meta.candidates.append(Candidate(name, value, line, score, index, reason))


def _unbalanced(text: str) -> bool:
    return any(text.count(a) != text.count(b) for a, b in _BRACKETS)


def _is_body(text: str) -> bool:
    """A paragraph of the article: a sentence, or too long for a heading."""
    if _is_cjk(text):
        return len(text) > 60 or "。" in text
    return word_count(text) > 25 or ends_sentence(text) or bool(_SENTENCE_INSIDE.search(text))


def _is_label(text: str) -> bool:
    """A kicker over the headline: "COMMENTARY", "(provisional translation)", "Latest News"."""
    letters = list(filter(str.isalpha, text))
    shouting = bool(letters) and all(ch.isupper() for ch in letters) and word_count(text) <= 3
    bracketed = text.startswith("(") and text.endswith(")") and word_count(text) <= 4
    if (shouting and not any(ch.isdigit() for ch in text)) or bracketed:
        return True
    if _only_labels(_fold(text).strip("()[]（）【】 ")):
        return True
    parts = text.split()  # "有 償 資 金 協 力": a label spaced out letter by letter
    return len(parts) >= 3 and all(len(p) == 1 for p in parts) and _is_cjk(text)


def _only_labels(folded: str) -> bool:
    """The line is section labels one after another ("thế giới phân tích")."""
    labels = _lexicon_set("section_labels")
    words = folded.split()
    if not words or len(words) > 8:
        return False
    ends = {0}  # word positions a run of whole labels can reach
    for start in range(len(words)):
        if start in ends:
            ends.update(stop for stop in range(start + 1, len(words) + 1)
                        if " ".join(words[start:stop]) in labels)
    return len(words) in ends


_CRUMB = re.compile(r"\s+[-–—›»>|/]\s+|\s*[›»|]\s*|\s{2,}")


def _is_breadcrumb(text: str) -> bool:
    """"Tin tức - Thời sự", "Home > World > Asia", "News | Politics | Business"."""
    parts = [p for p in _CRUMB.split(text) if p.strip()]
    if len(parts) < 2 or word_count(text) > 14:
        return False
    labels = _lexicon_set("section_labels")
    if _fold(parts[0]) in labels or _fold(parts[-1]) in labels:
        return True
    return len(parts) >= 3 and all(word_count(p) <= 3 for p in parts)


def _column_name(text: str) -> str | None:
    kinds = "|".join(_rules()["publication_kinds"])
    m = re.match(rf"^(?P<name>[A-Z][\w&.'’ -]{{1,60}}?) is an? (?:\w+ )?(?:{kinds})\b", text)
    return m.group("name").strip() if m else None


def _issuer(text: str) -> str | None:
    """A short line naming the body that issues a document: "在ベトナム日本国大使館"."""
    if len(text) > 120:
        return None
    if _is_cjk(text):
        suffixes = tuple(_rules()["issuer_suffixes_ja"])
        ok = len(text) <= 30 and text.endswith(suffixes) and not re.search(r"[、。,]", text)
        return text if ok else None
    if word_count(text) > 10 or ends_sentence(text):
        return None
    return text if _prefix_pattern("issuer_heads").match(text.casefold()) else None


def _date_line(text: str) -> tuple[str, str, bool] | None:
    """(ISO date, "published" or "updated", has a clock time) when ``text`` is a date line:
    a date with only labels, a weekday, a time and a zone around it."""
    if len(text) > 90:
        return None
    found = _find_date(text)
    if found is None:
        return None
    value, start, end, plain = found
    rest = _strip_date_words(plain[:start] + " " + plain[end:])
    if re.sub(r"[\W\d_]+", "", rest):
        return None
    return value, _date_kind(plain[:start]), bool(_CLOCK.search(_nfkc(text)))


def _find_date(text: str) -> tuple[str, int, int, str] | None:
    """The first dated expression of ``text`` (era years as Gregorian, clock times left
    out): its ISO value and span in the returned plain form of the text."""
    plain = re.sub(r"(?<=\d{4}-\d\d-\d\d)T(?=\d)", " ", _ERA.sub(_era_year, _nfkc(text)))
    plain = _CLOCK.sub(lambda m: " " * len(m.group(0)), plain)
    plain = _ZONE.sub(lambda m: " " * len(m.group(0)), plain)
    m = search_date(plain)
    if m is None:
        return None
    return m.value, m.start, m.end, plain


def _era_year(m: re.Match[str]) -> str:
    base = int(_rules()["eras_ja"][m.group("era")])
    n = 1 if m.group("n") == "元" else int(m.group("n"))
    return f"{base + n}年"


def _strip_date_words(text: str) -> str:
    text = _nfkc(text).casefold()
    for key in ("published_markers", "updated_markers", "weekdays", "section_labels"):
        text = _words_pattern(key).sub(" ", text)
    return text


def _date_kind(before: str) -> str:
    """"updated" when an update or copyright marker stands before the date."""
    return "updated" if _words_pattern("updated_markers").search(_nfkc(before).casefold()) \
        else "published"


def _letters_of(first: str, last: str) -> re.Pattern[str]:
    """Any letter (``str.isalpha``) from ``first`` to ``last``: the Kana and Cyrillic blocks
    also hold punctuation and combining marks, which are not counted."""
    block = (chr(c) for c in range(ord(first), ord(last) + 1))
    return re.compile("[" + "".join(re.escape(c) for c in block if c.isalpha()) + "]")


_KANA = _letters_of("\u3040", "\u30ff")


_HAN = _letters_of("\u4e00", "\u9fff")


_CYRILLIC = _letters_of("\u0400", "\u04ff")


_VI_LETTERS = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


_VI = re.compile("[" + "".join(sorted(_VI_LETTERS)) + "]")


_NOT_ASCII = re.compile("[^\x00-\x7f]")


_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())


def detect_language(text: str) -> str:
    """``vi`` for frequent Vietnamese letters, ``ru`` Cyrillic, ``ja``/``zh`` CJK, else ``en``."""
    lowered = text.lower()
    # Every letter counted below is beyond ASCII: it is looked for among those characters
    # only, and the ASCII letters are counted on bytes (a Python step per letter took 0.3 ms
    # of an English article).
    ascii_part = lowered.encode("ascii", "ignore")
    others = "".join(_NOT_ASCII.findall(lowered))
    letters = (len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
               + sum(map(str.isalpha, others)))
    if not letters:
        return "en"
    if len(_VI.findall(others)) / letters > 0.03:
        return "vi"
    kana = len(_KANA.findall(others))
    han = len(_HAN.findall(others))
    cyrillic = len(_CYRILLIC.findall(others))
    if cyrillic / letters > 0.3:
        return "ru"
    if (kana + han) / letters > 0.3:
        return "ja" if kana else "zh"
    return "en"
