"""Find the seed files and read each one safely into a ``RawSource``.

Reading is where bad input is caught: empty or binary files, text that is not in the
declared encoding, malformed front matter or sidecar YAML. Each problem raises a
``SourceError`` naming the file and, where it can, the line.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jvreader.errors import SourceError
from jvreader.inputs_guard import InputRoots, input_roots, present, printable, refusal, shown

ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIXES = (".yaml", ".yml")
SIDECAR_KEYS = frozenset(
    {"title", "dek", "authors", "publication", "date", "url", "series", "issue",
     "dateline", "language", "encoding", "notes"}
)
"""Editorial metadata a sidecar or front matter may hold; anything else is a warning."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SLUG_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
"""A file name that always was its own address (lowercased): the seeds' names are."""
_SLUG_UNSAFE = re.compile(r"[^a-z0-9_.]+")
SLUG_LIMIT = 80
"""The longest article address; a longer name is cut and given a hash of the whole name."""


@dataclass(frozen=True, slots=True)
class RawSource:
    """One seed file, decoded, with its front matter and sidecar split off."""

    id: str
    """The address the article's pages are named after, made from the file name
    (``article_slug``); the name itself stays in ``rel_path``."""
    path: Path
    rel_path: str
    """``seeds/NAME.txt``, forward slashes, as shown to readers."""
    original: str
    """The whole decoded file, newlines normalised to ``\\n`` (what the source view shows)."""
    text: str
    """The article text after the front matter."""
    first_line: int
    """1-based line of ``original`` where ``text`` starts."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Front matter, then the sidecar on top (the sidecar wins)."""
    meta_sources: dict[str, str] = field(default_factory=dict)
    """For each key of ``meta``: ``sidecar`` or ``front_matter``."""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FoundArticles:
    """The article files of a seeds folder, the address each is published under, and a
    warning for each file skipped or renamed."""

    paths: tuple[Path, ...]
    ids: tuple[str, ...]
    """``ids[i]`` is the address (``articles/ID.html``) of ``paths[i]``."""
    warnings: tuple[str, ...] = ()


def article_slug(stem: str) -> str | None:
    """The address a file name gives: ``space name`` → ``space-name``, ``ünïcödé café`` →
    ``unicode-cafe``; ``None`` when nothing of it can be kept (``???``).

    Only ``a-z``, ``0-9``, ``_``, ``.`` and ``-`` remain (no control character, no
    ``?*:<>|"\\#``, nothing a URL must escape), at most ``SLUG_LIMIT`` characters. A name
    the loader always accepted keeps its old address (``002_8F09`` → ``002_8f09``). Where
    letters had to be dropped (a name in Japanese) or the name was cut, a short hash of the
    whole name keeps the address distinct and stable.
    """
    if _SLUG_OK.match(stem) and len(stem) <= SLUG_LIMIT:
        return stem.lower()
    folded = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    lost = any(c.isalnum() and not c.isascii() for c in bare)
    slug = _SLUG_UNSAFE.sub("-", bare.lower()).strip("-_.")
    if not any(c.isalnum() for c in slug) and not lost:
        return None
    if lost or len(slug) > SLUG_LIMIT:
        slug = slug[:SLUG_LIMIT - 9].rstrip("-_.")
        slug = f"{slug}-{_name_hash(stem)}" if slug else f"article-{_name_hash(stem)}"
    return slug


