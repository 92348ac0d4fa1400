"""What each stage of a cold build costs on its own, in one process, at N articles.

    python benchmarks/floor.py                 # N = 1,000, distinct-text corpus
    python benchmarks/floor.py --n 100 --corpus repeated --json floor.json

The build's stages run one after the other in this process, without the cache and without
a pool, each timed alone: load + extract, annotation, planning, the pages' views, the
templates (Jinja) rendering those views, the two exports (``corpus.json`` and
``annotations.jsonld``), the other data files, and writing every file into a new folder.
Their sum over two is what a cold build would take on this 2-core machine if both cores
were busy all the time and nothing were spent on handing work between processes: a lower
bound of the design, not a forecast.

It then adds up what no change to our code would make much cheaper: the templates (the
design renders with Jinja), the two exports (their fields are a contract, and they are
written faster than ``json.dumps`` writes their data), and writing the files the site is
made of; and compares that with the target (2.0 s at N = 1,000). For comparison it also
times what a rebuild after one edit cannot skip, writing the two exports again (both hold
the edited article), ``json.dumps`` of the exports' data, and reading back what the pool's
workers send the parent: whole, and the articles' own records alone (the most that making
an article's own pages in its worker could spare the parent). The corpus is
``corpus.py``'s, as in ``bench.py``; nothing is deleted before the files are written, so
the kernel's cost of creating files after a deletion (README) is not in it.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

import corpus as synthetic  # noqa: E402

TARGET_SECONDS = {1000: 2.0, 10000: 20.0}
"""The issue's cold-build targets, by N."""


