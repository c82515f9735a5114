"""backchannel: load, validate and chart the US–Cuba back-channel dataset."""
from .dataset import Dataset, load
from .problems import DataError, Problem
from .validate import validate

__all__ = ["DataError", "Dataset", "Problem", "load", "validate"]
