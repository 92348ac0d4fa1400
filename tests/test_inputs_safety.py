"""Hostile inputs: the one reading rule (``inputs_guard``) and addresses from any file name.

Every file a build reads must be a regular file inside the project: a link leading out is
never read and never published, a FIFO, a device or a link loop is skipped, each with a
warning naming it (``--strict``: exit 1, the previous site untouched). Any file name that
has a letter or digit gives a safe address; two names giving one address both build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jvreader.cli import main
from jvreader.commands import run_pipeline
from jvreader.config import load_project
from jvreader.load.sources import SLUG_LIMIT, article_slug
from jvreader.serve import DevServer

REPO = Path(__file__).resolve().parents[1]
MARKER = "LEAKED-7f3a9c"
"""Text of the files outside the project: it must appear nowhere in a built site."""
ARTICLE = "A Harbour Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed a port deal in 2011.\n"
SEED_WITH_SIDECAR = "000_71d515776e3e71d7"

needs_posix = pytest.mark.skipif(os.name != "posix", reason="links and FIFOs as on POSIX")


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def leaked(site: Path) -> list[str]:
    return [name for name, data in tree_bytes(site).items() if MARKER.encode() in data]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the seeds as a project, with a folder of secrets beside it (outside)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "seeds", root / "seeds")
    (tmp_path / "outside").mkdir()
    return root


def outside_file(project: Path, name: str, text: str) -> Path:
    secret = project.parent / "outside" / name
    secret.write_text(text, encoding="utf-8")
    return secret


def build(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["build", str(project), "--no-search", *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


# What each kind of input would do with the secret if it were read: become an article, a
# note, the site's title, the index page, a static file, an entity, an event.
LINKED_INPUTS = {
    "seeds/passwd.txt": f"{MARKER} Headline\n\nJapan and Vietnam {MARKER} in 2011.\n",
    f"seeds/{SEED_WITH_SIDECAR}.yaml": f"title: {MARKER}\n",
    "seeds/notes/leak.md": (f"---\narticle: {SEED_WITH_SIDECAR}\nexact: Vietnam\n---\n"
                            f"{MARKER}\n"),
    "seeds/gazetteer.yml": f"entities:\n  - id: leak\n    name: {MARKER}\n    type: org\n",
    "seeds/events.yml": f"events:\n  - id: leak\n    label: {MARKER}\n",
    "jvreader.yml": f"title: {MARKER}\n",
    "templates/index.html": f"<p>{MARKER}</p>\n",
    "static/leak.css": f"/* {MARKER} */\n",
}


@needs_posix
@pytest.mark.parametrize("where", sorted(LINKED_INPUTS))
def test_a_link_out_of_the_project_is_never_read_nor_published(
        where: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = project / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    secret = outside_file(project, Path(where).name, LINKED_INPUTS[where])
    link.symlink_to(secret)
    code, err = build(project, capsys)
    assert code == 0, err
    warning = next((line for line in err.splitlines() if where in line), "")
    assert str(secret) in warning and "outside the project" in warning, err
    assert leaked(project / "build") == []


@needs_posix
def test_an_input_folder_linked_out_of_the_project_is_not_read(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assets = project.parent / "outside" / "assets"
    assets.mkdir()
    (assets / "leak.css").write_text(f"/* {MARKER} */\n", encoding="utf-8")
    (project / "static").symlink_to(assets, target_is_directory=True)
    shutil.rmtree(project / "seeds" / "notes")
    notes = project.parent / "outside" / "notes"
    notes.mkdir()
    (notes / "n.md").write_text(f"---\narticle: {SEED_WITH_SIDECAR}\nexact: Vietnam\n---\n"
                                f"{MARKER}\n", encoding="utf-8")
    (project / "seeds" / "notes").symlink_to(notes, target_is_directory=True)
    code, err = build(project, capsys)
    assert code == 0, err
    assert "static/leak.css" in err and "seeds/notes/n.md" in err
    assert leaked(project / "build") == []


@needs_posix
def test_a_link_inside_the_project_is_read(project: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (project / "archive").mkdir()
    (project / "archive" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (project / "seeds" / "alias.txt").symlink_to(project / "archive" / "story.txt")
    (project / "assets").mkdir()
    (project / "assets" / "extra.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    (project / "static").mkdir()
    (project / "static" / "extra.css").symlink_to(Path("..", "assets", "extra.css"))
    # and one link out beside them, refused
    (project / "seeds" / "secret.txt").symlink_to(outside_file(project, "s.txt", ARTICLE))
    code, err = build(project, capsys)
    assert code == 0, err
    site = project / "build"
    assert "Harbour Headline" in (site / "articles" / "alias.html").read_text("utf-8")
    assert (site / "static" / "extra.css").read_text("utf-8") == "p { margin: 0 }\n"
    assert not (site / "articles" / "secret.html").exists()
    assert "alias.txt" not in err and "extra.css" not in err and "seeds/secret.txt" in err


@needs_posix
def test_strict_refuses_and_keeps_the_previous_site(project: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project, capsys)[0] == 0
    before = tree_bytes(project / "build")
    secret = outside_file(project, "passwd", f"{MARKER}\n\nText {MARKER}.\n")
    (project / "seeds" / "passwd.txt").symlink_to(secret)
    code, err = build(project, capsys, "--strict")
    assert code == 1
    assert "seeds/passwd.txt" in err and str(secret) in err
    assert tree_bytes(project / "build") == before
    assert main(["check", str(project), "--strict"]) == 1
    assert "seeds/passwd.txt" in capsys.readouterr().err


@needs_posix
def test_fifos_devices_and_loops_are_skipped_with_a_warning(project: Path) -> None:
    # In a child process: were a FIFO opened, the build would wait for a writer forever,
    # and the timeout fails the test instead of hanging the suite.
    seeds = project / "seeds"
    os.mkfifo(seeds / "fifo.txt")
    (seeds / "zero.txt").symlink_to("/dev/zero")
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "gone.md").symlink_to("nowhere.md")
    os.mkfifo(seeds / "notes" / "pipe.md")
    os.mkfifo(seeds / "001_dad779ed4ec7a3ed.yaml")  # a sidecar
    (project / "static").mkdir()
    os.mkfifo(project / "static" / "pipe.css")
    (project / "templates").mkdir()
    (project / "templates" / "index.html").symlink_to("index.html")
    done = subprocess.run([sys.executable, "-m", "jvreader", "build", str(project),
                           "--no-search"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    expected = {"seeds/fifo.txt": "FIFO", "seeds/zero.txt": "/dev/zero",
                "seeds/loop.txt": "loop", "seeds/gone.md": "does not exist",
                "seeds/notes/pipe.md": "FIFO", "seeds/001_dad779ed4ec7a3ed.yaml": "FIFO",
                "static/pipe.css": "FIFO", "templates/index.html": "loop"}
    for name, why in expected.items():
        assert any(name in w and why in w for w in warnings), (name, done.stderr)
    site = project / "build"
    assert (site / "index.html").is_file() and (site / "articles" / "001_dad779ed4ec7a3ed.html"
                                                ).is_file()
    assert not (site / "static" / "pipe.css").exists()


ODD_NAMES = {
    "space name.md": "space-name",
    "ünïcödé café.md": "unicode-cafe",
    "Bản tin Đà Nẵng.txt": "ban-tin-da-nang",
    'what?*:<>|"\\#.md': "what",
    "tab\there.txt": "tab-here",
}


def test_odd_file_names_build_with_safe_addresses(project: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    seeds = project / "seeds"
    long_name = "a very long file name " * 11  # 242 characters
    japanese = "日本とベトナムの港湾協定"
    for name in (*ODD_NAMES, f"{long_name}.txt", f"{japanese}.md"):
        (seeds / name).write_text(ARTICLE.replace("Harbour", name[:20]), encoding="utf-8")
    (seeds / "space name.yaml").write_text("title: A Sidecar Title\n", encoding="utf-8")
    (seeds / "notes" / "odd.md").write_text(
        "---\narticle: space name.md\nexact: port deal\n---\nA note on the deal.\n",
        encoding="utf-8")
    code, err = build(project, capsys)
    assert code == 0, err
    corpus = json.loads((project / "build" / "data" / "corpus.json").read_text("utf-8"))
    by_source = {a["source_file"]: a for a in corpus["articles"]}
    for name, slug in ODD_NAMES.items():
        assert by_source[f"seeds/{name}"]["id"] == slug  # the name stays the source
        assert (project / "build" / "articles" / f"{slug}.html").is_file()
    long_id = by_source[f"seeds/{long_name}.txt"]["id"]
    assert len(long_id) <= SLUG_LIMIT and long_id.startswith("a-very-long-file-name-")
    assert re.fullmatch(r"article-[0-9a-f]{8}", by_source[f"seeds/{japanese}.md"]["id"])
    # the seeds keep their addresses; the sidecar and the note still find their article
    for seed in (REPO / "seeds").glob("*.txt"):
        assert by_source[f"seeds/{seed.name}"]["id"] == seed.stem.lower()
    assert by_source["seeds/space name.md"]["title"] == "A Sidecar Title"
    assert any(n["article"] == "space-name" for n in corpus["notes"])
    for article in corpus["articles"]:
        assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", article["id"]), article["id"]


def test_a_name_with_nothing_to_keep_is_skipped_with_a_warning(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "???.md").write_text(ARTICLE, encoding="utf-8")
    code, err = build(project, capsys)
    assert code == 0, err
    assert "seeds/???.md" in err and "rename it" in err


def test_two_names_for_one_address_both_build_with_a_warning(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = project / "seeds"
    (seeds / "Port Deal.md").write_text(ARTICLE, encoding="utf-8")
    (seeds / "port-deal.txt").write_text(ARTICLE.replace("Harbour", "Second"), encoding="utf-8")
    code, err = build(project, capsys)
    assert code == 0, err
    warning = next(line for line in err.splitlines() if "articles/port-deal.html" in line)
    assert "seeds/Port Deal.md" in warning and "seeds/port-deal.txt" in warning
    corpus = json.loads((project / "build" / "data" / "corpus.json").read_text("utf-8"))
    ids = {a["source_file"]: a["id"] for a in corpus["articles"]}
    assert ids["seeds/Port Deal.md"] == "port-deal"  # the first by name keeps it
    assert re.fullmatch(r"port-deal-[0-9a-f]{8}", ids["seeds/port-deal.txt"])
    assert build(project, capsys)[0] == 0  # and again, the same
    again = json.loads((project / "build" / "data" / "corpus.json").read_text("utf-8"))
    assert {a["source_file"]: a["id"] for a in again["articles"]} == ids


@pytest.mark.parametrize("stem", ["000_71d515776E3E71D7", "a--b", "v1.2", "x_y"])
def test_names_that_always_were_addresses_keep_them(stem: str) -> None:
    assert article_slug(stem) == stem.lower()


@pytest.mark.parametrize("stem", ["a" * 300, "é" * 100, "x\x00y\x7fz", "..hidden-ish",
                                  "con:aux", "Ωμέγα", "-lead", "100% sure?"])
def test_every_address_is_safe_and_bounded(stem: str) -> None:
    slug = article_slug(stem)
    assert slug is not None
    assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", slug) and len(slug) <= SLUG_LIMIT
    assert article_slug(stem) == slug  # stable


@needs_posix
def test_serve_follows_the_same_rule(project: Path) -> None:
    secret = outside_file(project, "s.txt", f"{MARKER} Headline\n\nText {MARKER}.\n")
    (project / "seeds" / "passwd.txt").symlink_to(secret)
    out = project.parent / "serve.log"
    with out.open("w", encoding="utf-8") as log:
        dev = DevServer(lambda: load_project(project, search=False), run_pipeline,
                        port=0, out=log)
        dev.start(watch=False)
        try:
            assert dev.rebuild()
        finally:
            dev.stop()
    assert leaked(project / "build") == []
    assert f"seeds/passwd.txt: a link to {secret}" in out.read_text("utf-8")


@needs_posix
def test_add_refuses_a_fifo_without_waiting(project: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    assert main(["add", str(fifo), "-C", str(project)]) == 1
    err = capsys.readouterr().err
    assert "story.txt" in err and "FIFO" in err
    assert not (project / "seeds" / "story.txt").exists()


def test_add_refuses_a_name_whose_address_is_taken(project: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "Harbour Story.txt").write_text(ARTICLE, encoding="utf-8")
    source = tmp_path / "harbour-story.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert main(["add", str(source), "-C", str(project)]) == 1
    assert "Harbour Story.txt" in capsys.readouterr().err
    assert not (project / "seeds" / "harbour-story.txt").exists()
