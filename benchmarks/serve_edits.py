"""Rebuilds after successive edits inside one process, as ``jvreader serve`` does on each save.

    python benchmarks/serve_edits.py PROJECT [--edits 4] [--fresh]

PROJECT is a project folder (for instance a corpus written by ``corpus.make_corpus``, built
once so its cache and output exist). The script builds it once, then edits one article
(``corpus.edit_one``) and builds again ``--edits`` times with one ``cache.Memory``, and
prints each rebuild's time, its stages' (extract, annotate, render and write, as the build
reports them: pages are written as they are rendered, so render holds the writing) and
their means. With ``--fresh`` each rebuild runs in a new process instead
(``jvreader build`` with the cache and the last output in place; the time is the build's,
without the interpreter's start). ``bench.py`` times the first such rebuild only; some
costs show from the third save in a row (the corpus stored on disk is rewritten only after
several edits).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

import corpus as synthetic  # noqa: E402

from jvreader.cache import Memory  # noqa: E402
from jvreader.config import load_project  # noqa: E402
from jvreader.pipeline import build  # noqa: E402

STAGES = ("extract", "annotate", "render", "write")


class StageClock:
    """A reporter timing the build's stages: each from the end of the one before."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.seconds: dict[str, float] = {}

    def stage(self, name: str, detail: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self.started
        self.started = now

    def advance(self, done: int, total: int) -> None:
        pass


def timed_build(project: Path, memory: Memory | None) -> dict[str, float]:
    """One build of ``project`` (no search index): its seconds, in all and by stage."""
    clock = StageClock()
    started = time.perf_counter()
    build(replace(load_project(project), search=False), reporter=clock, memory=memory)
    return {"total": time.perf_counter() - started, **clock.seconds}


def fresh_build(project: Path) -> dict[str, float]:
    """``timed_build`` in a new process."""
    done = subprocess.run([sys.executable, __file__, str(project), "--once"], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=4)
    parser.add_argument("--fresh", action="store_true",
                        help="each rebuild in a new process, as `jvreader build`")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.once:  # the child of --fresh
        print(json.dumps(timed_build(args.project, None)))
        return 0
    articles = len(list((args.project / "seeds").glob("*.txt")))
    memory = None if args.fresh else Memory()
    timed_build(args.project, memory)
    runs = []
    for _ in range(args.edits):
        synthetic.edit_one(args.project, articles)
        runs.append(fresh_build(args.project) if args.fresh
                    else timed_build(args.project, memory))
    for name in ("total", *STAGES):
        times = [run.get(name, 0.0) for run in runs]
        print(f"{name:9}", " ".join(f"{t:6.2f}" for t in times),
              f"  mean {sum(times) / len(times):6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
