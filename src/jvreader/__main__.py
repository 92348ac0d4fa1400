"""``python -m jvreader``."""

from jvreader.cli import entry

entry()
