"""Charts to take away: an nbconvert preprocessor that gives each chart of a page its files in `figures/` (SVG, PNG,
data as CSV, and the drawing phones show) and links them from the chart's caption; the first chart's SVG file is
the report's thumbnail on the front page (`resources["thumbnail"]`).

The kernel puts what the files hold in the chart's display bundle (`svg.bundle`); `run_report` writes
`resources["outputs"]` (path in the site -> bytes) with `write_atomic`."""
from __future__ import annotations

import base64
import html
import re

from nbconvert.preprocessors import Preprocessor

from ..analysis import FIGURE_KEY
from ..analysis.svg import figure_tail

FOLDER = "figures"
REPORT_KEY = "backchannel_report_id"  # resources: the id of the report being exported
INLINE_LIMIT = 25_000  # bytes: a chart without links larger than this (a map) is shown from its file, not inlined


def figure_files(report_id: str, number: int, figure: dict, page: str) -> dict[str, bytes]:
    """The files of figure `number` of a report (path in the site -> bytes), from its bundle."""
    stem = f"{FOLDER}/{report_id}-{number}"
    start, end = _svg_span(page)
    return {f"{stem}.svg": page[start:end].encode(), f"{stem}.png": base64.b64decode(figure["png"]),
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
            resources.setdefault("thumbnail", links["svg"])
            page = page.replace(figure_tail(figure), figure_tail(figure, links))
            output["data"]["text/html"] = _from_file(page, links["svg"], figure["alt"])
        return cell, resources


def published(notebook):
    """A copy of the executed notebook as the site offers it: each chart as its page shows it (inline SVG and
    caption), without the PNG, data and phone drawing that are files of their own in `figures/`."""
    import copy

    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            figure = output.get("metadata", {}).get(FIGURE_KEY)
            if figure:
                output["data"].pop("image/png", None)
                output["metadata"][FIGURE_KEY] = {k: v for k, v in figure.items() if k not in ("csv", "phone_svg")}
    return notebook


def _from_file(page: str, path: str, alt: str) -> str:
    """The chart shown from its SVG file when it has no links to follow and would weigh on the page (a map's
    coastlines); a chart with links stays inline, where they work."""
    start, end = _svg_span(page)
    inline = page[start:end]
    if "<a " in inline or len(inline) <= INLINE_LIMIT:
        return page
    width = re.search(r'style="(max-width: [\d.]+px)"', inline[:inline.index(">")])  # no wider than drawn, as inline
    style = f' style="{width.group(1)}"' if width else ""
    image = (f'<img class="bc-wide" src="{html.escape(path, quote=True)}" alt="{html.escape(alt, quote=True)}"'
             f'{style} loading="lazy">')
    return page[:start] + image + page[end:]


def _svg_span(page: str) -> tuple[int, int]:
    """Where the chart's inline <svg> element begins and ends in its figure's HTML."""
    return page.index("<svg"), page.index("</svg>") + len("</svg>")
