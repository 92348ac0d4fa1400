"""The wheel carries the default templates and static files, so an installed jvreader builds
a site from any folder, not only from this checkout."""

from __future__ import annotations

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
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True)
    where = subprocess.run([str(python), "-c", "import jvreader; print(jvreader.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert str(env_dir) in where  # the installed copy, not this checkout
    project = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, project / "seeds")
    done = subprocess.run([str(env_dir / "bin" / "jvreader"), "build"], cwd=project,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (project / "build" / "index.html").is_file()
    assert (project / "build" / "static" / "style.css").is_file()
