"""How report kernels start: over IPC sockets, forked from a template, each isolated from the one before."""
from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import papermill
import pytest

from backchannel.site import forked
from backchannel.site.kernels import KERNEL_MANAGER, IPCKernelManager

pytestmark = pytest.mark.notebook

PROBE = """
import json, os, sys
preloaded = "pandas" in sys.modules  # imported before any cell ran: the kernel was forked from the template
import matplotlib
import matplotlib.pyplot as plt
from backchannel.analysis import maps
state = {"preloaded": preloaded, "pid": os.getpid(), "ppid": os.getppid(), "leak": "leak" in globals(),
         "linewidth": matplotlib.rcParams["lines.linewidth"], "figures": len(plt.get_fignums()),
         "env": os.environ.get("BC_LEAK"), "cwd": os.getcwd(), "cached": maps.coastlines.cache_info().currsize}
print(json.dumps(state))
"""
LITTER = """
leak = 1
matplotlib.rcParams["lines.linewidth"] = 9
figure = plt.figure()
os.environ["BC_LEAK"] = "1"
maps.coastlines(0.0, 10.0, 0.0, 10.0)  # a map the template never drew
os.chdir("/")
"""


def run_probe(tmp_path: Path, name: str, *cells: str) -> dict:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE), *map(nbformat.v4.new_code_cell, cells)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(notebook, path)
    papermill.execute_notebook(str(path), str(path), kernel_name="python3", cwd=str(tmp_path), progress_bar=False,
                               kernel_manager_class=KERNEL_MANAGER)
    text = nbformat.read(path, as_version=4).cells[0].outputs[0]["text"]
    return json.loads(text)


def test_kernels_listen_on_ipc_sockets_of_their_own(tmp_path):
    managers = [IPCKernelManager(kernel_name="python3") for _ in range(2)]
    assert {m.transport for m in managers} == {"ipc"}
    prefixes = {m.ip for m in managers}
    assert len(prefixes) == 2 and all(Path(p).parent == Path(os.environ.get("TMPDIR", "/tmp")) for p in prefixes)


@pytest.mark.skipif(not forked.available(), reason="fork is a POSIX call")
def test_forked_kernels_see_nothing_of_the_report_before(tmp_path):
    first = run_probe(tmp_path, "first", LITTER)
    second = run_probe(tmp_path, "second")
    assert first["preloaded"] and second["preloaded"]
    assert first["ppid"] == second["ppid"] != os.getpid()  # both forked from the same template
    assert first["pid"] != second["pid"]
    assert second == {**second, "leak": False, "linewidth": first["linewidth"], "figures": 0, "env": None,
                      "cwd": str(tmp_path), "cached": first["cached"]}


def test_without_fork_kernels_start_the_usual_way(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKCHANNEL_FORK", "0")
    state = run_probe(tmp_path, "plain")
    assert not state["preloaded"] and state["ppid"] == os.getpid() and state["cwd"] == str(tmp_path)


@pytest.mark.skipif(not forked.available(), reason="fork is a POSIX call")
def test_a_forked_kernel_shows_figures_as_a_fresh_kernel_does(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "figure.ipynb"
    nbformat.write(notebook, path)
    papermill.execute_notebook(str(path), str(path), kernel_name="python3", progress_bar=False,
                               kernel_manager_class=KERNEL_MANAGER)
    outputs = nbformat.read(path, as_version=4).cells[0].outputs
    assert any("image/png" in output.get("data", {}) for output in outputs)


@pytest.mark.skipif(not forked.available(), reason="fork is a POSIX call")
def test_a_template_that_has_gone_leaves_kernels_to_start_the_usual_way(tmp_path, monkeypatch):
    import socket

    gone = tmp_path / "gone"  # a socket nobody listens on: the template exited (say, an import started a thread)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(gone))
    monkeypatch.setattr(forked, "_TEMPLATE", {})
    forked.use_template(str(gone))
    state = run_probe(tmp_path, "fallback")
    assert not state["preloaded"] and state["ppid"] == os.getpid() and state["cwd"] == str(tmp_path)


@pytest.mark.skipif(not forked.available(), reason="fork is a POSIX call")
def test_kernels_find_the_package_read_by_their_template_and_cannot_change_it_for_the_next(tmp_path, monkeypatch):
    from conftest import REAL_DATA

    template = forked.Template(data_dir=REAL_DATA)
    monkeypatch.setattr(forked, "_TEMPLATE", {os.getpid(): template})
    try:
        read = ("from backchannel.data import dataset\nprint(json.dumps(sorted(str(folder) for folder, _ in dataset._READ)))")
        spoil = ("import backchannel\ndata = backchannel.load()\nfor table in [*data.tables.values(), "
                 "*(tables['episodes'] for _, tables in dataset._READ.values())]:\n"
                 "    for column in list(table.columns):\n        del table[column]")  # in place, here and in memory
        count = "import backchannel\nepisodes = backchannel.load().episodes\nprint(json.dumps(episodes.shape))"
        first = run_cells(tmp_path, "first", read, spoil)
        second = run_cells(tmp_path, "second", read, count)
    finally:
        template.close()
    assert first[0] == second[0] == [str(REAL_DATA.resolve())]  # read before any cell ran
    from conftest import read_table
    header, rows = read_table(REAL_DATA, "episodes")
    assert second[1][0] == len(rows) and second[1][1] > len(header)  # whatever the report before did


def run_cells(tmp_path: Path, name: str, *cells: str) -> list:
    """Run `cells` in a fresh report kernel; what each printed, as JSON."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import json"),
                                               *map(nbformat.v4.new_code_cell, cells)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(notebook, path)
    papermill.execute_notebook(str(path), str(path), kernel_name="python3", cwd=str(tmp_path), progress_bar=False,
                               kernel_manager_class=KERNEL_MANAGER)
    return [json.loads(cell.outputs[0]["text"]) for cell in nbformat.read(path, as_version=4).cells[1:]
            if cell.outputs]


def _worker_state() -> dict:
    import sys

    return {"env": os.environ.get("BC_BUILD"), "cwd": os.getcwd(), "papermill": "papermill" in sys.modules,
            "iri parser": sys.modules.get("rfc3987_syntax", "not blocked")}


def test_build_workers_take_the_builds_environment_not_that_of_the_server_they_are_forked_from(tmp_path, monkeypatch):
    """Workers come from a server that imported their machinery when it started (without jsonschema's IRI
    parser); each takes the environment and directory of the build that asks for it, as a spawned worker would."""
    from concurrent.futures import ProcessPoolExecutor

    from backchannel.site.build import _worker_context
    from backchannel.site.render import warm_up

    context = _worker_context()
    with ProcessPoolExecutor(1, mp_context=context) as pool:  # the server, started (if not yet) as things are now
        pool.submit(os.getpid).result()
    monkeypatch.setenv("BC_BUILD", "second")
    monkeypatch.chdir(tmp_path)
    with ProcessPoolExecutor(1, mp_context=context, initializer=warm_up,
                             initargs=(None, dict(os.environ), os.getcwd())) as pool:
        state = pool.submit(_worker_state).result()
    assert state == {"env": "second", "cwd": str(tmp_path), "papermill": True, "iri parser": None}
