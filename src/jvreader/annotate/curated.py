"""Read the editorial event gazetteer (``seeds/events.yml``) into ``CuratedEvents``.

Before (YAML)::

    events:
      - id: defense-mou-2011
        label: Memorandum of Understanding on defense cooperation
        date: "2011-10"
        match: {signals: [object:memorandum]}
    threads:
      - {id: defense, label: Defence ties, events: [defense-mou-2011]}
    comparisons:
      - {id: trade, measure: Japan–Vietnam trade, unit: USD, terms: [[trade, exports]]}

After: ``CuratedEvents(events=(CuratedEvent(id="defense-mou-2011", …),), threads=…, …)``.
An entry edits the automatic events it identifies, by ``signals`` (those of
``Event.evidence``, at a compatible date) or by the sentences its phrase rules match; an
entry with ``split:`` shares their sentences among its parts (``CuratedEvent.parts``).
A malformed file is a ``SourceError`` naming it and the line of the entry (an unknown key,
a part with no rule, an id used twice); a thread naming an unknown event is a warning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from jvreader.annotate.dates import span
from jvreader.annotate.events import SIGNAL_KINDS, has_rule
from jvreader.errors import SourceError
from jvreader.model import (
    CuratedComparison,
    CuratedEvent,
    CuratedEvents,
    CuratedThread,
    EventRule,
)
from jvreader.yaml_safe import compose_yaml, unknown_key, yaml_error_line, yaml_problem


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise ValueError(f"{where}: expected a list of words")
    return tuple(str(v) for v in value)


def _groups(value: Any, where: str) -> tuple[tuple[str, ...], ...]:
    """``[[a, b], c]`` → ``(("a", "b"), ("c",))``: each group needs one of its words."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list of word groups")
    return tuple(_strings(group, where) for group in value)


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    text = value.isoformat()[:10] if isinstance(value, dt.date) else str(value)
    try:  # read here as the annotation will read it: "2015-13-45" fails now, not later
        readable = text[:4].isdigit() and span(text) is not None
    except ValueError as exc:
        raise ValueError(f"{where}: {text!r} is not a date of the calendar ({exc})"
                         ) from None
    if not readable:
        raise ValueError(f"{where}: {text!r} is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD)")
    return text


_SIGNAL_KINDS = SIGNAL_KINDS


def _signals(value: Any, where: str) -> tuple[str, ...]:
    """``[object:memorandum, actor:japan]``: each a kind of ``Event.evidence`` and a value."""
    signals = _strings(value, where)
    for signal in signals:
        kind, _, name = signal.partition(":")
        if kind not in _SIGNAL_KINDS or not name.strip():
            raise ValueError(f"{where}: {signal!r} is not a signal (one of "
                             f"{', '.join(k + ':…' for k in _SIGNAL_KINDS)})")
    return signals


_EVENT_KEYS = ("id", "label", "date", "entities", "hide", "match", "split")
_SPLIT_KEYS = ("id", "date", "match", "split")  # the parts are the events: they are labelled
_PART_KEYS = ("id", "label", "date", "entities", "match")
_MATCH_KEYS = ("phrases", "terms", "entities", "figure", "exclude", "undated", "signals")
# A part only shares out the sentences its entry found: "undated" would link nothing more.
_PART_MATCH_KEYS = tuple(k for k in _MATCH_KEYS if k != "undated")


