"""Command line: `backchannel validate|build|list` (also `python -m backchannel`)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .validate import validate


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data_dir)
    problems = validate(data_dir)
    if problems:
        print(f"{len(problems)} problem(s) in the data package {data_dir}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"The data package {data_dir} is valid.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from .reports import ReportListError, read_report_list

    try:
        reports = read_report_list(paths.data_dir(args.data))
    except (ReportListError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for report in reports:
        print(f"{report.id:48} {report.notebook:13} {report.kind:9} {report.title}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import DEFAULT_OUT, build
    from .problems import DataError
    from .reports import ReportListError

    data_dir = paths.data_dir(args.data)
    out = Path(args.out).resolve() if args.out else DEFAULT_OUT
    try:
        results = build(data_dir, out, args.only, args.keep_code)
    except DataError as exc:
        print(f"error: the build was refused; nothing was changed in {out}.\n{exc}", file=sys.stderr)
        return 1
    except (ReportListError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    failed = [result for result in results if not result.ok]
    print(f"{len(results) - len(failed)} of {len(results)} reports built in {out}; index: {out / 'index.html'}")
    for result in failed:
        print(f"FAILED {result.report.id}: {result.error}", file=sys.stderr)
    return 1 if failed else 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="backchannel", description="US–Cuba back channels: validate the data, build the reports.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check the data package and list every problem")
    check.add_argument("data_dir", nargs="?", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    check.set_defaults(run=cmd_validate)
    build = commands.add_parser("build", help="render every report to HTML")
    build.add_argument("--out", help="output folder (default: reports/site)")
    build.add_argument("--only", nargs="+", metavar="ID", help="build only these report ids")
    build.add_argument("--data", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    build.add_argument("--keep-code", action="store_true", help="keep the code cells in the HTML")
    build.set_defaults(run=cmd_build)
    listing = commands.add_parser("list", help="print the report list")
    listing.add_argument("--data", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    listing.set_defaults(run=cmd_list)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
