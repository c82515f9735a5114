"""The report list, reports/reports.toml: which notebook runs with which parameters."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .paths import ROOT

REPORT_LIST = ROOT / "reports" / "reports.toml"
NOTEBOOKS = ROOT / "notebooks"


class ReportListError(ValueError):
    """The report list names an unknown notebook, repeats an id or lacks a field."""


@dataclass(frozen=True)
class Report:
    id: str
    notebook: str
    title: str
    kind: str
    parameters: dict = field(default_factory=dict)

    @property
    def notebook_path(self) -> Path:
        return NOTEBOOKS / f"{self.notebook}.ipynb"


def read_report_list(path: Path = REPORT_LIST) -> list[Report]:
    """Read and check the report list; raise ReportListError naming the entry at fault."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("report", [])
    reports, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in ("id", "notebook", "title", "kind") if key not in entry]
        if missing:
            raise ReportListError(f"{path}: report #{number} lacks {', '.join(missing)}")
        report = Report(entry["id"], entry["notebook"], entry["title"], entry["kind"],
                        dict(entry.get("parameters", {})))
        if report.id in seen:
            raise ReportListError(f"{path}: report id {report.id!r} appears twice")
        if not report.notebook_path.is_file():
            raise ReportListError(f"{path}: report {report.id!r} names notebook "
                                  f"{report.notebook!r}, but {report.notebook_path} does not exist")
        seen.add(report.id)
        reports.append(report)
    return reports
