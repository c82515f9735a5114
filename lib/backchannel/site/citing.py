"""How to cite the site, a report page, and every source: CSL-JSON items, formatted (Chicago author-date,
through citeproc-py and the CSL project's style in `csl/`) and exported as BibTeX, RIS and CSL-JSON.

What a citation names comes from the repository's CITATION.cff (title, authors, licence, the site's
public address), the data version (the package's fingerprint) and the build's as-of date. Nothing is
guessed: a source published in "1975" stays a year, with no month or day; a site built without a public
address names the page file and says so."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..data.csv_files import read_table
from ..paths import ROOT

CFF = ROOT / "CITATION.cff"
STYLE = Path(__file__).resolve().parent / "csl" / "chicago-author-date.csl"
CITE_DIR = "cite"  # per page: cite/<report id>.bib|.ris|.json
SITE_ID = "index"  # the whole site's citation files: cite/index.*
BIBLIOGRAPHY = "backchannel-sources"  # downloads/backchannel-sources.bib|.ris|.json
FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
NO_ADDRESS = "no public address was given for this site when it was built"
LICENSES = {  # SPDX id -> (short name, deed)
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
}
# A source's kind -> (CSL type, BibTeX type, RIS type). Newspapers and reference works are the outlet's
# "container"; the other kinds name their publisher.
KINDS = {
    "news": ("article-newspaper", "article", "NEWS"),
    "scholarly": ("article-journal", "article", "JOUR"),
    "government_document": ("document", "misc", "GOVDOC"),
    "archive_briefing_book": ("report", "report", "RPRT"),
    "official_statement": ("document", "misc", "GEN"),
    "memoir": ("book", "book", "BOOK"),
    "reference": ("entry-encyclopedia", "inreference", "ENCYC"),
    "interview": ("interview", "misc", "GEN"),
}
# A scholarly source is a book when its publisher is a press, not a journal's
BOOK_PUBLISHER = re.compile(r"\b(Press|Publishers?|Publishing)\b")
JOURNAL = re.compile(r"\b(Journal|Review|Quarterly|Magazine)\b")
CONTAINER_KINDS = {"news", "reference", "scholarly"}


class BaseUrlError(ValueError):
    """A base URL that is not an http(s) address."""


@dataclass(frozen=True)
class Cff:
    """What CITATION.cff says about the work (CSL name dicts for authors and editors)."""
    title: str = "backchannel"
    authors: tuple = ({"literal": "The backchannel project"},)
    editors: tuple = ()
    license: str = ""
    version: str = ""
    url: str = ""

    @property
    def license_name(self) -> str:
        return LICENSES.get(self.license, (self.license, ""))[0]

    @property
    def license_url(self) -> str:
        return LICENSES.get(self.license, ("", ""))[1]


def read_cff(path: Path = CFF) -> Cff:
    """The citation metadata of CITATION.cff (defaults when the file is missing)."""
    path = Path(path)
    if not path.is_file():
        return Cff()
    return _read_cff(path.read_bytes())


@lru_cache(maxsize=4)
def _read_cff(text: bytes) -> Cff:
    import yaml

    meta = yaml.safe_load(text) or {}
    preferred = meta.get("preferred-citation") or {}
    authors = tuple(_cff_name(person) for person in meta.get("authors") or [])
    editors = tuple(_cff_name(person) for person in meta.get("editors") or preferred.get("editors") or [])
    return Cff(title=str(meta.get("title") or Cff.title), authors=authors or Cff.authors, editors=editors,
               license=str(meta.get("license") or ""), version=str(meta.get("version") or ""),
               url=str(meta.get("url") or ""))


def _cff_name(person: dict) -> dict:
    """A CFF person or entity as a CSL name: family/given (with particle and suffix), or a literal name."""
    if person.get("family-names"):
        name = {"family": " ".join(filter(None, [person.get("name-particle"), person["family-names"]]))}
        if person.get("given-names"):
            name["given"] = person["given-names"]
        if person.get("name-suffix"):
            name["suffix"] = person["name-suffix"]
        return name
    return {"literal": str(person.get("name") or person.get("alias") or "Anonymous")}


# --- the site's public address ---------------------------------------------------------------------------

def check_base_url(text: str, option: str = "--base-url") -> str:
    """`text` as the site's base URL: an http(s) address ending in "/"; anything else raises BaseUrlError
    naming the option and what it allows."""
    value = str(text).strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or re.search(r"\s", value):
        raise BaseUrlError(f"{option}: {text!r} is not a site address; give the http:// or https:// URL the site "
                           "is published at, without query or fragment, e.g. https://example.org/backchannel/")
    return value if value.endswith("/") else value + "/"


def site_base_url(base_url: str | None = None, cff: Cff | None = None) -> str | None:
    """The base URL to cite: `base_url` if given, else CITATION.cff's `url`, else None (no public address)."""
    if base_url:
        return check_base_url(base_url)
    cff = cff or read_cff()
    return check_base_url(cff.url, "CITATION.cff url") if cff.url else None


