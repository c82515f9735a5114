"""The site's own pages, from the Jinja templates in templates/site/: the front page, the episodes table (with its
CSV) and the search page. Reports get the same frame through the nbconvert template."""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path

import jinja2

from . import frame
from .assets import head_links
from .render import TEMPLATES, Result, day_in_words, write_atomic
from .reports import UNLISTED

TABLE_CSV = "downloads/episodes-table.csv"
SHOWN = ("channel_kind", "outcome", "us_leader", "cu_leader", "third_party")  # columns of the table; all filter


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "site"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False)


def render(template: str, page: str, title: str, **context) -> str:
    """A page of the site: `template` in the site's frame, with its header marking `page` as the current one."""
    return _environment().get_template(template).render(
        title=title, head=head_links(), header=frame.header(page, "" if page == "index.html" else title, "site"),
        **context)


def front_page(results: list[Result], data_version: str, seconds: float, as_of: str, counts: dict,
               cite_html: str = "") -> str:
    """The front page: what the site is, a search box, the overview and subset reports as cards, the way to the
    episodes table, and the data with its citation. A page built from an older data version says so."""
    def card(r: Result) -> dict:
        return {"href": f"{r.report.id}.html", "title": r.report.title, "ok": r.ok, "error": r.error,
                "finding": r.finding, "thumbnail": r.thumbnail,
                "older": r.version if r.version and r.version != data_version else ""}

    groups: dict[str, dict] = {}
    for r in results:  # every kind of report but the episodes (their table is episodes.html) and later parts
        if r.report.kind not in UNLISTED:
            groups.setdefault(r.report.kind, {"id": r.report.kind, "title": r.report.kind.capitalize(),
                                              "cards": []})["cards"].append(card(r))
    flagged = [card(r) for r in results if r.report.kind in UNLISTED and (not r.ok or card(r)["older"])]
    details = (f"{len(results)} reports, {sum(not r.ok for r in results)} failed, "
               f"{sum(r.reused for r in results)} reused from the previous build; built in {seconds:.0f} s.")
    return render("index.html.j2", "index.html", "Back channels between the United States and Cuba: reports",
                  groups=list(groups.values()), flagged=flagged, version=data_version,
                  as_of=day_in_words(as_of), details=details, cite=cite_html, searchable=False, **counts)


def episodes_page(rows: list[dict], cite_html: str = "") -> str:
    """Every episode (`analysis.facets.episode_facets`) as a table to sort and filter by each facet of FACETS."""
    from ..analysis.facets import FACETS, values

    return render("episodes.html.j2", "episodes.html", "Episodes: every channel, 1959 to today", rows=rows,
                  facets=FACETS, shown=SHOWN, choices={facet: values(rows, facet) for facet in FACETS},
                  cite=cite_html, searchable=False)


def episodes_csv(rows: list[dict]) -> bytes:
    """The episodes table as CSV, several values in a cell joined by '; '."""
    from ..analysis.facets import FACETS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["episode_id", "title", "when", *FACETS.values()])
    for row in rows:
        writer.writerow([row["episode_id"], row["title"], row["when"],
                         *("; ".join(row[f]) if isinstance(row[f], list) else row[f] for f in FACETS)])
    return buffer.getvalue().encode()


def search_page(cite_html: str = "") -> str:
    return render("search.html.j2", "search.html", "Search every page", cite=cite_html, searchable=False)


def write_pages(out: Path, results: list[Result], table, data_version: str, seconds: float, as_of: str,
                cite_html: str = "") -> None:
    """Write the front page, the episodes table (`table`: analysis.facets.episode_facets) and its CSV, and the
    search page into `out`."""
    counts = {"episodes": len(table), "contacts": sum(row["contacts"] for row in table)}
    write_atomic(out / TABLE_CSV, episodes_csv(table))
    write_atomic(out / "episodes.html", episodes_page(table, cite_html).encode())
    write_atomic(out / "search.html", search_page(cite_html).encode())
    write_atomic(out / "index.html", front_page(results, data_version, seconds, as_of, counts, cite_html).encode())
