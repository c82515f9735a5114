"""The report list, reports/reports.toml: which notebook runs with which parameters."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..data.csv_files import read_table
from ..paths import ROOT

REPORT_LIST = ROOT / "reports" / "reports.toml"
NOTEBOOKS = ROOT / "notebooks"
EPISODES = "episodes"  # the kind of the per-episode reports (listed on episodes.html)
CONTINUED = "continued"  # the kind of a split report's later pages, reached from its first page
UNLISTED = (EPISODES, CONTINUED)  # kinds the front page shows as cards only when they fail or are out of date


class ReportListError(ValueError):
    """The report list names an unknown notebook, repeats an id or lacks a field."""


@dataclass(frozen=True)
class Report:
    id: str
    notebook: str
    title: str
    kind: str
    parameters: dict = field(default_factory=dict)
    notebook_dir: Path = NOTEBOOKS

    @property
    def notebook_path(self) -> Path:
        return self.notebook_dir / f"{self.notebook}.ipynb"


def episode_rows(data_dir: Path) -> list[dict]:
    """The rows of episodes.csv as dictionaries of strings."""
    return read_table(data_dir, "episodes")[1]


def read_report_list(data_dir: Path, path: Path = REPORT_LIST, notebooks: Path = NOTEBOOKS) -> list[Report]:
    """Read and check the report list, one episode report per episode of `data_dir`.

    Raises ReportListError naming the entry at fault."""
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ReportListError(f"{path}: cannot be read: {exc}") from exc
    entries = list(spec.get("report", []))
    for number, each in enumerate(spec.get("per_episode", []), start=1):
        missing = [key for key in ("notebook", "title_prefix", "kind") if key not in each]
        if missing:
            raise ReportListError(f"{path}: per_episode #{number} lacks {', '.join(missing)}")
        entries += [{"id": f"episode-{row['episode_id']}", "notebook": each["notebook"],
                     "title": each["title_prefix"] + row["title"], "kind": each["kind"],
                     "parameters": {"episode_id": row["episode_id"]}} for row in episode_rows(data_dir)]
    reports, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in ("id", "notebook", "title", "kind") if key not in entry]
        if missing:
            raise ReportListError(f"{path}: report #{number} lacks {', '.join(missing)}")
        report = Report(entry["id"], entry["notebook"], entry["title"], entry["kind"],
                        dict(entry.get("parameters", {})), notebooks)
        if report.id in seen:
            raise ReportListError(f"{path}: report id {report.id!r} appears twice")
        if not report.notebook_path.is_file():
            known = sorted(p.stem for p in notebooks.glob("*.ipynb"))
            raise ReportListError(f"{path}: report {report.id!r} names notebook {report.notebook!r}, "
                                  f"which does not exist; known notebooks: {', '.join(known)}")
        seen.add(report.id)
        reports.append(report)
    return reports
