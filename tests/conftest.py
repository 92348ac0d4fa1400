"""Shared fixtures: the real seeds, the gold file, and small throw-away projects."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from jvreader.model import Annotated

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLD = REPO.parent / "shared" / "gold" / "seeds.yaml"


def pytest_configure(config: pytest.Config) -> None:
    # Locally the gold checks skip when ../shared is absent; in CI they must run, not skip.
    if os.environ.get("CI") == "true" and not GOLD.is_file():
        raise pytest.UsageError(f"CI=true but the gold file {GOLD} is missing")


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.is_file():
        pytest.skip(f"gold file not found at {GOLD} (it lives in ../shared beside the repository)")
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the repository's seeds as a project folder of its own."""
    project = tmp_path / "project"
    shutil.copytree(SEEDS, project / "seeds")
    return project


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write a project whose ``seeds/`` holds the given files (name → text or bytes)."""

    def make(files: dict[str, str | bytes]) -> Path:
        project = tmp_path / "proj"
        seeds = project / "seeds"
        seeds.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = project / name if "/" in name else seeds / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return project

    return make


@pytest.fixture(scope="session")
def seeds_annotated() -> Annotated:
    """The repository's seeds loaded, extracted and annotated (records are immutable:
    shared by every test module that only reads them)."""
    from jvreader.config import load_project
    from jvreader.pipeline import annotated_project

    return annotated_project(load_project(REPO))  # the build's own stages, no cache



@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for every browser test of the session (test_browser.py)."""
    from test_browser import CHROMIUM, LAUNCH_ARGS, unavailable

    if not Path(CHROMIUM).is_file():
        unavailable(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory) -> Iterator[str]:
    """The seeds' site served under /reader/ for the session (site_under_test)."""
    from site_under_test import served_site, stop_server

    yield served_site(tmp_path_factory)
    stop_server()
