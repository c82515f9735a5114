"""What a citation names, as CSL-JSON items: a report page (from the repository's CITATION.cff, the data
version and the build's as-of date) and every source (from sources.csv). Nothing is guessed: a source
published in "1975" stays a year, with no month or day; a site built without a public address names the
page file and says so."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..data.csv_files import read_table
from ..paths import ROOT

CFF = ROOT / "CITATION.cff"
SITE_ID = "index"  # the whole site's citation files: cite/index.*
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
