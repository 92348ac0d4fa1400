"""Full-text search: index the finished site with Pagefind, whose Python package ships the binary.

Runs on the complete site (usually the staging folder, before it is swapped in), and adds
the search bundle beside the pages::

    index_site(Path("build"))
    # build/pagefind/pagefind.js, pagefind-ui.js, index/…, fragment/…, wasm.*.pagefind

Pages choose what is indexed with ``data-pagefind-body`` and ``data-pagefind-filter``
attributes; the search page (``templates/search.html`` + ``static/search.js``) loads the
bundle relative to the site root.

Pagefind (1.5) writes its filter indexes in hash-map order, so two runs over the same pages
differ in ``filter/*.pf_filter``, the ``*.pf_meta`` that names them and ``pagefind-entry.json``
(Pagefind issue #638). ``canonical_bundle`` rewrites those few files with their entries sorted
and names them by a hash of their content, so building twice gives byte-identical output.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from jvreader.errors import RenderError
from jvreader.model import Article

BUNDLE_DIR = "pagefind"
UNKNOWN_PUBLICATION = "Unknown publication"
# Parts of the article page kept out of the index, so excerpts come from the text. Named
# here rather than marked data-pagefind-ignore in the page because they repeat on every
# paragraph and the attribute would weigh on every page: a paragraph's margin (its side
# notes, which repeat other articles' names and dates), a heading's "¶" permalink (indexed
# into the section's title), the "Named in this article" list and the cleaning record.
EXCLUDED_SELECTORS = (".article .margin", ".article h2 > .permalink", ".article .named",
                      ".article .provenance")
_TIMEOUT_SECONDS = 300
_SIGNATURE = b"pagefind_dcd"  # what starts every decompressed Pagefind index file


def source_filter(article: Article) -> str:
    """The value of the search page's "source" filter for ``article``: its publication, else
    its series, else ``UNKNOWN_PUBLICATION`` -- never its title, which running text falls back
    on (``cite.source_name``) but which would list each such article as a source of its own."""
    return article.publication or article.series or UNKNOWN_PUBLICATION


def pagefind_binary() -> Path:
    """The Pagefind executable shipped by ``pagefind[bin]``; ``RenderError`` if absent."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise RenderError(
            "search indexing needs the 'pagefind' package with its binary: "
            "pip install 'pagefind[bin]'"
        ) from None
    try:
        binary = get_executable()
    except (FileNotFoundError, OSError) as exc:
        binary, reason = None, str(exc)
    else:
        reason = "no binary found"
    if binary is None or not Path(binary).is_file():
        raise RenderError(
            f"the Pagefind binary is missing ({reason}): pip install 'pagefind[bin]' "
            "(or set PAGEFIND_BINARY_PATH)"
        )
    return Path(binary)


def pagefind_version() -> str | None:
    """The installed Pagefind package's version and the selectors it is told to leave out
    (``None`` when the version is unknown): a search bundle made by one is reused only by
    the same (``pipeline``)."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        return " ".join([version("pagefind"), *EXCLUDED_SELECTORS])
    except (ImportError, PackageNotFoundError):
        return None


def index_site(site_dir: Path) -> None:
    """Index every HTML page under ``site_dir`` into ``site_dir/pagefind/`` (replaced whole)."""
    site_dir = Path(site_dir).absolute()
    if not site_dir.is_dir():
        raise RenderError(f"{site_dir}: cannot index a site that is not a folder")
    binary = pagefind_binary()
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():  # a stale index would keep fragments of pages that no longer exist
        shutil.rmtree(bundle)
    command = [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR, "--silent"]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(
            command, cwd=site_dir, capture_output=True, text=True, timeout=_TIMEOUT_SECONDS,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except OSError as exc:
        raise RenderError(f"cannot run the Pagefind binary {binary}: {exc}") from None
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Pagefind did not finish indexing {site_dir} in {_TIMEOUT_SECONDS} s"
        ) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        raise RenderError(f"Pagefind failed to index {site_dir}: {detail}")
    if not (bundle / "pagefind.js").is_file():
        raise RenderError(f"Pagefind ran but wrote no search bundle to {bundle}")
    canonical_bundle(bundle)


def canonical_bundle(bundle: Path) -> None:
    """Sort the filter indexes Pagefind wrote in arbitrary order; rename what names them."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _read_index(path)
        values = sorted([value, sorted(pages)] for value, pages in values)
        renamed[path.stem] = _write_index(path.parent, [name, values], path.stem, ".pf_filter")
        if renamed[path.stem] != path.stem:
            path.unlink()
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_index(meta_path)
        meta[3] = sorted([name, renamed.get(old, old)] for name, old in meta[3])  # the filters
        language["hash"] = _write_index(bundle, meta, language["hash"], ".pf_meta", "pagefind.")
        if meta_path.name != f"pagefind.{language['hash']}.pf_meta":
            meta_path.unlink()
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    entry_path.write_text(text, encoding="utf-8")


def _read_index(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise RenderError(f"{path}: not a Pagefind index file this version of jvreader knows")
    value, end = _cbor_decode(raw, len(_SIGNATURE))
    if end != len(raw):
        raise RenderError(f"{path}: unexpected data after the Pagefind index")
    return value


def _write_index(folder: Path, value: Any, old_name: str, suffix: str, prefix: str = "") -> str:
    """Write ``value`` where Pagefind would, named ``LANG_HASH`` after its content."""
    raw = _SIGNATURE + _cbor_encode(value)
    language, _, old_hash = old_name.partition("_")
    name = f"{language}_{hashlib.sha256(raw).hexdigest()[:len(old_hash)]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


# The small part of CBOR (RFC 8949) that Pagefind's index files use: definite-length
# integers, strings, arrays and maps, booleans and null.


def _cbor_decode(raw: bytes, at: int) -> tuple[Any, int]:
    major, info = raw[at] >> 5, raw[at] & 31
    at += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n, at = int.from_bytes(raw[at:at + size], "big"), at + size
    else:
        raise RenderError(f"unsupported item in a Pagefind index (major {major}, info {info})")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        chunk = raw[at:at + n]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _cbor_decode(raw, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, at = _cbor_decode(raw, at)
            mapping[key], at = _cbor_decode(raw, at)
        return mapping, at
    if major == 7 and n in (20, 21, 22):
        return {20: False, 21: True, 22: None}[n], at
    raise RenderError(f"unsupported item in a Pagefind index (major {major}, info {info})")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise RenderError(f"number too large for a Pagefind index: {n}")


def _cbor_encode(value: Any) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(
            _cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise RenderError(f"cannot write {type(value).__name__} into a Pagefind index")
