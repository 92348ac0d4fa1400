"""``jvreader check``: every input problem at once, orphaned editorial work as warnings
(fatal with --strict, in check and build alike), and broken links of a built site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jvreader.check import check_inputs, date_warnings
from jvreader.cli import main
from jvreader.config import load_project
from jvreader.linkcheck import check_links, resolve_link
from jvreader.load.article import build_article
from jvreader.load.sources import read_source

ARTICLE = ("Harbour Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed a port agreement in "
           "March 2011, officials said.\n\nThe East Sea route was mentioned too.\n")
EVENTS = """events:
  - id: port-agreement-2011
    label: Port agreement
    date: "2011"
    match:
      phrases: [port agreement]
  - id: bridge-opening-2013
    label: Bridge opening
    date: "2013"
    match:
      phrases: [bridge opening]
"""
NOTE = "---\narticle: a\nexact: East Sea\n---\nVietnam's name for the South China Sea.\n"


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def edited(make_project) -> Path:
    return make_project({"a.txt": ARTICLE, "events.yml": EVENTS, "seeds/notes/east-sea.md": NOTE})


def test_the_real_seeds_pass_a_strict_check(seed_project: Path, capsys) -> None:
    assert main(["check", str(seed_project), "--strict"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Checked 5 articles: 0 errors, 0 warnings")


def test_an_event_matching_nothing_is_a_warning_and_fails_strict(edited: Path, capsys) -> None:
    assert main(["check", str(edited)]) == 0
    err = capsys.readouterr().err
    assert "event 'bridge-opening-2013' matches no sentence" in err
    assert "port-agreement-2011" not in err and "east-sea" not in err
    assert main(["check", str(edited), "--strict"]) == 1


def test_the_summary_counts_one_warning_in_the_singular(edited: Path, capsys) -> None:
    assert main(["check", str(edited)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Checked 1 article: 0 errors, 1 warning, "), out


def test_a_note_whose_text_changed_fails_a_strict_build_before_writing(edited: Path,
                                                                         capsys) -> None:
    (edited / "seeds" / "events.yml").write_text(EVENTS.split("  - id: bridge")[0], "utf-8")
    assert main(["build", str(edited), "-q", "--strict", "--no-search"]) == 0
    site_before = tree_bytes(edited / "build")
    (edited / "seeds" / "a.txt").write_text(ARTICLE.replace("East Sea", "South China Sea"),
                                            encoding="utf-8")
    assert main(["build", str(edited), "--strict", "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "east-sea.md" in err and "strict" in err
    assert tree_bytes(edited / "build") == site_before
    assert main(["build", str(edited), "-q", "--no-search"]) == 0  # not strict: a warning only


def test_every_broken_input_is_reported_together(make_project, capsys) -> None:
    project = make_project({
        "good.txt": ARTICLE, "bad.txt": b"Title\n\n\xff\xfe not utf-8\n",
        "empty.md": "", "gazetteer.yml": "entities: [unclosed\n",
    })
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    for name in ("bad.txt", "empty.md", "gazetteer.yml"):
        assert name in err
    assert not (project / "build").exists()


def test_duplicate_article_names_are_a_warning_naming_both(make_project) -> None:
    # once an error that stopped the build; now both are published, one under another name
    report = check_inputs(load_project(make_project({"a.txt": ARTICLE, "a.md": ARTICLE,
                                                     "b.txt": ARTICLE})))
    assert any("seeds/a.md and seeds/a.txt" in w for w in report.warnings)
    assert report.articles == 3 and not report.errors


def test_future_and_bad_sidecar_dates_are_warnings(make_project) -> None:
    project = make_project({"a.txt": ARTICLE, "a.yaml": "date: 2999-01-02\n",
                            "b.txt": ARTICLE, "b.yaml": "date: sometime\n"})
    report = check_inputs(load_project(project))
    assert any("a.txt: date 2999-01-02 is in the future" in w for w in report.warnings)
    assert any("b.txt" in w and "sometime" in w for w in report.warnings)
    article, _ = build_article(read_source(project / "seeds" / "a.txt", project))
    assert date_warnings([article], dt.date(3000, 1, 1)) == []


# --- links of the built site -------------------------------------------------------------------

def test_a_built_site_has_no_broken_links(seed_project: Path) -> None:
    assert main(["build", str(seed_project), "-q", "--no-search"]) == 0
    assert check_links(seed_project / "build") == []


def test_broken_links_and_anchors_are_errors(make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE})
    assert main(["build", str(project), "-q", "--no-search"]) == 0
    site = project / "build"
    page = site / "articles" / "a.html"
    html = page.read_text("utf-8").replace(
        "</body>", '<a href="gone.html">x</a><a href="../index.html#nowhere">y</a>'
                   '<a href="#p1">ok</a><a href="https://example.org/x">ext</a></body>')
    page.write_text(html, encoding="utf-8")
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    assert "articles/a.html: broken link gone.html" in err
    assert "articles/a.html: broken anchor ../index.html#nowhere" in err
    assert "example.org" not in err and "#p1" not in err


@pytest.mark.parametrize(("page", "link", "expected"), [
    ("articles/a.html", "../entities/x.html#top", ("entities/x.html", "top")),
    ("articles/a.html", "#p3", ("articles/a.html", "p3")),
    ("index.html", "articles/", ("articles/index.html", None)),
    ("index.html", "/static/style.css?v=2", ("static/style.css", None)),
    ("index.html", "../../etc/passwd", ("..", None)),
    ("index.html", "https://example.org/reader/a.html", None),
    ("index.html", "mailto:ed@example.org", None),
])
def test_links_resolve_against_their_page(page, link, expected) -> None:
    assert resolve_link(page, link) == expected


def test_links_under_the_base_url_count_as_internal() -> None:
    assert resolve_link("index.html", "https://example.org/r/feed.xml",
                        "https://example.org/r/") == ("feed.xml", None)
