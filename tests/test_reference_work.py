"""The site as a reference work: every row of an episode page carries notes that lead to its sources, terms lead
to their definitions, every page that counts agreements still in force gives the same count, and the same data
and as-of date give the same pages. Expected values are computed from the CSV files, not by the library."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import lxml.html
import pytest

from backchannel.data.dates import parse as parse_date
from backchannel.data.vocabulary import FATES, IN_FORCE, fate_of
from backchannel.site.build import build
from conftest import AS_OF, REAL_DATA, read_table, set_cell

pytestmark = pytest.mark.notebook

ROW_TABLES = {"Contacts": "contacts", "Participants": "participation", "Agreements and their fate": "agreements"}


def page(path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(path)).getroot()


def ids(doc) -> set[str]:
    return {element.get("id") for element in doc.iter() if element.get("id")}


def rows_of(doc, caption: str, exact: bool = False) -> list:
    for table in doc.iter("table"):
        found = table.find("caption")
        text = "" if found is None else found.text_content().strip()
        if text == caption or (not exact and text.startswith(caption)):
            return table.findall("./tbody/tr")
    raise AssertionError(f"no table captioned {caption!r}")


def findings(doc) -> list[str]:
    return [p.text_content() for p in doc.xpath("//p[@class='finding']")]


def per_episode(table: str) -> Counter:
    return Counter(row["episode_id"] for row in read_table(REAL_DATA, table)[1])


def test_every_row_of_every_episode_page_has_notes_that_lead_to_the_bibliography(built_site):
    out, _ = built_site
    bibliography = {f"{part.name}#{anchor}" for part in out.glob("bibliography*.html") for anchor in ids(page(part))}
    counts = {caption: per_episode(table) for caption, table in ROW_TABLES.items()}
    episodes = [row["episode_id"] for row in read_table(REAL_DATA, "episodes")[1]]
    for episode_id in episodes:
        doc = page(out / f"episode-{episode_id}.html")
        on_page = ids(doc)
        summary = doc.xpath("//p[@class='summary']")[0]
        assert summary.xpath(".//a[@class='note']"), episode_id
        for caption, table in ROW_TABLES.items():
            rows = rows_of(doc, caption, exact=True)
            assert len(rows) == counts[caption][episode_id], (episode_id, caption)
            for row in rows:
                notes = row.xpath(".//a[@class='note']")
                assert notes, (episode_id, caption, row.text_content()[:80])
                anchor = row.xpath(".//span[@class='marks']/@id")[0]
                for note in notes:
                    target = note.get("href").removeprefix("#")
                    assert target in on_page, (episode_id, target)
                    entry = doc.get_element_by_id(target).xpath("ancestor::tr")[0]
                    sources = entry.xpath(".//a[starts-with(@href, 'bibliography')][contains(@href, '#source-')]/@href")
                    assert len(sources) == 1 and sources[0] in bibliography, (episode_id, target)
                    assert entry.xpath(f".//a[@href='#{anchor}']"), (episode_id, target, anchor)  # and back


def test_a_note_carries_the_locator_and_the_disagreement_of_its_citation(built_site):
    out, _ = built_site
    header, citations = read_table(REAL_DATA, "citations")
    cited = next(c for c in citations if c["table"] == "contacts" and c["locator"] and c["note"])
    episode_id = cited["record_id"].split("--")[0]
    doc = page(out / f"episode-{episode_id}.html")
    own = cited["record_id"].removeprefix(episode_id).lstrip("-")  # an episode's page names its rows without its id
    row = doc.xpath(f"//span[@class='marks'][@id='contacts-{own}']")[0]
    marks = [a.text_content() for a in row.xpath(".//a[@class='note']")]
    assert any(cited["locator"] in mark for mark in marks), (marks, cited)
    notes_text = " ".join(tr.text_content() for tr in rows_of(doc, "Notes"))
    assert cited["note"] in notes_text


def test_every_page_that_counts_agreements_in_force_gives_the_same_count(built_site):
    out, _ = built_site
    agreements = read_table(REAL_DATA, "agreements")[1]
    expected = sum(a["status"] in IN_FORCE for a in agreements)
    in_force = re.compile(r"(\d+) (?:is|are) still in force")
    outcomes = next(f for f in findings(page(out / "outcomes.html")) if f.startswith("Of ") and "agreements" in f)
    assert int(in_force.search(outcomes).group(1)) == expected, outcomes
    eras = rows_of(page(out / "eras.html"), "Episodes, contacts")
    column = [th.text_content() for th in page(out / "eras.html").xpath("//table[caption]")[0].xpath(".//thead//th")]
    position = column.index("still in force")
    assert sum(int(row.findall("td")[position].text_content()) for row in eras) == expected
    episodes = {a["episode_id"] for a in agreements}
    said = 0
    for episode_id in episodes:
        said += sum(int(m.group(1)) for f in findings(page(out / f"episode-{episode_id}.html"))
                    for m in [in_force.search(f)] if m)
    assert said == expected


def test_the_outcomes_headline_counts_every_fate_and_time_in_effect_ends_at_the_first_change(built_site):
    out, _ = built_site
    agreements = read_table(REAL_DATA, "agreements")[1]
    doc = page(out / "outcomes.html")
    headline = next(f for f in findings(doc) if f.startswith("Of ") and "agreements" in f)
    fates = Counter(fate_of(a["status"]) for a in agreements)
    assert headline.startswith(f"Of {len(agreements)} agreements, ")
    for fate, count in fates.items():
        words = "carried out as" if fate.startswith("carried out") else fate
        assert re.search(rf"\b{count} (is|are|was|were|has|have) {words}", headline), (fate, count, headline)
    assert set(fates) <= set(FATES)
    table = {row.findall("td")[1].text_content(): row for row in rows_of(doc, "Agreements and their fate")}
    as_of = dt.date.fromisoformat(AS_OF)
    for agreement in agreements:
        cells = [td.text_content() for td in table[agreement["title"]].findall("td")]
        shown = cells[-2]  # the in-effect column, before the sources
        if agreement["status"] in ("implemented", "never_implemented"):
            assert shown == "one-off measure"
            continue
        changed = agreement["status_date"] and agreement["status"] not in IN_FORCE  # in force: counted to the day
        end = parse_date(agreement["status_date"]).first if changed else as_of
        days = (end - parse_date(agreement["agreed_on"]).first).days
        number = float(shown.split()[0])
        unit = shown.split()[1]
        scale = {"day": 1, "days": 1, "month": 30.44, "months": 30.44, "years": 365.25, "year": 365.25}[unit]
        assert abs(number * scale - days) <= scale, (agreement["title"], shown, days)


def test_terms_link_to_their_definition_on_every_page(built_site):
    out, results = built_site
    glossary = ids(page(out / "methods.html"))
    linked = 0
    for result in results:
        doc = page(out / f"{result.report.id}.html")
        assert doc.xpath("//footer//a[@href='methods.html']"), result.report.id
        for href in doc.xpath("//a[starts-with(@href, 'methods.html#')]/@href"):
            assert href.split("#")[1] in glossary, (result.report.id, href)
            linked += 1
    assert linked > 1000
    timeline = page(out / "timeline.html")
    assert timeline.xpath("//td//a[@href='methods.html#term-channel_kind-back']")


def test_the_same_data_and_day_give_byte_identical_pages(tmp_path):
    only = ["outcomes", "hypotheses", "episode-2025-vatican-prisoner-deal"]
    first, second, later = tmp_path / "first", tmp_path / "second", tmp_path / "later"
    for out, day in ((first, AS_OF), (second, AS_OF), (later, "2030-01-01")):
        assert all(r.ok for r in build(REAL_DATA, out, only=only, log=lambda *_: None, as_of=day))
    for report in only:
        assert (first / f"{report}.html").read_bytes() == (second / f"{report}.html").read_bytes(), report
    assert (first / "outcomes.html").read_bytes() != (later / "outcomes.html").read_bytes()
    assert "1 January 2030" in (later / "outcomes.html").read_text(encoding="utf-8")


def test_the_index_says_which_pages_were_built_from_an_older_data_version(tmp_path, data_copy):
    out = tmp_path / "site"
    kept = "episode-1962-donovan-prisoner-talks"
    build(data_copy, out, only=[kept], log=lambda *_: None, as_of=AS_OF)
    before = (out / f"{kept}.html").read_text(encoding="utf-8")
    header, episodes = read_table(data_copy, "episodes")
    other = next(i for i, row in enumerate(episodes) if row["episode_id"] == "1977-church-castro-visit")
    set_cell(data_copy, "episodes", other, "title", episodes[other]["title"] + " (retitled)")
    [result] = build(data_copy, out, only=[kept], log=lambda *_: None, as_of=AS_OF)
    assert result.reused and (out / f"{kept}.html").read_text(encoding="utf-8") == before
    card = page(out / "index.html").xpath(f"//li[a[@href='{kept}.html']]")[0].text_content()
    assert "Built from data version" in card and "have not changed since" in card


def test_the_bibliography_reads_by_author_and_date_across_its_pages_and_filters_in_the_browser(browser, site_url):
    sources = read_table(REAL_DATA, "sources")[1]
    table = "table:has(caption:text-matches('^Every source')) tbody tr"
    url = site_url
    page_ = browser.new_page()
    page_.goto(url + "bibliography.html", wait_until="load")
    parts = page_.eval_on_selector_all("nav.bc-letters a", "as => as.map(a => a.getAttribute('href'))")
    assert parts[0] == "bibliography.html" and len(parts) == 5, parts
    keys, shown, memoir_pages = [], [], set()
    for part in parts:  # in the order of the letters, the pages list every source once, by author
        page_.goto(url + part, wait_until="load")
        assert page_.locator("nav.bc-letters a[aria-current=page]").get_attribute("href") == part
        keys += page_.eval_on_selector_all(table, """rows => rows.map(r => {
            const heads = [...r.closest('table').tHead.rows[0].cells].map(h => h.textContent.trim());
            return [r.cells[heads.indexOf('author')].textContent, r.cells[heads.indexOf('publisher')].textContent];
        })""")
        shown += page_.eval_on_selector_all(table + " td:first-child span[id]", "ss => ss.map(s => s.id)")
        if page_.locator(table + ":has(a[href$='term-sources-kind-memoir'])").count():
            memoir_pages.add(part)
        links = page_.locator("table:has(caption:text-matches('^Every source')) a[target='_blank']").all_inner_texts()
        assert links and all(text.startswith("read at ") for text in links)
    assert sorted(shown) == sorted(f"source-{s['source_id']}" for s in sources)
    order = [(author or publisher).lower().lstrip("\"'“‘¡¿(") for author, publisher in keys]
    assert order == sorted(order)
    part = next(p for p in parts if p in memoir_pages)
    page_.goto(url + part, wait_until="load")
    rows = page_.locator(table).count()
    memoirs = page_.locator(table + ":has(a[href$='term-sources-kind-memoir'])").count()
    assert 0 < memoirs < rows
    page_.select_option("form.bc-filter select[data-column='kind']", "memoir")
    assert page_.locator(table + ":visible").count() == memoirs
    assert page_.locator("form.bc-filter output").inner_text() == f"{memoirs} of {rows} shown"
    page_.set_viewport_size({"width": 390, "height": 844})  # on a phone each cell names its column
    assert page_.locator(table + ":visible td").first.get_attribute("data-label") == "title"
    page_.close()
