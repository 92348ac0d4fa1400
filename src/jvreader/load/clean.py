"""Line-level cleaning of a scraped article: site furniture out, scrape artefacts repaired.

Before: ``"Share on twitter"``, ``"Саrl Тhауеr"`` (Cyrillic look-alikes), ``"Роl(xiāng)itiсs"``,
``"its [42%](#) commodities"``, ``"A\u00a0title "``.
After:  (line removed), ``"Carl Thayer"``, ``"Politics"``, ``"its 42% commodities"``, ``"A title"``.

Every change that takes text out is returned as a ``Removal`` with its line in the original
file. The phrase lists and the look-alike map are package data (``boilerplate.yml``,
``homoglyphs.yml``); nothing here knows any particular site or article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from jvreader.model import Removal
from jvreader.yaml_safe import package_data

MEMO_SIZE = 1 << 12
"""How many lines or blocks the per-text steps of loading remember (``functools.lru_cache``):
a block is tested against every other block of its article, and paragraphs recur across
articles (wire copy, boilerplate). The results depend on the text alone."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of article text with its 1-based line number in the original file."""

    number: int
    text: str


@cache  # rules: each pattern is compiled once per process
def _boilerplate() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], ...]:
    data = package_data("boilerplate.yml")

    def compile_groups(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple(
            (group["reason"], re.compile(rf"(?:{'|'.join(group['patterns'])})", re.I))
            for group in data.get(key, [])
        )

    return compile_groups("lines"), compile_groups("forms")


_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u3000]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u2007\u202f\u2009\u3000]")
KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
"""Invisible format characters (Unicode category Cf) that stay in the text: the zero-width
non-joiner and joiner, which Persian, the Indic scripts and emoji sequences need. Every other
one (bidirectional controls, zero-width spaces, a BOM inside the text, soft hyphens) is
taken out: unseen, it can reorder what a reader sees or split a word a search looks for."""
INVISIBLE_REASON = "invisible format characters removed"
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin reading in parentheses glued to the letters of a word: "Роl(xiāng)itiсs".
_PINYIN = re.compile(
    rf"(?<=[^\W\d_])\((?=[a-zü{_TONE_VOWELS}]{{1,7}}\))[a-zü]*[{_TONE_VOWELS}][a-zü]*\)"
)
_EMPTY_LINK = re.compile(r"\[([^\[\]\n]+)\]\((?:#[^)\s]*)?\)")
_TOKEN = re.compile(r"\w+")
_PROSE_END = re.compile(r"[.!?][\"”’)]?$")


@lru_cache(maxsize=MEMO_SIZE)  # kept: without it loading 13 % slower (distinct corpus, N = 300)
def normalise_spaces(text: str) -> str:
    """Non-breaking and odd spaces to plain ones, runs collapsed, ends trimmed."""
    text = strip_format_characters(text)
    if "  " not in text and _ODD_SPACE.search(text) is None:
        # Every run is one plain space already: nothing to replace (pays: 0.2 -> 0.04 ms an
        # article, as a replacement was made for every space).
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def format_characters(text: str) -> dict[str, int]:
    """Each invisible format character of ``text`` to take out, with its count."""
    if text.isprintable():  # one C pass: a Cf character is never printable
        return {}
    found = sorted(ch for ch in set(text)
                   if unicodedata.category(ch) == "Cf" and ch not in KEPT_FORMAT_CHARACTERS)
    return {ch: text.count(ch) for ch in found}


def strip_format_characters(text: str) -> str:
    """``text`` without its invisible format characters (``KEPT_FORMAT_CHARACTERS`` stay)."""
    found = format_characters(text)
    return text.translate(dict.fromkeys(map(ord, found))) if found else text


def describe_format_characters(found: dict[str, int]) -> str:
    """``"U+202E RIGHT-TO-LEFT OVERRIDE ×2, U+200B ZERO WIDTH SPACE"``: what a reader is
    shown in place of characters that cannot be seen."""
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'FORMAT CHARACTER')}"
                     + (f" ×{n}" if n > 1 else "") for ch, n in found.items())


def clean_lines(lines: Sequence[Line]) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    """Drop boilerplate lines and repair each kept line; report what was taken out."""
    kept, removed = drop_boilerplate(lines)
    # Lines are joined by spaces, so the whole text has a foreign word when one line has.
    cyrillic_text = any(map(_line_has_real_cyrillic, (line.text for line in kept)))
    repaired: list[Line] = []
    for line in kept:
        text, line_removals = repair_line(line, cyrillic_text)
        removed.extend(line_removals)
        repaired.append(Line(line.number, text))
    removed.sort(key=lambda r: r.line)
    return tuple(repaired), tuple(removed)


def drop_boilerplate(lines: Sequence[Line]) -> tuple[list[Line], list[Removal]]:
    """Remove site furniture lines and whole forms; consecutive removals are grouped."""
    line_rules, form_rules = _boilerplate()
    kept: list[Line] = []
    dropped: list[tuple[Line, str]] = []
    in_form: str | None = None
    for line in lines:
        text = normalise_spaces(line.text)
        if not text:
            kept.append(Line(line.number, ""))
            continue
        form = _match(form_rules, text)
        if form:
            in_form = form
            dropped.append((line, form))
            continue
        reason = _match(line_rules, text)
        if reason:
            dropped.append((line, reason))
        elif in_form and not _is_prose(text):
            dropped.append((line, in_form))
        else:
            in_form = None
            kept.append(line)
    return kept, _group(dropped)


