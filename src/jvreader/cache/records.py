"""How the cache pickles the pipeline's records: as their constructor's arguments, read
back by calling the class (about twice as fast both ways as the dataclass default, field by
field), with their offsets and short strings shared on the way back.

    pickle.loads(dumps(Sentence("p1s1", "p1", 0, 52, "…")))  -> an equal Sentence
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import pickle
from collections.abc import Callable
from functools import cache
from operator import attrgetter
from sys import intern
from typing import Any, BinaryIO

from jvreader import model

_OFFSETS = tuple(range(1 << 13))
"""One int object per offset into a paragraph: a record read back makes its own ``start`` and
``end`` (Python shares only -5…256), 1.9 million of them at N = 10,000, 61 MB."""


def _rebuilt(cls: type, offsets: tuple[int, ...], interned: tuple[int, ...], *values: Any
             ) -> object:
    """``cls(*values)`` with the values at ``offsets`` (``start``, ``end``) shared offsets and
    those at ``interned`` interned strings: how the cache reads back the records that hold
    them (``_record_reducers``)."""
    fixed = list(values)
    for i in offsets:
        value = fixed[i]
        if type(value) is int and 0 <= value < len(_OFFSETS):
            fixed[i] = _OFFSETS[value]
    for i in interned:
        value = fixed[i]
        if type(value) is str:
            fixed[i] = intern(value)
        elif type(value) is tuple and value:  # of ids (a claim's figures and entities)
            fixed[i] = tuple([intern(v) if type(v) is str else v for v in value])
    return cls(*fixed)


def _reducer(cls: type, names: tuple[str, ...], offsets: tuple[int, ...],
             interned: tuple[int, ...]) -> Callable[[object], tuple[Callable[..., object], tuple]]:
    """A record's reduction for pickling: its class (or ``_rebuilt`` when some of its values
    are shared on the way back) and the fields ``names``, read by one ``attrgetter``."""
    values = attrgetter(*names)
    if offsets or interned:
        head = (cls, offsets, interned)
        if len(names) == 1:
            return lambda obj: (_rebuilt, (*head, values(obj)))
        return lambda obj: (_rebuilt, (*head, *values(obj)))
    if len(names) == 1:
        return lambda obj: (cls, (values(obj),))
    return lambda obj: (cls, values(obj))


_INTERNED = {
    "Mention": ("entity", "text", "paragraph", "sentence"),
    "Paragraph": ("id", "kind"),
    "Sentence": ("id", "paragraph"),
    "Claim": ("id", "paragraph", "sentence", "date", "date_basis", "figures", "entities"),
    "Figure": ("id", "paragraph", "sentence", "text", "unit", "currency", "measure", "period"),
    "DateMention": ("text", "value", "basis", "qualifier"),
    "Footnote": ("paragraph",),
    "Provenance": ("field", "source"),
    "Removal": ("reason",),
    "Article": ("language", "date_basis"),
    "Extraction": ("article",),
    "SentenceView": ("article", "article_date", "paragraph", "sentence", "claim", "dates",
                     "entities", "main_date", "figure_ids"),
}
"""Fields interned when read back (strings, or tuples of them): the same few names ("Japan",
"MSDF") are mentioned a hundred times an article, every article has a ``p1`` and a ``p1s1``,
and each article's pickle made its own copies. N = 1,000: the extracted corpus 56.6 → 46.0
MiB in memory, reading it back 1.09 → 1.21 s; N = 10,000: the build's process 928 → 798
MiB while rendering, and each render worker as much smaller."""


@cache
def _record_reducers() -> dict[type, Any]:
    """The pipeline's records pickled as their constructor's arguments: read back by calling
    the class, about twice as fast both ways as the dataclass default (field by field)."""
    from jvreader import annotate
    from jvreader.annotate import view

    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for cls in [*vars(model).values(), view.SentenceView, annotate.ArticleBasis]:
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            fields = dataclasses.fields(cls)
            if not all(f.init for f in fields):  # not ``Corpus``, whose tables are built
                continue
            names = tuple(f.name for f in fields)
            offsets = tuple(i for i, name in enumerate(names) if name in ("start", "end"))
            interned = tuple(i for i, name in enumerate(names)
                             if name in _INTERNED.get(cls.__name__, ()))
            table[cls] = _reducer(cls, names, offsets, interned)
    return table


def dump(value: Any, out: BinaryIO) -> None:
    """``value`` pickled into ``out`` as the cache stores it (records as constructor arguments)."""
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _record_reducers()
    pickler.dump(value)


def dumps(value: Any) -> bytes:
    """``value`` pickled as the cache stores it (``dump``)."""
    buffer = io.BytesIO()
    dump(value, buffer)
    return buffer.getvalue()
