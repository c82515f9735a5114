"""Render one report: papermill runs the notebook in a fresh kernel, nbconvert exports it to HTML.

Runs inside build workers, which import papermill and the exporter once (`warm_up`)."""
from __future__ import annotations

import os
import tempfile
import time
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

from ..analysis import FINDING_KEY
from .reports import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass
class Result:
    report: Report
    ok: bool
    seconds: float
    finding: str = ""
    error: str = ""
    thumbnail: str | None = None
    reused: bool = False
    version: str = ""  # the data version the page was built from


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # readable by a web server, like any file the build writes
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def warm_up(template: str | None = None, environment: dict[str, str] | None = None, cwd: str | None = None) -> None:
    """Ready a worker process: the execution and export machinery imported (once per worker, if the process
    that forked it has not), the build's `environment` and working directory `cwd` taken, kernels forked from the
    build's template at address `template`, if there is one."""
    from . import worker_imports  # noqa: F401
    from .forked import use_template

    if environment is not None:
        os.environ.clear()
        os.environ.update(environment)
    if cwd:
        os.chdir(cwd)

    use_template(template)


def run_report(report: Report, data_dir: Path, out: Path, version: str, keep_code: bool = False,
               timeout: float | None = None, as_of: str | None = None, base_url: str | None = None,
               around=None, facets: dict[str, list[str]] | None = None) -> Result:
    """Execute one report as of day `as_of` (YYYY-MM-DD, passed to the kernel as $BACKCHANNEL_AS_OF) and write
    `<id>.ipynb`, `<id>.html` and its charts' files (`figures/`, the first one the report's thumbnail) into `out`.

    A failing, dying or hung notebook still gets its HTML, with the error shown. The page's header links the
    site's sections and, for an episode, the episodes `around` it (`frame.Neighbours`); its `facets` ({name:
    values}) are the search's filters for the page. The page's footer cites it at
    `base_url` (checked by the build) + `<id>.html`, with its BibTeX, RIS and CSL-JSON files in `out/cite/`."""
    import nbformat

    from ..data.dates import AS_OF_ENV, as_of as day_of
    from .citation_block import page_citation
    from .assets import head_links
    from .figure_files import REPORT_KEY, published
    from .frame import header

    as_of = day_of(as_of).isoformat()
    os.environ[AS_OF_ENV] = as_of  # this worker runs one report at a time; its kernels inherit the date
    started = time.perf_counter()
    notebook, error = _execute(report, data_dir, timeout)
    _retitle(notebook, report)
    _steady_ids(notebook)

    body, resources = _exporter(keep_code).from_notebook_node(notebook, resources={"metadata": {"name": report.title},
                                                               REPORT_KEY: report.id,
                                                               "backchannel": citation(report, version, as_of),
                                                               "backchannel_header": header(
                                                                   f"{report.id}.html", report.title, report.kind,
                                                                   around, contents(notebook)),
                                                               "backchannel_facets": facets or {},
                                                               "backchannel_head": head_links(),
                                                               "backchannel_cite": page_citation(
                                                                   out, report.id, report.title, version, base_url,
                                                                   as_of)})
    write_atomic(out / f"{report.id}.ipynb", nbformat.writes(published(notebook)).encode())
    write_atomic(out / f"{report.id}.html", body.encode())
    for path, content in resources["outputs"].items():
        write_atomic(out / path, content)
    return Result(report, not error, time.perf_counter() - started, _finding(notebook), error,
                  resources.get("thumbnail"), version=version)


@lru_cache(maxsize=2)
def _exporter(keep_code: bool):
    """The HTML exporter with the site's template and the charts' files, made once per worker (its templates load
    once)."""
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    from .figure_files import FigureFiles

    class SiteExporter(HTMLExporter):
        """nbconvert's HTML exporter without its last pass, which parses the whole page again (BeautifulSoup, a
        fifth of a second a page) to give images without alt text a placeholder and make every output focusable:
        the site's images carry their alt text, and site.js makes focusable the outputs that scroll."""

        def from_notebook_node(self, nb, resources=None, **kw):
            language = nb.metadata.get("language_info", {})
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", Highlight2HTML(
                pygments_lexer=language.get("pygments_lexer", language.get("name")), parent=self))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    exporter = SiteExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=not keep_code, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(FigureFiles(), enabled=True)
    return exporter


