"""The JSON writer behind the exports: ``readable_json`` (outer levels one member per line,
records compact), written in pieces of about ``CHUNK_BYTES``, with ``Streamed`` lists and
``Pieces`` members made as they are written, never all held."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


class _Lazy:
    """Something written from ``iterable`` as it is iterated (once, then)."""

    __slots__ = ("iterable",)

    def __init__(self, iterable: Iterable[Any]) -> None:
        self.iterable = iterable

    def __iter__(self) -> Iterator[Any]:
        return iter(self.iterable)


class Streamed(_Lazy):
    """A JSON list whose members are made as it is written, so they are never all held: at
    N = 10,000 the articles' records are hundreds of megabytes. Written like a list, one
    member per line at the list's depth."""

    __slots__ = ()


class Pieces(_Lazy):
    """One member of a list written on one line as its pieces (bytes, UTF-8, compact JSON
    once joined) come: an entity's mentions at N = 10,000 are tens of MB."""

    __slots__ = ()


class _Piece(bytes):
    """Part of a line: ``iter_readable_json`` writes no newline after it."""

    __slots__ = ()


def readable_json(value: Any, depth: int = 2) -> bytes:
    """UTF-8 JSON with the outer ``depth`` levels one member per line and each record below
    compact on its own line: readable and diffable, written by the C encoder (an indented
    dump runs in pure Python, and took seconds on a thousand articles).

        readable_json({"a": [{"x": 1}, {"x": 2}]})
        -> b'{\n"a": [\n{"x":1},\n{"x":2}\n]\n}\n'
    """
    return b"".join(iter_readable_json(value, depth))


CHUNK_BYTES = 1 << 20


def iter_readable_json(value: Any, depth: int = 2) -> Iterator[bytes]:
    """``readable_json`` in pieces of about ``CHUNK_BYTES``: an export of ten thousand articles
    is half a gigabyte, and joined whole it was held three to five times over."""
    batch: list[bytes] = []
    size = 0
    for line in _iter_lines(value, depth):
        data = line if isinstance(line, bytes) else line.encode("utf-8")
        if not data and isinstance(line, _Piece):
            continue
        batch.append(data)
        size += len(data) + 1
        if not isinstance(line, _Piece):
            batch.append(b"\n")  # every line ends with a newline, the last one too
        if size >= CHUNK_BYTES:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def compact_json(value: Any) -> str:
    """``value`` as one line of JSON, as ``readable_json`` writes a record."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iter_lines(value: Any, depth: int) -> Iterator[str | bytes]:
    """``value``'s lines, one by one; ``bytes`` as they are: JSON already serialised
    compactly (one member of a list, or several joined by ``",\n"``) and encoded as UTF-8
    (JSON has no bytes: they are never anything else), written without a copy, as an
    export's shares are hundreds of megabytes at N = 10,000."""
    if isinstance(value, bytes):
        yield value
        return
    if isinstance(value, Streamed) and depth > 0:
        members: Iterator[tuple[str, Any]] = (("", v) for v in value)
        opening, closing = "[", "]"
    elif depth <= 0 or not isinstance(value, dict | list | Streamed) or not value:
        yield compact_json(list(value) if isinstance(value, Streamed) else value)
        return
    elif isinstance(value, dict):
        members = ((f"{compact_json(str(k))}: ", v) for k, v in value.items())
        opening, closing = "{", "}"
    else:
        members = (("", v) for v in value)
        opening, closing = "[", "]"
    ahead = next(members, None)
    if ahead is None:  # only a stream can turn out empty here
        yield opening + closing
        return
    yield opening
    while ahead is not None:
        key, member = ahead
        ahead = next(members, None)  # one member ahead: the last one takes no comma
        comma = "," if ahead is not None else ""
        if depth == 1:  # one line per member
            if isinstance(member, Pieces):  # written as it comes
                yield _Piece(key.encode())
                for piece in member:
                    yield _Piece(piece)
                yield comma.encode()
            elif isinstance(member, bytes):
                yield key.encode() + member + comma.encode()
            else:
                yield key + _leaf(member) + comma
            continue
        lines = _iter_lines(member, depth - 1)
        line = next(lines)
        if key:
            line = key.encode() + line if isinstance(line, bytes) else key + line
        for following in lines:  # one line behind: the member's last line takes the comma
            yield line
            line = following
        yield line + comma.encode() if isinstance(line, bytes) else line + comma
    yield closing


def _leaf(value: Any) -> str:
    if isinstance(value, Streamed):
        value = list(value)
    return compact_json(value)
