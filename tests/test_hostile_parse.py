"""Hostile input: every YAML or date problem is a message naming the file and line (never a
traceback), wrong field types are refused, huge articles build in linear time, and invisible
format characters leave the reader text with a word about it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jvreader.annotate.notes import load_notes
from jvreader.cli import main
from jvreader.config import read_config
from jvreader.errors import ConfigError
from jvreader.load import load_corpus
from jvreader.load.fields import FIELD_CHECKS
from jvreader.load.sources import MAX_ARTICLE_BYTES, SIDECAR_KEYS
from jvreader.yaml_safe import MAX_CHARACTERS, MAX_DEPTH, compose_yaml

BODY = ("Japan and Vietnam signed a new maritime agreement in Hanoi on Monday. The ministers "
        "said the accord would cover coast guard training and port visits.\n")
ARTICLE = f"A Plain Headline\n\nBy Jane Roe\n\n{BODY}"

DEEP_FLOW = "[" * 3000 + "]" * 3000
"""Deeper than the pure-Python parser can recurse (``RecursionError`` before)."""
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True))
"""Nine levels of ten aliases each: a billion values once expanded."""


def build_error(project: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["build", str(project), "-q"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    return err


# --- YAML that the parser itself chokes on -----------------------------------------------------

@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.md": f"---\ntitle: Fine\ndate: 2015-13-45\n---\n{ARTICLE}"},
         "a.md:3: malformed YAML: '2015-13-45' is not a date of the calendar"),
        ({"a.txt": ARTICLE, "a.yaml": "publication: X\ndate: 2019-02-30\n"},
         "a.yaml:2: malformed YAML: '2019-02-30' is not a date"),
        ({"a.md": f"---\ntitle: {DEEP_FLOW}\n---\n{ARTICLE}"}, "a.md:2: malformed YAML: nested"),
        ({"a.txt": ARTICLE, "a.yaml": "title: " + "[" * 40 + "]" * 40 + "\n"},
         "a.yaml:1: malformed YAML: nested more than"),
        ({"a.txt": ARTICLE, "a.yaml": "- " * 2000 + "x\n"}, "a.yaml"),
        ({"a.txt": ARTICLE, "a.yaml": LAUGHS}, "once its aliases (*name) are expanded"),
        ({"a.md": f"---\ntitle: &t [x, *t]\n---\n{ARTICLE}"}, "a.md:2: malformed YAML: an alias"),
        ({"a.txt": ARTICLE, "a.yaml": "issue: 1" + "0" * 5000 + "\n"}, "a.yaml:1: malformed"),
    ],
    ids=["impossible-date", "impossible-date-sidecar", "deep-flow", "deep-40", "deep-block",
         "billion-laughs", "recursive-alias", "huge-integer"],
)
def test_yaml_problems_name_the_file_and_line(files, expected, make_project, capsys) -> None:
    err = build_error(make_project(files), capsys)
    assert expected in err
    assert "RecursionError" not in err and "ValueError" not in err


@pytest.mark.parametrize("text", [DEEP_FLOW, LAUGHS, "a: &a [*a]", "d: 2015-13-45",
                                  "{a: " * 200 + "1" + "}" * 200])
def test_compose_yaml_refuses_with_a_yaml_error(text: str) -> None:
    import yaml

    with pytest.raises(yaml.YAMLError):
        compose_yaml(text)


def test_an_oversize_sidecar_is_refused_by_name(make_project, capsys) -> None:
    project = make_project({"a.txt": ARTICLE, "a.yaml": "notes: " + "x" * MAX_CHARACTERS})
    assert "a.yaml: malformed YAML: too long (5,000,007 characters" in build_error(project, capsys)


def test_nesting_up_to_the_cap_is_read() -> None:
    depth = MAX_DEPTH - 1
    data, _ = compose_yaml("[" * depth + "1" + "]" * depth)
    for _ in range(depth):
        data = data[0]
    assert data == 1


def test_settings_file_problems_name_the_line(tmp_path: Path) -> None:
    config = tmp_path / "jvreader.yml"
    config.write_text("title: Reader\ndescription: 2015-13-45\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"jvreader.yml:2: .*not a date of the calendar"):
        read_config(config)
    config.write_text(f"title: {DEEP_FLOW}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nested more than"):
        read_config(config)


@pytest.mark.parametrize("name", ["events.yml", "gazetteer.yml"])
@pytest.mark.parametrize("text", ["x: 2015-13-45\n", LAUGHS, f"x: {DEEP_FLOW}\n"])
def test_events_and_gazetteer_yaml_problems_are_messages(name, text, make_project,
                                                         capsys) -> None:
    project = make_project({"a.txt": ARTICLE, name: text})
    err = build_error(project, capsys)
    assert f"{name}:" in err


def test_a_note_with_hostile_yaml_is_skipped_with_a_warning(tmp_path: Path) -> None:
    notes = tmp_path / "seeds" / "notes"
    notes.mkdir(parents=True)
    (notes / "deep.md").write_text(f"---\narticle: {DEEP_FLOW}\n---\nA note.\n", "utf-8")
    (notes / "date.md").write_text("---\narticle: a\nexact: x\nwhen: 2015-13-45\n---\nNote.\n",
                                   "utf-8")
    found, warnings = load_notes(notes, tmp_path)
    assert found == ()
    assert any("date.md: note skipped" in w and "line 4" in w for w in warnings)
    assert any("deep.md: note skipped" in w and "nested" in w for w in warnings)


# --- the type of every known field ----------------------------------------------------------

def test_every_sidecar_key_has_a_type_check() -> None:
    assert set(FIELD_CHECKS) == set(SIDECAR_KEYS)


def test_wrong_types_in_front_matter_are_refused_with_their_line(make_project) -> None:
    project = make_project({"a.md": "---\ntitle: [a, list]\nauthors: 42\npublication: {x: 1}\n"
                                     "dek: true\ndate: '2015-02-30'\ntitel: Typo\n---\n"
                                     + ARTICLE})
    (article,), warnings = load_corpus(project / "seeds", project)
    text = "\n".join(warnings)
    assert "seeds/a.md:2: 'title' must be a string (put it in quotes), not a list" in text
    assert "seeds/a.md:3: 'authors' must be a name, or a list of names" in text
    assert "seeds/a.md:4: 'publication' must be a string" in text
    assert "seeds/a.md:5: 'dek' must be a string" in text
    assert "seeds/a.md:6: 'date' is not a date of the calendar" in text
    assert "seeds/a.md:7: unknown key 'titel' (did you mean 'title'?)" in text
    # the refused fields are read from the text instead
    assert article.title == "A Plain Headline"
    assert article.authors == ("Jane Roe",)
    assert article.publication is None and article.date is None


def test_wrong_types_in_a_sidecar_are_refused_with_their_line(make_project) -> None:
    project = make_project({"b.txt": ARTICLE,
                            "b.yaml": "publication: Nhân Dân\nauthors: [Lê Văn, 7]\n"
                                      "title: 2019\nurl: [http://x]\ndat: 2019\n"})
    (article,), warnings = load_corpus(project / "seeds", project)
    text = "\n".join(warnings)
    assert "seeds/b.yaml:2: 'authors' must be a name" in text
    assert "seeds/b.yaml:3: 'title' must be a string" in text
    assert "seeds/b.yaml:4: 'url' must be a string" in text
    assert "seeds/b.yaml:5: unknown key 'dat' (did you mean 'date'?)" in text
    assert article.publication == "Nhân Dân"  # the good field is kept
    assert article.title == "A Plain Headline"


def test_right_types_are_all_accepted(make_project) -> None:
    project = make_project({"c.md": "---\ntitle: 日本とベトナム\nauthors: [Trần Anh, 佐藤健]\n"
                                    "date: 2019-02-26\nissue: 4\n---\n" + ARTICLE,
                            "d.txt": ARTICLE, "d.yaml": "authors: Mai Anh; Kenji Sato\n"
                                                        "date: 2011\n"})
    (c, d), warnings = load_corpus(project / "seeds", project)
    assert warnings == ()
    assert (c.title, c.authors, c.date, c.issue) == ("日本とベトナム", ("Trần Anh", "佐藤健"),
                                                     "2019-02-26", "4")
    assert (d.authors, d.date) == (("Mai Anh", "Kenji Sato"), "2011")


# --- size and time ----------------------------------------------------------------------------

def test_an_article_over_the_limit_is_refused_by_name(make_project, capsys) -> None:
    project = make_project({"ok.txt": ARTICLE,
                            "huge.txt": "Huge\n\n" + "word " * (MAX_ARTICLE_BYTES // 5 + 1)})
    err = build_error(project, capsys)
    assert "huge.txt: is 5.0 MB, over the 5 MB an article may hold" in err


def _run_with_timeout(code: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter; a timeout means the work grew faster than its input."""
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"not done in {timeout:g} s: quadratic again?")


