"""The data package as downloads for the site: one zip of the package, one SQLite database and its
Datasette metadata.

The zip holds `datapackage.json` at its root with the tables at the paths it names and the codebook
beside them, so `frictionless validate backchannel-data.zip` and `frictionless.Package(zip)` read the
whole package. The SQLite file has one typed table per resource with its primary key and the
descriptor's foreign keys, and full-text search tables built the way sqlite-utils builds them
(`<table>_fts`, FTS5, `content="<table>"`), which Datasette detects; `metadata.json` documents it, so
`datasette backchannel.sqlite -m metadata.json` shows a described, joinable, searchable database."""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath

from ..data.csv_files import read_columns
from .citation_items import CFF, read_cff
from .render import write_atomic

ZIP_NAME = "backchannel-data.zip"
SQLITE_NAME = "backchannel.sqlite"
METADATA_NAME = "metadata.json"  # Datasette's metadata for the SQLite file, beside it
DATABASE = Path(SQLITE_NAME).stem  # the name Datasette gives the database: the file's stem
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
# The columns each table's full-text index covers (a column the table lacks is left out)
SEARCH = {
    "episodes": ["title", "summary"],
    "contacts": ["summary"],
    "agreements": ["title", "summary"],
    "sources": ["title", "author", "publisher"],
    "actors": ["name", "description"],
    "claims": ["claim", "explanation"],
    "propositions": ["name", "statement", "measure"],
    "citations": ["note"],
}
LABELS = ("name", "title", "leader", "city")  # a table's label for Datasette: its first field of these
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every zip entry's date, so the same data gives the same zip
# A canned query for Datasette: episodes whose text, or the text of a source cited for them, matches
EPISODE_SEARCH = """select episode_id, title, start, "end", outcome from episodes
where rowid in (select rowid from episodes_fts where episodes_fts match :q)
   or episode_id in (select c.record_id from citations as c join sources as s on s.source_id = c.source_id
                     where c."table" = 'episodes'
                       and s.rowid in (select rowid from sources_fts where sources_fts match :q))
order by start, episode_id"""


def write_downloads(data_dir: Path, out: Path, version: str) -> list[str]:
    """Write the zip, the SQLite file and its Datasette metadata of data `version` (and of this code)
    into `out/downloads`, unless they are there already; return their paths relative to `out`."""
    folder = out / "downloads"
    stamp = folder / ".version"
    names = [ZIP_NAME, SQLITE_NAME, METADATA_NAME]
    wanted = f"{version} {_code_digest()}"
    current = stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted
    if not (current and all((folder / name).is_file() for name in names)):
        write_atomic(folder / ZIP_NAME, package_zip(data_dir))
        write_atomic(folder / SQLITE_NAME, package_sqlite(data_dir))
        write_atomic(folder / METADATA_NAME, json.dumps(datasette_metadata(data_dir), indent=2,
                                                        ensure_ascii=False).encode())
        write_atomic(stamp, wanted.encode())
    return [f"downloads/{name}" for name in names]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A hash of this code and CITATION.cff, so a build with new download code writes them again."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    if CFF.is_file():
        digest.update(CFF.read_bytes())
    return digest.hexdigest()[:12]


def _descriptor(data_dir: Path) -> dict:
    return json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8"))


def package_zip(data_dir: Path) -> bytes:
    """The data package zipped as frictionless reads one: `datapackage.json` at the root, every table at
    the path the descriptor names, and the other files of the data folder (the codebook) beside them."""
    data_dir = Path(data_dir)
    members = {"datapackage.json"}
    for resource in _descriptor(data_dir)["resources"]:
        for path in [resource["path"]] if isinstance(resource["path"], str) else resource["path"]:
            inner = PurePosixPath(path)
            if inner.is_absolute() or ".." in inner.parts or "://" in path:
                raise ValueError(f"resource {resource['name']!r}: path {path!r} is not inside the data folder")
            members.add(inner.as_posix())
    members |= {p.name for p in data_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, (data_dir / name).read_bytes())
    return buffer.getvalue()


def package_sqlite(data_dir: Path) -> bytes:
    """One table per resource, typed from the descriptor, with its primary key and foreign keys (a
    referenced column set that is not a primary key gets a UNIQUE index); blank cells are NULL; a
    full-text index per table of `SEARCH`. Raises ValueError when a foreign key does not hold."""
    descriptor = _descriptor(data_dir)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / SQLITE_NAME
        connection = sqlite3.connect(path)
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")  # a scratch file, copied whole
        try:
            for resource in descriptor["resources"]:
                _load_table(connection, Path(data_dir) / resource["path"], resource)
            _unique_referenced_keys(connection, descriptor)
            for resource in descriptor["resources"]:
                _enable_fts(connection, resource)
            connection.commit()
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise ValueError(f"foreign keys that do not hold in the SQLite download: {broken[:5]}")
        finally:
            connection.close()
        return path.read_bytes()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _primary_key(resource: dict) -> list[str]:
    return _names(resource["schema"].get("primaryKey") or [])


def foreign_keys(resource: dict) -> list[tuple[tuple[str, ...], str, tuple[str, ...]]]:
    """The resource's foreign keys as (fields, referenced table, referenced fields); a reference to
    resource "" is one to the resource itself."""
    keys = []
    for key in resource["schema"].get("foreignKeys") or []:
        reference = key["reference"]
        keys.append((tuple(_names(key["fields"])), reference.get("resource") or resource["name"],
                     tuple(_names(reference["fields"]))))
    return keys


