"""Settings: jvreader.yml validated as a whole, command line over file over defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jvreader.cli import main
from jvreader.config import DEFAULTS, config_yaml, load_project
from jvreader.errors import ConfigError

ARTICLE = "A Plain Headline\n\nBy Jane Roe\n\nJapan and Vietnam signed an agreement in 2011.\n"


def write_config(project: Path, text: str) -> None:
    (project / "jvreader.yml").write_text(text, encoding="utf-8")


def test_without_a_config_file_the_defaults_apply(make_project) -> None:
    project = load_project(make_project({"a.txt": ARTICLE}))
    settings = dict(project.settings)
    assert settings == DEFAULTS
    assert project.out_dir == project.project_dir / "build"
    assert project.seeds_dir == project.project_dir / "seeds"
    assert (project.strict, project.search, project.base_url, project.cname) == (
        False, True, None, None)


def test_every_setting_of_the_file_is_used(make_project, tmp_path: Path) -> None:
    root = make_project({"texts/a.txt": ARTICLE})
    (root / "look").mkdir()
    (root / "look" / "base.html").write_text("{{ 1 }}", encoding="utf-8")
    write_config(root, "title: Harbour Reader\ndescription: Ports and people.\nlanguage: vi\n"
                       "base_url: https://example.org/reader\nseeds: texts\ntemplates: look\n"
                       "static: assets\noutput: public\nstrict: true\nsearch: false\n"
                       "cname: reader.example.org\n")
    project = load_project(root)
    assert project.title == "Harbour Reader" and project.description == "Ports and people."
    assert project.language == "vi"
    assert project.base_url == "https://example.org/reader/"  # a folder: the slash is added
    assert project.seeds_dir == root / "texts"
    assert project.template_dirs[0] == root / "look"
    assert project.out_dir == root / "public"
    assert project.strict is True and project.search is False
    assert project.cname == "reader.example.org"


def test_every_problem_is_reported_together_naming_its_key(make_project) -> None:
    root = make_project({"a.txt": ARTICLE})
    write_config(root, "titel: Typo\ntitle: 3\nbase_url: ftp://example.org\nstrict: 'yes'\n"
                       "language: English please\ncname: https://reader.example.org/\n"
                       "output: ''\n")
    with pytest.raises(ConfigError) as error:
        load_project(root)
    lines = str(error.value).splitlines()
    assert len(lines) == 7, lines
    message = str(error.value)
    assert "unknown key 'titel' (did you mean 'title'?)" in message
    for key in ("'title'", "'base_url'", "'strict'", "'language'", "'cname'", "'output'"):
        assert any(key in line for line in lines), key
    assert all(line.startswith("jvreader.yml: ") for line in lines)


@pytest.mark.parametrize("text", ["- a\n- list\n", "title: [unclosed\n"])
def test_a_config_that_is_not_a_mapping_is_an_error(text, make_project) -> None:
    root = make_project({"a.txt": ARTICLE})
    write_config(root, text)
    with pytest.raises(ConfigError, match=r"jvreader\.yml"):
        load_project(root)


def test_command_line_beats_file_beats_defaults(make_project) -> None:
    root = make_project({"a.txt": ARTICLE})
    write_config(root, "strict: true\ntitle: From the file\n")
    project = load_project(root, strict=False, search=None)
    assert project.strict is False  # given on the command line
    assert project.title == "From the file"  # only in the file
    assert project.search is True  # nowhere: the default
    assert load_project(root, root / "elsewhere").out_dir == root / "elsewhere"


def test_bad_command_line_values_are_reported(make_project) -> None:
    with pytest.raises(ConfigError, match="command line: 'strict' must be true or false"):
        load_project(make_project({"a.txt": ARTICLE}), strict="maybe")


def test_output_folder_from_the_file_is_still_guarded(make_project) -> None:
    root = make_project({"a.txt": ARTICLE})
    write_config(root, "output: seeds\n")
    with pytest.raises(ConfigError, match="output folder cannot be the seeds folder"):
        load_project(root)


def test_print_config_shows_effective_values_and_builds_nothing(make_project, capsys) -> None:
    root = make_project({"a.txt": ARTICLE})
    write_config(root, "title: Harbour Reader\nstrict: true\n")
    assert main(["build", str(root), "--print-config", "--no-strict", "--no-search"]) == 0
    shown = yaml.safe_load(capsys.readouterr().out)
    assert list(shown) == list(DEFAULTS)
    assert shown["title"] == "Harbour Reader"
    assert shown["strict"] is False and shown["search"] is False
    assert not (root / "build").exists()
    assert yaml.safe_load(config_yaml(load_project(root)))["strict"] is True


def test_config_errors_fail_the_command_with_all_problems(make_project, capsys) -> None:
    root = make_project({"a.txt": ARTICLE})
    write_config(root, "serach: false\nbase_url: not a url\n")
    assert main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "did you mean 'search'?" in err and "'base_url' must be an http(s) address" in err
    assert "Traceback" not in err
    assert not (root / "build").exists()
