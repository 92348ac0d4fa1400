"""What ``jvreader serve`` watches, and the stream of changes to it.

Before: a project with ``seeds/`` (articles, sidecars, ``notes/``, ``gazetteer.yml``,
``events.yml``), its own ``templates/`` and ``static/``, and ``jvreader.yml``.
After: ``watch_changes(watch_targets(project), stop)`` yields ``{"/p/seeds/notes/x.md"}``
a moment after an editor saves that note, until ``stop`` is set. Editor swap files,
hidden files and the output folder are ignored.

watchfiles (OS notifications) does the watching; without it a slower poll of modification
times does the same job, so a missing optional wheel never stops the server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jvreader.config import CONFIG_FILE, Project, packaged_dir

POLL_SECONDS = 0.3
_EDITOR_LITTER = (".swp", ".swx", ".tmp", "~")


@dataclass(frozen=True, slots=True)
class WatchTargets:
    roots: tuple[Path, ...]
    """Folders watched recursively, and single files (``jvreader.yml``)."""
    ignore: tuple[Path, ...]
    """Real paths under which nothing counts as a change (the output folder)."""


def watch_targets(project: Project) -> WatchTargets:
    """The seeds, the project's own templates/static folders and its settings file."""
    packaged = {packaged_dir("templates").resolve(), packaged_dir("static").resolve()}
    folders = [d for d in (*project.template_dirs, *project.static_dirs)
               if d.resolve() not in packaged or _inside(d, project.project_dir)]
    wanted = [project.seeds_dir, *folders, project.project_dir / CONFIG_FILE]
    own = [p for p in wanted if p.exists()]
    roots: list[Path] = []
    for path in sorted({p.resolve() for p in own}, key=lambda p: len(p.parts)):
        if not any(_inside(path, r) for r in roots):
            roots.append(path)
    return WatchTargets(tuple(roots), (project.out_dir.resolve(),))


def relevant(path: Path, targets: WatchTargets) -> bool:
    """Whether a change to ``path`` should cause a rebuild."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(_EDITOR_LITTER):
        return False
    return not any(_inside(path, i) for i in targets.ignore)


def watch_changes(targets: WatchTargets, stop: threading.Event) -> Iterator[set[str]]:
    """Sets of changed paths, one per burst of saves, until ``stop`` is set.

    An empty set now and then only says the watcher is running (the first one: it is ready).
    """
    if not targets.roots:
        return
    try:
        import watchfiles
    except ImportError:
        yield from _poll(targets, stop)
        return
    for changes in watchfiles.watch(
            *targets.roots, stop_event=stop, debounce=150, step=50, rust_timeout=200,
            yield_on_timeout=True,
            watch_filter=lambda _change, path: relevant(Path(path), targets)):
        yield {path for _, path in changes}


def _poll(targets: WatchTargets, stop: threading.Event) -> Iterator[set[str]]:
    before = _snapshot(targets)
    yield set()
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(targets)
        if now != before:
            changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
            before = now
            yield changed


def _snapshot(targets: WatchTargets) -> dict[str, tuple[int, int]]:
    files: dict[str, tuple[int, int]] = {}
    for root in targets.roots:
        for path in [root, *root.rglob("*")] if root.is_dir() else [root]:
            try:
                if path.is_file() and relevant(path, targets):
                    stat = path.stat()
                    files[str(path)] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue  # deleted while we looked: the next poll sees it gone
    return files


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or path.is_relative_to(folder)
