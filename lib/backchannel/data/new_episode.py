"""A new episode to fill in: a batch folder of CSV files headed like the tables, with one row of each kind
written in the id formats the linking tables expect, for `scripts/merge_batch.py` to check and merge."""
from __future__ import annotations

import json
import re
from pathlib import Path

from .csv_files import read_table, write_rows

ID_FORM = re.compile(r"^[0-9]{4}-[a-z0-9]+(-[a-z0-9]+)*$")
FILL = "FILL IN"


def rows_for(episode_id: str) -> dict[str, list[dict]]:
    """One starting row per table, ids already in their expected forms."""
    actor, role, source = "<actor_id>", "<role>", "<source_id>"
    return {
        "episodes": [{"episode_id": episode_id, "title": FILL, "summary": FILL, "start": "YYYY or YYYY-MM or YYYY-MM-DD"}],
        "episode_issues": [{"episode_id": episode_id, "issue": "<issue>", "is_primary": "true"}],
        "contacts": [{"contact_id": f"{episode_id}--01", "episode_id": episode_id, "date": "YYYY-MM-DD",
                      "summary": FILL}],
        "participation": [{"participation_id": f"{episode_id}:{actor}:{role}", "episode_id": episode_id,
                           "actor_id": actor, "role": role}],
        "agreements": [{"agreement_id": f"{episode_id}--<short-name>", "episode_id": episode_id, "title": FILL}],
        "actors": [], "places": [],
        "sources": [{"source_id": source, "url": "https://…", "title": FILL}],
        "citations": [{"table": "episodes", "record_id": episode_id, "source_id": source},
                      {"table": "contacts", "record_id": f"{episode_id}--01", "source_id": source},
                      {"table": "participation", "record_id": f"{episode_id}:{actor}:{role}", "source_id": source}],
    }


def write_batch(data_dir: Path, episode_id: str, out: Path) -> list[Path]:
    """Write the batch folder `out` for `episode_id`; return the files written.

    Raises ValueError if the id is not of the form YYYY-short-slug, is taken, or `out` holds files already."""
    if not ID_FORM.match(episode_id):
        raise ValueError(f"episode id {episode_id!r} is not of the form YYYY-short-slug "
                         "(a start year, then lower-case words joined by hyphens, e.g. 1978-carter-secret-talks)")
    if any(row["episode_id"] == episode_id for row in read_table(data_dir, "episodes")[1]):
        raise ValueError(f"episode id {episode_id!r} is already in {data_dir / 'episodes.csv'}")
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} already holds files; choose another folder with --out")
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    headers = {resource["name"]: [field["name"] for field in resource["schema"]["fields"]]
               for resource in descriptor["resources"]}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in rows_for(episode_id).items():
        path = out / f"{name}.csv"
        write_rows(path, headers[name], rows)
        written.append(path)
    return written
