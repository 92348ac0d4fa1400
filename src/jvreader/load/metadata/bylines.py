"""Bylines and names: who wrote a line's article, the outlet it credits and the date printed
with them; personal names, outlet and agency names, outlet tags, "( Source- X / Author- Y)"
attributions, closing source credits and names, and author notes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from jvreader.load.blocks import Block, ends_sentence, word_count
from jvreader.load.clean import MEMO_SIZE
from jvreader.load.metadata.text import (
    _date_kind,
    _date_line,
    _find_date,
    _fold,
    _is_cjk,
    _lexicon_set,
    _nfkc,
    _prefix_pattern,
    _rules,
    _strip_date_words,
    _words_pattern,
)
from jvreader.writing import UNSPACED_LETTER

_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĐ][\w’'.-]*"


_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"


_AUTHOR_LINE = re.compile(rf"^{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})+$")


_SINGLE_NAME = re.compile(rf"^{_NAME}$")


_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|jp|cn|info|gov|edu)$", re.I)


_PARTICLES = frozenset({"van", "von", "de", "da", "del", "der", "bin", "binti", "al", "le", "la",
                        "di", "du", "dos", "das", "ter", "thị", "văn"})


@dataclass(frozen=True, slots=True)
class Byline:
    """What one byline line says: people, the outlet credited, the date printed with them."""

    authors: tuple[str, ...]
    publication: str | None
    date: str | None


def _is_outlet_tag(tag: str) -> bool:
    """"VOV.VN", "VGP", "TTXVN", a known site: an outlet; "TOKYO", "HANOI": a place."""
    tag = tag.strip()
    if _fold(tag) in _lexicon_set("site_names") or _DOMAIN.match(tag):
        return True
    letters = [ch for ch in tag if ch.isalpha()]
    vowels = sum(ch.lower() in "aeiouy" for ch in letters)
    return tag.isupper() and 2 <= len(letters) <= 6 and vowels <= 1 and len(letters) > 2 * vowels


def _byline(text: str) -> Byline | None:
    """The people, outlet and date a byline line states, or None when it is no byline."""
    if len(text) > 160 or word_count(text) > 20:
        return None
    plain = _nfkc(text).strip()
    if (ja := _ja_reporter(plain)) is not None:
        return Byline((ja,), None, None)
    m = _prefix_pattern("byline_markers").match(plain)
    marked = m is not None
    rest = m.group("rest") if m else plain
    date: str | None = None
    found = _find_date(rest)
    if found is not None:
        value, start, end, flat = found
        if _date_kind(flat[:start]) == "published":
            date = value
        tail = _strip_date_words(flat[end:])
        if re.sub(r"[\W\d_]+", "", tail):
            return None  # words after the date: a sentence, not a byline
        rest = flat[:start]
    names_part, *after = _BYLINE_BREAK.split(rest.strip(), maxsplit=1)
    if after and word_count(_strip_date_words(after[0])) > (3 if marked else 0):
        return None  # "VNA – The two governments signed …": a lead, not a byline
    authors: list[str] = []
    outlets: list[str] = []
    credit = False
    for part in _split_names(names_part):
        name = _clean_name(part)
        if not name:
            continue
        if _is_credit(name):
            credit = True
        elif _is_outlet(name) and (marked or _is_known_outlet(name)):
            outlets.append(name)
        elif _has_role(name):
            credit = True
        elif _is_person(name):
            authors.append(name)
        elif not marked:
            return None
    # beside a person, only a known outlet is one ("Jane Roe, Reuters"): "Jane Roe, Hanoi
    # University" names her affiliation
    known = [o for o in outlets if _is_known_outlet(o)]
    chosen = known[0] if known else (outlets[0] if outlets and not authors else None)
    publication = _outlet_name(chosen) if chosen else None
    if not marked and (word_count(text) > 10 or ends_sentence(text)):
        return None
    if not marked and not (date or credit or publication):
        return None  # bare names are read by the author-line rule
    if not (authors or publication or date):
        return None
    return Byline(tuple(authors), publication, date)


_BYLINE_BREAK = re.compile(r"\s+[|–—-]\s+|\s*\|\s*|\s{2,}|\s+(?:on|posted|published|updated)\s")


def _ja_reporter(text: str) -> str | None:
    """"山田太郎記者", "（山田太郎特派員）": a Japanese byline."""
    suffixes = "|".join(re.escape(s) for s in _rules()["name_suffixes_ja"])
    m = re.fullmatch(rf"[（(]?\s*(?P<name>[\u3040-\u30ff\u3400-\u9fff・ 　]{{2,12}}?)\s*"
                     rf"(?:{suffixes})\s*[)）]?", text)
    return m.group("name").strip() if m else None


def _split_names(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bvà\b|、|・と|と(?=[\u3400-\u9fff]))\s*", text)
    return tuple(p.strip() for p in parts if p.strip())


def _clean_name(text: str) -> str:
    """A byline name without a trailing full stop, quotes or a "(tổng hợp)" note."""
    text = re.sub(r"\s*[(（][^)）]*[)）]\s*$", "", text.strip())
    return text.strip(" \t.,;:'\"“”‘’-–—|/")


def _is_credit(name: str) -> bool:
    folded = _fold(name)
    return folded in _lexicon_set("credit_words") or any(
        folded.startswith(w + " ") for w in ("staff", "wire"))


def _is_outlet(name: str) -> bool:
    """A site, agency or institution's name ("VnExpress", "JIJI", "Khmer Times")."""
    folded = _fold(name)
    if not folded:
        return False
    if folded in _lexicon_set("site_names") or folded in _agencies() or _DOMAIN.match(folded):
        return True
    return bool(_words_pattern("outlet_words").search(folded))


