"""A built site read back as ``{path: bytes}``, for the tests that compare a rebuild with a
cold build byte for byte."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jvreader.cache import Memory
from jvreader.config import load_project
from jvreader.pipeline import build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_to(project: Path, out: Path, use_cache: bool = True,
             memory: Memory | None = None) -> dict[str, bytes]:
    """Build ``project`` into ``out`` (search off) and read every file back."""
    build(replace(load_project(project, out), search=False), use_cache=use_cache,
          memory=memory)
    return tree(out)
