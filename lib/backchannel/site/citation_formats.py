"""Citations in the formats readers take away: BibTeX, RIS and CSL-JSON files, and the Chicago author-date
reference shown on the page (citeproc-py with the CSL project's style in `csl/`)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .citation_items import KINDS

STYLE = Path(__file__).resolve().parent / "csl" / "chicago-author-date.csl"


def _source_kind(item: dict) -> str | None:
    """The sources.csv kind of a source's item (its CSL genre), None for a page."""
    kind = item.get("genre", "").replace(" ", "_")
    return kind if kind in KINDS else None


def _name_text(name: dict) -> str:
    """A CSL name as written in a list of authors: "Family, Given", or the literal name."""
    if "literal" in name:
        return name["literal"]
    family = name.get("family", "") + (f", {name['suffix']}" if name.get("suffix") else "")
    return f"{family}, {name['given']}" if name.get("given") else family


def _bib_name(name: dict, entity: bool) -> str:
    """A name for BibTeX: an entity (CITATION.cff `name:`) braced, so it stays one name; a source's
    "Given Family" left to BibTeX's own name parsing."""
    text = _bib_escape(_name_text(name))
    return f"{{{text}}}" if entity and "literal" in name else text


def _iso(parts: list[int]) -> str:
    """Date parts at their precision: 1975, 1975-07 or 1975-07-09."""
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def _parts(item: dict, key: str) -> list[int]:
    return list((item.get(key) or {}).get("date-parts", [[]])[0])


BIB_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
BIB_REPLACE = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bib_escape(text: str) -> str:
    return BIB_SPECIAL.sub(lambda m: BIB_REPLACE.get(m.group(1), "\\" + m.group(1)), " ".join(str(text).split()))


def _bib_url(url: str) -> str:
    """A URL as a BibTeX field value: verbatim, with any brace or backslash percent-encoded so braces balance."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def to_bibtex(items: list[dict]) -> str:
    """BibTeX (biblatex field names, readable by BibTeX too) for CSL-JSON `items`, one entry each."""
    return "\n".join(_bibtex_entry(item) for item in items)


def _bibtex_entry(item: dict) -> str:
    kind = _source_kind(item)
    page = item["type"] == "webpage"
    entry_type = "online" if page else "book" if item["type"] == "book" else KINDS[kind][1] if kind else "misc"
    fields: list[tuple[str, str]] = []
    for role in ("author", "editor"):
        names = [_bib_name(name, entity=page) for name in item.get(role, [])]
        if names:
            fields.append((role, " and ".join(names)))
    fields.append(("title", _bib_escape(item.get("title", ""))))
    container = item.get("container-title")
    if container:
        fields.append(({"article": "journal", "inreference": "booktitle"}.get(entry_type, "titleaddon"),
                       _bib_escape(container)))
    if item.get("publisher") and container != item["publisher"]:
        fields.append(("institution" if entry_type == "report" else "publisher", _bib_escape(item["publisher"])))
    issued = _parts(item, "issued")
    if issued:
        fields.append(("year", str(issued[0])))
        fields.append(("date", _iso(issued)))
    if item.get("URL"):
        fields.append(("url", _bib_url(item["URL"])))
    accessed = _parts(item, "accessed")
    if accessed:
        fields.append(("urldate", _iso(accessed)))
    notes = []
    if item.get("version"):
        fields.append(("version", _bib_escape(item["version"])))
        notes.append(f"Data version {item['version']}")
    if item.get("note"):
        notes.append(item["note"])
    if notes:
        fields.append(("note", _bib_escape(". ".join(n.rstrip(".") for n in notes) + ".")))
    if item.get("license"):
        fields.append(("rights", _bib_escape(item["license"])))
    if item.get("interviewer"):
        fields.append(("annotator", " and ".join(_bib_name(n, entity=False) for n in item["interviewer"])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{item['id']},\n{body}\n}}\n"


RIS_TYPES = {"webpage": "ELEC", "article-newspaper": "NEWS", "article-journal": "JOUR", "book": "BOOK",
             "report": "RPRT", "entry-encyclopedia": "ENCYC", "interview": "GEN", "document": "GEN"}


def to_ris(items: list[dict]) -> str:
    """RIS records for CSL-JSON `items` (CRLF line ends, as the format's readers expect)."""
    return "".join(_ris_record(item) for item in items)


def _ris_record(item: dict) -> str:
    kind = _source_kind(item)
    ris_type = KINDS[kind][2] if kind and item["type"] != "book" else RIS_TYPES.get(item["type"], "GEN")
    lines = [("TY", ris_type), ("ID", item["id"]), ("TI", item.get("title", ""))]
    lines += [("AU", _name_text(name)) for name in item.get("author", [])]
    lines += [("A2", _name_text(name)) for name in item.get("editor", [])]
    lines += [("A3", _name_text(name)) for name in item.get("interviewer", [])]
    if item.get("container-title"):
        lines.append(("T2", item["container-title"]))
    if item.get("publisher"):
        lines.append(("PB", item["publisher"]))
    issued = _parts(item, "issued")
    if issued:
        lines.append(("PY", str(issued[0])))
        if len(issued) > 1:
            lines.append(("DA", _iso(issued).replace("-", "/")))
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    accessed = _parts(item, "accessed")
    if accessed:
        lines.append(("Y2", _iso(accessed).replace("-", "/")))
    if item.get("version"):
        lines.append(("ET", f"Data version {item['version']}"))
    if item.get("note"):
        lines.append(("N1", item["note"]))
    if item.get("genre"):
        lines.append(("M3", item["genre"]))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines)


def to_csl_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def exports(items: list[dict]) -> dict[str, bytes]:
    """The three files' contents by extension."""
    return {"bib": to_bibtex(items).encode(), "ris": to_ris(items).encode(), "json": to_csl_json(items).encode()}


# --- Chicago ------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _style():
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(str(STYLE), validate=False)


def chicago(item: dict) -> str:
    """The Chicago (author-date) reference of one item, as plain text. A site without a public address gets
    the page's file and says that no address was given."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    styled = {key: _keep_case(val) if key in ("title", "container-title") else val for key, val in item.items()
              if key not in ("note", "license", "genre")}
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([styled]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = " ".join(str(entry) for entry in bibliography.bibliography())
    text = " ".join(text.split())
    if item.get("version"):  # citeproc-py reads a hash such as "9f9" as several numbers, so "Versions"
        text = text.replace(f"Versions {item['version']}", f"Version {item['version']}")
    if item.get("note") and "URL" not in item:
        text = f"{text} {item['note']}"
    return text


def _keep_case(text: str) -> str:
    """A title whose first word is written in lower case (a name: the project's own, "backchannel") keeps
    that word as it is under title case."""
    first = re.match(r"[a-z][\w-]*[:;,.]?", str(text))  # with its punctuation: citeproc spaces a seam
    return f'<span class="nocase">{first.group()}</span>{text[first.end():]}' if first else str(text)
