"""Incremental and robust builds: what triggers a rebuild, atomic writes, timeouts, dying kernels."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from backchannel.site import build_plan, render
from backchannel.site.build import build
from backchannel.site.reports import read_report_list
from backchannel.data.ids import episode_of
from conftest import REAL_DATA, read_table, set_cell
from notebook_runner import NOTEBOOKS

pytestmark = pytest.mark.notebook

LIST = """
[[report]]
id = "timeline"
notebook = "timeline"
title = "Timeline"
kind = "overview"

[[report]]
id = "timeline-1970s"
notebook = "timeline"
title = "Timeline of the 1970s"
kind = "subsets"
parameters = { years = [1970, 1979] }

[[report]]
id = "claims"
notebook = "claims"
title = "Claims"
kind = "overview"
"""


def notebook_source(*cells: str) -> str:
    return json.dumps({"cells": [
        {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": None, "outputs": [],
         "source": "data_dir = None  # data folder"}]
        + [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c} for c in cells],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 4})


@pytest.fixture
def inputs(tmp_path, data_copy):
    """Copies of everything a report depends on: notebooks, report list, data, library, lock."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("timeline", "claims"):
        shutil.copy(NOTEBOOKS / f"{name}.ipynb", notebooks)
    report_list = tmp_path / "reports.toml"
    report_list.write_text(LIST, encoding="utf-8")
    library = tmp_path / "lib"
    shutil.copytree(build_plan.LIBRARY, library)
    lock = tmp_path / "requirements.lock"
    shutil.copy(build_plan.LOCK, lock)
    return {"notebooks": notebooks, "list": report_list, "data": data_copy, "library": library, "lock": lock}


PER_EPISODE = """
[[per_episode]]
notebook = "episode"
title_prefix = "Episode: "
kind = "episodes"
"""
OVERVIEWS = {"timeline", "timeline-1970s", "claims"}
KISSINGER = "1974-kissinger-castro-talks"


def keys(inputs) -> dict[str, str]:
    shared = build_plan.shared_key(inputs["data"], False, inputs["library"], inputs["lock"])
    reports = read_report_list(inputs["data"], inputs["list"], inputs["notebooks"])
    return {r.id: build_plan.report_key(r, shared, build_plan.data_key(r, inputs["data"])) for r in reports}


@pytest.fixture
def with_episodes(inputs):
    """The inputs with one report per episode added to the report list."""
    shutil.copy(NOTEBOOKS / "episode.ipynb", inputs["notebooks"])
    inputs["list"].write_text(LIST + PER_EPISODE, encoding="utf-8")
    return inputs


def episode_pages(*episode_ids: str) -> set[str]:
    return {f"episode-{episode_id}" for episode_id in episode_ids}


def rows_of(data_dir, table: str, field: str, value: str) -> list[int]:
    _, rows = read_table(data_dir, table)
    return [i for i, row in enumerate(rows) if row[field] == value]


def test_an_episode_edit_rebuilds_the_overviews_and_that_episode_only(with_episodes):
    before = keys(with_episodes)
    data = with_episodes["data"]
    [row] = rows_of(data, "episodes", "episode_id", KISSINGER)
    set_cell(data, "episodes", row, "summary", "A shorter summary of the Kissinger channel.")
    assert changed(before, keys(with_episodes)) == OVERVIEWS | episode_pages(KISSINGER)


def test_a_contact_edit_rebuilds_its_episode_only(with_episodes):
    before = keys(with_episodes)
    data = with_episodes["data"]
    row = rows_of(data, "contacts", "episode_id", KISSINGER)[0]
    set_cell(data, "contacts", row, "summary", "A reworded contact.")
    assert changed(before, keys(with_episodes)) == OVERVIEWS | episode_pages(KISSINGER)


def test_an_actor_or_source_edit_rebuilds_the_episodes_that_name_it(with_episodes):
    data = with_episodes["data"]
    _, participation = read_table(data, "participation")
    actor = participation[rows_of(data, "participation", "episode_id", KISSINGER)[0]]["actor_id"]
    of_actor = {row["episode_id"] for row in participation if row["actor_id"] == actor}
    before = keys(with_episodes)
    set_cell(data, "actors", rows_of(data, "actors", "actor_id", actor)[0], "description", "Reworded.")
    assert changed(before, keys(with_episodes)) == OVERVIEWS | episode_pages(*of_actor)

    _, citations = read_table(data, "citations")
    source = next(row["source_id"] for row in citations if row["record_id"].startswith(f"{KISSINGER}--"))
    citing = {episode_of(row["table"], row["record_id"]) for row in citations if row["source_id"] == source}
    before = keys(with_episodes)
    set_cell(data, "sources", rows_of(data, "sources", "source_id", source)[0], "title", "A retitled source")
    assert changed(before, keys(with_episodes)) == OVERVIEWS | episode_pages(*(citing - {None}))


