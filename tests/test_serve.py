"""``jvreader serve``: only the output folder is served, pages reload after a rebuild, and a
build error is shown without stopping the server."""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from jvreader.cli import main
from jvreader.commands import run_pipeline
from jvreader.config import load_project
from jvreader.serve import DevServer, Refused, inject_reload, resolve_request
from jvreader.serve_watch import relevant, watch_targets

ARTICLE = "Harbour Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed a port deal in 2011.\n"
WAIT = 30  # seconds a socket read may block before the test fails instead of hanging


@pytest.fixture
def server(make_project, tmp_path: Path) -> Iterator[DevServer]:
    project_dir = make_project({"a.txt": ARTICLE})
    (tmp_path / "secret.txt").write_text("top secret", encoding="utf-8")
    dev = DevServer(lambda: load_project(project_dir, search=False), run_pipeline,
                    port=0, out=open(os.devnull, "w"))  # noqa: SIM115 (closed by stop)
    assert dev.rebuild()
    dev.start(watch=False)
    yield dev
    dev.stop()
    dev.out.close()


def get(dev: DevServer, path: str) -> tuple[int, bytes, http.client.HTTPResponse]:
    host, port = dev.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=WAIT)
    conn.request("GET", path)  # sent as written: no client-side normalisation of ".."
    response = conn.getresponse()
    body = response.read()
    response.close()
    conn.close()
    return response.status, body, response


class EventStream:
    """Reads ``/__jvreader/events`` one ``status`` event at a time."""

    def __init__(self, dev: DevServer) -> None:
        host, port = dev.httpd.server_address[:2]
        self.conn = http.client.HTTPConnection(host, port, timeout=WAIT)
        self.conn.request("GET", "/__jvreader/events")
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_status(self) -> dict:
        event, data = None, None
        while True:
            line = self.response.fp.readline().decode("utf-8")
            assert line, "the event stream closed"
            line = line.rstrip("\n")
            if line.startswith("event: "):
                event = line[len("event: "):]
            elif line.startswith("data: "):
                data = line[len("data: "):]
            elif not line and event == "status" and data:
                return json.loads(data)

    def close(self) -> None:
        self.response.close()
        self.conn.close()


# --- what is served ----------------------------------------------------------------------------

def test_pages_get_the_reload_script_but_files_on_disk_do_not(server: DevServer) -> None:
    status, body, response = get(server, "/")
    assert status == 200 and response.getheader("Content-Type").startswith("text/html")
    assert b'<script src="/__jvreader/reload.js?v=' in body
    assert body.index(b"/__jvreader/reload.js") < body.lower().rindex(b"</body>")
    on_disk = (server.project.out_dir / "index.html").read_bytes()
    assert b"__jvreader" not in on_disk
    assert all(b"__jvreader" not in p.read_bytes()
               for p in server.project.out_dir.rglob("*") if p.is_file())
    status, css, _ = get(server, "/static/style.css")
    assert status == 200 and b"__jvreader" not in css
    status, script, response = get(server, "/__jvreader/reload.js")
    assert status == 200 and b"EventSource" in script
    assert response.getheader("Content-Type").startswith("text/javascript")


def test_a_folder_without_slash_redirects_and_serves_its_index(server: DevServer) -> None:
    (server.project.out_dir / "articles" / "index.html").write_text(
        "<!doctype html><title>x</title><body>list</body>", encoding="utf-8")
    status, _, response = get(server, "/articles")
    assert status == 301 and response.getheader("Location") == "/articles/"
    status, body, _ = get(server, "/articles/")
    assert status == 200 and b"list" in body


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/articles/%2E%2E/%2e%2e/secret.txt",
    "/..%2fsecret.txt", "/articles/..%5c..%5csecret.txt", "/a%00.html",
])
def test_traversal_out_of_the_site_is_refused(server: DevServer, path: str) -> None:
    status, body, _ = get(server, path)
    assert status in (403, 404)
    assert b"top secret" not in body


def test_a_symlink_pointing_out_of_the_site_is_refused(server: DevServer, tmp_path: Path) -> None:
    site = server.project.out_dir
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "leakdir").symlink_to(tmp_path)
    for path in ("/leak.txt", "/leakdir/secret.txt"):
        status, body, _ = get(server, path)
        assert status == 403 and b"top secret" not in body


