"""The site's downloads: the zipped data package validates as it is, the SQLite file holds every table
with the descriptor's keys and full-text search, and its Datasette metadata documents it."""
from __future__ import annotations

import csv
import json
import sqlite3
import zipfile

import pytest

from backchannel import validate
from backchannel.site.downloads import write_downloads
from conftest import REAL_DATA

pytestmark = pytest.mark.unit

TABLES = {"eras", "relations", "episodes", "episode_issues", "places", "contacts", "actors", "participation",
          "agreements", "sources", "citations", "claims", "propositions"}


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, write_downloads(REAL_DATA, out, "a version")


@pytest.fixture(scope="module")
def descriptor():
    return json.loads((REAL_DATA / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture
def db(downloads):
    out, paths = downloads
    connection = sqlite3.connect(out / paths[1])
    yield connection
    connection.close()


def csv_rows(name: str) -> list[dict]:
    with (REAL_DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_zip_holds_the_package_with_its_descriptor_at_the_root(downloads, descriptor, tmp_path):
    out, paths = downloads
    with zipfile.ZipFile(out / paths[0]) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    expected = {p.name for p in REAL_DATA.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert names == expected
    assert {"datapackage.json", "CODEBOOK.md"} | {r["path"] for r in descriptor["resources"]} <= names
    assert validate(tmp_path) == []


def test_frictionless_reads_and_validates_the_zip_itself(downloads):
    frictionless = pytest.importorskip("frictionless")
    out, paths = downloads
    zipped = str(out / paths[0])
    assert set(frictionless.Package(zipped).resource_names) == TABLES
    report = frictionless.validate(zipped)
    assert {task.name: task.valid for task in report.tasks} == {name: True for name in TABLES}
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type"])[:5]


def test_sqlite_holds_every_table_with_types_and_keys(db):
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE '%\\_fts%' ESCAPE '\\'")}
    assert tables == TABLES
    for table in tables:
        (count,) = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        assert count == len(csv_rows(table)), table
    thaw = db.execute("SELECT meetings_low, meetings_high, end FROM episodes "
                      "WHERE episode_id = '2013-obama-castro-secret-talks'").fetchone()
    assert thaw == (7, 9, "2014-12-17")
    primary = db.execute("SELECT count(*) FROM episode_issues WHERE is_primary = 1").fetchone()[0]
    assert primary == len(csv_rows("episodes"))
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO episodes (episode_id) VALUES ('2013-obama-castro-secret-talks')")


def test_sqlite_declares_exactly_the_descriptors_foreign_keys_and_they_hold(db, descriptor):
    expected, declared = set(), set()
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            reference = key["reference"]
            expected.add((resource["name"], tuple(as_list(key["fields"])),
                          reference["resource"] or resource["name"], tuple(as_list(reference["fields"]))))
        rows = db.execute(f"PRAGMA foreign_key_list(\"{resource['name']}\")").fetchall()
        for fk_id in {row[0] for row in rows}:
            parts = sorted((row for row in rows if row[0] == fk_id), key=lambda row: row[1])
            declared.add((resource["name"], tuple(p[3] for p in parts), parts[0][2], tuple(p[4] for p in parts)))
    assert len(expected) == 10
    assert declared == expected
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []  # also fails on a parent key that is not unique
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO contacts (contact_id, episode_id) VALUES ('x--01', 'no-such-episode')")



def test_a_foreign_key_to_columns_that_are_not_a_primary_key_gets_a_unique_index(tmp_path):
    from backchannel.site.downloads import package_sqlite

    fields = [{"name": "person_id", "type": "string"}, {"name": "code", "type": "string"}]
    descriptor = {"name": "tiny", "resources": [
        {"name": "people", "path": "people.csv", "schema": {"fields": fields, "primaryKey": ["person_id"]}},
        {"name": "visits", "path": "visits.csv", "schema": {
            "fields": [{"name": "visit_id", "type": "integer"}, {"name": "code", "type": "string"}],
            "primaryKey": "visit_id",
            "foreignKeys": [{"fields": "code", "reference": {"resource": "people", "fields": "code"}}]}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (tmp_path / "people.csv").write_text("person_id,code\np1,A\np2,B\n", encoding="utf-8")
    (tmp_path / "visits.csv").write_text("visit_id,code\n1,A\n2,\n", encoding="utf-8")
    (tmp_path / "out.sqlite").write_bytes(package_sqlite(tmp_path))
    connection = sqlite3.connect(tmp_path / "out.sqlite")
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        unique = [row for row in connection.execute("PRAGMA index_list(people)") if row[2] == 1]
        assert any(connection.execute(f"PRAGMA index_info(\"{row[1]}\")").fetchall()[0][2] == "code" for row in unique)
    finally:
        connection.close()
    (tmp_path / "visits.csv").write_text("visit_id,code\n1,Z\n", encoding="utf-8")
    with pytest.raises(ValueError, match="foreign keys"):
        package_sqlite(tmp_path)

def test_sqlite_has_full_text_search_that_datasette_detects(db, downloads):
    out, paths = downloads
    for table in ("episodes", "contacts", "agreements", "sources", "actors"):
        # how Datasette finds a table's search index (datasette.utils.detect_fts_sql)
        found = db.execute("SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE ?",
                           (f'%VIRTUAL TABLE%USING FTS%content="{table}"%',)).fetchall()
        assert found == [(f"{table}_fts",)], table
    direct = {row[0] for row in db.execute(
        "SELECT episode_id FROM episodes WHERE rowid IN "
        "(SELECT rowid FROM episodes_fts WHERE episodes_fts MATCH 'Vatican')")}
    assert "2013-obama-castro-secret-talks" in direct
    # the 2025 release's own text names the Church and the Pope; its sources name the Vatican
    query = json.loads((out / paths[2]).read_text(encoding="utf-8"))["databases"]["backchannel"]["queries"]
    found = {row[0] for row in db.execute(query["episodes_by_text"]["sql"], {"q": "Vatican"})}
    assert {"2013-obama-castro-secret-talks", "2025-vatican-prisoner-deal"} <= found
    assert direct <= found
    agreements = {row[0] for row in db.execute(
        "SELECT agreement_id FROM agreements WHERE rowid IN "
        "(SELECT rowid FROM agreements_fts WHERE agreements_fts MATCH 'memorandum hijacking')")}
    assert "1969-hijacking-accord-talks--hijacking-mou" in agreements


def test_datasette_metadata_documents_every_table(downloads, descriptor):
    out, paths = downloads
    assert paths[2] == "downloads/metadata.json"
    metadata = json.loads((out / paths[2]).read_text(encoding="utf-8"))
    assert metadata["title"] == descriptor["title"]
    assert metadata["license"] == "CC-BY-4.0"
    assert metadata["license_url"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert metadata["source"]
    tables = metadata["databases"]["backchannel"]["tables"]
    assert set(tables) == TABLES
    for resource in descriptor["resources"]:
        assert tables[resource["name"]]["description"] == resource["description"]
    labels = {name: table.get("label_column") for name, table in tables.items()}
    assert labels["episodes"] == "title" and labels["actors"] == "name" and labels["agreements"] == "title"
    assert labels["sources"] == "title"


def test_downloads_are_written_again_only_for_a_new_data_version(tmp_path):
    write_downloads(REAL_DATA, tmp_path, "one")
    zipped = tmp_path / "downloads" / "backchannel-data.zip"
    zipped.write_bytes(b"stale")
    write_downloads(REAL_DATA, tmp_path, "one")
    assert zipped.read_bytes() == b"stale"  # same version: left as it was
    write_downloads(REAL_DATA, tmp_path, "two")
    assert zipfile.is_zipfile(zipped)
    zipped.write_bytes(b"stale")
    (tmp_path / "downloads" / ".version").write_text("two", encoding="utf-8")  # written by older code
    write_downloads(REAL_DATA, tmp_path, "two")
    assert zipfile.is_zipfile(zipped)
    assert sorted(p.name for p in (tmp_path / "downloads").iterdir()) == [
        ".version", "backchannel-data.zip", "backchannel.sqlite", "metadata.json"]  # no temporary file left