def test_a_claim_edit_rebuilds_the_overviews_and_an_era_edit_everything(with_episodes):
    data = with_episodes["data"]
    before = keys(with_episodes)
    set_cell(data, "claims", 0, "explanation", "Reworded explanation.")
    assert changed(before, keys(with_episodes)) == OVERVIEWS
    before = keys(with_episodes)
    set_cell(data, "eras", 0, "notes", "A note on the era.")
    assert changed(before, keys(with_episodes)) == set(before)


def changed(before: dict, after: dict) -> set[str]:
    return {report_id for report_id in before if before[report_id] != after[report_id]}


def test_nothing_changed_means_nothing_to_rebuild(inputs):
    assert changed(keys(inputs), keys(inputs)) == set()


def test_a_notebook_change_rebuilds_the_reports_that_use_it(inputs):
    before = keys(inputs)
    path = inputs["notebooks"] / "timeline.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][-1]["source"].append("\n")
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert changed(before, keys(inputs)) == {"timeline", "timeline-1970s"}


def test_a_parameter_change_rebuilds_that_report_only(inputs):
    before = keys(inputs)
    text = inputs["list"].read_text(encoding="utf-8").replace("[1970, 1979]", "[1970, 1980]")
    inputs["list"].write_text(text, encoding="utf-8")
    assert changed(before, keys(inputs)) == {"timeline-1970s"}


@pytest.mark.parametrize("what", ["data", "library", "lock"])
def test_a_change_to_shared_inputs_rebuilds_everything(inputs, what):
    before = keys(inputs)
    if what == "data":
        set_cell(inputs["data"], "episodes", 0, "title", "A retitled episode")
    elif what == "library":
        (inputs["library"] / "analysis" / "charts.py").write_text("# changed\n", encoding="utf-8")
    else:
        inputs["lock"].write_text("pandas==0.0\n", encoding="utf-8")
    assert changed(before, keys(inputs)) == {"timeline", "timeline-1970s", "claims"}


def test_second_build_reuses_and_a_notebook_edit_rebuilds_only_its_reports(inputs, tmp_path, monkeypatch):
    out = tmp_path / "site"
    args = dict(report_list=inputs["list"], notebooks=inputs["notebooks"], log=lambda *_: None, jobs=2)
    first = build(REAL_DATA, out, **args)
    assert [r.reused for r in first] == [False, False, False] and all(r.ok for r in first)
    episodes_page = (out / "episodes.html").read_text(encoding="utf-8")
    with monkeypatch.context() as patch:  # nothing to do: the facets come from the last build, the data unread
        patch.setattr("backchannel.load", lambda *a, **k: pytest.fail("a build with nothing to do loaded the data"))
        second = build(REAL_DATA, out, **args)
    assert [r.reused for r in second] == [True, True, True]
    assert (out / "episodes.html").read_text(encoding="utf-8") == episodes_page
    assert [r.finding for r in second] == [r.finding for r in first]
    path = inputs["notebooks"] / "claims.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][-1]["source"].append("\n")
    path.write_text(json.dumps(notebook), encoding="utf-8")
    third = build(REAL_DATA, out, **args)
    assert {r.report.id: r.reused for r in third} == {"timeline": True, "timeline-1970s": True, "claims": False}
    forced = build(REAL_DATA, out, force=True, **args)
    assert not any(r.reused for r in forced)
    assert "3 reports, 0 failed, 0 reused" in (out / "index.html").read_text(encoding="utf-8")


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("the last good report", encoding="utf-8")

    def crash(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        render.write_atomic(target, b"half a new rep")
    assert target.read_text(encoding="utf-8") == "the last good report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("cell, expected", [
    ("import time\ntime.sleep(60)", "Timeout: a cell ran longer than the 3 s limit and was stopped"),
    ("import os\nos._exit(1)", "KernelDied: the kernel died while running the notebook"),
])
def test_hung_or_dying_notebooks_become_failed_reports(tmp_path, cell, expected):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "bad.ipynb").write_text(notebook_source("print('started')", cell), encoding="utf-8")
    report_list = tmp_path / "reports.toml"
    report_list.write_text('[[report]]\nid = "bad"\nnotebook = "bad"\ntitle = "Bad"\nkind = "tests"\n',
                           encoding="utf-8")
    out = tmp_path / "site"
    [result] = build(REAL_DATA, out, only=["bad"], report_list=report_list, notebooks=notebooks,
                     log=lambda *_: None, timeout=3)
    assert not result.ok and result.error == expected
    assert expected.split(":")[0] in (out / "bad.html").read_text(encoding="utf-8")
    assert f"Failed: {expected}" in (out / "index.html").read_text(encoding="utf-8")
