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
``Event.evidence``, at a compatible date) or by the sentences its phrase rules match.
A malformed file is a ``SourceError`` naming it; a thread naming an unknown event is a warning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from jvreader.annotate.dates import span
from jvreader.errors import SourceError
from jvreader.model import (
    CuratedComparison,
    CuratedEvent,
    CuratedEvents,
    CuratedThread,
    EventRule,
)
from jvreader.yaml_safe import compose_yaml, yaml_error_line, yaml_problem


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
        raise ValueError(f"{where}: date {text!r} is not a date of the calendar ({exc})"
                         ) from None
    if not readable:
        raise ValueError(f"{where}: date {text!r} is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD)")
    return text


_SIGNAL_KINDS = ("action", "object", "actor", "named", "mark")


def _signals(value: Any, where: str) -> tuple[str, ...]:
    """``[object:memorandum, actor:japan]``: each a kind of ``Event.evidence`` and a value."""
    signals = _strings(value, where)
    for signal in signals:
        kind, _, name = signal.partition(":")
        if kind not in _SIGNAL_KINDS or not name.strip():
            raise ValueError(f"{where}: {signal!r} is not a signal (one of "
                             f"{', '.join(k + ':…' for k in _SIGNAL_KINDS)})")
    return signals


def _rule(raw: dict[str, Any], where: str) -> EventRule:
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


def _event(raw: dict[str, Any], where: str) -> CuratedEvent:
    return CuratedEvent(id=str(raw["id"]), label=str(raw.get("label", raw["id"])),
                        date=_date(raw.get("date"), where),
                        rule=_rule(raw.get("match") or {}, f"{where}.match"),
                        entities=_strings(raw.get("entities"), f"{where}.entities"),
                        hide=bool(raw.get("hide", False)))


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
    known = {e.id for e in events}
    warnings: list[str] = []
    threads = []
    for i, t in enumerate(data.get("threads") or []):
        members = _strings(t.get("events"), f"threads[{i}].events")
        for unknown in [m for m in members if m not in known]:
            warnings.append(f"thread {t['id']} names unknown event {unknown!r}")
        threads.append(CuratedThread(id=str(t["id"]), label=str(t.get("label", t["id"])),
                                     events=tuple(m for m in members if m in known)))
    comparisons = tuple(_comparison(c, f"comparisons[{i}]")
                        for i, c in enumerate(data.get("comparisons") or []))
    ids = [e.id for e in events] + [t.id for t in threads] + [c.id for c in comparisons]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"ids used twice: {', '.join(duplicates)}")
    return CuratedEvents(events, tuple(threads), comparisons), tuple(warnings)


def load_curated(path: Path) -> tuple[CuratedEvents, tuple[str, ...]]:
    """Read ``events.yml``; each warning names the file. A missing file means nothing curated."""
    if not path.is_file():
        return CuratedEvents(), ()
    try:
        curated, warnings = parse_curated(compose_yaml(path.read_text(encoding="utf-8"))[0])
    except yaml.YAMLError as exc:
        raise SourceError(path, f"not valid YAML: {yaml_problem(exc)}",
                          yaml_error_line(exc)) from None
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"is not valid UTF-8 ({exc.reason})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SourceError(path, f"bad event gazetteer: {exc}") from None
    return curated, tuple(f"{path.name}: {w}" for w in warnings)
