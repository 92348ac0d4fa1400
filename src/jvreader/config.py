"""The project a build works on: its folders and site settings, checked before anything runs.

A project folder holds ``seeds/`` and, optionally, ``templates/``, ``static/`` and
``jvreader.yml``. Settings come from the command line, then ``jvreader.yml``, then
``DEFAULTS`` (first found wins). Every problem is reported together, each naming its key:

    title: 3            →  jvreader.yml: 'title' must be a non-empty string
    base_url: ftp://x   →  jvreader.yml: 'base_url' must be an http(s) address like https://…
    titel: My reader    →  jvreader.yml: unknown key 'titel' (did you mean 'title'?)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from jvreader.errors import ConfigError
from jvreader.inputs_guard import InputRoots, folders_warnings, input_roots, present, refusal

CONFIG_FILE = "jvreader.yml"
DEFAULTS: dict[str, Any] = {
    "title": "Japan–Vietnam Reader",
    "description": "Articles on Japan–Vietnam relations, annotated and linked to their sources.",
    "language": "en",
    "base_url": None,
    "seeds": "seeds",
    "templates": "templates",
    "static": "static",
    "output": "build",
    "strict": False,
    "search": True,
    "cname": None,
}
"""Every setting ``jvreader.yml`` may hold, with its value when nobody gives one."""

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)


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
    cname: str | None = None
    """Custom domain written to ``CNAME`` by ``jvreader deploy``."""
    settings: tuple[tuple[str, Any], ...] = ()
    """The effective value of every setting, in ``DEFAULTS`` order (``--print-config``)."""
    input_warnings: tuple[str, ...] = ()
    """Inputs refused while reading the settings (``jvreader.yml`` a link out of the
    project, a FIFO…: ``inputs_guard``)."""

    def input_roots(self) -> InputRoots:
        """Where the files a build reads may lie: the project folder and the packaged
        defaults. Not a folder the settings name elsewhere, nor a link to one: a project
        from anyone must not publish what lies outside it (``static: ~/.ssh``)."""
        return input_roots(self.project_dir, packaged_dir("templates"), packaged_dir("static"))


def project_input_warnings(project: Project) -> tuple[str, ...]:
    """Every input of ``project`` outside its articles and editorial files that is refused:
    its settings file, and files of ``templates/`` and ``static/`` (``inputs_guard``), which
    are then neither used nor copied."""
    return (*project.input_warnings,
            *folders_warnings((*project.template_dirs, *project.static_dirs),
                              project.input_roots()))


def packaged_dir(name: str) -> Path:
    """The default ``templates``/``static`` folder: inside the wheel, or at the repository top."""
    inside = Path(str(resources.files("jvreader"))) / name
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parents[2] / name  # editable install / source tree
    if checkout.is_dir():
        return checkout
    raise ConfigError(f"jvreader is installed without its default {name}/ folder; reinstall it")


def load_project(project_dir: Path, out_dir: Path | None = None, **overrides: Any) -> Project:
    """Resolve the folders and settings; ``ConfigError`` lists every problem.

    ``overrides`` are command-line values by setting name (``strict=True``); ``None`` means
    "not given". ``out_dir`` is the ``-o`` option, relative to the current folder.
    """
    project_dir = Path(project_dir).expanduser()
    if not project_dir.is_dir():
        raise ConfigError(f"{project_dir}: no such project folder")
    unknown = [k for k in overrides if k not in DEFAULTS]
    if unknown:
        raise TypeError(f"load_project got unknown settings: {', '.join(unknown)}")
    config_path = project_dir / CONFIG_FILE
    refused = refusal(config_path, input_roots(project_dir)) if present(config_path) else None
    from_file = read_config(config_path) if refused is None else {}
    given = {k: _normalise(k, v) for k, v in overrides.items() if v is not None}
    problems = [f"command line: {p}" for p in validate(given)]
    if problems:
        raise ConfigError("\n".join(problems))
    settings = {**DEFAULTS, **from_file, **given}
    out = out_dir.expanduser() if out_dir else project_dir / settings["output"]
    if out_dir:
        settings["output"] = str(out_dir)
    seeds_dir = project_dir / settings["seeds"]
    check_output_dir(project_dir, out, seeds_dir)
    own_templates = project_dir / settings["templates"]
    own_static = project_dir / settings["static"]
    defaults_t, defaults_s = packaged_dir("templates"), packaged_dir("static")
    template_dirs = _unique([own_templates, defaults_t] if own_templates.is_dir() else [defaults_t])
    static_dirs = _unique([defaults_s, own_static] if own_static.is_dir() else [defaults_s])
    return Project(
        project_dir=project_dir, seeds_dir=seeds_dir, out_dir=out,
        template_dirs=template_dirs, static_dirs=static_dirs,
        title=settings["title"], description=settings["description"],
        language=settings["language"], base_url=settings["base_url"],
        strict=settings["strict"], search=settings["search"], cname=settings["cname"],
        settings=tuple((k, settings[k]) for k in DEFAULTS),
        input_warnings=(f"{refused} (its settings are not used)",) if refused else (),
    )


def config_yaml(project: Project) -> str:
    """The effective settings as ``jvreader.yml`` would spell them (``build --print-config``)."""
    return yaml.safe_dump(dict(project.settings), sort_keys=False, allow_unicode=True)


def check_output_dir(project_dir: Path, out: Path, seeds_dir: Path | None = None) -> None:
    """Refuse an output folder whose replacement would destroy something that is not a build."""
    target = out.resolve()
    project = project_dir.resolve()
    home = Path.home().resolve()
    if target == project or target in project.parents:
        raise ConfigError(f"{out}: the output folder cannot be the project folder or one of its "
                          "parents (the build replaces the whole output folder)")
    if target == home or target == Path(target.anchor):
        raise ConfigError(f"{out}: refusing to use the home or root folder as the output folder")
    seeds = (seeds_dir or project / "seeds").resolve()
    if target == seeds or target in seeds.parents:
        raise ConfigError(f"{out}: the output folder cannot be the seeds folder")
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder")


def read_config(path: Path) -> dict[str, Any]:
    """The settings ``path`` gives (none if it does not exist), checked all at once."""
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
    problems = [f"{path.name}: {p}" for p in validate(data)]
    if problems:
        raise ConfigError("\n".join(problems))
    return {k: _normalise(k, v) for k, v in data.items()}


def validate(settings: dict[Any, Any]) -> list[str]:
    """One message per bad setting, each naming its key; empty when all are fine."""
    problems = []
    for key, value in settings.items():
        if key not in DEFAULTS:
            close = difflib.get_close_matches(str(key), DEFAULTS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"unknown key {key!r}{hint}; known keys: {', '.join(DEFAULTS)}")
            continue
        message = _CHECKS[key](value)
        if message:
            problems.append(f"{key!r} {message}")
    return problems


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _language(value: Any) -> str | None:
    if not isinstance(value, str) or not _LANGUAGE.match(value.strip()):
        return "must be a language tag like en, vi or ja-JP"
    return None


def _base_url(value: Any) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value.strip()) if isinstance(value, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname \
            or parts.query or parts.fragment:
        return "must be an http(s) address like https://example.org/reader/"
    return None


def _folder(value: Any) -> str | None:
    if not isinstance(value, str | Path) or not str(value).strip():
        return "must be a folder path (relative to the project folder)"
    return None


def _cname(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _HOSTNAME.match(value.strip()):
        return "must be a bare domain name like reader.example.org (no https://, no path)"
    return None


_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "title": _text, "description": _text, "language": _language, "base_url": _base_url,
    "seeds": _folder, "templates": _folder, "static": _folder, "output": _folder,
    "strict": _boolean, "search": _boolean, "cname": _cname,
}


def _normalise(key: str, value: Any) -> Any:
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, str):
        value = value.strip()
        if key == "base_url" and not value.endswith("/"):
            value += "/"  # a base address is a folder: "…/reader" + "feed.xml" must not lose it
    return value


def _unique(paths: list[Path]) -> tuple[Path, ...]:
    seen: list[Path] = []
    for p in paths:
        if all(p.resolve() != q.resolve() for q in seen):
            seen.append(p)
    return tuple(seen)
