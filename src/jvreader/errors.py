"""The errors jvreader reports to a user: each says where, never a traceback."""

from __future__ import annotations

from pathlib import Path


class JvreaderError(Exception):
    """A problem the user can fix; the CLI prints it and exits non-zero."""


class SourceError(JvreaderError):
    """An input file cannot be read as an article (printed ``path:line: message``)."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ConfigError(JvreaderError):
    """The project folder or the command line asks for something impossible."""


class RenderError(JvreaderError):
    """A template or output path failed while writing the site."""
