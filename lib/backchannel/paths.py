"""Where the data, the notebooks and the reports live."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_ENV = "BACKCHANNEL_DATA"


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder: `path`, else $BACKCHANNEL_DATA, else the repository's data/."""
    chosen = path or os.environ.get(DATA_ENV) or ROOT / "data"
    return Path(chosen).expanduser().resolve()


def cache_dir() -> Path:
    """Where validation results are remembered: $BACKCHANNEL_CACHE or ~/.cache/backchannel."""
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "backchannel"
    return Path(os.environ.get("BACKCHANNEL_CACHE", default))
