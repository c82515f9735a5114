"""The site's full-text search with facets, built with Pagefind: each episode page carries its facets as
Pagefind filters, and after the pages are written Pagefind indexes the site into `pagefind/`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .render import write_atomic
from .reports import Report

FOLDER = "pagefind"
FACETS_CACHE = ".build-facets.json"  # the episodes' facets of the last build, with the key they were made under


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def report_facets(data_dir: Path, as_of: str, reports: list[Report], cache: Path, key: str):
    """The episodes' facets (analysis.facets.episode_facets) and, for each episode report, its filters in words:
    {report id: {facet name: [values]}}. Kept in `cache` under `key` (the data's version, the as-of date and
    the code), so that a build with nothing to do reads them instead of loading the data."""
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    if cached.get("key") == key:
        table = cached["table"]
    else:
        import backchannel
        from ..analysis.facets import episode_facets

        table = episode_facets(backchannel.load(data_dir, as_of=as_of))
        write_atomic(cache, json.dumps({"key": key, "table": table}).encode())
    return table, _filters(table, reports)


def _filters(table: list[dict], reports: list[Report]) -> dict[str, dict[str, list[str]]]:
    from ..analysis.facets import FACETS

    by_episode = {row["episode_id"]: row for row in table}
    found = {}
    for report in reports:
        row = by_episode.get(report.parameters.get("episode_id"))
        if row:
            found[report.id] = {name: row[facet] if isinstance(row[facet], list) else [row[facet]]
                                for facet, name in FACETS.items()}
    return found


def is_indexed(out: Path) -> bool:
    """Whether `out` holds a search index."""
    return (out / FOLDER / "pagefind.js").is_file()


def index_site(out: Path) -> None:
    """Index every HTML page of `out` (the part each marks data-pagefind-body) into `out/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(out), "--output-subdir", FOLDER, "--silent",
               "--exclude-selectors", "a.anchor-link"]  # the ¶ after each heading
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SearchIndexError(f"the search index of {out} could not be built (pagefind exited with "
                               f"{done.returncode}): {(done.stderr or done.stdout).strip()[:500]}")
