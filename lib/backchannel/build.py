"""Render the report list to HTML: papermill runs each notebook, nbconvert exports it."""
from __future__ import annotations

import base64
import datetime as dt
import html
import os
import platform
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import paths
from .dataset import fingerprint
from .problems import DataError
from .reports import NOTEBOOKS, REPORT_LIST, Report, ReportListError, read_report_list
from .validate import validate

DEFAULT_OUT = paths.ROOT / "reports" / "site"
FINDING_KEY = "backchannel_finding"


@dataclass
class Result:
    report: Report
    ok: bool
    seconds: float
    finding: str = ""
    error: str = ""
    thumbnail: str | None = None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_report(report: Report, data_dir: Path, out: Path, keep_code: bool = False) -> Result:
    """Execute one report and write `<id>.ipynb`, `<id>.html` and a thumbnail into `out`."""
    import papermill
    from nbconvert import HTMLExporter

    started = time.perf_counter()
    parameters = {**report.parameters, "data_dir": str(data_dir)}
    error = ""
    with tempfile.TemporaryDirectory() as scratch:
        executed = Path(scratch) / f"{report.id}.ipynb"
        try:
            papermill.execute_notebook(str(report.notebook_path), str(executed), parameters=parameters,
                                       kernel_name="python3", cwd=str(report.notebook_dir), progress_bar=False)
        except Exception as exc:  # the notebook failed: keep its executed copy and show the error
            error = _one_line(exc)
            if not executed.exists():
                raise
        notebook = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(exclude_input=not keep_code, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": report.title}})
    write_atomic(out / f"{report.id}.ipynb", nbformat.writes(notebook).encode())
    write_atomic(out / f"{report.id}.html", body.encode())
    thumbnail = _first_png(notebook)
    if thumbnail:
        write_atomic(out / "thumbs" / f"{report.id}.png", thumbnail)
    return Result(report, not error, time.perf_counter() - started, _finding(notebook), error,
                  f"thumbs/{report.id}.png" if thumbnail else None)


def _one_line(exc: Exception) -> str:
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    return f"{name}: {value}".strip().splitlines()[0][:300]


def _outputs(notebook):
    for cell in notebook.cells:
        yield from cell.get("outputs", [])


def _first_png(notebook) -> bytes | None:
    for output in _outputs(notebook):
        png = output.get("data", {}).get("image/png")
        if png:
            return base64.b64decode(png)
    return None


def _finding(notebook) -> str:
    for output in _outputs(notebook):
        finding = output.get("metadata", {}).get(FINDING_KEY)
        if finding:
            return finding
    return ""


def build(data_dir: Path, out: Path = DEFAULT_OUT, only: list[str] | None = None,
          keep_code: bool = False, log=print, report_list: Path = REPORT_LIST,
          notebooks: Path = NOTEBOOKS) -> list[Result]:
    """Validate the data, then render the reports (all, or the ids in `only`) and the index.

    Raises DataError or ReportListError before any notebook runs."""
    problems = validate(data_dir)
    if problems:
        raise DataError(data_dir, problems)
    reports = read_report_list(data_dir, report_list, notebooks)
    if only:
        known = {report.id for report in reports}
        unknown = [report_id for report_id in only if report_id not in known]
        if unknown:
            raise ReportListError(f"unknown report id(s): {', '.join(unknown)}; known ids: "
                                  + ", ".join(sorted(known)))
        reports = [report for report in reports if report.id in only]
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for report in reports:
        log(f"building {report.id} ({report.notebook}) ...")
        result = run_report(report, data_dir, out, keep_code)
        log(f"  {'ok' if result.ok else 'FAILED'} in {result.seconds:.1f} s"
            + (f": {result.error}" if result.error else ""))
        results.append(result)
    write_atomic(out / "index.html", render_index(results, data_dir).encode())
    return results


def render_index(results: list[Result], data_dir: Path) -> str:
    """The index page: every report grouped by kind, with finding, thumbnail and status."""
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.report.kind, []).append(result)
    e = html.escape
    sections = []
    for kind, members in groups.items():
        cards = []
        for r in members:
            thumb = (f'<img src="{e(r.thumbnail)}" alt="First chart of {e(r.report.title)}" loading="lazy">'
                     if r.thumbnail else '<div class="nothumb">no chart</div>')
            status = ('<p class="failed">Failed: ' + e(r.error) + "</p>") if not r.ok else ""
            cards.append(f'<li class="card{"" if r.ok else " is-failed"}"><a href="{e(r.report.id)}.html">'
                         f"{thumb}<h3>{e(r.report.title)}</h3></a>{status}"
                         f'<p class="finding">{e(r.finding)}</p></li>')
        sections.append(f'<section><h2>{e(kind.capitalize())}</h2><ul class="cards">{"".join(cards)}</ul></section>')
    failed = sum(not r.ok for r in results)
    built = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    details = (f"Data version {e(fingerprint(data_dir))} · {len(results)} reports, {failed} failed · "
               f"built {built} · Python {e(platform.python_version())}")
    return INDEX_TEMPLATE.format(sections="".join(sections), details=details)


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Back channels between the United States and Cuba: reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #222; }}
.cards {{ list-style: none; padding: 0; display: grid; gap: 1rem;
          grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }}
.card {{ border: 1px solid #ccc; border-radius: 6px; padding: .75rem; overflow-wrap: anywhere; }}
.card img {{ width: 100%; height: auto; }}
.card h3 {{ margin: .5rem 0; font-size: 1.05rem; }}
.card a {{ color: inherit; text-decoration: none; }}
.is-failed {{ border-color: #d55e00; background: #fff4ec; }}
.failed {{ color: #a33c00; font-weight: bold; }}
.nothumb {{ height: 6rem; display: grid; place-items: center; background: #f3f3f3; color: #666; }}
footer {{ color: #555; font-size: .9rem; margin-top: 2rem; }}
</style></head>
<body><header><h1>Back channels between the United States and Cuba, 1959 to today</h1>
<p>Reports rendered from the backchannel notebooks and dataset.</p></header>
<main>{sections}</main>
<footer>{details}</footer></body></html>
"""