def _mapping(raw: Any, where: str, known: tuple[str, ...]) -> dict[str, Any]:
    """``raw`` as a mapping whose keys are all ``known``, or a ``ValueError`` naming the key."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping ({', '.join(known)})")
    for key in raw:
        if key not in known:
            raise ValueError(f"{where}.{key}: {unknown_key(key, known)}")
    return raw


def _rule(raw: Any, where: str, known: tuple[str, ...] = _MATCH_KEYS) -> EventRule:
    raw = _mapping(raw, where, known)
    figure = raw.get("figure")
    if figure is not None and not (isinstance(figure, dict) and "value" in figure
                                   and "unit" in figure):
        raise ValueError(f"{where}.figure: expected {{value: N, unit: WORD}}")
    return EventRule(
        phrases=_strings(raw.get("phrases"), f"{where}.phrases"),
        terms=_groups(raw.get("terms"), f"{where}.terms"),
        entities=_strings(raw.get("entities"), f"{where}.entities"),
        figure=(float(figure["value"]), str(figure["unit"])) if figure else None,
        exclude=_strings(raw.get("exclude"), f"{where}.exclude"),
        undated=bool(raw.get("undated", False)),
        signals=_signals(raw.get("signals"), f"{where}.signals"),
    )


def _entry_id(raw: dict[str, Any], where: str) -> str:
    value = raw.get("id")
    if value is None or isinstance(value, list | dict) or not str(value).strip():
        raise ValueError(f"{where}: no id (every event needs one)")
    return str(value)


def _event(raw: Any, where: str) -> CuratedEvent:
    raw = _mapping(raw, where, _EVENT_KEYS)
    event_id = _entry_id(raw, where)
    if "split" in raw:
        return _split(raw, where, event_id)
    return CuratedEvent(id=event_id, label=str(raw.get("label", event_id)),
                        date=_date(raw.get("date"), f"{where}.date"),
                        rule=_rule(raw.get("match") or {}, f"{where}.match"),
                        entities=_strings(raw.get("entities"), f"{where}.entities"),
                        hide=bool(raw.get("hide", False)))


def _split(raw: dict[str, Any], where: str, event_id: str) -> CuratedEvent:
    """An entry with ``split:``: the automatic events it identifies become its parts."""
    for key in raw:
        if key not in _SPLIT_KEYS:
            raise ValueError(f"{where}.{key}: a split entry ({event_id}) names no event "
                             f"itself, so it takes no {key!r}: give each part its own "
                             f"(a split entry has {', '.join(_SPLIT_KEYS)})")
    parts_raw = raw["split"]
    if not isinstance(parts_raw, list) or len(parts_raw) < 2:
        raise ValueError(f"{where}.split: expected a list of two parts or more, each "
                         "with its own id, label, date and match")
    parts = tuple(_part(p, f"{where}.split[{i}]") for i, p in enumerate(parts_raw))
    return CuratedEvent(id=event_id, label=event_id, date=_date(raw.get("date"), f"{where}.date"),
                        rule=_rule(raw.get("match") or {}, f"{where}.match"), parts=parts)


def _part(raw: Any, where: str) -> CuratedEvent:
    raw = _mapping(raw, where, _PART_KEYS)
    part_id = _entry_id(raw, where)
    rule = _rule(raw.get("match") or {}, f"{where}.match", _PART_MATCH_KEYS)
    date = _date(raw.get("date"), f"{where}.date")
    if date is None and not has_rule(rule):
        raise ValueError(f"{where}: part {part_id!r} has no rule: give it a match "
                         "(phrases, terms, entities, figure or signals) or a date, to say "
                         "which sentences are this part")
    return CuratedEvent(id=part_id, label=str(raw.get("label", part_id)), date=date,
                        rule=rule, entities=_strings(raw.get("entities"), f"{where}.entities"))


def _comparison(raw: dict[str, Any], where: str) -> CuratedComparison:
    definitions = raw.get("definitions") or {}
    if not isinstance(definitions, dict):
        raise ValueError(f"{where}.definitions: expected a mapping label → words")
    return CuratedComparison(
        id=str(raw["id"]), measure=str(raw.get("measure", raw["id"])), unit=str(raw["unit"]),
        terms=_groups(raw.get("terms"), f"{where}.terms"),
        event=str(raw["event"]) if raw.get("event") else None,
        definitions=tuple((str(k), _strings(v, f"{where}.definitions.{k}"))
                          for k, v in definitions.items()),
        exclude=_strings(raw.get("exclude"), f"{where}.exclude"))


def parse_curated(data: Any) -> tuple[CuratedEvents, tuple[str, ...]]:
    """Turn the parsed YAML into records; raise ``ValueError``/``KeyError`` on bad shapes."""
    if data is None:
        return CuratedEvents(), ()
    if not isinstance(data, dict):
        raise ValueError("expected a mapping with events:, threads:, comparisons:")
    events = tuple(_event(e, f"events[{i}]") for i, e in enumerate(data.get("events") or []))
    # a split entry is no event: its parts are
    known = {p.id for e in events for p in (e.parts or (e,))}
    split = {e.id: e for e in events if e.parts}
    warnings: list[str] = []
    threads = []
    for i, t in enumerate(data.get("threads") or []):
        members = _strings(t.get("events"), f"threads[{i}].events")
        for unknown in [m for m in members if m not in known]:
            parts = ", ".join(p.id for p in split[unknown].parts) if unknown in split else ""
            hint = f" (a split entry: name its parts, {parts})" if parts else ""
            warnings.append(f"thread {t['id']} names unknown event {unknown!r}{hint}")
        threads.append(CuratedThread(id=str(t["id"]), label=str(t.get("label", t["id"])),
                                     events=tuple(m for m in members if m in known)))
    comparisons = tuple(_comparison(c, f"comparisons[{i}]")
                        for i, c in enumerate(data.get("comparisons") or []))
    ids = [*((e.id, f"events[{i}]") for i, e in enumerate(events)),
           *((p.id, f"events[{i}].split[{j}]") for i, e in enumerate(events)
             for j, p in enumerate(e.parts)),
           *((t.id, f"threads[{i}]") for i, t in enumerate(threads)),
           *((c.id, f"comparisons[{i}]") for i, c in enumerate(comparisons))]
    first: dict[str, str] = {}
    for name, where in ids:
        if name in first:
            raise ValueError(f"{where}: id {name!r} used twice (first at {first[name]}); "
                             "events, their parts, threads and comparisons each need their own")
        first[name] = where
    return CuratedEvents(events, tuple(threads), comparisons), tuple(warnings)


def load_curated(path: Path) -> tuple[CuratedEvents, tuple[str, ...]]:
    """Read ``events.yml``; each warning names the file. A missing file means nothing curated."""
    if not path.is_file():
        return CuratedEvents(), ()
    node: yaml.Node | None = None
    try:
        data, node = compose_yaml(path.read_text(encoding="utf-8"))
        curated, warnings = parse_curated(data)
    except yaml.YAMLError as exc:
        raise SourceError(path, f"not valid YAML: {yaml_problem(exc)}",
                          yaml_error_line(exc)) from None
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"is not valid UTF-8 ({exc.reason})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SourceError(path, f"bad event gazetteer: {exc}",
                          _problem_line(str(exc), node)) from None
    return curated, tuple(f"{path.name}: {w}" for w in warnings)


def _problem_line(problem: str, root: yaml.Node | None) -> int | None:
    """The line of the entry a problem names (``events[3].split[1].match: …``): the
    innermost part of that address the file has, else ``None``."""
    lines = _node_lines(root)
    where = problem.split(":", 1)[0].strip()
    while where:
        if where in lines:
            return lines[where]
        cut = max(where.rfind("."), where.rfind("["))
        where = where[:cut] if cut > 0 else ""
    return None


def _node_lines(root: yaml.Node | None) -> dict[str, int]:
    """Each address in the file (``events[3]``, ``events[3].split[1].match``) → its 1-based
    line: a key's line for a mapping's value, an item's first line for a list's."""
    lines: dict[str, int] = {}
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while stack:  # iterative: the tree's depth is bounded (yaml_safe), but no recursion
        where, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    here = f"{where}.{key.value}" if where else str(key.value)
                    lines.setdefault(here, key.start_mark.line + 1)
                    stack.append((here, value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                here = f"{where}[{i}]"
                lines.setdefault(here, item.start_mark.line + 1)
                stack.append((here, item))
    return lines