def _is_known_outlet(name: str) -> bool:
    """A site or agency by name or address, not just a name that sounds like one."""
    folded = _fold(name)
    return (folded in _lexicon_set("site_names") or folded in _agencies()
            or bool(_DOMAIN.match(folded)))


@cache  # rules: the data file is read once per process
def _agencies() -> frozenset[str]:
    return frozenset(_fold(a) for a in _rules()["agencies"])


def _outlet_name(name: str) -> str:
    """The outlet's own name: "Báo QĐND" → "QĐND" (the word "newspaper" left off)."""
    name = _clean_name(name)
    m = _prefix_pattern("outlet_generic_prefixes").match(name.casefold())
    if m and m.group("rest"):
        return name[len(name) - len(m.group("rest")):].strip()
    return name


def _has_role(name: str) -> bool:
    roles = _rules()["author_roles"]
    return bool(re.search(rf"(?i)\b(?:{'|'.join(roles)})\b", name)) or _fold(name) in {
        "reporter", "correspondent", "staff writer", "contributor"}


@lru_cache(maxsize=MEMO_SIZE)  # kept: without it loading 8 % slower (distinct corpus, N = 300)
def _is_person(name: str) -> bool:
    """A personal name: 2–5 capitalised words (Latin script) or 2–8 CJK letters."""
    if any(ch.isdigit() for ch in name) or _is_outlet(name) or _is_credit(name):
        return False
    if _is_cjk(name):
        compact = re.sub(r"[\s・]", "", name)
        return 2 <= len(compact) <= 8 and all(UNSPACED_LETTER.match(ch) for ch in compact)
    words = name.split()
    if not 2 <= len(words) <= 5 or _looks_like_heading_words(words[0]):
        return False
    if any(len(w) > 3 and _looks_like_heading_words(w) for w in words[1:]):
        return False  # "Japan", "Security" (short words such as "An" are also given names)
    return all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words) and all(
        re.fullmatch(r"[^\W\d_][\w’'.-]*", w) for w in words)


def _looks_like_heading_words(text: str) -> bool:
    banned = set(_rules()["not_name_words"])
    return any(w in banned for w in re.findall(r"[\w’'-]+", text))


