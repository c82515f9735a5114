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

from backchannel.data.csv_files import read_rows, write_rows  # noqa: E402
from backchannel.site import EPISODE_LIMIT, PAGE_LIMIT  # noqa: E402
from backchannel.site.reports import NOTEBOOKS  # noqa: E402

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


def cli_build(*args: str) -> float:
    return timed(lambda: subprocess.run([BIN / "backchannel", "build", *args], check=True, capture_output=True))


def load_times(data: Path) -> tuple[float, float]:
    """In a fresh process with an empty cache: first load (validates), then a load of the known-valid data."""
    code = ("import time, backchannel; t = time.perf_counter(); backchannel.load(); a = time.perf_counter() - t; "
            "t = time.perf_counter(); backchannel.load(); print(a, time.perf_counter() - t)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "BACKCHANNEL_DATA": str(data), "BACKCHANNEL_CACHE": cache}
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
        first, again = map(float, out.stdout.split())
        return first, again




def page_sizes(site: Path) -> str:
    """The HTML weight of the built site's pages against the limits, as a markdown section."""
    sizes = {page.name: page.stat().st_size for page in site.glob("*.html")}
    episodes = sorted(size for name, size in sizes.items() if name.startswith("episode-"))
    heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    over = [name for name, size in sizes.items() if name.startswith("episode-") and size > EPISODE_LIMIT]
    kb = lambda size: f"{size / 1000:.0f} KB"  # noqa: E731
    lines = ["## Page sizes (HTML only; the shared stylesheet, script and chart files are fetched once or on demand)",
             "", f"- {len(sizes)} pages, {kb(sum(sizes.values()))} in all; the site folder "
             f"{kb(sum(f.stat().st_size for f in site.rglob('*') if f.is_file()))}.",
             f"- Episode pages (limit {kb(EPISODE_LIMIT)}): smallest {kb(episodes[0])}, median "
             f"{kb(episodes[len(episodes) // 2])}, largest {kb(episodes[-1])}; {len(over)} of {len(episodes)} over the limit"
             + (f" ({', '.join(sorted(over)[:8])}{'…' if len(over) > 8 else ''})." if over else "."),
             f"- Heaviest pages (limit {kb(PAGE_LIMIT)}): "
             + ", ".join(f"{name} {kb(size)}{' (over)' if size > PAGE_LIMIT else ''}" for name, size in heaviest) + "."]
    return "\n".join(lines) + "\n"


def cell_profile(site: Path, top: int = 12) -> str:
    """Where the reports' time goes, from papermill's per-cell durations in the site's executed notebooks: the
    cells that cost most in all (a cell of the episode notebook counts once per episode page), and an episode
    page's cells in total."""
    cells, episodes = {}, []
    for path in site.glob("*.ipynb"):
        code = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        notebook = "episode" if path.stem.startswith("episode-") else path.stem
        durations = [(c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0) for c in code]
        if notebook == "episode":
            episodes.append(sum(durations))
        for cell, seconds in zip(code, durations):
            first = next((line for line in "".join(cell["source"]).splitlines() if line.strip()), "")
            key = (notebook, first.strip()[:70])
            total, count = cells.get(key, (0.0, 0))
            cells[key] = (total + seconds, count + 1)
    ranked = sorted(cells.items(), key=lambda item: -item[1][0])[:top]
    episodes.sort()
    lines = ["## Where the time goes (papermill's per-cell durations, whole site)", "",
             f"All cells: {sum(t for t, _ in cells.values()):.1f} s. An episode page's cells: median "
             f"{episodes[len(episodes) // 2]:.2f} s, largest {episodes[-1]:.2f} s ({len(episodes)} pages).", "",
             "| report | cell (first line) | runs | seconds in all | per run |", "| --- | --- | ---: | ---: | ---: |"]
    lines += [f"| {notebook} | `{first.replace('|', '/')}` | {count} | {total:.1f} | {total / count:.2f} |"
              for (notebook, first), (total, count) in ranked]
    return "\n".join(lines) + "\n"


def whole_site(scratch: Path, naive_per_report: float) -> tuple[list[tuple[str, float, str]], str]:
    """The whole site (every report), then the same site after one episode's title is edited; and the
    pages' sizes and where the time goes."""
    data = scratch / "data-site"
    shutil.copytree(ROOT / "data", data)
    site = scratch / "site-all"
    full = cli_build("--force", "--out", str(site), "--data", str(data))
    reports = len(json.loads((site / ".build-manifest.json").read_text(encoding="utf-8")))
    sizes = page_sizes(site) + "\n" + cell_profile(site)
    header, rows = read_rows(data / "episodes.csv")
    rows[len(rows) // 2]["title"] += " (edited)"
    write_rows(data / "episodes.csv", header, rows)
    edited = cli_build("--out", str(site), "--data", str(data))
    unchanged = cli_build("--out", str(site), "--data", str(data))
    return [(f"whole site, {reports} reports, --force", full,
             f"{full / reports:.2f} s per report, {naive_per_report / (full / reports):.1f}x faster than the naive "
             f"way's {naive_per_report:.2f} s per report"),
            ("whole site after editing one episode's title (the overviews and that episode rebuilt)", edited,
             f"{edited / full:.2f} of the full build"),
            ("whole site, nothing changed", unchanged, "")], sizes


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        data = ROOT / "data"
        notebooks = scratch / "notebooks"
        shutil.copytree(NOTEBOOKS, notebooks)
        site = scratch / "site"
        common = ["--only", *DEFAULTS, "--notebooks", str(notebooks), "--data", str(data)]
        naive_s = timed(lambda: naive(scratch, data))
        full = cli_build("--force", "--out", str(site), *common)
        unchanged = cli_build("--out", str(site), *common)
        edited = notebooks / "claims.ipynb"
        notebook = json.loads(edited.read_text(encoding="utf-8"))
        notebook["metadata"]["bench_edit"] = time.time()
        edited.write_text(json.dumps(notebook), encoding="utf-8")
        one = cli_build("--out", str(site), *common)
        site_rows, sizes = whole_site(scratch, naive_s / len(DEFAULTS))
        rows = [("naive: one papermill and one nbconvert command per report, 7 reports", naive_s, ""),
                (f"backchannel build --force, 7 reports, {os.cpu_count()} jobs", full, f"{naive_s / full:.1f}x faster"),
                ("backchannel build, nothing changed", unchanged, ""),
                ("backchannel build, one notebook changed (claims)", one, "")] + site_rows
        base = None
        for scale in (1, 10, 100):
            scaled = data if scale == 1 else scratch / f"data-{scale}x"
            if scale != 1:
                generate(scale, scaled, data)
            first, again = load_times(scaled)
            rows.append((f"{scale}x data: validate + load (first time, empty cache)", first, ""))
            rows.append((f"{scale}x data: load (validity cached)", again, ""))
            seconds = cli_build("--force", "--out", str(scratch / f"site-{scale}"), "--only", *DEFAULTS,
                                "--data", str(scaled))
            base = base or seconds
            rows.append((f"{scale}x data: build the 7 default reports", seconds,
                         f"{seconds / base:.2f}x the 1x build" if scale != 1 else ""))
    lines = ["| measurement | seconds | ratio |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {seconds:.2f} | {ratio} |" for name, seconds, ratio in rows]
    text = ("# make bench\n\n" + "\n".join(lines)
            + f"\n\nMachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}. Builds are timed as "
            "`backchannel build` commands, process start included.\n\n" + sizes)
    (ROOT / "reports" / "bench.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
