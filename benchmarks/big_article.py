"""Build time of one big article: a project whose only article is a single line of N MB.

    python benchmarks/big_article.py                 # 1, 2 and 4 MB
    python benchmarks/big_article.py --sizes 1 8     # other sizes
    python benchmarks/big_article.py --paragraphs    # the same text, a paragraph a sentence
    python benchmarks/big_article.py --write DIR --mb 1   # only write the project

The line is varied English: the synthetic corpus's event and figure sentences (gazetteer
names, dates, amounts) mixed with the seeds' cleaned paragraphs, all joined by spaces, so
every stage (cleaning, sentences, dates, figures, entities) sees one enormous paragraph.
Time that grows faster than the size means something in the build is super-linear. Each
build runs in a fresh interpreter (``python -m jvreader build``), search off.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the sibling module, found through the line above

MB = 1_000_000


def big_line(size: int, seed: int = 1, joiner: str = " ") -> str:
    """About ``size`` characters of varied English prose on one line (no newline), or, with
    ``joiner="\n\n"``, as that many short paragraphs."""
    rng = random.Random(seed)
    paragraphs, names = corpus.seed_paragraphs(), corpus.entity_names()
    parts: list[str] = []
    total = 0
    k = 0
    while total < size:
        k += 1
        if k % 3 == 0:
            piece = corpus._figure(rng, names)
        elif k % 3 == 1:
            piece = corpus._event(rng, names, rng.randrange(200))
        else:
            piece = rng.choice(paragraphs)
        parts.append(piece)
        total += len(piece) + 1
    return joiner.join(parts)[:size]


def write_project(folder: Path, size: int, joiner: str = " ") -> Path:
    """A project in ``folder`` whose one article ``seeds/big.txt`` is one line of ``size``
    (``big_line``'s ``joiner``)."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    text = big_line(size, joiner=joiner)
    (seeds / "big.txt").write_text(f"A big article\n\n{text}\n", encoding="utf-8")
    (folder / "jvreader.yml").write_text("search: false\n", encoding="utf-8")
    return folder


def time_build(project: Path, timeout: float) -> float | str:
    """Wall seconds of ``jvreader build`` on ``project`` in a fresh interpreter."""
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "jvreader", "build", str(project)],
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"over {timeout:g} s"
    elapsed = time.perf_counter() - start
    if done.returncode:
        return f"failed: {done.stderr.strip().splitlines()[-1:]}"
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4], help="MB")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--write", type=Path, help="only write the project into this folder")
    parser.add_argument("--mb", type=float, default=1, help="size for --write")
    parser.add_argument("--paragraphs", action="store_true",
                        help="each sentence or paragraph of the text a paragraph of its own")
    args = parser.parse_args(argv)
    joiner = "\n\n" if args.paragraphs else " "
    if args.write:
        write_project(args.write, int(args.mb * MB), joiner)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            project = write_project(Path(tmp) / f"p{mb:g}", int(mb * MB), joiner)
            seconds = time_build(project, args.timeout)
            per_mb = f"{seconds / mb:6.2f} s/MB" if isinstance(seconds, float) else ""
            shown = f"{seconds:6.2f} s" if isinstance(seconds, float) else seconds
            print(f"{mb:g} MB: {shown}  {per_mb}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