def test_resolve_request_keeps_to_the_root(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("x", encoding="utf-8")
    (root / "a" / "p.html").write_text("x", encoding="utf-8")
    assert resolve_request(root, "/a/p.html?x=1#top") == (root / "a" / "p.html").resolve()
    assert resolve_request(root, "/a/") == (root / "a" / "index.html").resolve()
    with pytest.raises(Refused):
        resolve_request(root, "/a/../../etc/passwd")
    with pytest.raises(FileNotFoundError):
        resolve_request(root, "/missing.html")


def test_injection_goes_before_the_last_closing_body() -> None:
    page = b"<html><body><p>x</p></BODY></html>"
    assert inject_reload(page, 3) == (b'<html><body><p>x</p><script src="/__jvreader/reload.js'
                                      b'?v=3"></script></BODY></html>')
    assert inject_reload(b"<p>no body", 1).endswith(b"</script>")


# --- watching and rebuilding -------------------------------------------------------------------

def test_watch_targets_cover_seeds_and_config_but_not_the_output(make_project) -> None:
    root = make_project({"a.txt": ARTICLE, "seeds/notes/n.md": "---\narticle: a\n---\nx\n"})
    (root / "jvreader.yml").write_text("title: T\n", encoding="utf-8")
    (root / "templates").mkdir()
    targets = watch_targets(load_project(root))
    assert set(targets.roots) == {(root / p).resolve() for p in
                                  ("seeds", "templates", "jvreader.yml")}
    assert relevant(root / "seeds" / "notes" / "n.md", targets)
    assert not relevant(root / "seeds" / ".a.txt.swp", targets)
    assert not relevant(root / "build" / "index.html", targets)


def test_saving_a_seed_rebuilds_and_tells_open_pages_to_reload(server: DevServer) -> None:
    server.start_watching()
    assert server.watching.wait(WAIT)
    events = EventStream(server)
    try:
        first = events.next_status()
        assert first["error"] is None
        seed = server.project.seeds_dir / "a.txt"
        seed.write_text(ARTICLE.replace("Harbour Headline", "Renamed Harbour"), encoding="utf-8")
        second = events.next_status()
    finally:
        events.close()
    assert second["generation"] > first["generation"] and second["error"] is None
    status, body, _ = get(server, "/articles/a.html")
    assert status == 200 and b"Renamed Harbour" in body


def test_a_build_error_is_shown_and_the_server_stays_up(server: DevServer) -> None:
    events = EventStream(server)
    try:
        first = events.next_status()
        bad = server.project.seeds_dir / "b.txt"
        bad.write_bytes(b"Title\n\nok\n\xff\xfe broken\n")
        assert not server.rebuild()
        failed = events.next_status()
        assert failed["generation"] > first["generation"]
        assert "b.txt" in failed["error"] and "utf-8" in failed["error"]
        status, body, _ = get(server, "/")  # the last good site is still served
        assert status == 200 and b"Harbour Headline" in body
        status, body, _ = get(server, "/nowhere.html")
        assert status == 404 and b"The build failed" in body and b"b.txt" in body
        bad.unlink()
        assert server.rebuild()
        fixed = events.next_status()
    finally:
        events.close()
    assert fixed["error"] is None and fixed["generation"] > failed["generation"]


def test_a_crash_in_the_build_is_reported_not_fatal(make_project) -> None:
    root = make_project({"a.txt": ARTICLE})

    def broken_build(project):
        raise RuntimeError("bug in a stage")

    dev = DevServer(lambda: load_project(root), broken_build, port=0,
                    out=open(os.devnull, "w"))  # noqa: SIM115
    try:
        dev.start(watch=False)
        assert not dev.rebuild()
        assert "bug in a stage" in dev.state.error
        status, body, _ = get(dev, "/")
        assert status == 404 and b"bug in a stage" in body
    finally:
        dev.stop()
        dev.out.close()


def test_a_port_in_use_is_a_clear_error(server: DevServer, capsys) -> None:
    port = server.httpd.server_address[1]
    root = server.project.project_dir
    assert main(["serve", str(root), "--port", str(port), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert f"cannot serve on 127.0.0.1:{port}" in err and "Traceback" not in err
