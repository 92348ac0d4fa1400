"""The project a build works on: its folders and site settings, checked before anything runs.

A project folder holds ``seeds/`` and, optionally, ``templates/``, ``static/`` and
``jvreader.yml`` (site title, description, language). Every problem in ``jvreader.yml`` is
reported together, each naming its key.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jvreader.errors import ConfigError

CONFIG_FILE = "jvreader.yml"
DEFAULTS: dict[str, Any] = {
    "title": "Japan–Vietnam Reader",
    "description": "Articles on Japan–Vietnam relations, annotated and linked to their sources.",
    "language": "en",
}


@dataclass(frozen=True, slots=True)
class Project:
    """Where a build reads from and writes to, and what the site is called."""

    project_dir: Path
    seeds_dir: Path
    out_dir: Path
    template_dirs: tuple[Path, ...]
    """The project's own templates first, then the packaged defaults: first match wins."""
    static_dirs: tuple[Path, ...]
    """Packaged defaults first, then the project's own: later files replace earlier ones."""
    title: str
    description: str
    language: str
    base_url: str | None = None
    """Where the site is published (absolute links in feeds, sitemap, citation tags)."""
    strict: bool = False
    """Fail the build on any warning."""
    search: bool = True
    """Index the built site with Pagefind."""


def packaged_dir(name: str) -> Path:
    """The default ``templates``/``static`` folder: inside the wheel, or at the repository top."""
    inside = Path(str(resources.files("jvreader"))) / name
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parents[2] / name  # editable install / source tree
    if checkout.is_dir():
        return checkout
    raise ConfigError(f"jvreader is installed without its default {name}/ folder; reinstall it")


def load_project(project_dir: Path, out_dir: Path | None = None) -> Project:
    """Resolve the folders and read ``jvreader.yml``; ``ConfigError`` lists every problem."""
    project_dir = project_dir.expanduser()
    if not project_dir.is_dir():
        raise ConfigError(f"{project_dir}: no such project folder")
    settings = dict(DEFAULTS)
    settings.update(_read_config(project_dir / CONFIG_FILE))
    out = (out_dir.expanduser() if out_dir else project_dir / "build")
    check_output_dir(project_dir, out)
    own_templates = project_dir / "templates"
    own_static = project_dir / "static"
    defaults_t, defaults_s = packaged_dir("templates"), packaged_dir("static")
    template_dirs = _unique([own_templates, defaults_t] if own_templates.is_dir() else [defaults_t])
    static_dirs = _unique([defaults_s, own_static] if own_static.is_dir() else [defaults_s])
    return Project(
        project_dir=project_dir, seeds_dir=project_dir / "seeds", out_dir=out,
        template_dirs=template_dirs, static_dirs=static_dirs,
        title=settings["title"], description=settings["description"],
        language=settings["language"],
    )


def check_output_dir(project_dir: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy something that is not a build."""
    target = out.resolve()
    project = project_dir.resolve()
    home = Path.home().resolve()
    if target == project or target in project.parents:
        raise ConfigError(f"{out}: the output folder cannot be the project folder or one of its "
                          "parents (the build replaces the whole output folder)")
    if target == home or target == Path(target.anchor):
        raise ConfigError(f"{out}: refusing to use the home or root folder as the output folder")
    if target == (project / "seeds").resolve() or target in (project / "seeds").resolve().parents:
        raise ConfigError(f"{out}: the output folder cannot be the seeds folder")
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder")


def _read_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as UTF-8 YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping of settings (title: …)")
    problems = []
    for key, value in data.items():
        if key not in DEFAULTS:
            close = difflib.get_close_matches(str(key), DEFAULTS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{path.name}: unknown key {key!r}{hint}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path.name}: {key!r} must be a non-empty string")
    if problems:
        raise ConfigError("\n".join(problems))
    return {k: v.strip() for k, v in data.items()}


def _unique(paths: list[Path]) -> tuple[Path, ...]:
    seen: list[Path] = []
    for p in paths:
        if all(p.resolve() != q.resolve() for q in seen):
            seen.append(p)
    return tuple(seen)
