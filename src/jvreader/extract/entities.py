"""Load the editorial gazetteer and find its entities (and unknown names) in text.

Before: ``seeds/gazetteer.yml`` holding ``{id: shinzo-abe, name: Shinzo Abe, kind: person,
aliases: [Abe], native: {ja: 安倍晋三}}`` and the text ``"Prime Minister Abe said"``.
After: ``find_mentions("Prime Minister Abe said") == [(15, 18, "shinzo-abe")]``.
Aliases are literal text, never patterns; matching is whole-word, longest first, without
overlaps. An alias with a capital letter matches case-sensitively unless the entry says
``case_sensitive: false``. Text and aliases are compared after folding (``match_key``):
full-width and half-width forms alike (NFKC), and Latin letters without their diacritics,
so "Viet Nam" finds "Việt Nam" and "Nguyễn Phu Trong" finds Nguyễn Phú Trọng; kana and
kanji keep theirs (ベ is not ヘ). Aliases in a script written without spaces (日本, ベトナム)
match anywhere, found by their first character in one pass over the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from jvreader.errors import SourceError
from jvreader.extract.rules import rules, text_words
from jvreader.load.sources import compose_yaml
from jvreader.model import Entity

KINDS = frozenset({"person", "organisation", "place", "agreement", "programme", "event",
                   "document", "other"})
_KEYS = frozenset({"id", "name", "kind", "aliases", "native", "case_sensitive", "note",
                   "description"})
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


_Alias = tuple[str, str, bool, str | None]
"""``(folded alias, entity id, case_sensitive, marked)``: ``marked`` is the alias as written
when it is one word with diacritics ("Mỹ"), which must then match with them: folded, it
would be another language's word ("My")."""
_FIRST_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The entities an editor curated, with an index of their aliases for fast matching.

    Aliases are indexed by their first word (case-folded), so matching looks only at the
    aliases that could start at each word of the text; longer aliases are tried first.
    """

    entities: tuple[Entity, ...] = ()
    _by_first: dict[str, tuple[_Alias, ...]] = field(default_factory=dict, repr=False)
    _unspaced: dict[str, tuple[_Alias, ...]] = field(default_factory=dict, repr=False)
    """Aliases starting with a character of a script written without spaces (安倍晋三), by
    that first character, longest first."""
    _unspaced_first: re.Pattern[str] | None = field(default=None, repr=False)
    """The first characters of those aliases, as one character class."""
    _symbols: re.Pattern[str] | None = field(default=None, repr=False)
    """The first characters of aliases that start with neither a word character nor a space."""

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def find_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entity id)`` for each alias in ``text``: longest first, no overlaps."""
        # No memo by text: each sentence is matched once, and distinct articles share few
        # sentences (a module-level memo only paid on the benchmark's repeated paragraphs).
        return self._match(text)[0]

    def find_mentions_with_words(self, text: str
                                 ) -> tuple[list[tuple[int, int, str]], frozenset[str]]:
        """``find_mentions(text)`` and ``rules.text_words(text)``: an ASCII text's words are
        the ones matching reads (pays 5 % of extraction)."""
        found, words = self._match(text)
        return found, frozenset(words) if text.isascii() else text_words(text)

    def _match(self, original: str) -> tuple[list[tuple[int, int, str]], list[str]]:
        """The mentions, and the text's words as matching reads them (case-folded)."""
        text, where = match_key(original)
        found: list[tuple[int, int, str]] = []
        by_first = self._by_first
        starts = list(_FIRST_WORD.finditer(text))
        # Most words start no alias: keep those that do with C-level maps, not a Python loop.
        words = keys = list(map(str.casefold, map(re.Match.group, starts)))
        if self._symbols is not None:  # aliases starting with a symbol ("#MeToo")
            symbols = list(self._symbols.finditer(text))
            starts = [*starts, *symbols]
            keys = [*keys, *map(str.casefold, map(re.Match.group, symbols))]
        for m, key in compress(zip(starts, keys, strict=True), map(by_first.__contains__, keys)):
            pos = m.start()
            for alias, eid, sensitive, marked in by_first[key]:
                end = pos + len(alias)
                piece = text[pos:end]
                if (piece == alias if sensitive else piece.casefold() == alias.casefold()) \
                        and _boundary_after(text, end, alias) \
                        and (marked is None or _as_written(original, where, pos, end, marked,
                                                           sensitive)):
                    found.append((pos, end, eid))
                    break
        if self._unspaced_first is not None and not text.isascii():
            for m in self._unspaced_first.finditer(text):
                pos = m.start()
                for alias, eid, _, _ in self._unspaced[m.group()]:
                    if text.startswith(alias, pos) and _boundary_after(text, pos + len(alias),
                                                                       alias):
                        found.append((pos, pos + len(alias), eid))
                        break
        kept: list[tuple[int, int, str]] = []
        for s, e, ent in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all(e <= ks or s >= ke for ks, ke, _ in kept):
                kept.append((s, e, ent))
        if where is None:
            return sorted(kept), words
        return sorted((where[s], where[e], ent) for s, e, ent in kept), words


