"""Citations: every page's and every source's, in Chicago, BibTeX, RIS and CSL-JSON, read back with real parsers."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy

from backchannel.site import citation_formats, citation_items, citing
from backchannel.site.citation_block import page_citation
from conftest import REAL_DATA

BASE = "https://example.org/bc/"
VERSION = "944339f9f71c4f2b"  # a data version: hex, which citeproc-py would read as several numbers
TITLE = "Timeline: every channel, 1959 to today & after"


def source_rows() -> list[dict]:
    with (REAL_DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def bibtex(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library.entries


def unescaped(value: str) -> str:
    """A BibTeX value back as text (the only LaTeX we write is a backslash before special characters)."""
    return re.sub(r"\\([{}&%$#_])", r"\1", value.replace(r"\textasciitilde{}", "~").replace(
        r"\textasciicircum{}", "^").replace(r"\textbackslash{}", "\\"))


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, page_citation(out, "timeline", TITLE, VERSION, BASE, "2026-11-25")


@pytest.mark.unit
def test_a_page_cites_in_three_formats_that_parse_back(page):
    out, cited = page
    url = BASE + "timeline.html"
    [entry] = bibtex((out / "cite/timeline.bib").read_text(encoding="utf-8"))
    assert entry.key == "backchannel-timeline" and entry.entry_type == "online"
    assert unescaped(entry["title"]) == TITLE
    assert entry["url"] == url and entry["urldate"] == "2026-11-25" and entry["year"] == "2026"
    assert VERSION in entry["note"] and entry["version"] == VERSION
    assert entry["author"] == "{The backchannel project}"  # an entity: one name, not "project, The backchannel"

    [record] = rispy.loads((out / "cite/timeline.ris").read_text(encoding="utf-8"))
    assert record["type_of_reference"] == "ELEC" and record["title"] == TITLE
    assert record["urls"] == [url] and record["access_date"] == "2026/11/25"
    assert VERSION in record["edition"] and record["authors"] == ["The backchannel project"]

    [item] = json.loads((out / "cite/timeline.json").read_text(encoding="utf-8"))
    assert item["type"] == "webpage" and item["title"] == TITLE and item["URL"] == url
    assert item["version"] == VERSION and item["issued"] == {"date-parts": [[2026, 11, 25]]}
    assert item["container-title"] == citation_items.read_cff().title
    assert cited["url"] == url


@pytest.mark.unit
def test_the_chicago_text_names_title_url_and_data_version(page):
    _, cited = page
    text = cited["text"]
    assert "Timeline: Every Channel, 1959 to Today & After" in text  # Chicago title case
    assert BASE + "timeline.html" in text
    assert f"Version {VERSION}" in text and "Versions" not in text
    assert "The backchannel project" in text and "backchannel: Back Channels" in text  # the name keeps its case
    assert f'<a href="{BASE}timeline.html">' in cited["html"]


@pytest.mark.unit
def test_without_a_base_url_the_citation_names_the_page_file(tmp_path):
    cited = page_citation(tmp_path, "claims", "Claims", VERSION, None, "2026-11-25")
    assert cited["url"] is None
    assert "claims.html" in cited["text"] and "no public address" in cited["text"]
    [item] = json.loads((tmp_path / "cite/claims.json").read_text(encoding="utf-8"))
    assert "URL" not in item and "no public address" in item["note"]
    [entry] = bibtex((tmp_path / "cite/claims.bib").read_text(encoding="utf-8"))
    assert "url" not in entry.fields_dict and "claims.html" in entry["note"]


@pytest.mark.unit
@pytest.mark.parametrize("bad", ["ftp://example.org/", "example.org/bc", "https://", "https://x.org/?a=1",
                                 "javascript:alert(1)", "https://exa mple.org/"])
def test_a_bad_base_url_is_refused_naming_the_option(bad):
    with pytest.raises(citation_items.BaseUrlError, match="--base-url.*http:// or https://"):
        citation_items.check_base_url(bad)


@pytest.mark.unit
def test_the_base_url_gets_its_slash_and_the_cli_refuses_a_bad_one():
    assert citation_items.check_base_url("https://example.org/bc") == BASE
    assert citation_items.site_base_url(BASE) == BASE
    result = subprocess.run([sys.executable, "-m", "backchannel", "build", "--base-url", "ftp://example.org/",
                             "--out", "/nonexistent/never-written"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "argument --base-url: 'ftp://example.org/' is not a site address" in result.stderr


@pytest.mark.unit
def test_the_default_base_url_is_citation_cff_url(tmp_path):
    cff = tmp_path / "CITATION.cff"
    cff.write_text('cff-version: 1.2.0\ntitle: "T"\nauthors:\n  - family-names: "Doe"\n    given-names: "Jane"\n'
                   '  - name: "An Institute"\nurl: "https://example.net/site"\nlicense: CC-BY-4.0\n', encoding="utf-8")
    meta = citation_items.read_cff(cff)
    assert meta.authors == ({"family": "Doe", "given": "Jane"}, {"literal": "An Institute"})
    assert citation_items.site_base_url(None, meta) == "https://example.net/site/"
    assert citation_items.site_base_url(None, citation_items.Cff()) is None
    [entry] = bibtex(citation_formats.to_bibtex([citation_items.page_item("x", "X", VERSION, BASE, "2026-11-25", meta)]))
    assert entry["author"] == "Doe, Jane and {An Institute}"


@pytest.fixture(scope="module")
def bibliography(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return {ext: (out / path).read_text(encoding="utf-8")
            for ext, path in citing.write_bibliography(REAL_DATA, out, "v1").items()}


@pytest.mark.unit
def test_the_bibliography_has_every_source_in_three_formats(bibliography):
    rows = source_rows()
    entries = bibtex(bibliography["bib"])
    records = rispy.loads(bibliography["ris"])
    items = json.loads(bibliography["json"])
    assert len(entries) == len(records) == len(items) == len(rows)
    for row, entry, record, item in zip(rows, entries, records, items):
        assert entry.key == record["id"] == item["id"] == row["source_id"]
        assert unescaped(entry["title"]) == record["title"] == item["title"] == " ".join(row["title"].split())
        assert urllib.parse.unquote(entry["url"]) == urllib.parse.unquote(row["url"])
        assert record["urls"] == [row["url"]] and item["URL"] == row["url"]
        assert item["type"] == ("book" if item["type"] == "book" else citation_items.KINDS[row["kind"]][0])


@pytest.mark.unit
def test_dates_keep_their_precision(bibliography):
    rows = {row["source_id"]: row for row in source_rows()}
    entries = {entry.key: entry for entry in bibtex(bibliography["bib"])}
    records = {record["id"]: record for record in rispy.loads(bibliography["ris"])}
    items = {item["id"]: item for item in json.loads(bibliography["json"])}
    seen = set()
    for source_id, row in rows.items():
        published = row["published"]
        precision = len(published.split("-")) if published else 0
        seen.add(precision)
        entry, record, item = entries[source_id], records[source_id], items[source_id]
        if not published:  # no date at all: none is invented
            assert "issued" not in item and "year" not in entry.fields_dict and "date" not in entry.fields_dict
            assert "year" not in record and "date" not in record
            continue
        assert item["issued"] == {"date-parts": [[int(p) for p in published.split("-")]]}
        assert entry["date"] == published and entry["year"] == published[:4] and "month" not in entry.fields_dict
        assert record["year"] == published[:4]
        if precision == 1:
            assert "date" not in record  # a year stays a year: no month or day
        else:
            assert record["date"] == published.replace("-", "/")
    assert seen == {0, 1, 2, 3}  # the data has all four: blank, year, month and day


@pytest.mark.unit
def test_the_bibliography_is_written_once_per_data_version(tmp_path):
    paths = citing.write_bibliography(REAL_DATA, tmp_path, "one")
    bib = tmp_path / paths["bib"]
    bib.write_text("stale", encoding="utf-8")
    citing.write_bibliography(REAL_DATA, tmp_path, "one")
    assert bib.read_text(encoding="utf-8") == "stale"
    citing.write_bibliography(REAL_DATA, tmp_path, "two")
    assert len(bibtex(bib.read_text(encoding="utf-8"))) == len(source_rows())


class Footer(HTMLParser):
    """The hrefs, ids and elements inside a page's <footer>."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.hrefs, self.ids, self.tags, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "footer" or self.depth:
            self.depth += tag not in ("meta", "br", "img", "input")
            self.tags.append(tag)
            self.hrefs += [attrs["href"]] if "href" in attrs else []
            self.ids += [attrs["id"]] if "id" in attrs else []

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


