"""The data package as downloads for the site: one zip of the package and one SQLite database."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from .render import write_atomic

ZIP_NAME = "backchannel-data.zip"
SQLITE_NAME = "backchannel.sqlite"
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def write_downloads(data_dir: Path, out: Path, version: str) -> list[str]:
    """Write the zip and the SQLite file of data `version` into `out/downloads`, unless they are there
    already; return their paths relative to `out`."""
    folder = out / "downloads"
    stamp = folder / ".version"
    current = stamp.is_file() and stamp.read_text(encoding="utf-8") == version
    if not (current and (folder / ZIP_NAME).is_file() and (folder / SQLITE_NAME).is_file()):
        write_atomic(folder / ZIP_NAME, package_zip(data_dir))
        write_atomic(folder / SQLITE_NAME, package_sqlite(data_dir))
        write_atomic(stamp, version.encode())
    return [f"downloads/{ZIP_NAME}", f"downloads/{SQLITE_NAME}"]


def package_zip(data_dir: Path) -> bytes:
    """Every file of the data folder (tables, descriptor, codebook) in one zip, under `data/`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(data_dir).iterdir()):
            if path.is_file() and not path.name.startswith("."):
                archive.write(path, f"data/{path.name}")
    return buffer.getvalue()


def package_sqlite(data_dir: Path) -> bytes:
    """One table per resource, typed from the descriptor, with its primary key; blank cells are NULL."""
    descriptor = json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / SQLITE_NAME
        connection = sqlite3.connect(path)
        try:
            for resource in descriptor["resources"]:
                _load_table(connection, Path(data_dir) / resource["path"], resource)
            connection.commit()
        finally:
            connection.close()
        return path.read_bytes()


def _load_table(connection: sqlite3.Connection, csv_path: Path, resource: dict) -> None:
    fields = resource["schema"]["fields"]
    names = [field["name"] for field in fields]
    columns = [f'"{f["name"]}" {SQL_TYPES.get(f["type"], "TEXT")}' for f in fields]
    key = resource["schema"].get("primaryKey")
    if key:
        keys = [key] if isinstance(key, str) else key
        columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in keys) + ")")
    connection.execute(f'CREATE TABLE "{resource["name"]}" ({", ".join(columns)})')
    types = {field["name"]: field["type"] for field in fields}
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = [[_value(row.get(name, ""), types[name]) for name in names] for row in csv.DictReader(handle)]
    marks = ", ".join("?" for _ in names)
    connection.executemany(f'INSERT INTO "{resource["name"]}" VALUES ({marks})', rows)


def _value(text: str, kind: str):
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return int(text.strip().lower() == "true")
    return text
