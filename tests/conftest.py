"""Shared fixtures: the real data package, and copies of it with one targeted change."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from backchannel import paths

REAL_DATA = paths.ROOT / "data"


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Each test session remembers validation results in its own folder."""
    monkeypatch.setenv("BACKCHANNEL_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the real data package."""
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA, target)
    return target


def read_table(data_dir: Path, table: str) -> tuple[list[str], list[dict]]:
    with (data_dir / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def write_table(data_dir: Path, table: str, header: list[str], rows: list[dict]) -> None:
    with (data_dir / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(data_dir: Path, table: str, index: int, field: str, value: str) -> int:
    """Change one cell; return the row number validation reports (the header is row 1)."""
    header, rows = read_table(data_dir, table)
    rows[index][field] = value
    write_table(data_dir, table, header, rows)
    return index + 2


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (Playwright allows one sync instance per process)."""
    from playwright.sync_api import sync_playwright

    from browser_support import chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield chromium
        chromium.close()
