"""Read the YAML of any input file (front matter, sidecars, notes, gazetteer, events,
settings) so that no text, however hostile, gives a traceback or a hang.

Before: ``date: 2015-13-45`` (``ValueError: month must be in 1..12`` from PyYAML), 2,000
nested ``[`` (``RecursionError``), nine levels of aliases each used ten times ("billion
laughs": a billion values once expanded).
After: a ``yaml.MarkedYAMLError`` with the line (``compose_yaml``), which ``load_yaml``
turns into ``SourceError("seeds/x.md:3: malformed YAML: …")``. The package's own rule files
are read through the same parser (``package_data``).

The composed node tree is checked before any value is made: it may nest at most
``MAX_DEPTH`` levels and hold at most ``MAX_NODES`` values once every alias is expanded,
and an alias may not contain itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from jvreader.errors import SourceError

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings any input may use (the gazetteer needs four)."""
MAX_NODES = 1_000_000
"""Most values a YAML text may stand for, each alias counted at every use."""
MAX_CHARACTERS = 5_000_000
"""Longest YAML text read (a gazetteer of ten thousand entities is a fifth of it)."""


class _GuardedConstructor(SafeConstructor):
    """``SafeConstructor`` whose value errors (an impossible date, an integer of 5,000
    digits) are YAML errors marked with the value's line, as a syntax error is."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError, AttributeError, KeyError, IndexError
                ) as exc:  # what a constructor raises on a value of the wrong form
            shown = repr(node.value[:60] if isinstance(node.value, str) else node.tag)
            what = ("is not a date of the calendar" if node.tag.endswith(":timestamp")
                    else f"cannot be read as {node.tag.rsplit(':', 1)[-1]}")
            why = f": {exc}" if isinstance(exc, ValueError | OverflowError) else ""
            raise ConstructorError(None, None, f"{shown} {what}{why}",
                                   node.start_mark) from None


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                yaml.composer.Composer, _GuardedConstructor, yaml.resolver.Resolver):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _GuardedConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_LOADERS: tuple[type, ...] = (_PyLoader,)
if getattr(yaml, "__with_libyaml__", False):  # libyaml: many times faster
    class _CLoader(yaml.cyaml.CParser, _GuardedConstructor, yaml.resolver.Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            _GuardedConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _LOADERS = (_CLoader, _PyLoader)


def compose_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """``(yaml.safe_load(text), yaml.compose(text))`` from one parse, checked (module doc);
    ``yaml.YAMLError`` (most with a mark) on anything wrong. libyaml parses when it is
    installed; text it rejects is parsed again in pure Python, so errors read the same
    whichever parser is present."""
    if len(text) > MAX_CHARACTERS:
        raise yaml.MarkedYAMLError(problem=f"too long ({len(text):,} characters; a YAML "
                                           f"file may hold {MAX_CHARACTERS:,})")
    for loader_class in _LOADERS:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            check_tree(node)
            return loader.construct_document(node), node
        except yaml.YAMLError:
            if loader_class is _PyLoader:
                raise
        except RecursionError:  # the pure-Python composer recurses once per level
            start = yaml.Mark("<unicode string>", 0, 0, 0, None, None)  # where it begins
            raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_DEPTH} levels deep",
                                       problem_mark=start) from None
        finally:
            loader.dispose()
    raise AssertionError("unreachable: the pure-Python parser returns or raises")


@cache  # rules: each data file is read once per process
def package_data(name: str) -> dict[str, Any]:
    """A YAML mapping from the package's ``data`` folder (``extract_dates.yml`` …), read once
    per process and with libyaml when installed (``compose_yaml``): every build reads the
    rules, all of them in 11 ms with libyaml, 0.1 s with PyYAML's pure-Python parser."""
    text = (resources.files("jvreader") / "data" / name).read_text(encoding="utf-8")
    data = compose_yaml(text)[0]
    if not isinstance(data, dict):
        raise ValueError(f"{name} must be a mapping")
    return data


def check_tree(root: yaml.Node) -> None:
    """Refuse a node tree deeper than ``MAX_DEPTH``, larger than ``MAX_NODES`` once its
    aliases are expanded, or holding an alias to a node that contains it."""
    # Bottom-up over the distinct nodes (aliases share them), with explicit stacks: the
    # tree may be far deeper than Python's recursion limit.
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        kids = _children(node)
        if children_done:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            if height[key] > MAX_DEPTH:
                raise _marked(node, f"nested more than {MAX_DEPTH} levels deep")
            if size[key] > MAX_NODES:
                raise _marked(node, f"stands for more than {MAX_NODES:,} values once its "
                                    "aliases (*name) are expanded")
            continue
        if key in size:
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for kid in kids:
            if id(kid) in open_nodes:
                raise _marked(kid, "an alias (*name) that contains itself")
            if id(kid) not in size:
                stack.append((kid, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _marked(node: yaml.Node, problem: str) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark)


def yaml_error_line(exc: yaml.YAMLError, line_offset: int = 0) -> int | None:
    """The 1-based line a YAML error points at: the construct left open (an unclosed "["),
    where the mistake usually is, else where the parser gave up."""
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    return mark.line + 1 + line_offset if mark is not None else None


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong, in the parser's words, without its multi-line position report."""
    return getattr(exc, "problem", None) or str(exc).splitlines()[0]


def load_yaml(path: Path | str, text: str, line_offset: int = 0) -> tuple[Any, yaml.Node | None]:
    """``compose_yaml(text)``, or ``SourceError("path:line: malformed YAML: …")``;
    ``line_offset`` is the line of ``path`` just before ``text`` starts (front matter)."""
    try:
        return compose_yaml(text)
    except yaml.YAMLError as exc:
        raise SourceError(path, f"malformed YAML: {yaml_problem(exc)}",
                          line=yaml_error_line(exc, line_offset)) from None


def key_lines(root: yaml.Node | None, line_offset: int = 0) -> dict[Any, int]:
    """For a mapping node: each scalar key's value and its 1-based line."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 + line_offset
            for k, _ in root.value if isinstance(k, yaml.ScalarNode)}


def unknown_key(key: Any, known: Iterable[str]) -> str:
    """``unknown key 'titel' (did you mean 'title'?)``: the message for a key no one reads."""
    close = difflib.get_close_matches(str(key), list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {key!r}{hint}"
