"""Command line: `backchannel validate|build|report|serve|list|new-episode` (also `python -m backchannel`)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths


def cmd_validate(args: argparse.Namespace) -> int:
    from .data.validate import validate

    data_dir = paths.data_dir(args.data_dir)
    problems = validate(data_dir)
    if problems:
        print(f"{len(problems)} problem(s) in the data package {data_dir}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"The data package {data_dir} is valid.")
    return 0


def cmd_new_episode(args: argparse.Namespace) -> int:
    from .data.new_episode import write_batch

    out = Path(args.out) if args.out else paths.ROOT / "batches" / args.episode_id
    try:
        written = write_batch(paths.data_dir(args.data), args.episode_id, out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} tables to fill in {out}:\n  " + "\n  ".join(p.name for p in written)
          + f"\nthen check and merge: python scripts/merge_batch.py {out} (add --apply to write data/)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from .site.reports import ReportListError, read_report_list

    try:
        reports = read_report_list(paths.data_dir(args.data))
    except (ReportListError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for report in reports:
        print(f"{report.id:48} {report.notebook:13} {report.kind:9} {report.title}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site.build import DEFAULT_OUT, BuildInterrupted, build
    from .data.problems import DataError
    from .site.reports import ReportListError

    data_dir = paths.data_dir(args.data)
    out = Path(args.out).resolve() if args.out else DEFAULT_OUT
    try:
        extra = {key: Path(value) for key, value in (("report_list", args.report_list),
                                                      ("notebooks", args.notebooks)) if value}
        results = build(data_dir, out, args.only, args.keep_code, jobs=args.jobs, force=args.force,
                        timeout=args.timeout, progress=sys.stderr.isatty(), as_of=args.as_of,
                        base_url=args.base_url, **extra)
    except DataError as exc:
        print(f"error: the build was refused; nothing was changed in {out}.\n{exc}", file=sys.stderr)
        return 1
    except (ReportListError, OSError, ValueError) as exc:  # ValueError: a bad base URL in CITATION.cff
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildInterrupted as exc:
        print(f"error: build {exc}; finished reports were written whole, the index and the other "
              f"reports in {out} were left as they were", file=sys.stderr)
        return 130
    print_summary(results, out)
    return 1 if any(not result.ok for result in results) else 0


def cmd_report(args: argparse.Namespace) -> int:
    import yaml

    from .data.problems import DataError
    from .site.one_off import OneOffError, report, text_value

    parameters = {name: text_value(value) for name, value in args.parameter}
    for text in args.yaml:
        values = yaml.safe_load(text)
        if not isinstance(values, dict):
            print(f"error: -y takes YAML of names and values, e.g. -y \"years: [1959, 1991]\"; got {text!r}",
                  file=sys.stderr)
            return 2
        parameters.update(values)
    out = Path(args.out)
    try:
        result = report(args.notebook, parameters, out, args.data, args.as_of, args.timeout)
    except OneOffError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"error: the report was refused; nothing was written.\n{exc}", file=sys.stderr)
        return 1
    if not result.ok:
        print(f"FAILED {args.notebook}: {result.error}\nnothing was written; {out} is as it was", file=sys.stderr)
        return 1
    print(f"wrote {out} in {result.seconds:.1f} s" + (f": {result.finding}" if result.finding else ""))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .site.build import DEFAULT_OUT
    from .site.serve import serve

    folder = Path(args.folder).resolve() if args.folder else DEFAULT_OUT
    if not (folder / "index.html").is_file():
        print(f"error: no site in {folder} (index.html not found): run `make reports` or `backchannel build` "
              "first", file=sys.stderr)
        return 2
    return serve(folder, args.port, args.bind)


def print_summary(results, out: Path) -> None:
    """The totals (each report had its line as it finished) and, on standard error, every failure."""
    built = [r for r in results if not r.reused]
    failed = [r for r in results if not r.ok]
    print(f"{len(built) - len(failed)} built, {len(results) - len(built)} reused, {len(failed)} failed "
          f"({sum(r.seconds for r in built):.1f} s of report time); index: {out / 'index.html'}")
    for result in failed:
        print(f"FAILED {result.report.id}: {result.error}", file=sys.stderr)


def positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


def as_of_day(text: str) -> str:
    """An --as-of value checked: a day written YYYY-MM-DD."""
    from .data.dates import as_of

    try:
        return as_of(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def base_url(text: str) -> str:
    """A --base-url value checked: an http(s) address, ending in "/"."""
    from .site.citation_items import BaseUrlError, check_base_url

    try:
        return check_base_url(text)
    except BaseUrlError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--base-url: ")) from None


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("backchannel")
    except PackageNotFoundError:
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="backchannel", description="US–Cuba back channels: validate the data, build the reports.")
    main_parser.add_argument("--version", action="version", version=f"backchannel {version()}")
    commands = main_parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check the data package and list every problem")
    check.add_argument("data_dir", nargs="?", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    check.set_defaults(run=cmd_validate)
    build = commands.add_parser("build", help="render every report to HTML")
    build.add_argument("--out", help="output folder (default: reports/site)")
    build.add_argument("--only", nargs="+", metavar="ID", help="build only these report ids")
    build.add_argument("--data", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    build.add_argument("--keep-code", action="store_true", help="keep the code cells in the HTML")
    build.add_argument("--jobs", type=positive, help="reports run at once (default: number of cores)")
    build.add_argument("--report-list", help="report list to build (default: reports/reports.toml)")
    build.add_argument("--notebooks", help="folder of the notebooks (default: notebooks/)")
    build.add_argument("--force", action="store_true", help="rebuild every report, changed or not")
    build.add_argument("--timeout", type=float, default=600.0,
                       help="seconds a notebook cell may run before the report is stopped (default 600)")
    build.add_argument("--as-of", type=as_of_day, metavar="YYYY-MM-DD",
                       help="the day the reports count 'today' from (default: $BACKCHANNEL_AS_OF, else today, UTC)")
    build.add_argument("--base-url", type=base_url, metavar="URL",
                       help="public address of the site, cited in every page's footer (default: the url of "
                            "CITATION.cff, else none: citations name the page file)")
    build.set_defaults(run=cmd_build)
    one = commands.add_parser("report", help="run one notebook with chosen parameters to a page of its own")
    one.add_argument("notebook", help="the notebook, by name (e.g. eras; see notebooks/)")
    one.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="a parameter, as papermill's -p: True, False, None and numbers are read as such, "
                          "anything else as text")
    one.add_argument("-y", "--yaml", action="append", default=[], metavar="YAML",
                     help="parameters as YAML, for lists: -y \"years: [1959, 1991]\" (as papermill's -y)")
    one.add_argument("--out", required=True, help="the page to write, e.g. eras-period.html; its notebook, chart "
                                                  "files and the site's stylesheet go beside it")
    one.add_argument("--data", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    one.add_argument("--as-of", type=as_of_day, metavar="YYYY-MM-DD",
                     help="the day the report counts 'today' from (default: $BACKCHANNEL_AS_OF, else today, UTC)")
    one.add_argument("--timeout", type=float, default=600.0,
                     help="seconds a notebook cell may run before the report is stopped (default 600)")
    one.set_defaults(run=cmd_report)
    served = commands.add_parser("serve", help="serve the built site locally (search needs a server)")
    served.add_argument("folder", nargs="?", help="site folder (default: reports/site)")
    served.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    served.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    served.set_defaults(run=cmd_serve)
    new = commands.add_parser("new-episode", help="write the rows of a new episode to fill in, as a batch folder")
    new.add_argument("episode_id", help="the new episode's id: YYYY-short-slug, e.g. 1978-carter-secret-talks")
    new.add_argument("--out", help="batch folder to write (default: batches/EPISODE_ID)")
    new.add_argument("--data", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    new.set_defaults(run=cmd_new_episode)
    listing = commands.add_parser("list", help="print the report list")
    listing.add_argument("--data", help="data folder (default: $BACKCHANNEL_DATA or data/)")
    listing.set_defaults(run=cmd_list)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
