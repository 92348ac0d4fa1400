"""The command line: help, a real build of the seeds, and clear errors on bad input."""

from __future__ import annotations

import inspect
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from jvreader import pipeline
from jvreader.cli import main
from jvreader.export import schema_json
from jvreader.progress import ConsoleReporter

ARTICLE = "A Plain Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed an agreement in 2011.\n"


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- help -------------------------------------------------------------------------------------

COMMANDS = ["build", "serve", "add", "check", "deploy"]


@pytest.mark.parametrize("argv", [["--help"], *([c, "--help"] for c in COMMANDS)])
def test_every_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "usage: jvreader" in out
    if argv[0] == "--help":
        assert all(c in out for c in COMMANDS)
    else:
        assert f"Example:\n  jvreader {argv[0]}" in out
    if argv[0] == "build":
        assert "PROJECT_DIR" in out and "--output" in out
        assert "--strict" in out and "exit status 1" in out and "--print-config" in out


def test_no_command_prints_usage_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "build" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "jvreader", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("jvreader ")


def test_the_command_says_everything_and_exits_with_its_status_through_a_pipe(
        seed_project: Path, tmp_path: Path) -> None:
    # ``entry`` ends the process without tearing the interpreter down: what was printed
    # must still reach a pipe, and the exit status must be main's.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run([sys.executable, "-m", "jvreader", "build", str(seed_project)],
                          capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built 5 articles,") and done.stdout.endswith("\n")
    failed = subprocess.run([sys.executable, "-m", "jvreader", "build", str(tmp_path / "none")],
                            capture_output=True, text=True, check=False, env=env)
    assert failed.returncode == 1
    assert failed.stderr.startswith("jvreader: error: ") and "Traceback" not in failed.stderr


# --- building the seeds -----------------------------------------------------------------------

def test_build_of_the_seeds_writes_site_and_summary(
        seed_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(seed_project)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("Built 5 articles,")
    assert " pages, " in out[0] and "warning" in out[0] and " s " in out[0]
    site = seed_project / "build"
    assert (site / "index.html").is_file()
    assert (site / "static" / "style.css").is_file()
    article_pages = [p for p in (site / "articles").glob("*.html")
                     if not p.name.endswith(".source.html")]  # each article's source view
    assert len(article_pages) == 5


def test_corpus_json_follows_its_schema(seed_project: Path) -> None:
    assert main(["build", str(seed_project), "-q"]) == 0
    corpus = json.loads((seed_project / "build" / "data" / "corpus.json").read_text("utf-8"))
    jsonschema.validate(corpus, json.loads(schema_json()))
    ids = [a["id"] for a in corpus["articles"]]
    assert ids == sorted(ids) and len(ids) == 5
    first = corpus["articles"][0]
    assert first["source_file"] == "seeds/000_71d515776e3e71d7.txt"
    assert all(p["id"] for a in corpus["articles"] for p in a["paragraphs"])


def test_two_builds_are_byte_identical(seed_project: Path, tmp_path: Path) -> None:
    assert main(["build", str(seed_project), "-q", "-o", str(tmp_path / "one")]) == 0
    assert main(["build", str(seed_project), "-q", "-o", str(tmp_path / "two")]) == 0
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_output_option_and_default_folder(make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE})
    assert main(["build", str(project), "-o", str(project / "public")]) == 0
    assert (project / "public" / "articles" / "a.html").is_file()
    assert not (project / "build").exists()
    cwd = os.getcwd()
    try:
        os.chdir(project)
        assert main(["build", "-q"]) == 0
    finally:
        os.chdir(cwd)
    assert (project / "build" / "index.html").is_file()


# --- bad input ---------------------------------------------------------------------------------

def run_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"empty.txt": ""}, "empty.txt: is empty"),
        ({"blank.txt": "\n\n   \n"}, "blank.txt: is empty"),
        ({"bin.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "bin.txt"),
        ({"latin.txt": b"Title\n\nLine two\n" + "Ha Noi café\n".encode("latin-1")},
         "latin.txt:4: is not valid utf-8"),
        ({"fm.md": "---\ntitle: [unclosed\n---\nBody text here.\n"}, "fm.md:2: malformed YAML"),
        ({"open.md": "---\ntitle: x\nBody text here.\n"}, "open.md:1: front matter"),
        ({"a.txt": ARTICLE, "a.yaml": "title: 'x\n  date: ["}, "a.yaml"),
        ({"a.txt": ARTICLE, "a.yaml": "- just\n- a list\n"}, "a.yaml:1: must be a mapping"),
    ],
    # two names giving one address, and names that are no address as they are, now build
    # (tests/test_inputs_safety.py)
    ids=["empty", "whitespace", "binary", "not-utf8", "front-matter-yaml", "unclosed-front-matter",
         "sidecar-yaml", "sidecar-not-mapping"],
)
def test_bad_input_names_the_file_and_fails_cleanly(files, expected, make_project, capsys) -> None:
    project = make_project(files)
    err = run_error(["build", str(project)], capsys)
    assert expected in err
    assert not (project / "build").exists()


