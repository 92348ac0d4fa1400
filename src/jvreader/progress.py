"""What a long build tells the person waiting for it, on stderr.

The pipeline calls a ``Reporter``: ``stage("load", "5 articles, 0 warnings")`` when a stage
is done and ``advance(done, total)`` while it works through articles or pages. The CLI picks:

    NullReporter()                     → says nothing (``--quiet``, tests, library use)
    ConsoleReporter(sys.stderr, verbose=True)
        → "  load: 5 articles, 0 warnings" per stage; on a terminal also "[ 120/1000]" redrawn
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO, runtime_checkable


@runtime_checkable
class Reporter(Protocol):
    """What the pipeline may call while it builds; both calls must be cheap."""

    def stage(self, name: str, detail: str) -> None:
        """A stage (``load``, ``extract``, ``annotate``, ``render``, ``write``…) finished."""

    def advance(self, done: int, total: int) -> None:
        """``done`` of ``total`` items of the current stage are finished."""


class NullReporter:
    """Says nothing."""

    def stage(self, name: str, detail: str) -> None:
        pass

    def advance(self, done: int, total: int) -> None:
        pass


class ConsoleReporter:
    """A counter redrawn on one terminal line, and with ``verbose`` a line per stage.

    The counter is drawn only when ``stream`` is a terminal (a log file gets no ``\\r``
    noise), and at most ten times a second so printing never slows the build.
    """

    def __init__(self, stream: TextIO | None = None, *, verbose: bool = False,
                 counter: bool | None = None, interval: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.counter = _is_terminal(self.stream) if counter is None else counter
        self.interval = interval
        self._last_draw = 0.0
        self._drawn = False
        self._started = time.perf_counter()

    def stage(self, name: str, detail: str) -> None:
        self._clear()
        if self.verbose:
            elapsed = time.perf_counter() - self._started
            self.stream.write(f"  {name:<9} {detail} ({elapsed:.2f} s)\n")
            self.stream.flush()

    def advance(self, done: int, total: int) -> None:
        if not self.counter or total <= 0:
            return
        now = time.perf_counter()
        if done < total and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        width = len(str(total))
        self.stream.write(f"\r[{done:>{width}}/{total}]")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Leave the terminal line clean (call when the build ends, well or not)."""
        self._clear()

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
