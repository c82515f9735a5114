"""The report build end to end into a temporary folder, a failing report included."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from backchannel.site.build import build
from backchannel.site.reports import ReportListError, read_report_list
from conftest import REAL_DATA, set_cell
from notebook_runner import NOTEBOOKS

pytestmark = pytest.mark.notebook

FAILING = {"cells": [
    {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": None, "outputs": [],
     "source": "data_dir = None  # data folder"},
    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
     "source": "print('halfway')\nraise RuntimeError('the notebook broke on purpose')"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 4}

LIST = """
[[report]]
id = "timeline"
notebook = "timeline"
title = "Timeline"
kind = "overview"

[[report]]
id = "broken"
notebook = "broken"
title = "A report that fails"
kind = "tests"

[[report]]
id = "claims"
notebook = "claims"
title = "Claims"
kind = "overview"
"""


@pytest.fixture
def workspace(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("timeline", "claims"):
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", notebooks)
    (notebooks / "broken.ipynb").write_text(json.dumps(FAILING), encoding="utf-8")
    report_list = tmp_path / "reports.toml"
    report_list.write_text(LIST, encoding="utf-8")
    return tmp_path, report_list, notebooks


def test_build_with_a_failing_report(workspace):
    tmp_path, report_list, notebooks = workspace
    out = tmp_path / "site"
    results = build(REAL_DATA, out, report_list=report_list, notebooks=notebooks, log=lambda *_: None)
    status = {r.report.id: r.ok for r in results}
    assert status == {"timeline": True, "broken": False, "claims": True}
    index = (out / "index.html").read_text(encoding="utf-8")
    for report_id in status:
        assert f'href="{report_id}.html"' in index
        assert (out / f"{report_id}.html").is_file() and (out / f"{report_id}.ipynb").is_file()
    assert "Failed: RuntimeError: the notebook broke on purpose" in index
    assert "the notebook broke on purpose" in (out / "broken.html").read_text(encoding="utf-8")
    timeline = (out / "timeline.html").read_text(encoding="utf-8")
    assert "display.start(" not in timeline  # code cells are left out
    assert timeline.count('<figure class="bc-chart">') >= 2
    assert re.search(r"\d+ episodes began between 1959 and 2026", index)  # the finding
    [thumbnail] = re.findall(r'<a href="timeline\.html">.*?<img src="([^"]+)"', index, re.S)
    assert thumbnail == "figures/timeline-1.svg" and (out / thumbnail).stat().st_size > 1000  # its first chart
    assert "Data version" in index


def test_only_and_keep_code(workspace):
    tmp_path, report_list, notebooks = workspace
    out = tmp_path / "site"
    results = build(REAL_DATA, out, only=["claims"], keep_code=True, report_list=report_list,
                    notebooks=notebooks, log=lambda *_: None)
    assert [r.report.id for r in results] == ["claims"]
    code = re.sub(r"<[^>]+>", "", (out / "claims.html").read_text(encoding="utf-8"))
    assert "display.start(" in code
    with pytest.raises(ReportListError, match="unknown report id.*nope.*known ids: broken, claims, timeline"):
        build(REAL_DATA, out, only=["nope"], report_list=report_list, notebooks=notebooks)


def test_a_partial_build_keeps_every_built_report_in_the_index(workspace):
    tmp_path, report_list, notebooks = workspace
    out = tmp_path / "site"
    args = dict(report_list=report_list, notebooks=notebooks, log=lambda *_: None)
    build(REAL_DATA, out, only=["claims"], **args)
    [timeline] = build(REAL_DATA, out, only=["timeline"], **args)
    assert timeline.report.id == "timeline" and not timeline.reused
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="claims.html"' in index and 'href="timeline.html"' in index  # the earlier report stays listed
    assert 'href="broken.html"' not in index  # never built, so not listed


def test_invalid_data_is_refused_before_any_notebook_runs(workspace, data_copy):
    tmp_path, report_list, notebooks = workspace
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the last good site", encoding="utf-8")
    set_cell(data_copy, "episodes", 0, "outcome", "victory")
    result = subprocess.run([sys.executable, "-m", "backchannel", "build", "--data", str(data_copy),
                             "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "episodes.csv, row 2, field 'outcome', value 'victory'" in result.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_report_list_names_every_notebook_and_every_episode():
    reports = read_report_list(REAL_DATA)
    ids = {r.id for r in reports}
    assert {p.stem for p in NOTEBOOKS.glob("*.ipynb")} <= ids
    import csv
    with (REAL_DATA / "episodes.csv").open(encoding="utf-8") as handle:
        episodes = [row["episode_id"] for row in csv.DictReader(handle)]
    assert {f"episode-{e}" for e in episodes} <= ids


def test_unknown_notebook_in_report_list(tmp_path):
    bad = tmp_path / "reports.toml"
    bad.write_text('[[report]]\nid = "x"\nnotebook = "nosuch"\ntitle = "X"\nkind = "k"\n', encoding="utf-8")
    with pytest.raises(ReportListError, match="'nosuch', which does not exist; known notebooks: .*timeline"):
        read_report_list(REAL_DATA, bad)


def test_cli_list():
    result = subprocess.run([sys.executable, "-m", "backchannel", "list"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "episode-2013-obama-castro-secret-talks" in result.stdout
