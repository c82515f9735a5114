"""Charts to take away: an nbconvert preprocessor that gives each chart of a page its files in `figures/` (SVG, PNG,
data as CSV, and the drawing phones show) and links them from the chart's caption.

The kernel puts what the files hold in the chart's display bundle (`svg.bundle`); `run_report` writes
`resources["outputs"]` (path in the site -> bytes) with `write_atomic`."""
from __future__ import annotations

import base64

from nbconvert.preprocessors import Preprocessor

from ..analysis import FIGURE_KEY
from ..analysis.svg import figure_tail

FOLDER = "figures"
REPORT_KEY = "backchannel_report_id"  # resources: the id of the report being exported


def figure_files(report_id: str, number: int, figure: dict, page: str) -> dict[str, bytes]:
    """The files of figure `number` of a report (path in the site -> bytes), from its bundle."""
    stem = f"{FOLDER}/{report_id}-{number}"
    svg = page[page.index("<svg"):page.index("</svg>") + len("</svg>")]
    return {f"{stem}.svg": svg.encode(), f"{stem}.png": base64.b64decode(figure["png"]),
            f"{stem}.csv": figure["csv"].encode(), f"{stem}-phone.svg": figure["phone_svg"].encode()}


class FigureFiles(Preprocessor):
    """Collect each chart's files into `resources["outputs"]` and link them from its caption."""

    def preprocess(self, nb, resources):
        resources.setdefault("outputs", {})
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            figure = output.get("metadata", {}).get(FIGURE_KEY)
            page = output.get("data", {}).get("text/html")
            if not figure or not page or "image/png" not in output["data"]:
                continue
            files = figure_files(resources[REPORT_KEY], figure["number"], {**figure, "png": output["data"]["image/png"]},
                                 page)
            resources["outputs"].update(files)
            links = dict(zip(("svg", "png", "csv", "phone"), files))
            output["data"]["text/html"] = page.replace(figure_tail(figure), figure_tail(figure, links))
        return cell, resources
