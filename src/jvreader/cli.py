"""The command line: ``jvreader build [PROJECT_DIR] [-o OUTPUT]``.

``main(argv)`` returns the exit code, so tests call it in-process. Problems the user can
fix (``JvreaderError``) print one clear message and exit 1; they never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from jvreader import __version__
from jvreader.errors import JvreaderError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jvreader",
        description="Build an annotated, source-attributed reader from a folder of articles.",
        epilog="Run 'jvreader COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"jvreader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser(
        "build",
        help="build the site from PROJECT_DIR/seeds into PROJECT_DIR/build",
        description=(
            "Load every article in PROJECT_DIR/seeds (*.txt, *.md, with optional YAML front "
            "matter or a NAME.yaml sidecar), clean it, and write the site. The new site is "
            "built beside the output folder and swapped in only when complete, so a failed "
            "build leaves the previous site intact."
        ),
        epilog="Example: jvreader build . -o public",
    )
    build.add_argument("project_dir", nargs="?", default=".", type=Path, metavar="PROJECT_DIR",
                       help="folder holding seeds/ and optional templates/, static/, "
                            "jvreader.yml (default: the current folder)")
    build.add_argument("-o", "--output", type=Path, default=None, metavar="OUTPUT",
                       help="output folder (default: PROJECT_DIR/build)")
    build.add_argument("-q", "--quiet", action="store_true",
                       help="print nothing but errors")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _build(args)
    except JvreaderError as exc:
        print(f"jvreader: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("jvreader: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    # Imported here so `jvreader --help` stays instant.
    from jvreader.config import load_project
    from jvreader.pipeline import build

    project = load_project(args.project_dir, args.output)
    report = build(project)
    if not args.quiet:
        for warning in report.warnings:
            print(f"jvreader: warning: {warning}", file=sys.stderr)
        plural = "" if len(report.warnings) == 1 else "s"
        print(f"Built {report.articles} articles, {report.pages} pages, "
              f"{len(report.warnings)} warning{plural} in {report.seconds:.2f} s "
              f"→ {project.out_dir}")
    return EXIT_OK
