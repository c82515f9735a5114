"""Which reports need rebuilding: a key per report over everything its output depends on."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..data.csv_files import read_tables
from ..data.ids import KEYS, episode_of, record_id
from ..data.version import fingerprint
from ..paths import ROOT
from .reports import Report

MANIFEST = ".build-manifest.json"
EPISODE_NOTEBOOK = "episode"  # given an episode_id, this notebook reads only that episode's slice of the data
LIBRARY = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:20]


def shared_key(data_dir: Path, keep_code: bool, library: Path = LIBRARY, lock: Path = LOCK,
               options: dict | None = None) -> str:
    """What every report depends on besides the data: the library's code and page templates, the pinned
    environment, the options (`keep_code`, and `options` such as the as-of date)."""
    code = b"".join(path.read_bytes() for path in sorted(library.rglob("*"))
                    if path.is_file() and (path.suffix == ".py" or "templates" in path.parts))
    return _digest(code, lock.read_bytes() if lock.is_file() else b"", b"keep-code" if keep_code else b"",
                   json.dumps(options or {}, sort_keys=True).encode())


def data_key(report: Report, data_dir: Path, version: str | None = None) -> str:
    """The part of the data a report reads: an episode's own report its episode's slice, any other all of it
    (`version`, the package's fingerprint, if the caller has it)."""
    version = version or fingerprint(data_dir)
    episode_id = report.parameters.get("episode_id")
    if report.notebook == EPISODE_NOTEBOOK and isinstance(episode_id, str):
        return episode_slice(data_dir, episode_id, version)
    return version


def report_key(report: Report, shared: str, data: str) -> str:
    """The key of one report: its notebook, its parameters, its title, its data and the shared key."""
    return _digest(report.notebook_path.read_bytes(), json.dumps(report.parameters, sort_keys=True).encode(),
                   report.title.encode(), data.encode(), shared.encode())


def episode_slice(data_dir: Path, episode_id: str, version: str | None = None) -> str:
    """A hash of what an episode's page shows: its rows in every episode table, the citations of those rows,
    the actors, places and sources they name; with the descriptor, every table's header and the eras."""
    return _slices(data_dir, version or fingerprint(data_dir)).get(episode_id, "no such episode")


@lru_cache(maxsize=2)
def _slices(data_dir: Path, version: str) -> dict[str, str]:
    """The slice hash of every episode, computed in one pass over the package (once per data version)."""
    tables = _tables(data_dir)
    own: dict[str, dict[str, list[dict]]] = {}
    for name, (_, rows) in tables.items():
        for row in rows:
            episode = episode_of(row["table"], row["record_id"]) if name == "citations" else \
                episode_of(name, record_id(name, row))
            if episode:
                own.setdefault(episode, {}).setdefault(name, []).append(row)
    by_id = {name: {row[KEYS[name]]: row for row in tables[name][1]} for name in ("actors", "places", "sources")}
    named = {"actors": ("participation", "actor_id"), "places": ("contacts", "place_id"),
             "sources": ("citations", "source_id")}
    common = [(data_dir / "datapackage.json").read_bytes(), json.dumps(tables["eras"]).encode(),
              json.dumps({name: header for name, (header, _) in tables.items()}).encode()]
    digests = {}
    for episode, parts in own.items():
        for name, (table, field) in named.items():
            ids = sorted({row[field] for row in parts.get(table, [])})
            parts[name] = [by_id[name][i] for i in ids if i in by_id[name]]
        digests[episode] = _digest(*common, json.dumps(parts, sort_keys=True).encode())
    return digests


def _tables(data_dir: Path) -> dict[str, tuple[list[str], list[dict]]]:
    """Every table of the package as (header, rows)."""
    return read_tables(data_dir)


def read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_current(report: Report, key: str, manifest: dict, out: Path) -> bool:
    """True when the last build of `report` succeeded with the same key and its files are still there."""
    entry = manifest.get(report.id)
    return bool(entry and entry.get("key") == key and entry.get("ok")
                and (out / f"{report.id}.html").is_file() and (out / f"{report.id}.ipynb").is_file())
