"""``jvreader serve``: build, serve the output folder on loopback, rebuild and reload on change.

Before: a project; ``jvreader serve`` → http://127.0.0.1:8000/ shows ``build/index.html``.
After an editor saves ``seeds/notes/x.md``: the watcher rebuilds, ``/__jvreader/events``
tells every open page (Server-Sent Events) and the page reloads. A build error is printed
and shown over the page; the server stays up with the last good site.

The reload script is added to HTML *responses* only (``<script src="/__jvreader/reload.js">``,
no inline code, so a strict Content-Security-Policy still allows it); the files on disk,
and so a published build, never contain it. Only files whose real path lies inside the
output folder are served: ``..``, ``%2e%2e`` and symlinks leading out get 403.
"""

from __future__ import annotations

import html
import json
import mimetypes
import sys
import threading
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit

from jvreader.config import Project
from jvreader.errors import JvreaderError
from jvreader.serve_watch import watch_changes, watch_targets

PREFIX = "/__jvreader/"
EVENTS, SCRIPT = PREFIX + "events", PREFIX + "reload.js"
KEEPALIVE_SECONDS = 15.0
RELOAD_JS = (Path(__file__).with_name("data") / "reload.js")


class Refused(Exception):
    """The request asks for something outside the output folder."""


class BuildState:
    """The latest build's number and error, and a condition the event streams wait on."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.generation = 0
        self.error: str | None = None
        self.closing = False

    def publish(self, error: str | None) -> None:
        with self.changed:
            self.generation += 1
            self.error = error
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def wait_after(self, generation: int, timeout: float) -> tuple[int, str | None, bool]:
        """``(generation, error, closing)`` once a build newer than ``generation`` is published,
        the server closes, or ``timeout`` passes."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != generation or self.closing, timeout)
            return self.generation, self.error, self.closing


def resolve_request(root: Path, url_path: str) -> Path:
    """The file ``url_path`` names inside ``root``; ``Refused`` if it would leave it,
    ``FileNotFoundError`` if there is none. A folder means its ``index.html``."""
    path = unquote(urlsplit(url_path).path)
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if "\x00" in path or "\\" in path or any(p == ".." for p in parts):
        raise Refused(url_path)
    real_root = root.resolve()
    real = real_root.joinpath(*parts).resolve()
    if real.is_dir():
        real = (real / "index.html").resolve()
    if real != real_root and not real.is_relative_to(real_root):
        raise Refused(url_path)  # a symlink pointing out of the site
    if not real.is_file():
        raise FileNotFoundError(url_path)
    return real


def inject_reload(page: bytes, generation: int) -> bytes:
    """``page`` with the reload script before ``</body>`` (or at the end)."""
    tag = f'<script src="{SCRIPT}?v={generation}"></script>'.encode()
    at = page.lower().rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def error_page(message: str, generation: int) -> bytes:
    body = (f"<!doctype html><html lang=en><meta charset=utf-8><title>Build failed</title>"
            f"<h1>The build failed</h1><pre>{html.escape(message)}</pre>"
            f"<p>Fix the problem and save: this page reloads by itself.</p></html>")
    return inject_reload(body.encode("utf-8"), generation)


class Handler(BaseHTTPRequestHandler):
    server: DevHTTPServer
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path == SCRIPT:
            self._send(HTTPStatus.OK, RELOAD_JS.read_bytes(), "text/javascript", head)
        else:
            self._file(head)

    def _file(self, head: bool) -> None:
        state, root = self.server.state, self.server.root()
        try:
            file = resolve_request(root, self.path)
        except Refused:
            self._send(HTTPStatus.FORBIDDEN, b"403 outside the site\n", "text/plain", head)
            return
        except FileNotFoundError:
            if state.error:
                self._send(HTTPStatus.NOT_FOUND, error_page(state.error, state.generation),
                           "text/html", head)
            else:
                page = inject_reload(b"<!doctype html><title>Not found</title><h1>404</h1>",
                                     state.generation)
                self._send(HTTPStatus.NOT_FOUND, page, "text/html", head)
            return
        url_path = urlsplit(self.path).path
        if file.name == "index.html" and not url_path.endswith(("/", "index.html")):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)  # so relative links resolve
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject_reload(data, state.generation)
        self._send(HTTPStatus.OK, data, kind, head)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool = False) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self) -> None:
        """Server-Sent Events: the current status at once, then one per build."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        state = self.server.state
        seen, error, closing = state.generation, state.error, state.closing
        try:
            self._event(seen, error)
            while not closing:
                generation, error, closing = state.wait_after(seen, KEEPALIVE_SECONDS)
                if generation != seen:
                    seen = generation
                    self._event(generation, error)
                elif not closing:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

    def _event(self, generation: int, error: str | None) -> None:
        data = json.dumps({"generation": generation, "error": error})
        self.wfile.write(f"retry: 1000\nevent: status\ndata: {data}\n\n".encode())
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class DevHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], state: BuildState,
                 root: Callable[[], Path], verbose: bool = False) -> None:
        super().__init__(address, Handler)
        self.state = state
        self.root = root
        self.verbose = verbose


class DevServer:
    """The server, the builder and the watcher of one ``jvreader serve``."""

    def __init__(self, load: Callable[[], Project], build: Callable[[Project], object],
                 host: str = "127.0.0.1", port: int = 8000, out: TextIO | None = None,
                 verbose: bool = False) -> None:
        self.load = load
        self.build = build
        self.out = out or sys.stderr
        self.state = BuildState()
        self.project = load()
        try:
            self.httpd = DevHTTPServer((host, port), self.state, lambda: self.project.out_dir,
                                       verbose)
        except OSError as exc:  # port taken, address not on this machine…
            raise JvreaderError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; "
                                "choose another with --port/--host") from None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._building = threading.Lock()
        self.watching = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def rebuild(self) -> bool:
        """Reload the settings and build; a failure is printed and published, never raised."""
        with self._building:
            try:
                project = self.load()
                report = self.build(project)
                warnings = tuple(getattr(report, "warnings", ()))
                if project.strict and warnings:
                    raise JvreaderError("strict mode: the build has warnings:\n"
                                        + "\n".join(warnings))
            except JvreaderError as exc:
                return self._failed(str(exc))
            except Exception:  # a bug must not take the server down: show it instead
                return self._failed(traceback.format_exc())
            self.project = project
            for warning in warnings:  # a file refused (``inputs_guard``) must not go unseen
                print(f"jvreader: warning: {warning}", file=self.out)
            print(f"jvreader: rebuilt ({getattr(report, 'articles', '?')} articles, "
                  f"{len(warnings)} warnings)", file=self.out, flush=True)
            self.state.publish(None)
            return True

    def _failed(self, message: str) -> bool:
        print(f"jvreader: error: {message}", file=self.out, flush=True)
        self.state.publish(message)
        return False

    def start(self, watch: bool = True) -> None:
        """Serve (and watch) in background threads; ``stop`` ends both."""
        self._spawn(lambda: self.httpd.serve_forever(poll_interval=0.05))
        if watch:
            self.start_watching()

    def start_watching(self) -> None:
        """Rebuild on every change from now on; ``watching`` is set once changes are seen."""
        self._spawn(self._watch)

    def _watch(self) -> None:
        targets = watch_targets(self.project)
        for changes in watch_changes(targets, self._stop):
            self.watching.set()
            if changes:
                self.rebuild()

    def _spawn(self, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self.state.close()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