def _as_written(original: str, where: list[int] | None, start: int, end: int, marked: str,
                sensitive: bool) -> bool:
    """Whether ``original`` holds ``marked`` with its diacritics at the folded span."""
    piece = unicodedata.normalize(
        "NFC", original[where[start]:where[end]] if where else original[start:end])
    return piece == marked if sensitive else piece.casefold() == marked.casefold()


def _boundary_after(text: str, end: int, alias: str) -> bool:
    if end >= len(text) or not _spaced(alias[-1]):
        return True
    ch = text[end]
    return not (ch.isalnum() or ch == "_")


def build_gazetteer(entries: list[tuple[Entity, bool | None]]) -> Gazetteer:
    """Index ``(entity, case_sensitive override)`` pairs for matching."""
    owners: dict[tuple[str, bool], str] = {}
    aliases: list[_Alias] = []
    for entity, case_sensitive in entries:
        names = [entity.name, *entity.aliases, *(n for _, n in entity.native)]
        for alias in names:
            variant = match_key(alias)[0]
            sensitive = case_sensitive if case_sensitive is not None else (
                variant != variant.lower())
            key = (variant if sensitive else variant.casefold(), sensitive)
            owner = owners.setdefault(key, entity.id)
            if owner != entity.id:
                raise ValueError(f"alias {alias!r} of {entity.id!r} is already an alias of "
                                 f"{owner!r}")
            written = unicodedata.normalize("NFC", alias)
            one_word = " " not in alias.strip()
            marked = written if one_word and fold_diacritics(written) != written else None
            if (variant, entity.id, sensitive, marked) not in aliases:
                aliases.append((variant, entity.id, sensitive, marked))
    by_first: dict[str, list[_Alias]] = {}
    unspaced: dict[str, list[_Alias]] = {}
    for a in sorted(aliases, key=lambda a: len(a[0]), reverse=True):
        if not _spaced(a[0][0]):
            unspaced.setdefault(a[0][0], []).append(a)
            continue
        first = _FIRST_WORD.match(a[0])
        key = first.group() if first else a[0][0]
        by_first.setdefault(key.casefold(), []).append(a)
    symbols = sorted(k for k in by_first
                     if len(k) == 1 and not (k.isalnum() or k == "_" or k.isspace()))
    return Gazetteer(tuple(e for e, _ in entries),
                     {k: tuple(v) for k, v in by_first.items()},
                     {k: tuple(v) for k, v in unspaced.items()},
                     re.compile("[" + "".join(map(re.escape, sorted(unspaced))) + "]")
                     if unspaced else None,
                     re.compile("|".join(map(re.escape, symbols))) if symbols else None)


def _spaced(ch: str) -> bool:
    return not ("\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
                or "\uf900" <= ch <= "\ufaff")


