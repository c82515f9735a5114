"""Checks of notebook parameters: a bad value stops the notebook with the allowed values."""
from __future__ import annotations

from collections.abc import Iterable


class ParameterError(ValueError):
    """A notebook parameter has a value outside its allowed values."""


def choice(name: str, value, allowed: Iterable) -> object:
    """Return `value` if it is one of `allowed`, else raise naming the parameter and the choices."""
    allowed = list(allowed)
    if value not in allowed:
        raise ParameterError(f"parameter {name!r} is {value!r}; allowed values: "
                             + ", ".join(map(repr, allowed)))
    return value


def choices(name: str, values, allowed: Iterable) -> list:
    """Return `values` (a list; None means all) if each is allowed, else raise."""
    allowed = list(allowed)
    if values is None:
        return allowed
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise ParameterError(f"parameter {name!r} must be a list (or None for all); got {values!r}; "
                             "allowed values: " + ", ".join(map(repr, allowed)))
    wrong = [value for value in values if value not in allowed]
    if wrong or not values:
        raise ParameterError(f"parameter {name!r} has {wrong or 'no values'}; allowed values: "
                             + ", ".join(map(repr, allowed)))
    return list(values)


def year_range(name: str, value, lowest: int = 1959, highest: int = 2026) -> tuple[int, int]:
    """Return (start, end) if `value` is two years in order within [lowest, highest]."""
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(year, int) for year in value)
            or not lowest <= value[0] <= value[1] <= highest):
        raise ParameterError(f"parameter {name!r} is {value!r}; allowed values: two years "
                             f"[start, end] with {lowest} <= start <= end <= {highest}")
    return value[0], value[1]
