"""Which reports need rebuilding: a key per report over everything its output depends on."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..data.version import fingerprint
from ..paths import ROOT
from .reports import Report

MANIFEST = ".build-manifest.json"
LIBRARY = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:20]


def shared_key(data_dir: Path, keep_code: bool, library: Path = LIBRARY, lock: Path = LOCK) -> str:
    """What every report depends on: the data, the library's code and page templates, the pinned environment,
    the options."""
    code = b"".join(path.read_bytes() for path in sorted(library.rglob("*"))
                    if path.is_file() and (path.suffix == ".py" or "templates" in path.parts))
    return _digest(fingerprint(data_dir).encode(), code, lock.read_bytes() if lock.is_file() else b"",
                   b"keep-code" if keep_code else b"")


def report_key(report: Report, shared: str) -> str:
    """The key of one report: its notebook, its parameters and the shared key."""
    return _digest(report.notebook_path.read_bytes(), json.dumps(report.parameters, sort_keys=True).encode(),
                   report.title.encode(), shared.encode())


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