@pytest.mark.notebook
def test_a_built_page_cites_itself_in_its_footer(tmp_path):
    """One small build through the command line: the footer shows the page's address and links to its three
    citation files, which parse back; the index links the bibliography."""
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "backchannel", "build", "--only", "timeline", "--base-url",
                             "https://example.org/bc", "--out", str(out), "--jobs", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    page = (out / "timeline.html").read_text(encoding="utf-8")
    footer = Footer()
    footer.feed(page)
    text = " ".join("".join(footer.text).split())
    assert "https://example.org/bc/timeline.html" in text and "Cite this page" in text
    assert "https://example.org/bc/timeline.html" in footer.hrefs
    assert "https://creativecommons.org/licenses/by/4.0/" in footer.hrefs and "CC BY 4.0" in text
    assert "button" in footer.tags and "style" not in footer.tags and footer.ids == []
    assert page.count('src="assets/site.js"') == 1  # the copy script, once, shared by the site
    assert (out / "assets" / "site.js").read_text(encoding="utf-8").count("navigator.clipboard.writeText") == 1
    for ext in ("bib", "ris", "json"):
        assert f"cite/timeline.{ext}" in footer.hrefs
        assert (out / "cite" / f"timeline.{ext}").stat().st_size > 100
    [entry] = bibtex((out / "cite/timeline.bib").read_text(encoding="utf-8"))
    assert entry["url"] == "https://example.org/bc/timeline.html"
    assert entry["version"] in text  # the data version the footer shows
    index = (out / "index.html").read_text(encoding="utf-8")
    for path in list(citing.bibliography_paths().values()) + list(citing.cite_paths("index").values()):
        assert f'href="{path}"' in index and (out / path).is_file()
    assert 'href="https://example.org/bc/"' in index

    def again(base: str) -> str:
        rerun = subprocess.run([sys.executable, "-m", "backchannel", "build", "--only", "timeline", "--base-url",
                                base, "--out", str(out), "--jobs", "1"], capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stderr
        return rerun.stdout

    assert "0 built, 1 reused" in again("https://example.org/bc/")  # the same address: the page is reused
    assert "1 built, 0 reused" in again("https://example.org/moved/")  # the address is part of the build key
    assert "https://example.org/moved/timeline.html" in (out / "timeline.html").read_text(encoding="utf-8")
    assert "https://example.org/moved/timeline.html" in (out / "cite/timeline.ris").read_text(encoding="utf-8")