def _match(rules: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str | None:
    for reason, pattern in rules:
        if pattern.fullmatch(text):
            return reason
    return None


def _is_prose(text: str) -> bool:
    """Real article text, as opposed to form labels and topic names."""
    return len(text.split()) >= 20 and bool(_PROSE_END.search(text))


def _group(dropped: list[tuple[Line, str]]) -> list[Removal]:
    """One removal per run of consecutive lines dropped for the same reason."""
    groups: list[Removal] = []
    last_line = -10
    for line, reason in dropped:
        text = normalise_spaces(line.text)
        if groups and groups[-1].reason == reason and line.number - last_line <= 2:
            prev = groups[-1]
            groups[-1] = Removal(prev.text + "\n" + text, reason, prev.line)
        else:
            groups.append(Removal(text, reason, line.number))
        last_line = line.number
    return groups


def repair_line(line: Line, cyrillic_text: bool) -> tuple[str, list[Removal]]:
    """One line with spaces normalised, pinyin glosses and empty links out, look-alikes fixed."""
    removals: list[Removal] = []
    invisible = format_characters(line.text)
    if invisible:
        removals.append(Removal(describe_format_characters(invisible), INVISIBLE_REASON,
                                line.number))
    text = normalise_spaces(line.text)
    glosses = _PINYIN.findall(text) if "(" in text else []
    if glosses:
        text = _PINYIN.sub("", text)
        removals.append(Removal(" ".join(glosses), "pinyin gloss inside a word", line.number))
    if "](" in text:  # the one literal every empty link holds
        for m in _EMPTY_LINK.finditer(text):
            removals.append(Removal(m.group(0), "link with no target (text kept)", line.number))
        text = _EMPTY_LINK.sub(r"\1", text)
    fixed = fix_lookalikes(text, cyrillic_text)
    if fixed != text:
        changed = [w for w, f in zip(text.split(), fixed.split(), strict=False) if w != f]
        removals.append(Removal(" ".join(changed[:8]) + (" …" if len(changed) > 8 else ""),
                                "Cyrillic look-alike letters replaced by Latin", line.number))
    return normalise_spaces(fixed), removals


@cache  # rules: the data file is read once per process
def _lookalikes() -> dict[str, str]:
    return {str(k): str(v) for k, v in package_data("homoglyphs.yml")["latin_lookalikes"].items()}


@cache  # rules: each pattern is compiled once per process
def _lookalike_letter() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _lookalikes())))


def _script(token: str) -> str:
    """``latin``, ``lookalike`` (look-alikes only), ``foreign`` (another script) or ``none``."""
    table = _lookalikes()
    has_latin = has_lookalike = has_foreign = False
    for ch in token:
        if not ch.isalpha():
            continue
        if ch in table:
            has_lookalike = True
        elif ch.isascii() or "LATIN" in _char_name(ch):
            has_latin = True
        else:
            has_foreign = True
    if has_latin:
        return "latin" if not has_foreign else "mixed-foreign"
    if has_foreign:
        return "foreign"
    return "lookalike" if has_lookalike else "none"


@cache  # kept: without it loading 7 % slower (distinct corpus, N = 300)
def _char_name(ch: str) -> str:
    return unicodedata.name(ch, "")


def has_real_cyrillic(text: str) -> bool:
    """Whether the text holds words in a non-Latin alphabet (not just look-alike letters)."""
    if text.isascii():
        return False
    # A foreign word needs a letter of another script: most texts hold none (Vietnamese
    # letters are Latin), and then no word needs a look (pays: 0.23 -> 0.11 ms an article).
    table = _lookalikes()
    if not any(ch.isalpha() and not ch.isascii() and ch not in table
               and "LATIN" not in _char_name(ch) for ch in set(text)):
        return False
    return any(_script(t) == "foreign" for t in _TOKEN.findall(text) if not t.isascii())


# kept: without it loading 10 % slower (distinct corpus, N = 300)
_line_has_real_cyrillic = lru_cache(maxsize=MEMO_SIZE)(has_real_cyrillic)


def fix_lookalikes(text: str, cyrillic_text: bool) -> str:
    """Map look-alike letters to Latin inside Latin words; leave real Cyrillic words alone.

    A word is rewritten when it mixes Latin and look-alike letters ("Саrl", "httр"), or when
    all its letters are look-alikes ("Тhе" spelt wholly in Cyrillic, "Мау") and the nearest
    words around it are Latin — or, with no neighbour on the line, the text has no real
    Cyrillic words at all.
    """
    if text.isascii() or not _lookalike_letter().search(text):
        return text  # nothing to map: the loop below would rebuild the same text
    tokens = list(_TOKEN.finditer(text))
    if not any(not t.group(0).isascii() for t in tokens):
        return text
    scripts = [_script(t.group(0)) for t in tokens]
    table = _lookalikes()
    out: list[str] = []
    pos = 0
    for i, tok in enumerate(tokens):
        kind = scripts[i]
        convert = kind == "latin" or (kind == "lookalike" and _latin_context(scripts, i,
                                                                            cyrillic_text))
        word = tok.group(0)
        if convert and any(ch in table for ch in word):
            word = "".join(table.get(ch, ch) for ch in word)
        out.append(text[pos:tok.start()])
        out.append(word)
        pos = tok.end()
    out.append(text[pos:])
    return "".join(out)


def _latin_context(scripts: list[str], i: int, cyrillic_text: bool) -> bool:
    neighbours = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(scripts) and scripts[j] in ("lookalike", "none"):
            j += step
        if 0 <= j < len(scripts):
            neighbours.append(scripts[j])
    if not neighbours:
        return not cyrillic_text
    if "foreign" in neighbours:
        return False
    return "latin" in neighbours
