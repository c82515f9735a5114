"""Checks of notebook parameters: a bad value stops the notebook with the allowed values."""
from __future__ import annotations

import ast
from collections.abc import Iterable

INJECTED_HEADER = "# Parameters"  # how papermill's injected-parameters cell begins


class ParameterError(ValueError):
    """A notebook parameter has a value outside its allowed values."""


def check_names() -> None:
    """Stop the notebook if papermill injected a parameter its parameters cell does not define (a misspelt
    `-p name value` would otherwise be ignored and the default shown), naming the notebook's parameters."""
    from IPython import get_ipython

    shell = get_ipython()
    cells = list(shell.user_ns.get("In", [])) if shell is not None else []
    injected = [i for i, source in enumerate(cells) if source.lstrip().startswith(INJECTED_HEADER)]
    if not injected or injected[0] == 0:
        return
    defined = _assigned(cells[injected[0] - 1])
    unknown = sorted(_assigned(cells[injected[0]]) - defined)
    if unknown:
        raise ParameterError(f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                             f"this notebook's parameters: {', '.join(map(repr, sorted(defined)))}")


def _as_text_hint(name: str, value) -> str:
    """For a list that arrived as text (papermill's -p passes text): how to pass it as a list."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        return f" (text, not a list: papermill's -p passes text; give lists with -y \"{name}: {value}\")"
    return ""


def _assigned(source: str) -> set[str]:
    """The names a cell assigns at its top level."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {target.id for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)}


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
        raise ParameterError(f"parameter {name!r} must be a list (or None for all); got {values!r}"
                             f"{_as_text_hint(name, values)}; allowed values: " + ", ".join(map(repr, allowed)))
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
        raise ParameterError(f"parameter {name!r} is {value!r}{_as_text_hint(name, value)}; allowed values: two "
                             f"years [start, end] with {lowest} <= start <= end <= {highest}")
    return value[0], value[1]
