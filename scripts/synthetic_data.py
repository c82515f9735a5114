"""Write a synthetic data package N times the size of the real one, valid under the same schema.

Every episode is copied N times under new ids (`<id>-xNN`), with its issues, contacts, participation,
agreements and citations; reference tables (eras, places, actors, sources, claims) are kept.
Usage: python scripts/synthetic_data.py SCALE OUT_DIR [--data DATA_DIR]"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from backchannel.data.csv_files import read_rows as read, write_rows as write

ROOT = Path(__file__).resolve().parents[1]
COPIED = ["episodes", "episode_issues", "contacts", "participation", "agreements"]


def renamer(copy: int):
    """Map an id of the real data to its id in copy number `copy` (copy 0 keeps the real ids)."""
    def new(episode_id: str) -> str:
        return episode_id if copy == 0 or not episode_id else f"{episode_id}-x{copy:02d}"
    return new


def scaled_row(table: str, row: dict, new) -> dict:
    row = dict(row)
    old = row["episode_id"]
    row["episode_id"] = new(old)
    if table == "episodes":
        row["predecessor"] = new(row["predecessor"])
    elif table == "contacts":
        row["contact_id"] = row["contact_id"].replace(old, row["episode_id"], 1)
    elif table == "agreements":
        row["agreement_id"] = row["agreement_id"].replace(old, row["episode_id"], 1)
    elif table == "participation":
        row["participation_id"] = f"{row['episode_id']}:{row['actor_id']}:{row['role']}"
    return row


def scaled_citation(row: dict, new, episode_ids: list[str]) -> dict:
    row = dict(row)
    if row["table"] not in COPIED:
        return row
    old = next((e for e in episode_ids if row["record_id"] == e or row["record_id"].startswith(e + ":")
                or row["record_id"].startswith(e + "--")), None)
    if old is None:
        return row
    row["record_id"] = row["record_id"].replace(old, new(old), 1)
    return row


def generate(scale: int, out: Path, data_dir: Path = ROOT / "data") -> None:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(data_dir, out)
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    episode_ids = sorted((row["episode_id"] for row in read(data_dir / "episodes.csv")[1]), key=len, reverse=True)
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name not in COPIED and name != "citations":
            continue
        header, rows = read(data_dir / resource["path"])
        out_rows = []
        for copy in range(scale):
            new = renamer(copy)
            if name == "citations":
                for row in rows:
                    cited = scaled_citation(row, new, episode_ids)
                    if copy == 0 or cited["record_id"] != row["record_id"]:
                        out_rows.append(cited)
            else:
                out_rows += [scaled_row(name, row, new) for row in rows]
        write(out / resource["path"], header, out_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    generate(args.scale, args.out, args.data)
    print(f"wrote a {args.scale}x data package to {args.out}")


if __name__ == "__main__":
    main()
