"""What each ``jvreader`` command does once its arguments are parsed (``cli`` parses).

Before: ``Namespace(command="build", project_dir=Path("."), strict=True, …)``.
After: the site is built (or not), messages are on stdout/stderr, and ``run`` returns the
exit status: 0 done, 1 failed (a ``JvreaderError`` raised here is turned into 1 by ``cli``).
"""

from __future__ import annotations

import argparse
import inspect
import sys
import threading
from pathlib import Path

from jvreader.cache import CACHE_DIR, Memory
from jvreader.config import Project, config_yaml, load_project
from jvreader.errors import JvreaderError
from jvreader.model import BuildReport
from jvreader.progress import ConsoleReporter, NullReporter, Reporter
from jvreader.site_lock import build_lock

EXIT_OK, EXIT_ERROR = 0, 1


class StrictError(JvreaderError):
    """``--strict`` and the build or check found warnings."""


def run(args: argparse.Namespace) -> int:
    handlers = {"build": build, "serve": serve, "add": add, "check": check, "deploy": deploy}
    return handlers[args.command](args)


def _project(args: argparse.Namespace, **overrides: object) -> Project:
    return load_project(args.project_dir, getattr(args, "output", None), **overrides)


def _reporter(args: argparse.Namespace) -> Reporter:
    if getattr(args, "quiet", False):
        return NullReporter()
    return ConsoleReporter(sys.stderr, verbose=getattr(args, "verbose", False))


def build(args: argparse.Namespace) -> int:
    project = _project(args, strict=args.strict, search=args.search)
    if args.print_config:
        print(config_yaml(project), end="")
        return EXIT_OK
    build_project(project, _reporter(args), quiet=args.quiet)
    return EXIT_OK


def build_project(project: Project, reporter: Reporter, quiet: bool = False) -> BuildReport:
    """Build, printing warnings and the summary; ``StrictError`` if strict and warned.

    In strict mode ``pipeline.build`` itself fails on a warning (its own or one ``check``
    would give) before the output folder is touched, so the previous site stays as it was.
    """
    report = run_pipeline(project, reporter)
    if not quiet:
        for warning in report.warnings:
            print(f"jvreader: warning: {warning}", file=sys.stderr)
        print(f"Built {_counted(report.articles, 'article')}, "
              f"{_counted(report.pages, 'page')}, {_counted(len(report.warnings), 'warning')} "
              f"in {report.seconds:.2f} s → {project.out_dir}")
    if project.strict and report.warnings:
        raise StrictError(f"strict mode: the build has {len(report.warnings)} warning(s)")
    return report


def run_pipeline(project: Project, reporter: Reporter | None = None,
                 memory: Memory | None = None) -> BuildReport:
    """``pipeline.build``, passing ``reporter`` when the pipeline accepts one; ``memory``
    keeps the last builds' big cache entries for the next build in this process."""
    from jvreader.pipeline import build as pipeline_build

    try:
        # one build at a time per output folder and per cache (``serve`` too, each rebuild)
        with build_lock(project.out_dir, project.project_dir / CACHE_DIR):
            if reporter is not None and "reporter" in inspect.signature(
                    pipeline_build).parameters:
                return pipeline_build(project, reporter=reporter, memory=memory)
            return pipeline_build(project, memory=memory)
    finally:
        close = getattr(reporter, "close", None)
        if close:
            close()


def serve(args: argparse.Namespace) -> int:
    from jvreader.serve import DevServer

    def load() -> Project:
        return _project(args, search=args.search)

    memory = Memory()  # every rebuild finds the last one's corpus and annotations here
    server = DevServer(load, lambda p: run_pipeline(p, memory=memory), host=args.host,
                       port=args.port, verbose=args.verbose)
    server.rebuild()
    server.start()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"jvreader: warning: serving to the network on {args.host}", file=sys.stderr)
    print(f"Serving {server.project.out_dir} at {server.url} (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK


def add(args: argparse.Namespace) -> int:
    from jvreader.add import add_article

    project = _project(args)
    added = add_article(args.source, project.project_dir, project.seeds_dir, args.name)
    print(f"Added {_shown(added.text_path)} and {_shown(added.sidecar_path)}")
    for key, value in added.found:
        shown = "; ".join(value) if isinstance(value, list) else value
        print(f"  found {key}: {shown}")
    if added.missing:
        print(f"  missing: {', '.join(added.missing)} — fill them in "
              f"{_shown(added.sidecar_path)}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    from jvreader.check import check_project

    project = _project(args, strict=args.strict)
    report = check_project(project)
    for error in report.errors:
        print(f"jvreader: error: {error}", file=sys.stderr)
    if not args.quiet:
        for warning in report.warnings:
            print(f"jvreader: warning: {warning}", file=sys.stderr)
        if args.verbose:
            for notice in report.notices:
                print(f"jvreader: note: {notice}", file=sys.stderr)
        site = f" and {_counted(report.pages_checked, 'page')}" if report.pages_checked else ""
        print(f"Checked {_counted(report.articles, 'article')}{site}: "
              f"{_counted(len(report.errors), 'error')}, "
              f"{_counted(len(report.warnings), 'warning')}, "
              f"{_counted(len(report.notices), 'note')}"
              + (" (strict)" if project.strict else ""))
    return EXIT_ERROR if report.failed(project.strict) else EXIT_OK


def deploy(args: argparse.Namespace) -> int:
    from jvreader.deploy import deploy as deploy_site

    project = _project(args, strict=args.strict)
    if args.build:
        build_project(project, _reporter(args), quiet=args.quiet)
    done = deploy_site(project.out_dir, project.project_dir, branch=args.branch,
                       remote=args.remote, message=args.message, cname=project.cname,
                       push=args.push)
    if not args.quiet:
        what = (f"committed {done.commit[:12]} to branch {done.branch}" if done.changed
                else f"branch {done.branch} already holds this site")
        pushed = f"; pushed {done.branch} to {args.remote}" if done.pushed else ""
        print(f"Deploy: {what}{pushed}")
    return EXIT_OK


def _counted(count: int, noun: str) -> str:
    """``1 warning``, ``2 warnings``: the summary lines' counts."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