def fold_diacritics(text: str) -> str:
    """``Nguyễn Phú Trọng`` → ``Nguyen Phu Trong`` (đ → d too)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def _fold_char(ch: str) -> str:
    """One character as matching compares it: NFKC, and a Latin letter without diacritics."""
    folded = unicodedata.normalize("NFKC", ch)
    if folded and all(_is_latin(c) for c in folded):
        return fold_diacritics(folded)
    if unicodedata.category(ch) == "Mn" and "\u0300" <= ch <= "\u036f":
        return ""  # a combining accent of decomposed (NFD) Latin text
    return folded


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"


def _fold_table() -> dict[int, str]:
    """The characters folding changes, among those a corpus in English, Vietnamese and
    Japanese uses (Latin with diacritics, combining accents, full/half-width forms)."""
    ranges = [(0xA0, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070),
              (0x3000, 0x3001), (0xFF01, 0xFFEF)]
    # A symbol that expands ("…" → "...") stays as it is: no alias needs it, and texts use
    # it often enough that mapping offsets for it would be the common case.
    return {c: f for lo, hi in ranges for c in range(lo, hi)
            if (f := _fold_char(chr(c))) != chr(c)
            and (len(f) == 1 or unicodedata.category(chr(c))[0] in "LM")}


_FOLD = MappingProxyType(_fold_table())
_UNEVEN = frozenset(chr(c) for c, f in _FOLD.items()
                    if len(f) != 1 or unicodedata.category(f) == "Mn")
"""Characters that fold to no character, to several or to a mark joining the one before:
offsets must then be mapped."""


def match_key(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded for matching, and where each folded character starts in ``text``
    (plus ``len(text)`` at the end); ``None`` when the offsets are the same."""
    if text.isascii():
        return text, None
    folded = text.translate(_FOLD)
    if _UNEVEN.isdisjoint(text):
        return folded, None
    pieces: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        piece = _FOLD.get(ord(ch), ch)
        if piece and unicodedata.category(piece[0]) == "Mn" and pieces:
            # A half-width voiced mark (ﾍﾞ): joined to the kana before it (ベ).
            joined = unicodedata.normalize("NFC", pieces[-1] + piece)
            if len(joined) == 1:
                pieces[-1] = joined
                continue
        pieces.append(piece)
        where.extend([i] * len(piece))
    where.append(len(text))
    return "".join(pieces), where


