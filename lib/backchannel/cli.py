"""Command line: `backchannel validate|build|list` (also `python -m backchannel`)."""
from __future__ import annotations

import argparse
import sys

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
    from .reports import read_report_list

    reports = read_report_list()
    if not reports:
        print("The report list is empty: no notebook has been added to reports/reports.toml yet.")
    for report in reports:
        print(f"{report.id:32} {report.notebook:14} {report.title}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .reports import read_report_list

    if not read_report_list():
        print("Nothing to build: reports/reports.toml lists no reports yet.")
        return 0
    raise NotImplementedError


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
    build.set_defaults(run=cmd_build)
    listing = commands.add_parser("list", help="print the report list")
    listing.set_defaults(run=cmd_list)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
