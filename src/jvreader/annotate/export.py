"""The annotations' part of ``corpus.json``: top-level ``events``, ``threads``, ``comparisons``.

Before: ``Annotated(events=(Event("defense-mou-2011", date="2011-10", …),), …)``.
After::

    {"events": [{"id": "defense-mou-2011", "label": "…", "date": "2011-10",
                 "date_conflict": false, "curated": true,
                 "mentions": [{"article": "001_…", "paragraph": "p9", "sentence": "p9s2",
                               "claim": "c14", "date": "2011-10", "evidence": [...]}],
                 "threads": ["defence-ties"], "dates": ["2011-10", "2011"], …}],
     "threads": [{"id": "defence-ties", "label": "…", "events": ["defense-mou-2011", …]}],
     "comparisons": [{"id": "oda-cumulative", "measure": "…", "verdict": "agree", "note": "…",
                      "figures": [{"article": "001_…", "figure": "f7", …}]}]}

The fields the issue names come first; the rest (``dates``, ``evidence``, ``placed_by`` …)
are additions. Order is the annotation order (events by date), so output is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jvreader.model import Annotated, Comparison, Event, Note


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def event_dict(e: Event) -> dict[str, Any]:
    return {
        "id": e.id, "label": e.label, "date": e.date, "date_conflict": e.date_conflict,
        "curated": e.curated,
        "mentions": [{"article": m.article, "paragraph": m.paragraph, "sentence": m.sentence,
                      "claim": m.claim, "date": m.date, "evidence": list(m.evidence)}
                     for m in e.mentions],
        "threads": list(e.threads),
        "dates": list(e.dates),
        "placed_by": e.placed_by,
        "sort_date": e.sort_date,
        "score": e.score,
        "evidence": list(e.evidence),
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    return {
        "id": c.id, "measure": c.measure,
        "figures": [{"article": f.article, "figure": f.figure, "text": f.text,
                     "value": _number(f.value), "unit": f.unit, "period": f.period,
                     "definition": f.definition} for f in c.figures],
        "verdict": c.verdict, "note": c.note, "curated": c.curated,
    }


def note_dict(n: Note) -> dict[str, Any]:
    return {"id": n.id, "source_file": n.source_file, "article": n.article,
            "selector": {"exact": n.exact, "prefix": n.prefix, "suffix": n.suffix},
            "paragraph": n.paragraph, "start": n.start, "end": n.end, "html": n.html}


def annotations_dict(annotated: Annotated,
                     listed: Callable[[Iterator[dict[str, Any]]], Any] = list) -> dict[str, Any]:
    """``events``, ``threads`` and ``comparisons`` (plus ``notes``) as plain JSON-able data;
    the events are ``listed`` (``json_lines.Streamed`` makes each as it is written: all of them
    were 80 MB of dictionaries at N = 10,000)."""
    return {
        "events": listed(map(event_dict, annotated.events)),
        "threads": [{"id": t.id, "label": t.label, "events": list(t.events)}
                    for t in annotated.threads],
        "comparisons": [comparison_dict(c) for c in annotated.comparisons],
        "notes": [note_dict(n) for n in annotated.notes],
    }
