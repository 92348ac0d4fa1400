"""The Jinja environment that renders pages: template folders searched in order, escaping on.

    env = make_env([project / "templates", packaged_templates])
    env.get_template("index.html")   # the project's own index.html if it has one, else the default

Autoescaping is on for ``.html``/``.xml`` templates, so text from articles is always escaped;
an undefined variable is an error rather than an empty string.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, MutableMapping, Sequence
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from jvreader.cache import rules_version
from jvreader.inputs_guard import InputRoots, input_roots, refusal
from jvreader.render.labels import basis_label, date_label, number_label
from jvreader.render.markup import escape_str

_DICT_ATTRIBUTES = frozenset(dir(dict))


def _escaped_output(value: Any) -> str:
    """What ``{{ value }}`` writes when escaping is on: ``markupsafe.escape(value)``, as a
    plain ``str``. Compiled templates call ``escape`` for every value they output, and only
    ever join the results (a block or macro wraps the whole in ``Markup`` itself), so making a
    ``Markup`` of each was wasted: 440,000 at N = 1,000 for the entity pages alone."""
    kind = type(value)
    if kind is str:
        return escape_str(value)
    if kind is Markup:  # as it is: escape would copy it
        return value
    if kind is int:  # digits need no escaping
        return str(value)
    return escape(value)  # other numbers and objects, and undefined values (an error)


class _Template(jinja2.Template):
    """A template whose output escaping is ``_escaped_output``. Jinja's compiled module
    binds ``escape`` as a global of its functions; if a later Jinja stops doing so, this
    changes nothing and markupsafe's own escaping stays."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: CodeType,
                  globals: MutableMapping[str, Any],
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is escape:
            namespace["escape"] = _escaped_output
        return template


class _Environment(jinja2.Environment):
    """Views are plain dicts: ``p.kind`` looks up the key first, where Jinja would first try
    (and fail at) an attribute. Same result: a name ``dict`` has as an attribute (``items``)
    still means the attribute, and a missing key falls back to Jinja's own lookup."""

    template_class = _Template

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_env(template_dirs: Sequence[Path], cache_dir: Path | None = None,
             roots: InputRoots | None = None) -> jinja2.Environment:
    """An environment that finds each template in the first of ``template_dirs`` holding it.

    Made anew for each build (a template file may have been added since, in an earlier
    folder, hiding the one compiled before). With ``cache_dir``, compiled templates are kept
    there for the next build (``_bytecode_cache``): loading them is what a build pays. A
    template file ``inputs_guard`` refuses (outside ``roots``, by default its own folder;
    not a regular file) is never read: the next folder's template of that name is used
    instead."""
    env = _new_env(template_dirs, roots)
    if cache_dir is not None:
        env.bytecode_cache = _bytecode_cache(cache_dir)
    return env


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates in ``folder``: a rebuild in a new process compiled
    every template again (0.09 s of a 2 s rebuild at N = 1,000; 3 ms from the cache). Jinja
    checks each template's source and the Python version, not its own options nor our code:
    the files carry the code's version, and those of other versions are removed."""
    version = rules_version()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.cache"):
            if not old.name.startswith(version):
                old.unlink()
    except OSError:  # an unwritable cache folder: templates are compiled in each process
        return None
    return _BytecodeCache(str(folder), f"{version}-%s.cache")


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """A compiled template that cannot be stored (a full or read-only disk) is only
    compiled again next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def precompile(env: jinja2.Environment) -> None:
    """Compile every template now (before forking render workers, which then share them
    instead of each compiling its own); one that fails is left to fail where it is used,
    and a file that is no template at all (an image beside them) is never used."""
    for name in env.list_templates():
        with contextlib.suppress(jinja2.TemplateError, UnicodeDecodeError, OSError):
            env.get_template(name)


class _GuardedLoader(jinja2.FileSystemLoader):
    """One template folder, whose files are read only when ``inputs_guard`` allows them."""

    def __init__(self, folder: Path, roots: InputRoots) -> None:
        super().__init__(str(folder))
        self.roots = roots

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        path = os.path.join(self.searchpath[0], *split_template_path(template))
        if not os.path.lexists(path) or refusal(path, self.roots) is not None:
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def _new_env(template_dirs: Sequence[Path], roots: InputRoots | None = None
             ) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.ChoiceLoader([
            _GuardedLoader(d, roots if roots is not None else input_roots(d))
            for d in template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date_label=date_label, basis_label=basis_label, number=number_label)
    return env