def _timed(times: dict[str, float], stage: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    times[stage] = time.perf_counter() - started
    return result


def _write(root: Path, files: list[tuple[str, bytes]]) -> None:
    for path, content in files:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _sent(loaded: Any) -> list[tuple[bytes, bytes]]:
    """Each article's result as a pool worker sends it to the parent (``cache.load.run_job``):
    the article record, then its extraction and annotation basis. Only the first pickle is
    what making the article's own pages in its worker would spare the parent; annotation
    and the whole-corpus pages read the second."""
    from jvreader.cache.records import dumps

    corpus = loaded.corpus
    return [(dumps((a, ())), dumps(((corpus.extraction(a.id), Counter()), loaded.bases[a.id])))
            for a in corpus.articles]


def measure(project: Path, out: Path) -> dict[str, Any]:
    """Every stage's seconds (one process), pages and bytes, for the project at ``project``."""
    from jvreader.annotate import annotate, load_editorial
    from jvreader.annotate.jsonld import annotations_jsonld
    from jvreader.cache import Cache
    from jvreader.cache.incremental import site_info as _site_info
    from jvreader.cache.load import load_and_extract_keyed
    from jvreader.config import load_project
    from jvreader.export import corpus_json, schema_json
    from jvreader.pipeline import GAZETTEER_FILE
    from jvreader.render import PlannedPage, _job, _plan
    from jvreader.render.context import render_context
    from jvreader.render.env import make_env
    from jvreader.render.pages import render_page

    settings = load_project(project, out)
    seeds = settings.seeds_dir
    times: dict[str, float] = {}
    loaded = _timed(times, "load + extract", lambda: load_and_extract_keyed(
        seeds, project, seeds / GAZETTEER_FILE, Cache(None), workers=1))
    curated, notes, _ = load_editorial(seeds, project)
    sent = _sent(loaded)
    _timed(times, "reading back what the pool's workers send", partial(
        lambda sent: [(pickle.loads(a), pickle.loads(rest)) for a, rest in sent], sent))
    _timed(times, "… of it the articles' own records", partial(
        lambda sent: [pickle.loads(a) for a, _ in sent], sent))
    del sent
    gc.freeze()  # as the build does: the corpus lives as long as the build
    annotated = _timed(times, "annotate", partial(
        annotate, loaded.corpus, curated, notes, bases=loaded.bases))
    del loaded
    gc.freeze()
    site = _site_info(settings)
    env = make_env(settings.template_dirs)
    work = _timed(times, "plan", lambda: _plan(render_context(annotated, site), env, None))
    pages = [item for _, item in work if isinstance(item, PlannedPage)]
    jobs = [(path, item) for path, item in work if not isinstance(item, PlannedPage)]
    views = _timed(times, "views", lambda: [page.view() for page in pages])
    html = _timed(times, "templates", partial(
        lambda views: [(page.path, render_page(env, page.page_of(site, view)))
                       for page, view in zip(pages, views, strict=True)], views))
    del views
    exports = _timed(times, "exports (corpus.json, annotations.jsonld)", lambda: [
        ("data/corpus.json", corpus_json(annotated)),
        ("data/annotations.jsonld", annotations_jsonld(annotated))])
    data = _timed(times, "other data files", lambda: [
        ("data/corpus.schema.json", schema_json()),
        *((path, bytes(_job(job))) for path, job in jobs)])
    files = html + exports + data

    _timed(times, "writing the files", partial(_write, out, files))
    # An edit changes one article's record in both exports: they are written again whole.
    _timed(times, "writing the two exports again (an edit)",
           partial(_write, out.with_name(out.name + "-edit"), exports))
    # For comparison: the standard library's C encoder writing the same two exports'
    # data compactly (what they hold, parsed back), without our streaming writer.
    parsed = [json.loads(content) for _, content in exports]
    _timed(times, "json.dumps of the exports' data, compact", lambda: [
        json.dumps(value, ensure_ascii=False, separators=(",", ":")) for value in parsed])
    return {"articles": len(annotated.corpus.articles), "files": len(files),
            "mib": sum(len(c) for _, c in files) / 2**20, "seconds": times}


BUILD_STAGES = ("load + extract", "annotate", "plan", "views", "templates",
                "exports (corpus.json, annotations.jsonld)", "other data files",
                "writing the files")
"""What a cold build does, in order (the other timed lines are for comparison)."""
FIXED_STAGES = ("templates", "exports (corpus.json, annotations.jsonld)", "writing the files")
"""What no change to our code can make much cheaper: Jinja (the design's renderer), the
contract exports (already faster than ``json.dumps`` of their data), the files' bytes."""


def report(n: int, result: dict[str, Any]) -> str:
    seconds = result["seconds"]
    total = sum(seconds[s] for s in BUILD_STAGES)
    fixed = sum(seconds[s] for s in FIXED_STAGES)
    lines = [f"N = {n:,}: {result['articles']:,} articles, {result['files']:,} files, "
             f"{result['mib']:.1f} MiB, one process, no cache", ""]
    lines += [f"  {stage:<44} {seconds[stage]:7.2f} s" for stage in BUILD_STAGES]
    lines += ["", f"  {'all stages':<44} {total:7.2f} s",
              f"  {'… over two cores, perfectly shared':<44} {total / 2:7.2f} s",
              f"  {'templates + exports + writing':<44} {fixed:7.2f} s",
              f"  {'… over two cores, perfectly shared':<44} {fixed / 2:7.2f} s"]
    if n in TARGET_SECONDS:
        lines.append(f"  {'target for a cold build':<44} {TARGET_SECONDS[n]:7.2f} s")
    lines += ["", "  for comparison:"]
    lines += [f"  {stage:<44} {s:7.2f} s" for stage, s in seconds.items()
              if stage not in BUILD_STAGES]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1,000)")
    parser.add_argument("--corpus", choices=synthetic.KINDS, default="distinct")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jvreader-floor-") as tmp:
        project = synthetic.make_corpus(Path(tmp) / "project", args.n, args.corpus)
        result = measure(project, Path(tmp) / "site")
    print(report(args.n, result))
    if args.json:
        args.json.write_text(json.dumps({"n": args.n, **result}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
