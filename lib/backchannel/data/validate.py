"""Validate a data package: schema with frictionless, then the cross-table rules."""
from __future__ import annotations

from pathlib import Path

from .csv_files import read_rows
from .problems import Problem


def read_strings(path: Path, columns: list[str]):
    """A CSV as a DataFrame of strings: blank cells are '', ragged rows are cut or padded to the header."""
    import pandas as pd

    records = [{column: row.get(column) or "" for column in columns} for row in read_rows(path)[1]]
    return pd.DataFrame.from_records(records, columns=columns).astype(object)


def validate(data_dir: Path) -> list[Problem]:
    """Every problem of the package in `data_dir` (an empty list when it is valid)."""
    from .rules import check_rules
    from .schema_check import check_readable, check_schema, read_descriptor

    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [Problem(str(data_dir), None, None, None, "data folder not found")]
    descriptor, problems = read_descriptor(data_dir)
    if descriptor is None:
        return problems
    readable, problems = check_readable(data_dir, descriptor)
    problems += check_schema(data_dir, descriptor, readable)
    tables = {}
    for resource in descriptor["resources"]:
        if resource["name"] not in readable:
            continue
        path = data_dir / resource["path"]
        columns = [field["name"] for field in resource["schema"]["fields"]]
        if set(columns) <= set(read_rows(path)[0]):
            tables[resource["name"]] = read_strings(path, columns)
    located = {(p.file, p.row, p.field) for p in problems}
    problems += [p for p in check_rules(tables, descriptor) if (p.file, p.row, p.field) not in located]
    return problems
