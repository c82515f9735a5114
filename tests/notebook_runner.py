"""Run a notebook with papermill and read back what it showed."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill

from backchannel.analysis import FINDING_KEY, TABLE_KEY
from backchannel.paths import ROOT
from backchannel.site.kernels import KERNEL_MANAGER

NOTEBOOKS = ROOT / "notebooks"


@dataclass
class Executed:
    notebook: nbformat.NotebookNode

    def outputs(self):
        for cell in self.notebook.cells:
            yield from cell.get("outputs", [])

    @property
    def findings(self) -> list[str]:
        return [o["metadata"][FINDING_KEY] for o in self.outputs() if FINDING_KEY in o.get("metadata", {})]

    @property
    def figures(self) -> int:
        return len(self.charts)

    @property
    def charts(self) -> list[str]:
        """The inline SVG of every chart the notebook showed."""
        pages = ("".join(o.get("data", {}).get("text/html", "")) for o in self.outputs())
        return [page for page in pages if '<figure class="bc-chart">' in page]

    def table(self, caption_start: str) -> list[dict]:
        for output in self.outputs():
            table = output.get("metadata", {}).get(TABLE_KEY)
            if table and table["caption"].startswith(caption_start):
                return table["records"]
        raise KeyError(f"no table whose caption starts with {caption_start!r}")


def run(name: str, tmp_path: Path, **parameters) -> Executed:
    out = tmp_path / f"{name}-out.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=parameters,
                               kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False,
                               kernel_manager_class=KERNEL_MANAGER)
    return Executed(nbformat.read(out, as_version=4))
