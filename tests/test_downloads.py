"""The site's downloads: the zipped data package validates, and the SQLite file holds every table."""
from __future__ import annotations

import csv
import sqlite3
import zipfile

import pytest

from backchannel import validate
from backchannel.site.downloads import write_downloads
from conftest import REAL_DATA


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, write_downloads(REAL_DATA, out, "a version")


def csv_rows(name: str) -> list[dict]:
    with (REAL_DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_zip_holds_the_whole_package_and_validates(downloads, tmp_path):
    out, paths = downloads
    with zipfile.ZipFile(out / paths[0]) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    expected = {f"data/{p.name}" for p in REAL_DATA.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert names == expected
    assert {"data/datapackage.json", "data/CODEBOOK.md", "data/episodes.csv"} <= names
    assert validate(tmp_path / "data") == []


def test_sqlite_holds_every_table_with_types_and_keys(downloads):
    out, paths = downloads
    connection = sqlite3.connect(out / paths[1])
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"eras", "relations", "episodes", "episode_issues", "places", "contacts", "actors", "participation",
                          "agreements", "sources", "citations", "claims"}
        for table in tables:
            (count,) = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            assert count == len(csv_rows(table)), table
        thaw = connection.execute("SELECT meetings_low, meetings_high, end FROM episodes "
                                  "WHERE episode_id = '2013-obama-castro-secret-talks'").fetchone()
        assert thaw == (7, 9, "2014-12-17")
        primary = connection.execute("SELECT count(*) FROM episode_issues WHERE is_primary = 1").fetchone()[0]
        assert primary == len(csv_rows("episodes"))
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("INSERT INTO episodes (episode_id) VALUES ('2013-obama-castro-secret-talks')")
    finally:
        connection.close()


def test_downloads_are_written_again_only_for_a_new_data_version(tmp_path):
    write_downloads(REAL_DATA, tmp_path, "one")
    zipped = tmp_path / "downloads" / "backchannel-data.zip"
    zipped.write_bytes(b"stale")
    write_downloads(REAL_DATA, tmp_path, "one")
    assert zipped.read_bytes() == b"stale"  # same version: left as it was
    write_downloads(REAL_DATA, tmp_path, "two")
    assert zipfile.is_zipfile(zipped)
