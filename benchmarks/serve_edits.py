"""Rebuilds after successive edits inside one process, as ``jvreader serve`` does on each save.

    python benchmarks/serve_edits.py PROJECT [--edits 4]

PROJECT is a project folder (for instance a corpus written by ``corpus.make_corpus``, built
once so its cache and output exist). The script builds it once, then edits one article
(``corpus.edit_one``) and builds again ``--edits`` times with one ``cache.Memory``, and
prints each rebuild's time and their mean. ``bench.py`` times the first such rebuild only;
some costs show from the third save in a row (the corpus stored on disk is rewritten only
after several edits).
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=4)
    args = parser.parse_args(argv)
    articles = len(list((args.project / "seeds").glob("*.txt")))
    memory = Memory()
    settings = replace(load_project(args.project), search=False)
    build(settings, memory=memory)
    times = []
    for _ in range(args.edits):
        synthetic.edit_one(args.project, articles)
        started = time.perf_counter()
        build(replace(load_project(args.project), search=False), memory=memory)
        times.append(time.perf_counter() - started)
    print(" ".join(f"{t:.2f}" for t in times), f"mean {sum(times) / len(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
