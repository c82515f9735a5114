"""Merge research batches into the data package, or check a batch before merging.

A batch is a folder of CSV files named and headed like the tables in data/ (any subset of
episodes, episode_issues, contacts, participation, agreements, actors, places, sources,
citations). An episode whose row is in the batch's episodes.csv is owned by the batch: all its
rows in data/ (issues, contacts, participation, agreements and the citations of each) are
replaced by the batch's rows. Actors, places and sources with an existing id replace the old
row; new ones are added. Citations are added, exact duplicates dropped.

    python scripts/merge_batch.py BATCH [BATCH ...]           # check: merge into a temp copy, validate
    python scripts/merge_batch.py BATCH [BATCH ...] --apply   # write the merged tables to data/
    python scripts/merge_batch.py BATCH --extract ID [ID ...]  # start a batch from episodes in data/

`--data DIR` works on another copy of the package than data/.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from backchannel.data.csv_files import read_rows as read, write_rows as write
from backchannel.data.ids import episode_of
from backchannel.data.validate import validate

DATA = Path(__file__).resolve().parents[1] / "data"
EPISODE_TABLES = ("episodes", "episode_issues", "contacts", "participation", "agreements")
REFERENCE_KEYS = {"actors": "actor_id", "places": "place_id", "sources": "source_id"}


def url_key(url: str) -> str:
    """An address without scheme, trailing dot of the host, 'www.' or trailing slash."""
    bare = url.strip().split("://", 1)[-1].removeprefix("www.")
    host, _, rest = bare.partition("/")
    return f"{host.rstrip('.')}/{rest}".rstrip("/")


def cited_episode(row: dict) -> str | None:
    """The episode a citation's record belongs to, or None for reference tables."""
    return episode_of(row["table"], row["record_id"])


def merge(tables: dict[str, tuple[list[str], list[dict]]], batch: Path) -> list[str]:
    """Merge one batch folder into `tables` in place; return a line per change."""
    staged = {}
    for name, (header, _) in tables.items():
        path = batch / f"{name}.csv"
        if path.exists():
            staged_header, rows = read(path)
            if staged_header != header:
                raise SystemExit(f"{path}: the header must be exactly {','.join(header)}")
            staged[name] = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in rows]
    alias = {}
    known_urls = {url_key(row["url"]): row["source_id"] for row in tables["sources"][1]}
    for row in staged.get("sources", []):
        existing = known_urls.get(url_key(row["url"]))
        if existing and existing != row["source_id"]:
            alias[row["source_id"]] = existing
    staged["sources"] = [row for row in staged.get("sources", []) if row["source_id"] not in alias]
    for row in staged.get("citations", []):
        row["source_id"] = alias.get(row["source_id"], row["source_id"])
    owned = {row["episode_id"] for row in staged.get("episodes", [])}
    removals = batch / "remove_episodes.txt"
    removed = set()
    if removals.exists():
        removed = {line.strip() for line in removals.read_text(encoding="utf-8").splitlines() if line.strip()}
    owned |= removed
    for name in EPISODE_TABLES:
        staged[name] = [row for row in staged.get(name, []) if row["episode_id"] not in removed]
    staged["citations"] = [row for row in staged.get("citations", []) if cited_episode(row) not in removed]
    report = [f"{batch}: {len(owned)} episode(s) owned, {len(alias)} source(s) already in the data"]
    for name in EPISODE_TABLES:
        header, rows = tables[name]
        kept = [row for row in rows if row["episode_id"] not in owned]
        tables[name] = (header, kept + staged.get(name, []))
        report.append(f"  {name}: {len(rows) - len(kept)} replaced by {len(staged.get(name, []))}")
    for name, key in REFERENCE_KEYS.items():
        header, rows = tables[name]
        by_id = {row[key]: row for row in rows}
        new = [row for row in staged.get(name, []) if row[key] not in by_id]
        by_id.update({row[key]: row for row in staged.get(name, [])})
        tables[name] = (header, list(by_id.values()))
        report.append(f"  {name}: {len(new)} new, {len(staged.get(name, [])) - len(new)} replaced")
    header, rows = tables["citations"]
    kept = [row for row in rows if cited_episode(row) not in owned]
    seen, merged = set(), []
    for row in kept + staged.get("citations", []):
        signature = tuple(row[column] for column in header)
        if signature not in seen:
            seen.add(signature)
            merged.append(row)
    tables["citations"] = (header, merged)
    report.append(f"  citations: {len(rows) - len(kept)} removed, {len(merged) - len(kept)} added")
    linked = {row["actor_id"] for row in tables["participation"][1]}
    header, rows = tables["actors"]
    tables["actors"] = (header, [row for row in rows if row["actor_id"] in linked])
    if len(rows) > len(tables["actors"][1]):
        report.append(f"  actors in no episode any more, dropped: {len(rows) - len(tables['actors'][1])}")
        header, cites = tables["citations"]
        merged = [row for row in cites if row["table"] != "actors" or row["record_id"] in linked]
        tables["citations"] = (header, merged)
    used = {row["source_id"] for row in merged}
    header, rows = tables["sources"]
    tables["sources"] = (header, [row for row in rows if row["source_id"] in used])
    if len(rows) > len(tables["sources"][1]):
        report.append(f"  sources no longer cited, dropped: {len(rows) - len(tables['sources'][1])}")
    return report


def extract(batch: Path, episode_ids: set[str], names: list[str], data: Path = DATA) -> None:
    """Write a batch folder holding the current rows of `episode_ids` and empty reference tables."""
    batch.mkdir(parents=True, exist_ok=True)
    for name in names:
        header, rows = read(data / f"{name}.csv")
        if name in EPISODE_TABLES:
            rows = [row for row in rows if row["episode_id"] in episode_ids]
        elif name == "citations":
            rows = [row for row in rows if cited_episode(row) in episode_ids]
        else:
            rows = []
        write(batch / f"{name}.csv", header, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batches", nargs="+", type=Path)
    parser.add_argument("--apply", action="store_true", help="write the result to data/")
    parser.add_argument("--extract", nargs="+", metavar="ID", help="start BATCH from these episodes")
    parser.add_argument("--data", type=Path, default=DATA, help="the data package to merge into (default: data/)")
    args = parser.parse_args(argv)
    data = args.data
    names = list(EPISODE_TABLES) + list(REFERENCE_KEYS) + ["citations"]
    if args.extract:
        extract(args.batches[0], set(args.extract), names, data)
        return 0
    tables = {name: read(data / f"{name}.csv") for name in names}
    for batch in args.batches:
        print("\n".join(merge(tables, batch)))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "data"
        shutil.copytree(data, out)
        for name, (header, rows) in tables.items():
            write(out / f"{name}.csv", header, rows)
        problems = validate(out)
        for problem in problems:
            print(f"  {problem}".replace(str(out), "data"), file=sys.stderr)
        if problems:
            print(f"{len(problems)} problem(s); nothing written.", file=sys.stderr)
            return 1
        if args.apply:
            for name, (header, rows) in tables.items():
                write(data / f"{name}.csv", header, rows)
            print(f"merged into {data}")
        else:
            print("the merged package is valid (check only; --apply writes it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