def inputs_digest() -> str:
    """A hash of what the citations read besides the code and the options: CITATION.cff and the style (the
    build key changes with it, so editing CITATION.cff rebuilds the pages' footers)."""
    import hashlib

    digest = hashlib.sha256(CFF.read_bytes() if CFF.is_file() else b"")
    digest.update(STYLE.read_bytes())
    return digest.hexdigest()[:16]


def as_of_date(value=None) -> dt.date:
    """The build's as-of date: a date, a day YYYY-MM-DD, or (None) $BACKCHANNEL_AS_OF, else today (UTC)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from ..data.dates import as_of

    return as_of(value)


# --- CSL-JSON items -----------------------------------------------------------------------------------------

def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def page_item(report_id: str, title: str, version: str, base_url: str | None, as_of=None,
              cff: Cff | None = None) -> dict:
    """The CSL-JSON item of one report page (`report_id` "index": the whole site)."""
    cff = cff or read_cff()
    day = as_of_date(as_of)
    page = "index.html" if report_id == SITE_ID else f"{report_id}.html"
    item = {"id": f"backchannel-{report_id}", "type": "webpage", "title": title}
    if report_id != SITE_ID:
        item["container-title"] = cff.title
    item["author"] = [dict(name) for name in cff.authors]
    if cff.editors:
        item["editor"] = [dict(name) for name in cff.editors]
    if base_url:
        item["URL"] = base_url + ("" if report_id == SITE_ID else page)
    else:
        item["note"] = f"Page {page}; {NO_ADDRESS}."
    item["version"] = version
    item["issued"] = _date_parts(day)
    item["accessed"] = _date_parts(day)
    if cff.license:
        item["license"] = cff.license
    return item


def source_items(data_dir: Path) -> list[dict]:
    """One CSL-JSON item per row of sources.csv, in its order, keyed by source_id."""
    return [source_item(row) for row in read_table(data_dir, "sources")[1]]


def source_item(row: dict) -> dict:
    kind = row.get("kind", "")
    csl_type = KINDS.get(kind, ("document",))[0]
    if kind == "scholarly" and BOOK_PUBLISHER.search(row.get("publisher", "")) \
            and not JOURNAL.search(row.get("publisher", "")):
        csl_type = "book"
    item = {"id": row["source_id"], "type": csl_type, "title": row.get("title", "")}
    authors, interviewers = _people(row.get("author", ""))
    if authors:
        item["author"] = authors
    if interviewers:
        item["interviewer"] = interviewers
    publisher = row.get("publisher", "")
    if publisher:
        item["publisher"] = publisher
        if kind in CONTAINER_KINDS and csl_type != "book":
            item["container-title"] = publisher
    if row.get("published"):
        item["issued"] = {"date-parts": [[int(part) for part in row["published"].split("-")]]}
    if row.get("url"):
        item["URL"] = row["url"]
    item["genre"] = kind.replace("_", " ")
    return item


def _people(text: str) -> tuple[list[dict], list[dict]]:
    """The names of an `author` cell ("A; B (interviewed)") as CSL literal names (no first/last split is
    guessed); a name marked "(interviewer)" is the interviewer, any other role in brackets is dropped."""
    authors, interviewers = [], []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        role = re.search(r"\s*\(([^)]*)\)\s*$", part)
        name = part[:role.start()].strip() if role else part
        (interviewers if role and role.group(1).strip().lower() == "interviewer" else authors).append(
            {"literal": name})
    return authors, interviewers


# --- formats ----------------------------------------------------------------------------------------------

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


# --- files ------------------------------------------------------------------------------------------------

def cite_paths(page_id: str) -> dict[str, str]:
    """The citation files of a page (or "index"), relative to the site's root, by extension."""
    return {ext: f"{CITE_DIR}/{page_id}.{ext}" for ext in FORMATS}


def bibliography_paths() -> dict[str, str]:
    return {ext: f"downloads/{BIBLIOGRAPHY}.{ext}" for ext in FORMATS}


def write_cite_files(out: Path, page_id: str, item: dict) -> dict[str, str]:
    """Write cite/<page_id>.bib|.ris|.json into the site `out`; return their paths relative to `out`."""
    from .render import write_atomic

    paths = cite_paths(page_id)
    for ext, data in exports([item]).items():
        write_atomic(Path(out) / paths[ext], data)
    return paths


def write_bibliography(data_dir: Path, out: Path, version: str) -> dict[str, str]:
    """Write every source as BibTeX, RIS and CSL-JSON into `out/downloads`, unless the files of data
    `version` (and of this code) are there already; return their paths relative to `out`."""
    from .render import write_atomic

    paths = bibliography_paths()
    stamp = Path(out) / "downloads" / f".{BIBLIOGRAPHY}.version"
    wanted = f"{version} {_code_digest()}"
    current = stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted
    if not (current and all((Path(out) / path).is_file() for path in paths.values())):
        for ext, data in exports(source_items(data_dir)).items():
            write_atomic(Path(out) / paths[ext], data)
        write_atomic(stamp, wanted.encode())
    return paths


@lru_cache(maxsize=1)
def _code_digest() -> str:
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