def load_gazetteer(path: Path) -> Gazetteer:
    """Read an editorial gazetteer; ``SourceError`` (with the line) on anything malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(path, "gazetteer not found") from None
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"is not valid UTF-8 ({exc.reason})") from None
    return parse_gazetteer(text, path)


def parse_gazetteer(text: str, path: Path | str = "gazetteer.yml") -> Gazetteer:
    """The gazetteer in YAML ``text`` (``path`` only names it in errors)."""
    try:
        data, root = compose_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(path, f"malformed YAML: {problem}",
                          mark.line + 1 if mark else None) from None
    if data is None:
        return Gazetteer()
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise SourceError(path, "must be a mapping with an 'entities:' list", 1)
    items_node = next(v for k, v in root.value if k.value == "entities")
    entries: list[tuple[Entity, bool | None]] = []
    seen: dict[str, int] = {}
    try:
        for raw, node in zip(data["entities"], items_node.value, strict=True):
            line = node.start_mark.line + 1
            entity, case_sensitive = _entry(raw, path, line)
            if entity.id in seen:
                raise SourceError(path, f"duplicate entity id {entity.id!r} (first on line "
                                        f"{seen[entity.id]})", line)
            seen[entity.id] = line
            entries.append((entity, case_sensitive))
    except SourceError:
        _check_aliases(entries, seen, path)  # an alias clash before this entry comes first
        raise
    _check_aliases(entries, seen, path)
    return build_gazetteer(entries)


def _check_aliases(entries: list[tuple[Entity, bool | None]], lines: dict[str, int],
                   path: Path | str) -> None:
    """``SourceError`` at the first entry with an alias of an earlier entity. Indexing once
    tells whether there is one; only then is each prefix indexed to find where."""
    try:
        build_gazetteer(entries)
        return
    except ValueError:
        pass
    for n in range(1, len(entries) + 1):
        try:
            build_gazetteer(entries[:n])
        except ValueError as exc:
            raise SourceError(path, str(exc), lines[entries[n - 1][0].id]) from None


def _entry(raw: Any, path: Path | str, line: int) -> tuple[Entity, bool | None]:
    def fail(msg: str) -> SourceError:
        return SourceError(path, msg, line)

    if not isinstance(raw, dict):
        raise fail("each entity must be a mapping with id, name and kind")
    unknown = set(raw) - _KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    eid, name, kind = raw.get("id"), raw.get("name"), raw.get("kind")
    if not isinstance(eid, str) or not _ID.match(eid):
        raise fail(f"id {eid!r} must be lower-case letters, digits and '-'")
    if not isinstance(name, str) or not name.strip():
        raise fail(f"{eid}: name must be a non-empty string")
    if kind not in KINDS:
        raise fail(f"{eid}: kind {kind!r} must be one of {', '.join(sorted(KINDS))}")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip()
                                                for a in aliases):
        raise fail(f"{eid}: aliases must be a list of non-empty strings")
    native = raw.get("native") or {}
    if not isinstance(native, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                               and v.strip() for k, v in native.items()):
        raise fail(f"{eid}: native must map a language code to a name")
    case_sensitive = raw.get("case_sensitive")
    if case_sensitive is not None and not isinstance(case_sensitive, bool):
        raise fail(f"{eid}: case_sensitive must be true or false")
    description = raw.get("description") or ""
    if not isinstance(description, str):
        raise fail(f"{eid}: description must be a string")
    entity = Entity(eid, name.strip(), kind, tuple(a.strip() for a in aliases),
                    tuple((k, v.strip()) for k, v in native.items()), description.strip())
    return entity, case_sensitive


_NAMES = rules("names")
_COMMON = frozenset(_NAMES["common_words"])
_TITLES = frozenset(_NAMES["titles"])
_DEMONYMS = frozenset(_NAMES["demonyms"])
_POSSESSIVE = re.compile(r"[’']s$")
_CONNECTORS = "|".join(re.escape(c) for c in _NAMES["connectors"])
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x2000)) if ch.isupper())
_CAP_WORD = rf"[{_UPPER}][\w’'.&-]*"
_NAME_RUN = re.compile(rf"{_CAP_WORD}(?:\s(?:(?:{_CONNECTORS})\s)?{_CAP_WORD})+")
_CAP_TOKEN = re.compile(_CAP_WORD)


def unknown_names(text: str, known: list[tuple[int, int, str]]) -> Counter[str]:
    """Capitalised multi-word names in a sentence that no gazetteer alias covers.

    Known names and common sentence openers are trimmed from the edges ("Prime Minister
    Shinzo Abe" leaves "Prime Minister", which is all titles and so dropped).
    """
    return Counter(dict(unknown_name_counts(text, tuple(known))))


def unknown_name_counts(text: str, known: tuple[tuple[int, int, str], ...]
                        ) -> tuple[tuple[str, int], ...]:
    """``unknown_names`` as ``(name, count)`` pairs in order of appearance."""
    names: Counter[str] = Counter()
    # A run's words are split, not matched (only spaces stand between them), and the
    # trimming test is defined once, not per run (pays 10 % of this).
    for m in _NAME_RUN.finditer(text):
        tokens = []
        at = m.start()
        for word in m.group().split():
            at = text.index(word, at)
            tokens.append((at, at + len(word), word))
            at += len(word)
        for i, tok in enumerate(tokens):
            if _POSSESSIVE.search(tok[2]):  # "China’s Belt and Road": the name ends at ’s
                tokens = tokens[:i + 1]
                tokens[i] = (tok[0], tok[1] - 2, tok[2][:-2])
                break
        while tokens and _trimmable(tokens[0], known):
            tokens.pop(0)
        while tokens and (_trimmable(tokens[-1], known) or tokens[-1][2] in _DEMONYMS):
            tokens.pop()
        caps = [t[2] for t in tokens if t[2] not in _COMMON and _CAP_TOKEN.fullmatch(t[2])]
        if len(caps) < 2 or all(c.rstrip(".") in _TITLES for c in caps):
            continue
        names[text[tokens[0][0]:tokens[-1][1]].rstrip(".,’'")] += 1
    return tuple(names.items())


def _trimmable(tok: tuple[int, int, str], known: tuple[tuple[int, int, str], ...]) -> bool:
    """A token a name does not start or end with: a known name's, a common word, not
    capitalised."""
    # The set and the pattern first: most tokens are settled before the known names are
    # looked through.
    return tok[2] in _COMMON or not _CAP_TOKEN.fullmatch(tok[2]) \
        or any(s <= tok[0] and tok[1] <= e for s, e, _ in known)