def contents(notebook) -> list[tuple[str, str]]:
    """The page's section headings ('## ' lines of its markdown cells) as (anchor, text), anchors as nbconvert
    makes them; none for a page with fewer than three."""
    import html

    import lxml.html
    from nbconvert.filters.strings import add_anchor

    found = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    text = line[3:].strip()
                    found.append((lxml.html.fromstring(add_anchor(f"<h2>{html.escape(text)}</h2>")).get("id"), text))
    return found if len(found) >= 3 else []


def _markdown_text(text: str) -> str:
    """Plain text made safe for a markdown cell: HTML escaped, markdown punctuation backslashed."""
    import html
    import re

    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~])", r"\\\1", html.escape(text, quote=False))


def parameters_in_words(report: Report) -> str:
    """The parameters a report was run with, as a sentence (episode reports name their episode in the title)."""
    from ..analysis.labels import column, value

    shown = {key: val for key, val in report.parameters.items() if key != "episode_id"}
    if not shown:
        return ""
    parts = []
    for key, val in shown.items():
        vals = val if isinstance(val, list) else [val]
        parts.append(f"{column(key)}: " + ", ".join(value(v) for v in vals))
    return "Shown for " + "; ".join(parts) + "."


def _steady_ids(notebook) -> None:
    """Give papermill's injected parameters cell a fixed id (papermill draws a random one), so the same data,
    parameters and as-of date give byte-identical pages."""
    for cell in notebook.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"


def _retitle(notebook, report: Report) -> None:
    """Head the page with the report's own title and the parameters in force, not the notebook's heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            rest = lines[1:] if lines and lines[0].startswith("# ") else lines
            head = [f"# {_markdown_text(report.title)}"]
            words = parameters_in_words(report)
            if words:
                head.append(f"*{_markdown_text(words)}*")
            cell.source = "\n".join(head + [""] + rest)
            return


def day_in_words(day: str) -> str:
    """A day YYYY-MM-DD as a reader writes it: '25 November 2026'."""
    from ..data.dates import in_words

    return in_words(day)


def citation(report: Report, version: str, as_of: str) -> dict:
    """What the page's "cite this page" line names: its title, the data version and the as-of date."""
    return {"title": report.title, "version": version, "date": day_in_words(as_of), "page": f"{report.id}.html"}


def _execute(report: Report, data_dir: Path, timeout: float | None):
    import nbformat
    import papermill

    from .kernels import KERNEL_MANAGER, START_ATTEMPTS, failed_to_start

    parameters = {**report.parameters, "data_dir": str(data_dir)}
    with tempfile.TemporaryDirectory() as scratch:
        executed = Path(scratch) / f"{report.id}.ipynb"
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                papermill.execute_notebook(str(report.notebook_path), str(executed), parameters=parameters,
                                           kernel_name="python3", cwd=str(report.notebook_dir),
                                           progress_bar=False, execution_timeout=timeout,
                                           kernel_manager_class=KERNEL_MANAGER, request_save_on_cell_execute=False,
                                           shutdown_kernel="immediate")
                return nbformat.read(executed, as_version=4), ""
            except Exception as exc:  # noqa: BLE001 - every failure becomes a visible report
                if failed_to_start(exc) and attempt < START_ATTEMPTS:
                    continue  # the kernel did not start (no cell ran): start a fresh one
                error = _one_line(exc, timeout)
                source = executed if executed.exists() else report.notebook_path
                return _with_error_banner(nbformat.read(source, as_version=4), error), error
    raise AssertionError("unreachable")


def _with_error_banner(notebook, error: str):
    """Put the build error at the top of the report, where a reader sees it first."""
    import nbformat

    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        "", outputs=[nbformat.v4.new_output("error", ename="BuildError", evalue=error, traceback=[error])]))
    return notebook


def _one_line(exc: Exception, timeout: float | None) -> str:
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    if "timed out" in str(exc).lower() or "TimeoutError" in name:
        name, value = "Timeout", f"a cell ran longer than the {timeout:g} s limit and was stopped"
    elif "DeadKernel" in name or "Kernel died" in str(exc):
        name, value = "KernelDied", "the kernel died while running the notebook"
    return f"{name}: {value}".strip().splitlines()[0][:300]


def _outputs(notebook):
    for cell in notebook.cells:
        yield from cell.get("outputs", [])


def _finding(notebook) -> str:
    for output in _outputs(notebook):
        finding = output.get("metadata", {}).get(FINDING_KEY)
        if finding:
            return finding
    return ""
