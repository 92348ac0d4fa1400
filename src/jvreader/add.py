"""``jvreader add``: bring a new article into ``seeds/``, never overwriting one.

Before: ``~/Downloads/Japan and Vietnam sign pact – Example News.html`` (a saved web page).
After: ``seeds/japan-and-vietnam-sign-pact.txt`` (the main text, a blank line between
paragraphs) and ``seeds/japan-and-vietnam-sign-pact.yaml`` (``title``, ``authors``,
``date``, ``publication``, ``url`` as found, an empty line for each missing one), plus the
list of what is missing so the editor can fill it in. A plain-text file is copied as it is;
its sidecar records what the loader read from the text, as comments, and the missing fields.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jvreader.errors import JvreaderError, SourceError
from jvreader.inputs_guard import input_roots, present, refusal
from jvreader.load.article import build_article
from jvreader.load.sources import ARTICLE_SUFFIXES, SIDECAR_SUFFIXES, article_slug, read_source

FIELDS = ("title", "authors", "date", "publication", "url")
"""What an article should have; each one missing is reported."""
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
INSTALL_HINT = "install it with: pip install 'jvreader[add]'"


@dataclass(frozen=True, slots=True)
class Added:
    """The files ``add`` wrote and what it found."""

    text_path: Path
    sidecar_path: Path
    found: tuple[tuple[str, Any], ...]
    missing: tuple[str, ...]


def add_article(source: Path, project_dir: Path, seeds_dir: Path,
                name: str | None = None) -> Added:
    """Copy or extract ``source`` into ``seeds_dir``; ``JvreaderError`` if that would overwrite."""
    if not present(source):
        raise JvreaderError(f"{source}: no such file")
    # The file named on the command line may lie anywhere (that is what ``add`` is for), but
    # like every input it must be a regular file: a FIFO or a device would never end.
    problem = refusal(source, input_roots(Path(source.absolute().anchor)))
    if problem is not None:
        raise JvreaderError(f"{problem}; nothing was added")
    seeds_dir.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    if is_html(source, data):
        return _add_web_page(source, data, seeds_dir, name)
    return _add_text(source, data, project_dir, seeds_dir, name)


def is_html(path: Path, data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return path.suffix.lower() in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html"))


def slugify(text: str, limit: int = 60) -> str:
    """``"Japan’s ODA: 1992–2020"`` → ``"japans-oda-1992-2020"`` (ASCII, safe as a file name)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    bare = re.sub(r"['’]", "", bare.lower())
    slug = re.sub(r"[^a-z0-9_]+", "-", bare, flags=re.ASCII).strip("-_")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "article"


def extract_web_page(html: str) -> tuple[str, dict[str, Any]]:
    """The main text (paragraphs separated by blank lines) and the metadata trafilatura found."""
    try:
        import trafilatura
    except ImportError:
        raise JvreaderError(f"reading a saved web page needs trafilatura; {INSTALL_HINT}") from None
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return "", {}
    values = doc if isinstance(doc, dict) else doc.as_dict()
    text = "\n\n".join(line.strip() for line in (values.get("text") or "").splitlines()
                       if line.strip())
    authors = [a.strip() for a in re.split(r";|\band\b", values.get("author") or "") if a.strip()]
    meta = {"title": values.get("title"), "authors": authors or None,
            "date": values.get("date"), "publication": values.get("sitename"),
            "url": values.get("url")}
    return text, {k: v for k, v in meta.items() if v}


def _add_web_page(source: Path, data: bytes, seeds_dir: Path, name: str | None) -> Added:
    html = data.decode("utf-8", errors="replace")
    text, meta = extract_web_page(html)
    if not text.strip():
        raise JvreaderError(f"{source}: no article text found in this page")
    slug = name or slugify(meta.get("title") or source.stem)
    missing = tuple(f for f in FIELDS if f not in meta)
    lines = [f"# Imported by jvreader add from {source.name}.",
             "# Check these against the page; fill in what is empty."]
    lines += [line for k in FIELDS if k in meta for line in _yaml_lines(k, meta[k])]
    lines += [f"{k}:  # missing: fill in" for k in missing]
    text_path, sidecar_path = _claim(seeds_dir, slug, ".txt")
    _write_new(text_path, (text.rstrip() + "\n").encode("utf-8"))
    _write_new(sidecar_path, ("\n".join(lines) + "\n").encode("utf-8"))
    return Added(text_path, sidecar_path, tuple(meta.items()), missing)


def _add_text(source: Path, data: bytes, project_dir: Path, seeds_dir: Path,
              name: str | None) -> Added:
    suffix = source.suffix.lower() if source.suffix.lower() in ARTICLE_SUFFIXES else ".txt"
    text_path, sidecar_path = _claim(seeds_dir, name or slugify(source.stem), suffix)
    _write_new(text_path, data)
    try:
        article, _ = build_article(read_source(text_path, project_dir))
    except SourceError:
        text_path.unlink()  # not an article the build could read: leave seeds/ as it was
        raise
    found = {"title": article.title, "authors": list(article.authors) or None,
             "date": article.date, "publication": article.publication, "url": article.url}
    found = {k: v for k, v in found.items() if v}
    missing = tuple(f for f in FIELDS if f not in found)
    lines = [f"# Imported by jvreader add from {source.name}. Read from the text (uncomment",
             "# a line to correct it):"]
    lines += [f"# {line}" for k in FIELDS if k in found for line in _yaml_lines(k, found[k])]
    lines += [f"{k}:  # missing: fill in" for k in missing]
    _write_new(sidecar_path, ("\n".join(lines) + "\n").encode("utf-8"))
    return Added(text_path, sidecar_path, tuple(found.items()), missing)


def _yaml_lines(key: str, value: Any) -> list[str]:
    return yaml.safe_dump({key: value}, allow_unicode=True, width=1000,
                          default_flow_style=False).splitlines()


def _claim(seeds_dir: Path, slug: str, suffix: str) -> tuple[Path, Path]:
    """The two new paths for ``slug``, or an error naming the article already there."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", slug):
        raise JvreaderError(f"{slug!r}: an article name may hold only letters, digits, '-', "
                            "'_' and '.'")
    taken = [p for p in sorted(seeds_dir.iterdir())
             if p.suffix.lower() in (*ARTICLE_SUFFIXES, *SIDECAR_SUFFIXES)
             and slug.lower() in (p.stem.lower(), article_slug(p.stem))]  # same address
    if taken:
        raise JvreaderError(f"{taken[0]}: an article named {slug!r} already exists; nothing was "
                            "written (choose another name with --name)")
    return seeds_dir / f"{slug}{suffix}", seeds_dir / f"{slug}.yaml"


def _write_new(path: Path, data: bytes) -> None:
    try:
        with path.open("xb") as out:  # "x": fail rather than overwrite, even in a race
            out.write(data)
    except FileExistsError:
        raise JvreaderError(f"{path}: already exists; nothing was overwritten") from None