def _name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def find_articles(seeds_dir: Path, project_dir: Path | None = None) -> FoundArticles:
    """The article files in ``seeds_dir``, sorted by name (hidden files ignored), each with
    its address. A file that is not a regular file inside the project (``inputs_guard``) or
    whose name leaves no address is skipped with a warning; two names giving one address
    are both published, the later one under its name's hash, with a warning naming both."""
    if not seeds_dir.is_dir():
        raise SourceError(seeds_dir, "no seeds folder here (expected a folder of .txt/.md files)")
    roots = input_roots(project_dir if project_dir is not None else seeds_dir.parent)
    real_folder = os.path.realpath(seeds_dir)
    warnings: list[str] = []
    ids: dict[str, Path] = {}
    with os.scandir(seeds_dir) as entries:
        names = sorted(e.name for e in entries  # by name: the order of their Paths, faster
                       if not e.name.startswith(".")
                       and os.path.splitext(e.name)[1].lower() in ARTICLE_SUFFIXES
                       and not e.is_dir(follow_symlinks=False))  # a folder never was one
    for p in map(seeds_dir.joinpath, names):
        problem = refusal(p, roots, real_folder)
        if problem is not None:
            warnings.append(problem)
            continue
        try:
            p.name.encode("utf-8")
        except UnicodeEncodeError:
            warnings.append(f"{printable(shown(p, roots))}: the file name is not valid UTF-8: "
                            "skipped (rename it)")
            continue
        slug = article_slug(p.stem)
        if slug is None:
            warnings.append(f"{shown(p, roots)}: the file name leaves nothing to make an "
                            "address of (letters or digits): skipped (rename it)")
            continue
        if slug in ids:
            name = shown(p, roots)
            taken, slug = slug, f"{slug[:SLUG_LIMIT - 9].rstrip('-_.')}-{_name_hash(p.name)}"
            while slug in ids:  # only a name made to collide with a hash gets here
                slug = f"{slug[:SLUG_LIMIT - 9].rstrip('-_.')}-{_name_hash(slug)}"
            warnings.append(f"{shown(ids[taken], roots)} and {name} would both be published "
                            f"as articles/{taken}.html: {name} is published as "
                            f"articles/{slug}.html (rename one)")
        ids[slug] = p
    if not ids:
        raise SourceError(seeds_dir, "holds no article (.txt or .md)"
                          + (f"; skipped: {'; '.join(warnings)}" if warnings else ""))
    return FoundArticles(tuple(ids.values()), tuple(ids), tuple(warnings))  # in name order


def discover(seeds_dir: Path, project_dir: Path | None = None) -> tuple[Path, ...]:
    """The article files in ``seeds_dir`` (``find_articles``, without the addresses)."""
    return find_articles(seeds_dir, project_dir).paths


def read_source(path: Path, project_dir: Path, article_id: str | None = None) -> RawSource:
    """Decode one article file and its metadata; raise ``SourceError`` on bad input.

    ``article_id`` is the address ``find_articles`` gave the file (by default the one its
    name gives alone)."""
    try:  # the name as found (a link's own name, not its target's)
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(project_dir)).as_posix()
    except ValueError:
        try:
            rel = path.resolve().relative_to(project_dir.resolve()).as_posix()
        except ValueError:
            rel = path.name
    slug = article_id if article_id is not None else article_slug(path.stem)
    if slug is None:
        raise SourceError(path, "the file name leaves nothing to make an address of (letters "
                                "or digits): rename it")
    sidecar, sidecar_warnings = _read_sidecar(path, project_dir)
    encoding = sidecar.get("encoding")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "is empty")
    if b"\x00" in data and not any(data.startswith(bom) for bom, _ in _BOMS) and not encoding:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError(path, "looks like a binary file, not text (NUL byte)", line=line)
    text = _decode(path, data, encoding)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise SourceError(path, "is empty")
    _reject_binary(path, text)
    front, body, first_line = _split_front_matter(path, text)
    meta: dict[str, Any] = {}
    sources: dict[str, str] = {}
    warnings = list(sidecar_warnings)
    for key, value in front.items():
        if key not in SIDECAR_KEYS:
            warnings.append(f"{rel}: unknown front matter key {key!r} ignored")
            continue
        meta[key] = value
        sources[key] = "front_matter"
    for key, value in sidecar.items():
        if value in (None, "", []):
            continue  # an empty sidecar field means "unknown": infer it from the text
        meta[key] = value
        sources[key] = "sidecar"
    if not body.strip():
        raise SourceError(path, "has metadata but no article text", line=first_line)
    return RawSource(
        id=slug, path=path, rel_path=rel, original=text, text=body,
        first_line=first_line, meta=meta, meta_sources=sources, warnings=tuple(warnings),
    )


