"""The data version (a hash of the package) and a cache of versions already found valid."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import paths
from .problems import DataError


def fingerprint(data_dir: Path) -> str:
    """A short hash of the descriptor and every file it names: the data version."""
    digest = hashlib.sha256()
    descriptor = data_dir / "datapackage.json"
    digest.update(descriptor.read_bytes())
    for resource in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]:
        path = data_dir / resource["path"]
        digest.update(resource["path"].encode())
        digest.update(path.read_bytes() if path.is_file() else b"\x00missing")
    return digest.hexdigest()[:16]


def checked_version(data_dir: Path) -> str:
    """The version of a valid package; validates only versions not seen valid before.

    Raises DataError with every problem when the package is invalid."""
    from .validate import validate

    data_dir = Path(data_dir)
    if not (data_dir / "datapackage.json").is_file():
        raise DataError(data_dir, validate(data_dir))
    version = fingerprint(data_dir)
    stamp = paths.cache_dir() / f"valid-{version}"
    if not stamp.exists():
        problems = validate(data_dir)
        if problems:
            raise DataError(data_dir, problems)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    return version
