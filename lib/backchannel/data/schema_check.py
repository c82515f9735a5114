"""Schema checks of the data package with frictionless: types, required, enums, keys."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .problems import Problem

DESCRIPTOR = "datapackage.json"


def read_descriptor(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    """Return the parsed descriptor, or None with the problem that stops its reading."""
    path = data_dir / DESCRIPTOR
    if not path.is_file():
        return None, [Problem(DESCRIPTOR, None, None, None, f"file not found in {data_dir}")]
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [Problem(DESCRIPTOR, None, None, None, f"not valid JSON: {exc}")]


def check_readable(data_dir: Path, descriptor: dict) -> tuple[set[str], list[Problem]]:
    """Names of the resources whose file exists, is UTF-8 and has the described columns.

    The others get one problem each (per missing or unknown column), instead of the cascade of
    misplaced-label and type errors a positional check would report for every row."""
    readable, problems = set(), []
    for resource in descriptor["resources"]:
        path = data_dir / resource["path"]
        if not path.is_file():
            problems.append(Problem(resource["path"], None, None, None, "file not found"))
            continue
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            row = raw[: exc.start].count(b"\n") + 1
            snippet = raw[exc.start : exc.start + 4]
            problems.append(Problem(resource["path"], row, None, repr(snippet)[2:-1],
                                    f"bytes that are not UTF-8 at byte {exc.start}"))
            continue
        header = next(csv.reader(io.StringIO(raw.decode("utf-8"))), [])
        expected = [field["name"] for field in resource["schema"]["fields"]]
        missing = [name for name in expected if name not in header]
        unknown = [name for name in header if name not in expected]
        problems += [Problem(resource["path"], 1, name, None, "column missing from the header") for name in missing]
        problems += [Problem(resource["path"], 1, name, None, "unknown column in the header") for name in unknown]
        if not missing and not unknown:
            readable.add(resource["name"])
    return readable, problems


def check_schema(data_dir: Path, descriptor: dict, readable: set[str]) -> list[Problem]:
    """Validate the readable resources against the descriptor with frictionless."""
    from frictionless import Package

    resources = []
    for resource in descriptor["resources"]:
        if resource["name"] not in readable:
            continue
        resource = json.loads(json.dumps(resource))
        keys = resource["schema"].get("foreignKeys", [])
        resource["schema"]["foreignKeys"] = [
            key for key in keys if key["reference"]["resource"] in ("", *readable)]
        resources.append(resource)
    package = Package({**descriptor, "resources": resources}, basepath=str(data_dir))
    report = package.validate()
    problems = []
    for task in report.tasks:
        path = task.place.rsplit("/", 1)[-1]
        problems.extend(_problem(path, error) for error in task.errors)
    problems.extend(Problem(DESCRIPTOR, None, None, None, error.message) for error in report.errors)
    return problems


def _problem(path: str, error) -> Problem:
    data = error.to_descriptor()
    row = data.get("rowNumber")
    field = data.get("fieldName") or data.get("label")
    value = data.get("cell")
    note = data.get("note") or ""
    kind = data["type"]
    if kind == "missing-label":
        return Problem(path, 1, field, None, "column missing from the header")
    if kind == "primary-key":
        return Problem(path, row, None, None, f"duplicate primary key: {note}")
    if kind == "foreign-key":
        return Problem(path, row, None, None, f"{error.title}: {note}")
    message = f"{error.title}: {note}" if note else error.title
    return Problem(path, row, field, value, message)
