"""JupyterLab from the project's environment, driven in Chromium as a reader would: open a notebook, change a
parameter, run all cells, read the charts, tables and findings back from the page."""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from notebook_runner import NOTEBOOKS

pytestmark = pytest.mark.notebook

KISSINGER = "1974-kissinger-castro-talks"
START_TIMEOUT = 90
RUN_TIMEOUT = 120_000  # ms
# The notebook's code cells as Lab's model holds them (Lab draws only the cells near the screen).
CODE_CELLS = ("Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)"
              ".filter(c => c.type === 'code')")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free local port over a copy of the notebooks (the tracked ones stay as they are)."""
    root = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, root)
    port, token = free_port(), secrets.token_hex(16)
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--ServerApp.port_retries=0", *(["--allow-root"] if os.geteuid() == 0 else [])],
        stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            assert server.poll() is None, (tmp_path / "lab.log").read_text()
            assert time.monotonic() < deadline, "JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()
            time.sleep(0.3)
    try:
        yield url, token, root
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_a_notebook_runs_in_jupyterlab_with_a_changed_parameter(browser, lab):
    url, token, root = lab
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/lab/tree/episode.ipynb?token={token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=RUN_TIMEOUT)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session", timeout=RUN_TIMEOUT)
    parameters = page.locator(".jp-Notebook .jp-CodeCell").first.locator(".cm-content")
    parameters.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(f'data_dir = None\nepisode_id = "{KISSINGER}"\n')
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"() => {CODE_CELLS}.every(c => c.executionCount !== null)", timeout=RUN_TIMEOUT)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status"
                           " === 'idle'", timeout=RUN_TIMEOUT)
    outputs = page.evaluate(f"() => {CODE_CELLS}.flatMap(c => c.outputs.toJSON())")
    assert not [o for o in outputs if o["output_type"] == "error" or o.get("name") == "stderr"], outputs
    pages = [o["data"].get("text/html", "") for o in outputs if "data" in o]
    pages = ["".join(p) if isinstance(p, list) else p for p in pages]
    assert sum('<figure class="bc-chart">' in p for p in pages) >= 2  # contacts on a timeline and a map
    assert sum("<table" in p for p in pages) >= 3
    assert any("Kissinger" in p and 'class="finding"' in p for p in pages)  # the changed parameter took effect
    notebook = page.locator(".jp-Notebook")  # and what Lab shows of them
    assert notebook.locator("figure.bc-chart svg").count() >= 1
    assert notebook.locator(".jp-OutputArea-output table").count() >= 1
    page.close()
