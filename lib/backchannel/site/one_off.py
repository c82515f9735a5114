"""One report on demand: a notebook run with the parameters a reader chooses, through the build's own engine (a
fresh kernel, the site's exporter, its stylesheet and chart files), written as a page of its own beside the
site or anywhere else; the report list is left as it is. `backchannel report` is its command line."""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from .. import paths
from .reports import NOTEBOOKS, Report

ONE_OFF = "one-off"  # the kind of a report run on demand
PAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\.html$")


class OneOffError(ValueError):
    """A notebook, a parameter or an output path that a one-off report cannot take, named with the choices."""


def notebook_parameters(notebook: str, notebooks: Path = NOTEBOOKS) -> dict[str, str]:
    """The parameters of `notebook` (its cell tagged `parameters`) with their help text, as papermill reads them."""
    import papermill

    path = notebooks / f"{notebook}.ipynb"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in notebooks.glob("*.ipynb")))
        raise OneOffError(f"no notebook {notebook!r} in {notebooks}; the notebooks: {known}")
    return {name: spec.get("help", "") for name, spec in papermill.inspect_notebook(str(path)).items()}


def text_value(text: str):
    """A value given as text, read as papermill's `-p` reads it: True, False, None, a whole or decimal number,
    else the text itself (lists go as YAML, papermill's `-y`)."""
    if text in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[text]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def report(notebook: str, parameters: dict, out: Path, data_dir=None, as_of: str | None = None,
           timeout: float | None = 600.0, notebooks: Path = NOTEBOOKS):
    """Run `notebook` with `parameters` and write its page to `out` (a path ending in .html), with the page's
    notebook, chart files, citation files and the site's stylesheet beside it. Returns the build's `Result`.

    A parameter the notebook does not have is refused before anything runs (OneOffError naming its
    parameters); a value it refuses fails the report with the notebook's own message (the allowed values), and
    then nothing is written: a page already at `out` stays as it was. Raises DataError for invalid data."""
    from ..data.version import checked_version
    from .assets import write_assets
    from .render import run_report

    out = Path(out).resolve()
    if not PAGE_NAME.match(out.name):
        raise OneOffError(f"--out must name an .html file of letters, digits, '-' and '_' (e.g. eras-period.html), "
                          f"not {out.name!r}")
    known = {name: text for name, text in notebook_parameters(notebook, notebooks).items() if name != "data_dir"}
    unknown = sorted(set(parameters) - set(known))  # data_dir too: the data folder is `data_dir` (--data)
    if unknown:
        raise OneOffError(f"notebook {notebook!r} has no parameter {', '.join(map(repr, unknown))}; its parameters: "
                          + "; ".join(f"{name} ({help_text})" if help_text else name
                                      for name, help_text in known.items()))
    data_dir = paths.data_dir(data_dir)
    version = checked_version(data_dir)
    title = _heading(notebooks / f"{notebook}.ipynb")
    one = Report(out.stem, notebook, title, ONE_OFF, dict(parameters), notebooks)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".one-off-") as scratch:
        scratch = Path(scratch)
        write_assets(scratch)
        result = run_report(one, data_dir, scratch, version, timeout=timeout, as_of=as_of)
        if result.ok:
            for path in sorted(scratch.rglob("*")):
                if path.is_file():
                    target = out.parent / path.relative_to(scratch)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(path, target)
    return result


def _heading(path: Path) -> str:
    """The notebook's own title: the first '# ' line of its first markdown cell."""
    import nbformat

    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem
