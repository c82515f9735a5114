"""The methods page: the codebook parsed, every vocabulary value defined, and a glossary entry on the rendered
page for every value of the descriptor, which `links.term` points to."""
from __future__ import annotations

import json
import re

import lxml.html
import pytest

from backchannel.analysis import labels, links
from backchannel.analysis.methods import SKIPPED, terms
from backchannel.data import codebook
from backchannel.site.build import build
from conftest import REAL_DATA

DESCRIPTOR = json.loads((REAL_DATA / "datapackage.json").read_text(encoding="utf-8"))
ENUMS = [(r["name"], f["name"], str(v)) for r in DESCRIPTOR["resources"] for f in r["schema"]["fields"]
         for v in f.get("constraints", {}).get("enum", [])]
CODES = re.compile(r"\b(" + "|".join(sorted((v for v in labels.vocabulary() if "_" in v), key=len, reverse=True))
                   + r")\b")


@pytest.mark.unit
def test_every_vocabulary_value_of_the_descriptor_has_a_definition():
    found = codebook.terms(REAL_DATA)
    assert [(t.table, t.field, t.value) for t in found] == ENUMS
    assert all(t.definition.strip() and t.field_definition.strip() for t in found)


@pytest.mark.unit
def test_parser_reads_sections_descriptions_and_continuation_lines():
    book = codebook.read(REAL_DATA)
    titles = [s.title for s in book.sections]
    assert titles[0] == "Inclusion rules" and "Confidence" in titles and "Tables and fields" not in titles
    assert any(t.startswith("Research log") for t in titles)
    assert book.tables["relations"].description.endswith("when an episode began.")  # three lines joined
    status = book.tables["agreements"].fields["status"]
    assert status.values["provisionally_applied"].endswith("(for example by notes renewed every two years).")
    assert "Pruitt's typology" in book.tables["episodes"].fields["channel_function"].definition


@pytest.mark.unit
def test_a_value_without_definition_is_named_with_its_table_and_field():
    text = (REAL_DATA / "CODEBOOK.md").read_text(encoding="utf-8")
    broken = re.sub(r"^  - `partly_reversed`: .*\n", "", text, flags=re.M)
    assert broken != text
    with pytest.raises(codebook.CodebookError) as caught:
        codebook.terms(book=codebook.parse(broken), package=DESCRIPTOR)
    message = str(caught.value)
    assert "'partly_reversed'" in message and "'status'" in message and "'agreements'" in message


@pytest.mark.unit
def test_a_line_the_parser_cannot_place_is_named():
    text = (REAL_DATA / "CODEBOOK.md").read_text(encoding="utf-8")
    broken = text.replace("  - `back`: secret", "  - `back`: secret\n   stray line", 1)
    with pytest.raises(codebook.CodebookError, match=r"line \d+: .*stray line"):
        codebook.parse(broken)


@pytest.mark.unit
def test_glossary_anchors_are_unique_and_follow_the_rule():
    found = terms(codebook.read(REAL_DATA), DESCRIPTOR)
    anchors = [links.term_anchor(t.field, t.value, t.table) for t in found]
    assert len(set(anchors)) == len(anchors)
    assert links.term_anchor("channel_kind", "back") == "term-channel_kind-back"
    assert links.term_anchor("status", "partly_reversed", "agreements") == "term-status-partly_reversed"
    assert links.term_anchor("side", "us", "eras") == "term-eras-side-us"
    assert links.term_anchor("side", "us", "participation") == links.term_anchor("side", "us")
    assert links.term("status", "partly_reversed").html() == \
        '<a href="methods.html#term-status-partly_reversed">partly reversed</a>'


@pytest.mark.unit
def test_a_shared_field_name_without_a_central_table_is_refused(monkeypatch):
    monkeypatch.delitem(links.TERM_TABLES, "side")
    with pytest.raises(codebook.CodebookError, match="'side'.*eras, participation"):
        terms(codebook.read(REAL_DATA), DESCRIPTOR)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    [result] = build(REAL_DATA, out, only=["methods"], log=lambda *_: None)
    assert result.ok, result.error
    return lxml.html.parse(str(out / "methods.html")).getroot()


@pytest.mark.notebook
def test_the_page_defines_every_vocabulary_value_of_the_descriptor(page):
    ids = set(page.xpath("//@id"))
    missing = [(table, field, value) for table, field, value in ENUMS
               if links.term_anchor(field, value, table) not in ids]
    assert not missing
    for table, field, value in ENUMS:  # the short form for every field name that only one table uses
        if field not in links.TERM_TABLES:
            assert f"term-{field}-{value}" in ids
    entry = page.get_element_by_id("term-status-partly_reversed")
    assert entry.tag == "dt" and entry.text_content().startswith("partly reversed")
    assert "undid part of it" in entry.getnext().text_content()


@pytest.mark.notebook
def test_links_to_terms_and_sections_resolve_on_the_page(page):
    ids = set(page.xpath("//@id"))
    for table, field, value in ENUMS:
        href = links.term(field, value, table=table).href
        assert href.startswith("methods.html#") and href.split("#", 1)[1] in ids, href
    inside = [h.split("#", 1)[1] for h in page.xpath("//main//a/@href") if h.startswith(("#", "methods.html#"))]
    assert len(inside) > 200 and not [target for target in inside if target not in ids]


@pytest.mark.notebook
def test_the_page_renders_the_codebook_prose_as_headed_sections(page):
    headings = {h.get("id") or h.getparent().get("id"): h.text_content() for h in page.iter("h2")}
    book = codebook.read(REAL_DATA)
    for section in book.sections:
        if section.title not in SKIPPED:
            assert headings.get(section.slug) == section.title
    assert {"contents", "coverage", "glossary"} <= set(headings)
    contents = page.get_element_by_id("contents").getparent()
    assert [a.get("href")[1:] for a in contents.iter("a")] == \
        [s.slug for s in book.sections if s.title not in SKIPPED] + ["coverage", "glossary"]
    assert "Wanis-St. John" in page.get_element_by_id("inclusion-rules").text_content()
    assert page.xpath("//figure[@class='bc-chart']/svg") or page.xpath("//figure[@class='bc-chart']//*[local-name()='svg']")
    assert page.xpath("//p[@class='finding']")


@pytest.mark.notebook
def test_codes_show_only_as_code_elsewhere_the_words(page):
    main = page.xpath("//main")[0]
    for code in main.xpath(".//code | .//style | .//script"):
        code.drop_tree()
    text = main.text_content()
    assert not CODES.search(text), CODES.search(text)