def test_a_one_megabyte_single_line_article_builds(tmp_path: Path) -> None:
    # One paragraph, one "sentence" (the full stops are followed by lowercase words), with a
    # year every forty characters: each date and each full stop used to rescan the line.
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    parts = []
    for k in range(25_000):
        parts.append(f"the {k % 97} delegates met in {1990 + k % 35} and {k % 13} left. then")
    line = " ".join(parts)[:1_000_000]
    (seeds / "big.txt").write_text(f"A Very Long Article\n\n{line}.\n", encoding="utf-8")
    done = _run_with_timeout(f"""
        from jvreader.cli import main
        raise SystemExit(main(["build", {str(tmp_path)!r}, "-q", "--no-search"]))
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "build" / "articles").is_dir()


def test_thousands_of_short_paragraphs_are_compared_within_reach(tmp_path: Path) -> None:
    # Pull-quote candidates (short, one sentence) used to be compared with every block.
    done = _run_with_timeout("""
        import random
        from jvreader.load.blocks import Block, drop_pull_quotes
        rng = random.Random(3)
        words = [f"w{i}" for i in range(5000)]
        blocks = [Block(" ".join(rng.sample(words, 10)).capitalize() + ".", i + 1)
                  for i in range(40_000)]
        kept, quotes = drop_pull_quotes(blocks)
        assert len(kept) == len(blocks) and not quotes
    """, tmp_path)
    assert done.returncode == 0, done.stderr


# --- invisible format characters --------------------------------------------------------------

def test_invisible_format_characters_leave_the_text_and_are_reported(make_project) -> None:
    persian = "می\u200cخواهم"  # the non-joiner is part of the word's spelling
    family = "👩\u200d👩\u200d👧"  # joined into one emoji
    project = make_project({"t.txt": (
        "Trojan \u202eHeadline\u202c Here\n\n"
        "Japan and Vietnam\u200b signed an accord in Hanoi.\u2066 The text\u2069 goes on "
        f"with {persian} and {family} intact.\n\n"
        "Nhật Bản và Việt Nam\u00ad ký kết.\ufeff 日本と\u2067ベトナム。\n")})
    (article,), warnings = load_corpus(project / "seeds", project)
    text = " ".join(p.text for p in article.paragraphs) + article.title
    for ch in "\u202e\u202c\u200b\u2066\u2069\u2067\u00ad\ufeff":
        assert ch not in text
    assert persian in text and family in text
    assert article.title == "Trojan Headline Here"
    invisible = [r for r in article.removed if r.reason == "invisible format characters removed"]
    assert [r.line for r in invisible] == [1, 3, 5]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in invisible[0].text
    assert "U+2066 LEFT-TO-RIGHT ISOLATE" in invisible[1].text
    assert "U+FEFF ZERO WIDTH NO-BREAK SPACE" in invisible[2].text
    notices = [w for w in warnings if "invisible format" in w]
    assert notices == [notices[0]] and notices[0].startswith("seeds/t.txt:1: 8 invisible")


def test_invisible_format_characters_leave_sidecar_fields(make_project) -> None:
    project = make_project({"s.txt": ARTICLE, "s.yaml": "publication: \"Asia\u202eTimes\"\n"
                                                        "authors: [\"Lê\u200b Văn\", Sato]\n"})
    (article,), _ = load_corpus(project / "seeds", project)
    assert article.publication == "AsiaTimes"
    assert article.authors == ("Lê Văn", "Sato")


@pytest.mark.parametrize(("date", "expected"), [
    ('"2015-13-45"', "'2015-13-45' is not a date of the calendar (month must be in 1..12)"),
    ('"2016-02-30/2017"', "'2016-02-30/2017' is not a date of the calendar"),
    ('"2015-9"', "'2015-9' is not ISO 8601"),
])
def test_an_impossible_event_date_is_a_message(date, expected, make_project, capsys) -> None:
    events = ("events:\n  - id: accord\n    label: The accord\n"
              f"    date: {date}\n    match: {{phrases: [maritime agreement]}}\n")
    err = build_error(make_project({"a.txt": ARTICLE, "events.yml": events}), capsys)
    assert "events.yml:4: bad event gazetteer: events[0].date: " + expected in err


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "'0500-03'"])
def test_a_date_at_the_ends_of_the_calendar_is_refused(date, make_project, capsys) -> None:
    # Relative dates ("a century later", "yesterday") reckoned from it used to overflow.
    text = ("Relative Dates Here\n\nYesterday they talked; tomorrow they meet. Next year they "
            "sign, and a century later they build. A decade ago they met.\n")
    project = make_project({"a.txt": text, "a.yaml": f"date: {date}\n"})
    assert main(["build", str(project), "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "a.yaml:1: 'date' is not a date of the calendar between 1000 and 2999" in err
    assert "Traceback" not in err
