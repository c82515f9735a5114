"""backchannel: load, validate and chart the US–Cuba back-channel dataset."""
from .data.problems import DataError, Problem
from .data.validate import validate

__all__ = ["DataError", "Dataset", "Problem", "load", "validate"]


def __getattr__(name: str):
    """Import the pandas-based parts on first use, so that the command line starts fast."""
    if name in ("Dataset", "load"):
        from .data import dataset
        return getattr(dataset, name)
    raise AttributeError(name)