def _attribution(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """A title without a trailing "( Source- X / Author- Y)", and the X and Y it named."""
    m = re.search(r"\s*[(\[（]\s*(?P<inside>[^()\[\]（）]{3,120}?)\s*[)\]）]\s*$", text)
    if not m:
        return text, None, ()
    labels = _rules()["attribution_labels"]
    publication: str | None = None
    authors: tuple[str, ...] = ()
    for part in re.split(r"\s*[/|;]\s*", m.group("inside")):
        pm = re.match(r"^(?P<label>[^\W\d_][\w ]{0,15}?)\s*[-–—:：]\s*(?P<value>.+)$", part)
        if not pm:
            return text, None, ()
        label = _fold(pm.group("label"))
        if label in {_fold(x) for x in labels["publication"]}:
            publication = _outlet_name(pm.group("value"))
        elif label in {_fold(x) for x in labels["authors"]}:
            authors = tuple(n for n in map(_clean_name, _split_names(pm.group("value"))) if n)
        else:
            return text, None, ()
    return text[:m.start()].rstrip(" -–—|"), publication, authors


def _closing_credit(text: str) -> tuple[str, str | None] | None:
    """「中国網日本語版」2016年6月4日, "Theo TTXVN", "出典：X": the outlet (and date) credited."""
    if len(text) > 80:
        return None
    m = re.match(r"^[「『](?P<pub>[^」』]{2,40})[」』]\s*(?P<rest>.*)$", text)
    if m:
        rest = m.group("rest").strip()
        dated = _date_line(rest) if rest else None
        if (rest and dated is None) or not (dated or _is_outlet(m.group("pub"))):
            return None  # a quotation standing last, not a credit
        return m.group("pub").strip(), (dated[0] if dated and dated[1] == "published" else None)
    m = _prefix_pattern("source_credit_prefixes").match(_nfkc(text))
    if m and word_count(text) <= 8 and not ends_sentence(text.rstrip(".")):
        name = _clean_name(m.group("rest"))
        if name and "," not in name and word_count(name) <= 5 and _names_outlet(name):
            return _outlet_name(name), None
    return None


def _closing_name(text: str, body: list[Block]) -> tuple[tuple[str, ...], str | None] | None:
    """A name alone on the article's last line ("Phúc Duy", "Minh Anh/VOV.VN")."""
    person, _, outlet = _clean_name(text).partition("/")
    person = person.strip()
    if len(text) > 60 or not _SINGLE_NAME.match(person) or not _is_person(person):
        return None
    if any(person in b.text for b in body):
        return None  # someone the article is about ("… said Phan Van Ba."), not its author
    outlet = outlet.strip().split("-")[0].strip()  # "VOV-Tokyo": the outlet's bureau
    return (person,), (_outlet_name(outlet) if outlet and _is_outlet_tag_or_site(outlet)
                       else None)


def _names_outlet(name: str) -> bool:
    """A source credit's name is an outlet's: "Báo QĐND", "TTXVN", "VnExpress", "PLO.vn"."""
    name = name.strip()
    return name[:1].isupper() and (_is_outlet(name) or _is_outlet_tag(name)
                                   or bool(re.search(r"[a-z][A-Z]|\w\.\w", name)))


def _is_outlet_tag_or_site(name: str) -> bool:
    """"VOV", "QĐND Online", "TTXVN/Vietnam+" (an agency and the site carrying it)."""
    first = name.split("/")[0].strip()
    return bool(first) and (_is_outlet(first) or _is_outlet_tag(first))


def author_note_names(text: str) -> tuple[str, ...]:
    """Names from notes like "X is Associate Professor at …; Y is Professor at …"."""
    roles = "|".join(_rules()["author_roles"])
    pattern = re.compile(
        rf"(?:^|[;.]\s+)(?P<name>{_NAME}) (?:is|was) (?:now |currently |also )?"
        rf"(?=[^;.]{{0,80}}\b(?i:{roles}))"
    )
    names = [m.group("name") for m in pattern.finditer(text)]
    return tuple(n for n in names if not _looks_like_heading_words(n))
