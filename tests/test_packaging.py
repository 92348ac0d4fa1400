"""The wheel carries the default templates and static files, so an installed jvreader builds
a site from any folder, not only from this checkout, in an environment holding only it and its
declared dependencies; and CI runs the README's test command as written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SEEDS


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="the test extra installs hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(out), str(REPO)], check=True)
    (found,) = out.glob("jvreader-*.whl")
    return found


def test_wheel_contains_templates_static_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {n for n in names if n.startswith("jvreader/templates/")}
    static = {n for n in names if n.startswith("jvreader/static/")}
    expected = {f"jvreader/templates/{p.name}" for p in (REPO / "templates").glob("*.html")}
    assert expected <= templates
    assert "jvreader/static/style.css" in static
    assert "jvreader/data/corpus.schema.json" in names


def test_installed_wheel_builds_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    # A virtual environment of its own, without the system's packages: the wheel's declared
    # dependencies must be enough (installed from the same package indexes ``pip install .``
    # uses). ``system_site_packages=True`` inherited the *base* interpreter's packages, which
    # hid a missing dependency wherever the base had it and failed wherever it had not.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=False, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    where = subprocess.run(
        [str(python), "-c", "import jvreader, markdown_it, jinja2, yaml, pygments; "
                            "print(jvreader.__file__, markdown_it.__file__, jinja2.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path).stdout.split()
    # the installed copy, not this checkout; its dependencies in the environment too
    assert all(path.startswith(str(env_dir)) for path in where), where
    project = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, project / "seeds")
    done = subprocess.run([str(env_dir / "bin" / "jvreader"), "build"], cwd=project,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (project / "build" / "index.html").is_file()
    assert (project / "build" / "static" / "style.css").is_file()


def readme_commands() -> dict[str, str]:
    """The quick start's one-line commands, by the bold heading above each."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"\*\*(.+?)\*\*.*?```sh\n(.+?)\n```", quick, flags=re.S)
    return {heading: block for heading, block in found}


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = readme_commands()
    assert set(commands) == {"Install and build the site", "Install and run the tests:"}
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_command = commands["Install and run the tests:"]
    assert "\n" not in test_command and ci.count(test_command) == 1
    # both make and enter a virtual environment first, and use python3 throughout
    for command in commands.values():
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
        assert re.search(r"(?<![\w.])python(?!3)", command) is None
