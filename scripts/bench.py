"""`make bench`: the naive way against `backchannel build`, and load/build times as the data grows.

Writes the table to reports/bench.md and prints it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_data import generate  # noqa: E402

from backchannel.build import build  # noqa: E402
from backchannel.reports import NOTEBOOKS, REPORT_LIST, read_report_list  # noqa: E402

BIN = Path(sys.executable).parent
DEFAULTS = ["timeline", "eras", "participants", "outcomes", "channels", "episode", "claims"]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def naive(work: Path, data: Path) -> None:
    """One papermill and one `jupyter nbconvert` command per report, one after another."""
    for name in DEFAULTS:
        executed = work / f"{name}.ipynb"
        subprocess.run([BIN / "papermill", str(NOTEBOOKS / f"{name}.ipynb"), str(executed), "-p", "data_dir",
                        str(data), "--cwd", str(NOTEBOOKS), "-k", "python3", "--no-progress-bar"],
                       check=True, capture_output=True)
        subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", str(executed)],
                       check=True, capture_output=True)


def load_time(data: Path) -> float:
    """Validate and load in a fresh process with an empty cache (the cost a first run pays)."""
    code = ("import time, backchannel; t = time.perf_counter(); backchannel.load(); "
            "print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "BACKCHANNEL_DATA": str(data), "BACKCHANNEL_CACHE": cache}
        return float(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                                    text=True).stdout)


def main() -> None:
    quiet = dict(log=lambda *_: None)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        data = ROOT / "data"
        notebooks = scratch / "notebooks"
        shutil.copytree(NOTEBOOKS, notebooks)
        rows = []
        naive_s = timed(lambda: naive(scratch, data))
        site = scratch / "site"
        full = timed(lambda: build(data, site, only=DEFAULTS, force=True, notebooks=notebooks, **quiet))
        unchanged = timed(lambda: build(data, site, only=DEFAULTS, notebooks=notebooks, **quiet))
        edited = notebooks / "claims.ipynb"
        notebook = json.loads(edited.read_text(encoding="utf-8"))
        notebook["metadata"]["bench_edit"] = time.time()
        edited.write_text(json.dumps(notebook), encoding="utf-8")
        one = timed(lambda: build(data, site, only=DEFAULTS, notebooks=notebooks, **quiet))
        rows += [("naive: papermill + nbconvert per report, 7 reports", naive_s, ""),
                 (f"backchannel build --force, 7 reports, {os.cpu_count()} jobs", full, f"{naive_s / full:.1f}x faster"),
                 ("backchannel build, nothing changed", unchanged, ""),
                 ("backchannel build, one notebook changed (claims)", one, "")]
        for scale in (1, 10, 100):
            scaled = data if scale == 1 else scratch / f"data-{scale}x"
            if scale != 1:
                generate(scale, scaled, data)

            rows.append((f"validate + load, {scale}x data", load_time(scaled), ""))
            seconds = timed(lambda: build(scaled, scratch / f"site-{scale}", only=DEFAULTS, force=True, **quiet))
            rows.append((f"build 7 default reports, {scale}x data", seconds,
                         f"{seconds / full:.2f}x the 1x build" if scale != 1 else ""))
    lines = ["| measurement | seconds | ratio |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {seconds:.2f} | {ratio} |" for name, seconds, ratio in rows]
    text = "# make bench\n\n" + "\n".join(lines) + f"\n\nMachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}.\n"
    (ROOT / "reports" / "bench.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