def test_missing_seeds_folder_is_a_clear_error(tmp_path: Path, capsys) -> None:
    err = run_error(["build", str(tmp_path)], capsys)
    assert "seeds" in err


def test_declared_and_bom_encodings_are_honoured(make_project) -> None:
    project = make_project({
        "bom16.txt": "Tiêu đề Hà Nội\n\nNội dung bài viết về Nhật Bản.\n".encode("utf-16"),
        "legacy.txt": "Café Title\n\nThe café opened in 2011.\n".encode("latin-1"),
        "legacy.yaml": "encoding: latin-1\n",
        "crlf.txt": b"CRLF Title\r\n\r\nFirst paragraph.\r\nSecond paragraph.\r\n",
    })
    assert main(["build", str(project), "-q"]) == 0
    corpus = json.loads((project / "build" / "data" / "corpus.json").read_text("utf-8"))
    by_id = {a["id"]: a for a in corpus["articles"]}
    assert by_id["bom16"]["title"] == "Tiêu đề Hà Nội"
    assert by_id["legacy"]["title"] == "Café Title"
    assert all("\r" not in p["text"] for p in by_id["crlf"]["paragraphs"])
    assert by_id["crlf"]["title"] == "CRLF Title"


def test_markup_and_path_separators_in_titles_are_inert(make_project) -> None:
    project = make_project({
        "x.txt": "Body about Japan.\n",
        "x.yaml": "title: \"<script>alert(1)</script> ../../etc/passwd\"\n",
    })
    assert main(["build", str(project), "-q"]) == 0
    site = project / "build"
    page = (site / "articles" / "x.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert not (project / "etc").exists()
    names = sorted(p.name for p in (site / "articles").iterdir())
    assert "x.html" in names and all(n.startswith("x.") for n in names)  # no path from title


@pytest.mark.parametrize("where", ["project", "parent", "home", "seeds"])
def test_dangerous_output_folders_are_refused(where, make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE})
    target = {"project": project, "parent": project.parent, "home": Path.home(),
              "seeds": project / "seeds"}[where]
    before = sorted(p.name for p in target.iterdir())
    err = run_error(["build", str(project), "-o", str(target)], capsys)
    assert "output folder" in err
    assert sorted(p.name for p in target.iterdir()) == before


def test_failed_build_leaves_previous_site_intact(make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE})
    assert main(["build", str(project), "-q"]) == 0
    site = project / "build"
    before = tree_bytes(site)
    (project / "seeds" / "b.txt").write_bytes(b"ok\n\xff\xfe broken\n")
    err = run_error(["build", str(project)], capsys)
    assert "b.txt:2" in err
    assert tree_bytes(site) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".build")] == []


def test_rebuild_replaces_files_that_no_longer_belong(make_project) -> None:
    project = make_project({"a.txt": ARTICLE, "b.txt": ARTICLE.replace("Plain", "Second")})
    assert main(["build", str(project), "-q"]) == 0
    (project / "seeds" / "b.txt").unlink()
    assert main(["build", str(project), "-q"]) == 0
    assert not (project / "build" / "articles" / "b.html").exists()
    assert (project / "build" / "articles" / "a.html").exists()


# --- progress and verbosity --------------------------------------------------------------------

def test_verbose_lists_the_stages_and_quiet_prints_nothing(make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE})
    assert main(["build", str(project), "-q", "--no-search"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["build", str(project), "-v", "--no-search"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Built 1 article, ")
    if "reporter" in inspect.signature(pipeline.build).parameters:
        assert captured.err.count("\n") >= 3  # a line per stage
    assert "\r" not in captured.err  # not a terminal: no redrawn counter


def test_the_counter_is_drawn_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    log, tty = io.StringIO(), Terminal()
    for stream in (log, tty):
        reporter = ConsoleReporter(stream, interval=0)
        for done in range(1, 4):
            reporter.advance(done, 3)
        reporter.stage("load", "3 articles")
        reporter.close()
    assert log.getvalue() == ""
    assert "\r[1/3]" in tty.getvalue() and "\r[3/3]" in tty.getvalue()
    assert "load" not in tty.getvalue()  # stage lines only with verbose
    verbose = io.StringIO()
    ConsoleReporter(verbose, verbose=True).stage("render", "12 pages")
    assert verbose.getvalue().startswith("  render    12 pages (")


def test_a_strict_build_with_warnings_fails_with_status_1(make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE, "a.yaml": "date: sometime\n"})
    assert main(["build", str(project), "-q", "--no-search"]) == 0
    assert main(["build", str(project), "--strict", "--no-search", "-o",
                 str(project / "strict-out")]) == 1
    err = capsys.readouterr().err
    assert "strict mode" in err and "sometime" in err
    assert not (project / "strict-out").exists()
