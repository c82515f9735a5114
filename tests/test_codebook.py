"""The codebook documents exactly the tables, fields and vocabularies of the descriptor."""
from __future__ import annotations

import json
import re

import pytest

from conftest import REAL_DATA

pytestmark = pytest.mark.unit


def documented() -> dict[str, dict[str, set[str]]]:
    """{table: {field: {vocabulary values}}} as listed under 'Tables and fields'."""
    text = (REAL_DATA / "CODEBOOK.md").read_text(encoding="utf-8")
    text = text.split("## Tables and fields", 1)[1]
    tables: dict[str, dict[str, set[str]]] = {}
    table = field = None
    for line in text.splitlines():
        if heading := re.match(r"^### (\w+)$", line):
            table = heading.group(1)
            tables[table] = {}
        elif entry := re.match(r"^- \*\*(\w+)\*\*: \S", line):
            field = entry.group(1)
            tables[table][field] = set()
        elif value := re.match(r"^  - `([^`]+)`: \S", line):
            tables[table][field].add(value.group(1))
    return tables


def described() -> dict[str, dict[str, set[str]]]:
    descriptor = json.loads((REAL_DATA / "datapackage.json").read_text(encoding="utf-8"))
    return {resource["name"]: {field["name"]: set(field.get("constraints", {}).get("enum", []))
                               for field in resource["schema"]["fields"]}
            for resource in descriptor["resources"]}


def test_codebook_lists_every_table():
    assert documented().keys() == described().keys()


def test_codebook_lists_every_field_and_vocabulary_value():
    docs, schema = documented(), described()
    for table, fields in schema.items():
        assert list(docs[table]) == list(fields), f"fields of {table} differ (order too)"
        for field, values in fields.items():
            assert docs[table][field] == values, f"vocabulary of {table}.{field} differs"
