"""Shared fixtures: the real data package, and copies of it with one targeted change; the test tiers.

Tiers (pyproject.toml declares them; `make check` runs `unit`): a module marks its tests `unit` (no kernel, no
browser, seconds) or `notebook` (runs notebooks or builds); tests that use the `browser` fixture are marked
`browser` and those that use `built_site` (the whole site, minutes) `slow`, here, so no test can miss its tier; a
unit test that starts a fresh process marks itself `slow` too (`make check` runs `unit and not slow`)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backchannel import paths
from backchannel.data.csv_files import read_table, write_rows

REAL_DATA = paths.ROOT / "data"
AS_OF = "2026-12-06"  # the day the tests' site counts "today" from
BASE_URL = "https://example.org/backchannel/"  # the address the tests' site is cited at


TIERS = ("unit", "notebook", "browser", "slow")


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if "built_site" in item.fixturenames:
            item.add_marker(pytest.mark.slow)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            raise pytest.UsageError(f"{item.nodeid} has no tier: mark its module unit or notebook ({', '.join(TIERS)})")


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


def write_table(data_dir: Path, table: str, header: list[str], rows: list[dict]) -> None:
    write_rows(data_dir / f"{table}.csv", header, rows)


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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole site built once per test session from the real data: (folder, results)."""
    from backchannel.site.build import build

    out = tmp_path_factory.mktemp("site")
    results = build(REAL_DATA, out, log=lambda *_: None, as_of=AS_OF, base_url=BASE_URL)
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    return out, results


@pytest.fixture(scope="session")
def site_url(built_site):
    """The whole site served over HTTP on this machine (search needs a server), once per test session."""
    from browser_support import served

    with served(built_site[0]) as url:
        yield url
