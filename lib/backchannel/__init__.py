"""backchannel: load, validate and chart the US–Cuba back-channel dataset."""
from .problems import DataError, Problem
from .validate import validate

__all__ = ["DataError", "Dataset", "Problem", "load", "validate"]


def __getattr__(name: str):
    """Import the pandas-based parts on first use, so that the command line starts fast."""
    if name in ("Dataset", "load"):
        from . import dataset
        return getattr(dataset, name)
    raise AttributeError(name)
