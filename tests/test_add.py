"""``jvreader add``: a text file or a saved web page becomes seeds/NAME.txt + NAME.yaml,
what is missing is reported, and an existing article is never overwritten."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from jvreader.add import slugify
from jvreader.cli import main

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Tokyo and Hanoi agree on port upgrade | Harbour Weekly</title>
<meta property="og:site_name" content="Harbour Weekly">
<meta property="og:title" content="Tokyo and Hanoi agree on port upgrade">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2019-05-14">
<link rel="canonical" href="https://harbour.example.org/2019/05/port-upgrade">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> Subscribe to our newsletter</nav>
<article>
<h1>Tokyo and Hanoi agree on port upgrade</h1>
<p>Japan and Vietnam agreed on Tuesday to expand a deep-water port near Hai Phong, officials
said, in a deal worth about 30 billion yen over five years.</p>
<p>The loan, arranged through the development agency, will pay for new berths and dredging
work that local engineers have requested since 2015.</p>
<p>Officials in both capitals described the project as a sign of closer economic ties, and
said construction should begin early next year.</p>
</article>
<footer>Copyright 2019 Harbour Weekly. All rights reserved.</footer>
</body></html>
"""
TEXT = "Harbour Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed a port deal in 2011.\n"


def test_a_saved_web_page_becomes_text_and_sidecar(make_project, tmp_path: Path,
                                                   capsys) -> None:
    pytest.importorskip("trafilatura")
    project = make_project({})
    saved = tmp_path / "Port upgrade - Harbour Weekly.html"
    saved.write_text(PAGE.replace('<meta name="author" content="Jane Roe">\n', ""), "utf-8")
    assert main(["add", str(saved), "-C", str(project)]) == 0
    out = capsys.readouterr().out
    slug = "tokyo-and-hanoi-agree-on-port-upgrade"
    text = (project / "seeds" / f"{slug}.txt").read_text("utf-8")
    assert "deep-water port near Hai Phong" in text and "dredging" in text
    assert "Subscribe" not in text and "All rights reserved" not in text
    assert "\n\n" in text  # paragraphs stay apart
    sidecar = yaml.safe_load((project / "seeds" / f"{slug}.yaml").read_text("utf-8"))
    assert sidecar["title"] == "Tokyo and Hanoi agree on port upgrade"
    assert sidecar["publication"] == "Harbour Weekly"
    assert str(sidecar["date"]) == "2019-05-14"
    assert sidecar["url"] == "https://harbour.example.org/2019/05/port-upgrade"
    assert sidecar["authors"] is None  # left empty for the editor
    assert "missing: authors" in out
    assert main(["build", str(project), "-q", "--no-search"]) == 0  # the build accepts it


def test_a_text_file_is_copied_with_a_sidecar_of_what_was_read(make_project, tmp_path: Path,
                                                               capsys) -> None:
    project = make_project({})
    source = tmp_path / "Harbour story.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert main(["add", str(source), "-C", str(project)]) == 0
    out = capsys.readouterr().out
    copied = project / "seeds" / "harbour-story.txt"
    assert copied.read_bytes() == source.read_bytes()
    sidecar_text = (project / "seeds" / "harbour-story.yaml").read_text("utf-8")
    assert "# title: Harbour Headline" in sidecar_text
    sidecar = yaml.safe_load(sidecar_text)
    assert set(sidecar) == {"date", "publication", "url"}  # the missing ones, to fill in
    assert all(v is None for v in sidecar.values())
    assert "found title: Harbour Headline" in out and "found authors: Jane Roe" in out
    assert "missing: date, publication, url" in out
    assert main(["build", str(project), "-q", "--no-search"]) == 0


def test_an_existing_article_is_never_overwritten(make_project, tmp_path: Path,
                                                  capsys) -> None:
    project = make_project({"harbour.txt": "Old text\n\nKept as it is.\n"})
    source = tmp_path / "harbour.md"
    source.write_text(TEXT, encoding="utf-8")
    assert main(["add", str(source), "-C", str(project)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--name" in err
    assert (project / "seeds" / "harbour.txt").read_text("utf-8") == "Old text\n\nKept as it is.\n"
    assert sorted(p.name for p in (project / "seeds").iterdir()) == ["harbour.txt"]
    assert main(["add", str(source), "-C", str(project), "--name", "harbour-2"]) == 0
    assert (project / "seeds" / "harbour-2.md").read_text("utf-8") == TEXT


def test_an_unreadable_text_file_leaves_seeds_unchanged(make_project, tmp_path: Path,
                                                        capsys) -> None:
    project = make_project({})
    source = tmp_path / "broken.txt"
    source.write_bytes(b"Title\n\n\xff\xfe not utf-8\n")
    assert main(["add", str(source), "-C", str(project)]) == 1
    assert "broken.txt" in capsys.readouterr().err
    assert list((project / "seeds").iterdir()) == []


def test_without_trafilatura_the_error_says_how_to_install_it(
        make_project, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now raises ImportError
    project = make_project({})
    saved = tmp_path / "page.html"
    saved.write_text(PAGE, encoding="utf-8")
    assert main(["add", str(saved), "-C", str(project)]) == 1
    assert "pip install 'jvreader[add]'" in capsys.readouterr().err
    assert list((project / "seeds").iterdir()) == []


@pytest.mark.parametrize(("title", "slug"), [
    ("Japan’s ODA: 1992–2020", "japans-oda-1992-2020"),
    ("Hà Nội và Tokyo", "ha-noi-va-tokyo"),
    ("???", "article"),
])
def test_names_are_safe_ascii_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug
