"""Benchmark jvreader on synthetic corpora of N articles, against Pelican on the same texts.

    python benchmarks/bench.py                            # N = 1,000, distinct-text corpus
    python benchmarks/bench.py --corpus distinct repeated # both corpora in one run
    python benchmarks/bench.py --sizes 100 1000 --large   # --large adds N = 10,000
    python benchmarks/bench.py --no-pelican --no-search

For each corpus kind and N it generates the corpus (``corpus.py``: ``distinct``, every
sentence composed afresh, the headline; or ``repeated``, recombined seed paragraphs) in a
temporary folder and reports, each build in a fresh child process (so imports count and
memory is its own):

- cold build: no cache, no previous output, search indexing off;
- search indexing (Pagefind) of that site, on its own line;
- rebuild with nothing changed, then after editing one article (cache and previous output
  in place), and whether its output is byte-identical to a cold build of the edited corpus;
- a rebuild after one edit inside one process that keeps the last build in memory, as
  ``jvreader serve`` does on every save;
- peak memory (the largest resident set of the build process or its workers) and output size,
  in all and per article;
- the stages alone, in one process without pool or cache: load + extract per article, and
  annotation, with automatic linking apart (annotation with it minus annotation without);
- Pelican building the same N articles as Markdown, and jvreader's cold time over Pelican's
  (Pelican is taken from this interpreter's environment: ``pip install pelican markdown``).

Nothing is deleted until the end of the run (every N's folder, the copies indexed for
search): on an ext4 file system without a journal (this machine's), each file created in
the minute or so after a big deletion costs the kernel a walk past the freed inodes, and
deleting the 1,000 articles' folders slowed the next builds, jvreader's and Pelican's.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "src"), str(HERE)]

import corpus as synthetic  # noqa: E402

PELICAN_CONF = """AUTHOR = "bench"
SITENAME = "bench"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False
"""


def child_build(project: Path, out: Path, use_cache: bool) -> None:
    """Run in the child: one build, then print its time and peak memory as JSON."""
    from dataclasses import replace

    from jvreader.config import load_project
    from jvreader.pipeline import build

    started = time.perf_counter()
    settings = replace(load_project(project, out), search=False)
    report = build(settings, use_cache=use_cache)
    seconds = time.perf_counter() - started
    own, workers = (resource.getrusage(resource.RUSAGE_SELF),
                    resource.getrusage(resource.RUSAGE_CHILDREN))
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    print(json.dumps({"seconds": seconds, "peak_mib": max(own.ru_maxrss, workers.ru_maxrss) / 1024,
                      "cpu": cpu, "pages": report.pages, "warnings": len(report.warnings)}))


def child_serve(project: Path, out: Path, n: int) -> None:
    """Run in the child: what ``jvreader serve`` does on a save. Build once (cache and output
    in place), edit one article, build again in the same process with the same ``Memory``;
    print the second build's time."""
    from dataclasses import replace

    from jvreader.cache import Memory
    from jvreader.config import load_project
    from jvreader.pipeline import build

    memory = Memory()
    settings = replace(load_project(project, out), search=False)
    build(settings, memory=memory)
    synthetic.edit_one(project, n)
    started = time.perf_counter()
    report = build(replace(load_project(project, out), search=False), memory=memory)
    seconds = time.perf_counter() - started
    own, workers = (resource.getrusage(resource.RUSAGE_SELF),
                    resource.getrusage(resource.RUSAGE_CHILDREN))
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    print(json.dumps({"seconds": seconds, "peak_mib": max(own.ru_maxrss, workers.ru_maxrss) / 1024,
                      "cpu": cpu, "pages": report.pages, "warnings": len(report.warnings)}))


def child_stages(project: Path) -> None:
    """Run in the child: load + extract, then annotation with and without automatic linking,
    each alone in this process (no pool, no cache); print their seconds as JSON."""
    from jvreader.annotate import annotate, load_editorial
    from jvreader.extract import extract_corpus
    from jvreader.extract.entities import load_gazetteer
    from jvreader.load import load_corpus

    seeds = project / "seeds"
    started = time.perf_counter()
    articles, _ = load_corpus(seeds, project)
    loaded = time.perf_counter()
    corpus = extract_corpus(tuple(articles), load_gazetteer(seeds / "gazetteer.yml"))
    extracted = time.perf_counter()
    curated, notes, _ = load_editorial(seeds, project)
    started_annotation = time.perf_counter()
    annotated = annotate(corpus, curated, notes)
    annotation = time.perf_counter() - started_annotation
    started_plain = time.perf_counter()
    annotate(corpus, curated, notes, automatic=False)
    plain = time.perf_counter() - started_plain
    print(json.dumps({"articles": len(articles), "load": loaded - started,
                      "extract": extracted - loaded, "annotate": annotation,
                      "automatic": annotation - plain, "events": len(annotated.events)}))


