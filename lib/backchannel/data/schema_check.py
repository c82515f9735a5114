"""Schema checks of the data package with frictionless: types, required, enums, keys."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import dates
from .problems import Problem, did_you_mean

DESCRIPTOR = "datapackage.json"
DATE_WORDS = "write a date as YYYY, YYYY-MM or YYYY-MM-DD (a month from 01 to 12, a day that exists)"
RAGGED = ("extra-cell", "missing-cell")


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
    words = _Words(data_dir, descriptor)
    problems = []
    for task in report.tasks:
        path = task.place.rsplit("/", 1)[-1]
        errors = [error.to_descriptor() for error in task.errors]
        ragged = {}  # a row with too many or too few cells: one problem, and none of the errors it causes
        for data in errors:
            if data["type"] in RAGGED and data["rowNumber"] not in ragged:
                ragged[data["rowNumber"]] = words.ragged(path, data)
        problems.extend(ragged.values())
        problems.extend(words.problem(path, data) for data in errors if data.get("rowNumber") not in ragged)
    problems.extend(Problem(DESCRIPTOR, None, None, None, error.message) for error in report.errors)
    return problems


class _Words:
    """Frictionless's errors said for a historian: what is wrong and how to write it."""

    def __init__(self, data_dir: Path, descriptor: dict):
        self.data_dir = data_dir
        self.resources = {resource["name"]: resource for resource in descriptor["resources"]}
        self.fields = {(resource["path"], field["name"]): field
                       for resource in descriptor["resources"] for field in resource["schema"]["fields"]}
        self._ids: dict[tuple[str, str], list[str]] = {}

    def problem(self, path: str, data: dict) -> Problem:
        row, note, kind = data.get("rowNumber"), data.get("note") or "", data["type"]
        field, value = data.get("fieldName") or data.get("label"), data.get("cell")
        if kind == "missing-label":
            return Problem(path, 1, field, None, "column missing from the header")
        if kind == "primary-key":
            return Problem(path, row, None, None, f"duplicate primary key: {note}")
        if kind == "foreign-key":
            return self.unknown_id(path, data)
        if kind == "constraint-error" and note.startswith('constraint "pattern"'):
            return Problem(path, row, field, value, self.form(path, field))
        if kind == "constraint-error" and note.startswith('constraint "required"'):
            return Problem(path, row, field, value, "required: this cell may not be blank")
        if kind == "constraint-error" and note.startswith('constraint "enum"'):
            allowed = self.fields.get((path, field), {}).get("constraints", {}).get("enum", [])
            return Problem(path, row, field, value, f"not one of the allowed values{did_you_mean(str(value), allowed)}: "
                           + ", ".join(allowed))
        message = f"{data['title']}: {note}" if note else data["title"]
        return Problem(path, row, field, value, message)

    def form(self, path: str, field: str) -> str:
        """The form a pattern asks for, in words: the date rule, or the field's description."""
        spec = self.fields.get((path, field), {})
        if spec.get("constraints", {}).get("pattern") == dates.SCHEMA_PATTERN:
            return f"not a date: {DATE_WORDS}"
        described = spec.get("description")
        return f"not in the expected form: {described}" if described else \
            f"not in the expected form {spec.get('constraints', {}).get('pattern')}"

    def unknown_id(self, path: str, data: dict) -> Problem:
        fields, values = data.get("fieldNames", []), data.get("fieldCells", [])
        target, keys = data.get("referenceName") or "", data.get("referenceFieldNames", [])
        if len(fields) != 1 or len(keys) != 1:
            return Problem(path, data.get("rowNumber"), None, None, f"{data['title']}: {data.get('note', '')}")
        table = target or path.removesuffix(".csv")
        known = self.ids(table, keys[0])
        return Problem(path, data.get("rowNumber"), fields[0], values[0],
                       f"no record with this {keys[0]} in {table}.csv{did_you_mean(values[0], known)}")

    def ids(self, table: str, field: str) -> list[str]:
        if (table, field) not in self._ids:
            resource = self.resources.get(table)
            values = []
            if resource:
                with (self.data_dir / resource["path"]).open(encoding="utf-8", newline="") as handle:
                    values = [row.get(field) or "" for row in csv.DictReader(handle)]
            self._ids[(table, field)] = values
        return self._ids[(table, field)]

    def ragged(self, path: str, data: dict) -> Problem:
        """A row whose cells do not match the header, counted from the file itself."""
        row = data["rowNumber"]
        with (self.data_dir / path).open(encoding="utf-8", newline="") as handle:
            records = csv.reader(handle)
            header = next(records, [])
            cells = next((record for number, record in enumerate(records, start=2) if number == row), [])
        hint = "a comma outside quotes?" if len(cells) > len(header) else "a missing comma or cell?"
        return Problem(path, row, None, None, f"this row has {len(cells)} cells, the header {len(header)}: {hint}")
