"""The citation files of the site: each page's cite/<page>.bib|.ris|.json and the whole bibliography in
downloads/, written when their data or code changed."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .citation_formats import STYLE, exports
from .citation_items import CFF, source_items

CITE_DIR = "cite"  # per page: cite/<report id>.bib|.ris|.json
BIBLIOGRAPHY = "backchannel-sources"  # downloads/backchannel-sources.bib|.ris|.json
FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}


def inputs_digest() -> str:
    """A hash of what the citations read besides the code and the options: CITATION.cff and the style (the
    build key changes with it, so editing CITATION.cff rebuilds the pages' footers)."""
    import hashlib

    digest = hashlib.sha256(CFF.read_bytes() if CFF.is_file() else b"")
    digest.update(STYLE.read_bytes())
    return digest.hexdigest()[:16]


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
    """A hash of the code that writes the bibliography's files (these modules)."""
    import hashlib

    digest = hashlib.sha256()
    for module in ("citation_items.py", "citation_formats.py", "citing.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:12]