def _decode(path: Path, data: bytes, declared: str | None) -> str:
    """UTF-8, or what a BOM or the sidecar declares; never a guess."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_with(path, data, codec)
    if declared:
        try:
            codecs.lookup(str(declared))
        except LookupError:
            raise SourceError(path.with_suffix(".yaml"), f"unknown encoding {declared!r}") from None
        return _decode_with(path, data, str(declared))
    return _decode_with(path, data, "utf-8")


def _decode_with(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = (" (declare its encoding with `encoding:` in a sidecar NAME.yaml)"
                if codec.startswith("utf-8") else "")
        raise SourceError(
            path, f"is not valid {codec}: byte 0x{data[exc.start]:02x} cannot be decoded{hint}",
            line=line,
        ) from None


# Control characters other than tab, newline and form/vertical feed. Unicode never adds to
# category Cc (its 65 characters all lie below U+00A0), so this class is complete.
_CONTROL = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0xA0)
    if unicodedata.category(chr(c)) == "Cc" and chr(c) not in "\t\n\f\v") + "]")


def _reject_binary(path: Path, text: str) -> None:
    control = _CONTROL.search(text)
    if control:
        raise SourceError(path, f"looks binary: control character U+{ord(control.group()):04X}",
                          line=text.count("\n", 0, control.start()) + 1)


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str, int]:
    if not text.startswith("---"):
        return {}, text, 1
    m = _FRONT_MATTER.match(text)
    if not m:
        raise SourceError(path, "front matter opened with '---' is never closed", line=1)
    data = _safe_yaml(path, m.group(1) or "", line_offset=1)
    if not isinstance(data, dict):
        raise SourceError(path, "front matter must be a mapping of keys to values", line=2)
    first_line = text.count("\n", 0, m.end()) + 1
    return data, text[m.end():], first_line


def _read_sidecar(article: Path, project_dir: Path) -> tuple[dict[str, Any], list[str]]:
    side = sidecar_path(article)
    if side is None:
        return {}, []
    problem = refusal(side, sidecar_roots(article, project_dir))
    if problem is not None:
        return {}, [problem]
    try:
        raw = side.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(side, f"is not valid UTF-8 ({exc.reason})") from None
    data = _safe_yaml(side, raw, line_offset=0)
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        raise SourceError(side, "must be a mapping of keys to values (title: …, date: …)", line=1)
    warnings = [f"{side.name}: unknown key {k!r} ignored" for k in data if k not in SIDECAR_KEYS]
    return {k: v for k, v in data.items() if k in SIDECAR_KEYS}, warnings


def sidecar_path(article: Path) -> Path | None:
    """``NAME.yaml`` (or ``NAME.yml``) beside ``article`` when there is one: anything of that
    name, even a FIFO or a link, for ``inputs_guard.refusal`` to judge."""
    for suffix in SIDECAR_SUFFIXES:
        side = article.with_suffix(suffix)
        if present(side):
            return side
    return None


def sidecar_roots(article: Path, project_dir: Path) -> InputRoots:
    """Where a sidecar may lie: the project folder."""
    return input_roots(project_dir)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """``(yaml.safe_load(text), yaml.compose(text))`` from one parse, by libyaml when it is
    installed (many times faster); text libyaml rejects is parsed again in pure Python, so
    errors read the same whichever parser is present."""
    for loader_class in dict.fromkeys((_FAST_LOADER, yaml.SafeLoader)):
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            return (loader.construct_document(node) if node is not None else None), node
        except yaml.YAMLError:
            if loader_class is yaml.SafeLoader:
                raise
        finally:
            loader.dispose()
    raise AssertionError("unreachable: the pure-Python parser returns or raises")


def _safe_yaml(path: Path, text: str, line_offset: int) -> Any:
    try:
        return compose_yaml(text)[0]
    except yaml.YAMLError as exc:
        # The context mark points at the construct left open (an unclosed "["), which is
        # where the mistake usually is; the problem mark is where the parser gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(path, f"malformed YAML: {problem}", line=line) from None
