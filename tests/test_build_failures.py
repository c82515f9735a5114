"""Broken input to `backchannel build`: each gives a clear message, a non-zero exit and an intact site."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest


pytestmark = pytest.mark.notebook

LAST_GOOD = "the last good site"


@pytest.fixture
def site(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text(LAST_GOOD, encoding="utf-8")
    return out


def run_build(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backchannel", "build", *args], capture_output=True, text=True,
                          **kwargs)


def test_missing_data_folder(site, tmp_path):
    result = run_build("--data", str(tmp_path / "nowhere"), "--out", str(site))
    assert result.returncode == 1
    assert f"{tmp_path / 'nowhere'}: data folder not found" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == LAST_GOOD


def test_unknown_report_id(site):
    result = run_build("--only", "no-such-report", "timelin", "--out", str(site))
    assert result.returncode == 2
    assert ("unknown report id(s): 'no-such-report'; 'timelin' (did you mean 'timeline'?); known ids:"
            in result.stderr)
    assert (site / "index.html").read_text(encoding="utf-8") == LAST_GOOD


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_number(site, jobs):
    result = run_build("--jobs", jobs, "--out", str(site))
    assert result.returncode == 2
    assert f"argument --jobs: must be a whole number of 1 or more, not {jobs!r}" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == LAST_GOOD


def test_version():
    result = subprocess.run([sys.executable, "-m", "backchannel", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and re.fullmatch(r"backchannel \d+\.\d+\.\d+\n", result.stdout)


def test_bad_parameter_value_in_the_report_list(site, tmp_path):
    report_list = tmp_path / "reports.toml"
    report_list.write_text('[[report]]\nid = "timeline-bad"\nnotebook = "timeline"\ntitle = "Bad kinds"\n'
                           'kind = "tests"\nparameters = { channel_kinds = ["sideways"] }\n', encoding="utf-8")
    result = run_build("--report-list", str(report_list), "--out", str(site))
    assert result.returncode == 1
    assert "FAILED timeline-bad: ParameterError" in result.stderr
    assert "channel_kinds" in result.stderr and "'back'" in result.stderr
    assert "Failed: ParameterError" in (site / "index.html").read_text(encoding="utf-8")


def test_interrupted_build_leaves_the_index_alone(site, tmp_path):
    report_list = tmp_path / "reports.toml"
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    started = tmp_path / "started"  # the notebook's slow cell has begun: the report is being built
    (notebooks / "slow.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": null, '
        '"outputs": [], "source": "data_dir = None"}, {"cell_type": "code", "metadata": {}, '
        '"execution_count": null, "outputs": [], "source": "import pathlib, time\\n'
        f'pathlib.Path({str(started)!r}).touch()\\ntime.sleep(60)"}}], '
        '"metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}, '
        '"nbformat": 4, "nbformat_minor": 4}', encoding="utf-8")
    report_list.write_text('[[report]]\nid = "slow"\nnotebook = "slow"\ntitle = "Slow"\nkind = "tests"\n',
                           encoding="utf-8")
    # As in a terminal, Ctrl-C must be heard, even when the tests run as a background job (which ignores it).
    hear_interrupts = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                       "sys.argv[0] = 'backchannel'; runpy.run_module('backchannel', run_name='__main__')")
    process = subprocess.Popen([sys.executable, "-c", hear_interrupts, "build", "--report-list", str(report_list),
                                "--notebooks", str(notebooks), "--out", str(site)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 300
    while not started.exists():
        assert process.poll() is None and time.monotonic() < deadline, "the slow report never started"
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group, as in a terminal
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stdout + stderr
    assert "interrupted" in stderr and "left as they were" in stderr
    assert (site / "index.html").read_text(encoding="utf-8") == LAST_GOOD
    assert not list(site.glob(".*.html.*"))  # no half-written files
