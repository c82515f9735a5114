"""The codebook (CODEBOOK.md) as data: its prose sections, and the definition of every table, field and
vocabulary value, cross-checked against the descriptor so that no code goes undefined."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .. import paths

FIELDS_HEADING = "## Tables and fields"
TABLE = re.compile(r"^### (\w+)$")
FIELD = re.compile(r"^- \*\*(\w+)\*\*: (\S.*)$")
VALUE = re.compile(r"^  - `([^`]+)`: (\S.*)$")


class CodebookError(ValueError):
    """The codebook cannot be read, or leaves a table, field or vocabulary value of the descriptor undefined."""


@dataclass
class Section:
    """A prose section of the codebook: its title, an id made from it, and its markdown body."""
    title: str
    slug: str
    body: str


@dataclass
class Field:
    name: str
    definition: str
    values: dict[str, str] = field(default_factory=dict)  # vocabulary value -> definition, in codebook order


@dataclass
class Table:
    name: str
    description: str
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass
class Codebook:
    title: str
    intro: str
    sections: list[Section]
    tables: dict[str, Table]


@dataclass(frozen=True)
class Term:
    """One vocabulary value of the descriptor with its definition and its field's."""
    table: str
    field: str
    value: str
    definition: str
    field_definition: str


def slug(title: str) -> str:
    """'Where an episode begins and ends' -> 'where-an-episode-begins-and-ends'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def read(data_dir=None) -> Codebook:
    """Parse CODEBOOK.md of the data folder (see `paths.data_dir`)."""
    path = paths.data_dir(data_dir) / "CODEBOOK.md"
    return parse(path.read_text(encoding="utf-8"), str(path))


def parse(text: str, name: str = "CODEBOOK.md") -> Codebook:
    """Parse a codebook's text: prose sections before "## Tables and fields", then the tables.

    Under a table: `- **field**: definition`, `  - `value`: definition`; a line indented by four spaces
    continues the value above, by two spaces the field above; other lines before the first field describe
    the table."""
    if FIELDS_HEADING not in text:
        raise CodebookError(f"{name}: no '{FIELDS_HEADING}' heading")
    prose, fields_part = text.split(FIELDS_HEADING, 1)
    title, intro, sections = _prose(prose)
    return Codebook(title, intro, sections, _tables(fields_part, name, prose.count("\n") + 1))


def _prose(text: str) -> tuple[str, str, list[Section]]:
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    head = parts[0].strip()
    title = head.splitlines()[0].removeprefix("# ").strip() if head.startswith("# ") else ""
    intro = "\n".join(head.splitlines()[1:]).strip() if title else head
    sections = [Section(t.strip(), slug(t), body.strip()) for t, body in zip(parts[1::2], parts[2::2])]
    return title, intro, sections


def _tables(text: str, name: str, first_line: int) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    table = fld = value = None
    for number, line in enumerate(text.splitlines(), first_line):
        if not line.strip():
            continue
        if m := TABLE.match(line):
            table, fld, value = Table(m.group(1), ""), None, None
            tables[table.name] = table
        elif table is None:
            raise CodebookError(f"{name}, line {number}: text before the first table: {line.strip()!r}")
        elif m := FIELD.match(line):
            fld, value = Field(m.group(1), m.group(2).strip()), None
            table.fields[fld.name] = fld
        elif m := VALUE.match(line):
            if fld is None:
                raise CodebookError(f"{name}, line {number}: a vocabulary value before any field of {table.name}")
            value = m.group(1)
            fld.values[value] = m.group(2).strip()
        elif line.startswith("    ") and value is not None:
            fld.values[value] += " " + line.strip()
        elif line.startswith("  ") and fld is not None and value is None:
            fld.definition += " " + line.strip()
        elif fld is None:
            table.description = (table.description + " " + line.strip()).strip()
        else:
            raise CodebookError(f"{name}, line {number}: cannot tell what this line belongs to "
                                f"(table {table.name}): {line.strip()!r}")
    return tables


def descriptor(data_dir=None) -> dict:
    """The data package's descriptor (datapackage.json)."""
    return json.loads((paths.data_dir(data_dir) / "datapackage.json").read_text(encoding="utf-8"))


def terms(data_dir=None, book: Codebook | None = None, package: dict | None = None) -> list[Term]:
    """Every (table, field, value) of the descriptor's vocabularies, in descriptor order, with its definition.

    Raises CodebookError naming the table, field and value when the codebook does not define one."""
    book = read(data_dir) if book is None else book
    package = descriptor(data_dir) if package is None else package
    found = []
    for resource in package["resources"]:
        table = resource["name"]
        for spec in resource["schema"]["fields"]:
            enum = spec.get("constraints", {}).get("enum", [])
            if not enum:
                continue
            documented = book.tables.get(table)
            if documented is None:
                raise CodebookError(f"the codebook has no table {table!r} (needed for the vocabulary of "
                                    f"{table}.{spec['name']})")
            fld = documented.fields.get(spec["name"])
            if fld is None:
                raise CodebookError(f"the codebook does not define field {spec['name']!r} of table {table!r}")
            for value in map(str, enum):
                if value not in fld.values:
                    raise CodebookError(f"the codebook does not define value {value!r} of field {spec['name']!r} "
                                        f"in table {table!r}")
                found.append(Term(table, spec["name"], value, fld.values[value], fld.definition))
    return found