def _load_table(connection: sqlite3.Connection, csv_path: Path, resource: dict) -> None:
    fields = resource["schema"]["fields"]
    names = [field["name"] for field in fields]
    columns = [f'{_q(f["name"])} {SQL_TYPES.get(f["type"], "TEXT")}' for f in fields]
    key = _primary_key(resource)
    if key:
        columns.append("PRIMARY KEY (" + ", ".join(_q(k) for k in key) + ")")
    for own, table, referenced in foreign_keys(resource):
        columns.append(f"FOREIGN KEY ({', '.join(map(_q, own))}) "
                       f"REFERENCES {_q(table)} ({', '.join(map(_q, referenced))})")
    connection.execute(f'CREATE TABLE {_q(resource["name"])} ({", ".join(columns)})')
    header, rows = read_columns(csv_path)
    where = {name: i for i, name in enumerate(header)}
    cells = [(where.get(field["name"]), CONVERTERS.get(field["type"], str)) for field in fields]
    marks = ", ".join("?" for _ in names)
    connection.executemany(f'INSERT INTO {_q(resource["name"])} VALUES ({marks})',
                           ([None if i is None or row[i] == "" else convert(row[i]) for i, convert in cells]
                            for row in rows))


def _unique_referenced_keys(connection: sqlite3.Connection, descriptor: dict) -> None:
    """SQLite needs a foreign key's parent columns to be the primary key or to have a UNIQUE index."""
    primary = {r["name"]: frozenset(_primary_key(r)) for r in descriptor["resources"]}
    done = set()
    for resource in descriptor["resources"]:
        for _, table, referenced in foreign_keys(resource):
            if frozenset(referenced) == primary.get(table) or (table, referenced) in done:
                continue
            done.add((table, referenced))
            index = f"{table}_{'_'.join(referenced)}_unique"
            connection.execute(f"CREATE UNIQUE INDEX {_q(index)} ON {_q(table)} ({', '.join(map(_q, referenced))})")


def _enable_fts(connection: sqlite3.Connection, resource: dict) -> None:
    """A full-text index as sqlite-utils' `enable_fts(columns, create_triggers=True)` makes it: an FTS5
    table `<table>_fts` over the table's content, filled from it, kept in step by triggers."""
    table = resource["name"]
    present = {field["name"] for field in resource["schema"]["fields"]}
    columns = [c for c in SEARCH.get(table, []) if c in present]
    if not columns:
        return
    fts, listed = _q(f"{table}_fts"), ", ".join(map(_q, columns))
    old = ", ".join(f"old.{_q(c)}" for c in columns)
    new = ", ".join(f"new.{_q(c)}" for c in columns)
    connection.executescript(f"""
CREATE VIRTUAL TABLE {fts} USING FTS5 (
    {listed},
    content={_q(table)}
);
INSERT INTO {fts} (rowid, {listed}) SELECT rowid, {listed} FROM {_q(table)};
CREATE TRIGGER {_q(table + "_ai")} AFTER INSERT ON {_q(table)} BEGIN
  INSERT INTO {fts} (rowid, {listed}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER {_q(table + "_ad")} AFTER DELETE ON {_q(table)} BEGIN
  INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES('delete', old.rowid, {old});
END;
CREATE TRIGGER {_q(table + "_au")} AFTER UPDATE ON {_q(table)} BEGIN
  INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES('delete', old.rowid, {old});
  INSERT INTO {fts} (rowid, {listed}) VALUES (new.rowid, {new});
END;
""")


def datasette_metadata(data_dir: Path) -> dict:
    """Datasette's metadata for the SQLite file: the database's title, description, licence and source
    from the descriptor and CITATION.cff, each table's title, description, label column and column
    descriptions, its full-text columns, and a canned search of episodes through their sources."""
    descriptor = _descriptor(data_dir)
    cff = read_cff()
    licence = (descriptor.get("licenses") or [{}])[0]
    authors = ", ".join(a.get("literal") or " ".join(filter(None, [a.get("given"), a.get("family")]))
                        for a in cff.authors)
    about = {"title": descriptor.get("title") or descriptor["name"],
             "description": descriptor.get("description", ""),
             "license": licence.get("name", ""), "license_url": licence.get("path", ""),
             "source": authors}
    if cff.url:
        about["source_url"] = cff.url
    tables = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        table = {"title": resource.get("title") or resource["name"],
                 "description": resource.get("description") or resource.get("title") or resource["name"]}
        names = [field["name"] for field in fields]
        label = next((name for name in LABELS if name in names), None)
        if label:
            table["label_column"] = label
        searchable = [c for c in SEARCH.get(resource["name"], []) if c in names]
        if searchable:
            table["fts_table"] = f"{resource['name']}_fts"
        table["columns"] = {field["name"]: field["description"] for field in fields if field.get("description")}
        tables[resource["name"]] = table
    database = {**{k: v for k, v in about.items() if k in ("title", "description")}, "tables": tables}
    if {"episodes", "sources", "citations"} <= tables.keys():
        database["queries"] = {"episodes_by_text": {
            "title": "Search episodes, directly or through the sources cited for them",
            "description": "Episodes whose title or summary, or the title, author or publisher of a source "
                           "cited for them, match the full-text query q (for example: Vatican).",
            "sql": EPISODE_SEARCH}}
    return {**{k: v for k, v in about.items() if v}, "databases": {DATABASE: database}}


CONVERTERS = {"integer": int, "number": float, "boolean": lambda text: int(text.strip().lower() == "true")}
# a blank cell is NULL; the other types stay text
