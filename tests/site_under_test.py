"""The seeds' site, built and search-indexed once per test session, and served under a sub-path.

Shared by the site, search, HTML and browser tests (one build, one server for all)::

    site = built_site(tmp_path_factory)          # Path to the built folder, with pagefind/
    base = served_site(tmp_path_factory)         # "http://127.0.0.1:PORT/reader/"
    annotated = annotated_seeds()                # the model the pages are checked against

The server answers only below ``/reader/``: a link that starts at the host's root ("/static/…")
gets a 404, as it would on a static host that publishes the site under a sub-path.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jvreader.config import load_project
from jvreader.model import Annotated
from jvreader.pipeline import annotated_project, build
from jvreader.search import BUNDLE_DIR, index_site

REPO = Path(__file__).resolve().parents[1]
SUB_PATH = "/reader/"

_cache: dict[str, object] = {}


def build_indexed_site(out_dir: Path) -> Path:
    """Build the repository's seeds into ``out_dir`` and index it for search."""
    project = load_project(REPO, out_dir)
    build(project)
    if not (out_dir / BUNDLE_DIR / "pagefind.js").is_file():  # the pipeline may already index
        index_site(out_dir)
    return out_dir


def built_site(factory: pytest.TempPathFactory) -> Path:
    """The session's one built and indexed site."""
    if "site" not in _cache:
        _cache["site"] = build_indexed_site(factory.mktemp("site") / "build")
    return _cache["site"]  # type: ignore[return-value]


def annotated_seeds() -> Annotated:
    """The seeds' annotated corpus, as the build sees it: what pages are checked against."""
    if "annotated" not in _cache:
        _cache["annotated"] = annotated_project(load_project(REPO))
    return _cache["annotated"]  # type: ignore[return-value]


# The strict policy the site promises to work under: nothing inline, nothing from elsewhere
# (Pagefind compiles its WebAssembly, hence 'wasm-unsafe-eval').
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
)


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serve the site folder at ``SUB_PATH`` only, quietly, under a strict CSP."""

    extensions_map = {  # noqa: RUF012 (the standard library's own attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".jsonld": "application/ld+json",
        ".svg": "image/svg+xml",
        ".wasm": "application/wasm",
    }

    def _strip_sub_path(self) -> bool:
        path = urlsplit(self.path).path
        if not path.startswith(SUB_PATH):
            self.send_error(404, "outside the published sub-path")
            return False
        self.path = "/" + self.path[len(SUB_PATH):]
        return True

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        super().end_headers()

    def do_GET(self) -> None:
        if self._strip_sub_path():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._strip_sub_path():
            super().do_HEAD()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site_dir: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``site_dir`` on a free port of 127.0.0.1; return the server and the site's URL."""
    handler = functools.partial(_SubPathHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}{SUB_PATH}"


def served_site(factory: pytest.TempPathFactory) -> str:
    """The base URL of the session's site, served under ``SUB_PATH`` (ends with a slash)."""
    if "url" not in _cache:
        server, url = serve(built_site(factory))
        _cache["server"], _cache["url"] = server, url
    return _cache["url"]  # type: ignore[return-value]


def stop_server() -> None:
    """Shut the session's server down (called once, at the end of the session)."""
    server = _cache.pop("server", None)
    _cache.pop("url", None)
    if server is not None:
        server.shutdown()  # type: ignore[attr-defined]
        server.server_close()  # type: ignore[attr-defined]
