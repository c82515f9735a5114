"""Render the report list to a static site: validate, plan, run reports in parallel, write the index."""
from __future__ import annotations

import base64
import json
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from pathlib import Path

from .. import paths
from . import build_plan
from ..data import dates
from . import frame
from ..data.version import checked_version
from . import citation_items, citing
from .citation_block import site_citation
from .assets import write_assets
from .downloads import write_downloads
from .pages import write_pages
from .search import FACETS_CACHE, index_site, is_indexed, report_facets
from .render import Result, run_report, warm_up, write_atomic
from .reports import NOTEBOOKS, REPORT_LIST, Report, ReportListError, episode_rows, read_report_list

DEFAULT_OUT = paths.ROOT / "reports" / "site"
DEFAULT_TIMEOUT = 600.0
# A 1x1 transparent PNG: browsers ask every site for /favicon.ico.
FAVICON = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


class BuildInterrupted(KeyboardInterrupt):
    """The build was stopped (Ctrl-C); finished reports are complete, the index was not rewritten."""


def select_reports(reports: list[Report], only: list[str] | None) -> list[Report]:
    if not only:
        return reports
    known = {report.id for report in reports}
    unknown = [report_id for report_id in only if report_id not in known]
    if unknown:
        from ..data.problems import did_you_mean

        named = "; ".join(f"{report_id!r}{did_you_mean(report_id, known)}" for report_id in unknown)
        raise ReportListError(f"unknown report id(s): {named}; known ids: " + ", ".join(sorted(known)))
    return [report for report in reports if report.id in only]


def build(data_dir: Path, out: Path = DEFAULT_OUT, only: list[str] | None = None,
          keep_code: bool = False, log=print, report_list: Path = REPORT_LIST,
          notebooks: Path = NOTEBOOKS, jobs: int | None = None, force: bool = False,
          timeout: float | None = DEFAULT_TIMEOUT, progress: bool = False, as_of=None,
          base_url: str | None = None) -> list[Result]:
    """Validate the data, then render the reports (all, or the ids in `only`) and the index.

    `as_of` (YYYY-MM-DD, default $BACKCHANNEL_AS_OF, else today) is the day every report counts "today" from;
    it is part of the build key, so the same data and date give the same pages. `base_url` (default: the `url`
    of CITATION.cff, else none) is the site's public address every page's citation names; part of the key too.

    Reports whose inputs did not change since their last successful build are reused, unless `force`.
    With `only`, the index still lists every report built before, from the manifest.
    Returns the results of the reports asked for. Raises DataError, ReportListError or citation_items.BaseUrlError
    before any notebook runs."""
    started = time.perf_counter()
    day = dates.as_of(as_of).isoformat()
    base = citation_items.site_base_url(base_url)
    version = checked_version(data_dir)
    every = read_report_list(data_dir, report_list, notebooks)
    reports = select_reports(every, only)
    out.mkdir(parents=True, exist_ok=True)
    manifest = build_plan.read_manifest(out)
    shared = build_plan.shared_key(data_dir, keep_code, options={"as_of": day, "base_url": base,
                                                                   "citation": citing.inputs_digest()})
    episodes = {row["episode_id"]: row for row in episode_rows(data_dir)}
    around = frame.neighbours(every, episodes)  # an episode's page links to the episodes before and after it
    facets_table, facets = report_facets(data_dir, day, every, out / FACETS_CACHE, shared + version)  # an episode's
    # page carries the search's filters
    keys = {report.id: build_plan.report_key(report, shared, build_plan.data_key(report, data_dir, version)
                                             + repr(around.get(report.id)) + repr(facets.get(report.id)))
            for report in reports}
    results: dict[str, Result] = {}
    todo = []
    for report in reports:
        if not force and build_plan.is_current(report, keys[report.id], manifest, out):
            results[report.id] = _from_manifest(report, manifest[report.id])
        else:
            todo.append(report)
    log(f"{len(todo)} report(s) to build, {len(results)} unchanged and reused")
    with ThreadPoolExecutor(1) as helper:  # the downloads, in the main process, which otherwise only waits
        downloads = helper.submit(write_downloads, data_dir, out, version)
        bibliography = helper.submit(citing.write_bibliography, data_dir, out, version)
        try:
            for result in _run_all(todo, data_dir, out, version, keep_code, jobs, timeout, progress, day,
                                   base, around, facets):
                results[result.report.id] = result
                log(f"  {result.report.id}: {'ok' if result.ok else 'FAILED'} in {result.seconds:.1f} s"
                    + (f" ({result.error})" if result.error else ""))
                manifest[result.report.id] = {"key": keys[result.report.id], "ok": result.ok,
                                              "seconds": result.seconds, "finding": result.finding,
                                              "error": result.error, "thumbnail": result.thumbnail,
                                              "version": version, "as_of": day}
                write_atomic(out / build_plan.MANIFEST, json.dumps(manifest, indent=1).encode())
        except KeyboardInterrupt as exc:
            raise BuildInterrupted(f"interrupted after {len(results)} of {len(reports)} reports") from exc
        downloads.result()  # raises what the downloads raised
        bibliography.result()
    ordered = [results[report.id] for report in reports]
    listed = [results.get(report.id) or _from_manifest(report, manifest.get(report.id), out) for report in every]
    seconds = time.perf_counter() - started
    write_atomic(out / "favicon.ico", FAVICON)
    write_assets(out)
    cite = site_citation(out, version, base, day)["html"]
    write_pages(out, [r for r in listed if r], facets_table, version, seconds, day, cite)
    if todo or not is_indexed(out):  # the index covers the reports only: unchanged reports, unchanged index
        index_site(out)
    return ordered


def _from_manifest(report: Report, entry: dict | None, out: Path | None = None) -> Result | None:
    """A report's last result as the manifest remembers it (None if it was never built into `out`)."""
    if not entry or (out and not (out / f"{report.id}.html").is_file()):
        return None
    return Result(report, entry["ok"], entry["seconds"], entry["finding"], entry.get("error", ""),
                  entry["thumbnail"], reused=True, version=entry.get("version", ""))


def _run_all(todo: list[Report], data_dir: Path, out: Path, version: str, keep_code: bool, jobs: int | None,
             timeout: float | None, progress: bool, as_of: str, base_url: str | None = None,
             around: dict | None = None, facets: dict | None = None):
    """Yield results as the reports finish, `jobs` at a time, each in a fresh kernel."""
    if not todo:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    bar = _progress(len(todo)) if progress else None
    context = _worker_context()
    from .forked import start_template

    template = start_template(data_dir)  # one for all workers: its imports and the data read once per build
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=warm_up,
                             initargs=(template.address if template else None, dict(os.environ), os.getcwd())) as pool:
        pending = {pool.submit(run_report, report, data_dir, out, version, keep_code, timeout, as_of, base_url,
                               (around or {}).get(report.id), (facets or {}).get(report.id))
                   for report in todo}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    if bar:
                        bar.advance()
                    yield future.result()
        except BaseException:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            if bar:
                bar.stop()


def _worker_context():
    """Workers forked from a server that has imported their machinery once (`worker_imports`), where the
    platform has one; else spawned, each importing it. Either way a worker starts without the build's threads;
    `warm_up` gives it the build's environment and directory (the server keeps those it started with)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["backchannel.site.worker_imports"])
    return context


class _progress:
    """A rich progress bar on stderr."""

    def __init__(self, total: int):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress("building reports", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             transient=True)
        self._task = self._bar.add_task("build", total=total)
        self._bar.start()

    def advance(self) -> None:
        self._bar.advance(self._task)

    def stop(self) -> None:
        self._bar.stop()