def run_build(project: Path, out: Path, use_cache: bool = True,
              timeout: float = 1800, serve_n: int | None = None, stages: bool = False) -> dict:
    """Time a build in a fresh interpreter (startup and imports included); with ``serve_n``,
    the in-process rebuild of ``child_serve`` instead; with ``stages``, ``child_stages``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(project), str(out)]
    if not use_cache:
        command.append("--no-cache")
    if serve_n is not None:
        command += ["--serve-n", str(serve_n)]
    if stages:
        command.append("--stages")
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=True)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    except subprocess.CalledProcessError as exc:
        return {"error": exc.stderr.strip().splitlines()[-1] if exc.stderr else "failed"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def size_mib(root: Path) -> float:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20


def time_search(site: Path) -> str:
    try:
        from jvreader.search import index_site
    except ImportError:
        return "skipped (no search module)"
    copy = site.with_name(site.name + "-search")  # left for the end, as every folder is
    shutil.copytree(site, copy)
    try:
        started = time.perf_counter()
        index_site(copy)
        return f"{time.perf_counter() - started:.2f} s"
    except Exception as exc:  # the benchmark reports a missing indexer, it does not stop
        return f"skipped ({exc})"


def pelican_bin() -> Path | None:
    """Pelican installed beside this interpreter, able to read Markdown (else ``None``)."""
    binary = Path(sys.executable).parent / "pelican"
    found = binary if binary.is_file() else shutil.which("pelican")
    if found is None:
        return None
    probe = subprocess.run([sys.executable, "-c", "import markdown"], capture_output=True)
    return Path(found) if probe.returncode == 0 else None


def run_pelican(binary: Path, folder: Path, timeout: float = 1800, out: str = "output"
                ) -> float | str:
    site = folder / "pelican"
    (site / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    started = time.perf_counter()
    try:
        subprocess.run([str(binary), "content", "-o", out, "-s", "pelicanconf.py", "-q"],
                       cwd=site, check=True, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s"
    except subprocess.CalledProcessError as exc:
        return f"failed: {exc.stderr.decode(errors='replace').strip()[-200:]}"
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def bench_size(n: int, kind: str, work: Path, pelican: Path | None, timeout: float,
               search: bool = True, pairs: int = 1) -> dict:
    """One corpus kind at one N. jvreader's cold build and Pelican's run back to back,
    ``pairs`` times (the machine's speed drifts: a pair is compared within itself); the
    first cold build fills the cache the rebuilds use, the others write fresh folders."""
    folder = work / f"{kind}-n{n}"
    synthetic.make_corpus(folder, n, kind)
    out = folder / "build"
    row: dict = {"n": n, "corpus": kind, "input_mib": size_mib(folder / "seeds")}
    colds: list[dict] = []
    row["pelican_runs"] = []
    for i in range(pairs):
        colds.append(run_build(folder, out if i == 0 else folder / f"cold-{i}",
                               use_cache=i == 0, timeout=timeout))
        if "error" in colds[-1]:
            break
        if pelican is not None:
            row["pelican_runs"].append(run_pelican(pelican, folder, timeout, f"output-{i}"))
    cold = dict(colds[0])
    if "error" not in colds[-1]:
        cold.update(seconds=median([c["seconds"] for c in colds]),
                    wall=median([c["wall"] for c in colds]),
                    cpu=median([c["cpu"] for c in colds]),
                    peak_mib=max(c["peak_mib"] for c in colds), runs=len(colds))
    row["cold"] = cold
    if "error" in cold:
        return row
    times = [t for t in row["pelican_runs"] if isinstance(t, float)]
    if times:
        row["pelican"] = median(times)
        row["ratios"] = [c["wall"] / t for c, t in zip(colds, row["pelican_runs"], strict=False)
                         if isinstance(t, float)]
    elif row["pelican_runs"]:
        row["pelican"] = row["pelican_runs"][0]
    row["output_mib"] = size_mib(out)
    row["files"] = sum(1 for p in out.rglob("*") if p.is_file())
    row["search"] = time_search(out) if search else "skipped (--no-search)"
    row["noop"] = run_build(folder, out, use_cache=True, timeout=timeout)
    synthetic.edit_one(folder, n)
    row["rebuild"] = run_build(folder, out, use_cache=True, timeout=timeout)
    reference = folder / "cold-after-edit"
    check = run_build(folder, reference, use_cache=False, timeout=timeout)
    row["identical"] = ("error" not in check and "error" not in row["rebuild"]
                        and tree(out) == tree(reference))
    row["serve"] = run_build(folder, out, timeout=timeout, serve_n=n)
    row["stages"] = run_build(folder, out, timeout=timeout, stages=True)
    return row


def describe(row: dict) -> str:
    n, cold, kind = row["n"], row["cold"], row["corpus"]
    if "error" in cold:
        return f"N={n:>6}, {kind} corpus: cold build {cold['error']}"
    runs = cold.get("runs", 1)
    lines = [f"N={n:>6}, {kind} corpus ({row['input_mib']:.1f} MiB of text)",
             f"  cold build (no search)     {cold['seconds']:8.2f} s"
             f"   ({cold['wall']:.2f} s wall with interpreter start"
             f"{f'; medians of {runs}' if runs > 1 else ''})",
             f"  search indexing (Pagefind) {row['search']}"]
    if "cpu" in cold:  # what the cores left idle: interpreter start, the parent's serial work
        cores = os.cpu_count() or 1
        lines.append(f"  CPU of the cold build      {cold['cpu']:8.2f} s   "
                     f"({cold['cpu'] / cold['wall']:.2f} of {cores} cores busy on average: "
                     f"{max(0.0, cores * cold['wall'] - cold['cpu']):.1f} core-seconds idle)")
    noop = row.get("noop", {})
    if "seconds" in noop:
        lines.append(f"  rebuild, nothing changed   {noop['seconds']:8.2f} s")
    rebuild = row["rebuild"]
    if "error" in rebuild:
        lines.append(f"  rebuild after one edit     {rebuild['error']}")
    else:
        lines.append(f"  rebuild after one edit     {rebuild['seconds']:8.2f} s   "
                     f"byte-identical to a cold build: {'yes' if row['identical'] else 'NO'}")
    serve = row.get("serve", {})
    if "seconds" in serve:
        lines.append(f"  rebuild after one edit,    {serve['seconds']:8.2f} s   "
                     f"(in the serve process: last build kept in memory)")
    lines.append(f"  peak memory                {cold['peak_mib']:8.0f} MiB")
    lines.append(f"  output                     {row['output_mib']:8.1f} MiB in "
                 f"{row['files']} files ({cold['pages']} pages), "
                 f"{row['output_mib'] * 1024 / n:.1f} KiB per article")
    stages = row.get("stages", {})
    if "error" in stages:
        lines.append(f"  stages alone               {stages['error']}")
    elif stages:
        per = (stages["load"] + stages["extract"]) / stages["articles"] * 1000
        lines.append(f"  load + extract, 1 process  {per:8.2f} ms per article   "
                     f"(load {stages['load']:.2f} s, extract {stages['extract']:.2f} s)")
        lines.append(f"  annotate, 1 process        {stages['annotate']:8.2f} s   "
                     f"automatic linking {stages['automatic']:.2f} s of it, "
                     f"{stages['events']} events")
    pelican = row.get("pelican")
    if isinstance(pelican, float):
        ratios = " ".join(f"{r:.2f}" for r in sorted(row["ratios"]))
        lines.append(f"  Pelican (Markdown)         {pelican:8.2f} s   "
                     f"jvreader / Pelican (wall) = {median(row['ratios']):.2f}"
                     + (f" (median; pairs: {ratios})" if len(row["ratios"]) > 1 else ""))
    elif pelican is not None:
        lines.append(f"  Pelican (Markdown)         {pelican}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--large", action="store_true", help="also N = 10,000 (slow)")
    parser.add_argument("--corpus", nargs="+", choices=synthetic.KINDS, default=["distinct"],
                        help="corpus kinds, each benchmarked in turn (default: distinct)")
    parser.add_argument("--no-pelican", action="store_true", help="skip the Pelican builds")
    parser.add_argument("--no-search", action="store_true", help="skip Pagefind indexing")
    parser.add_argument("--pairs", type=int, default=1,
                        help="cold builds, each followed by Pelican's (medians reported)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--child", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.stages:
            child_stages(Path(args.child[0]))
        elif args.serve_n is not None:
            child_serve(Path(args.child[0]), Path(args.child[1]), args.serve_n)
        else:
            child_build(Path(args.child[0]), Path(args.child[1]), use_cache=not args.no_cache)
        sys.stdout.flush()  # then exit as the jvreader command does (``cli.entry``): without
        os._exit(0)  # freeing the corpus object by object, which the wall time counted
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    # Bytecode as an installed package has it (pip compiles on install): without it every
    # child compiled the whole package again before its build (PYTHONDONTWRITEBYTECODE, set
    # on some machines, stops the children from keeping what they compile).
    compileall.compile_dir(str(REPO / "src"), quiet=1)
    results = []
    with tempfile.TemporaryDirectory(prefix="jvreader-bench-") as tmp:
        work = Path(tmp)
        pelican = None
        if not args.no_pelican:
            pelican = pelican_bin()
            if pelican is None:
                print("Pelican not found beside this Python: `pip install pelican markdown` "
                      "into its environment; skipped", flush=True)
        sizes = [*args.sizes, *([10000] if args.large and 10000 not in args.sizes else [])]
        for n in sizes:
            for kind in args.corpus:
                row = bench_size(n, kind, work, pelican, args.timeout, not args.no_search,
                                 args.pairs)
                results.append(row)
                print(describe(row), flush=True)
        print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
