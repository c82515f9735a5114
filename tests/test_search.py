"""Finding things on the site: Pagefind's full-text search with facets on the served site, the episodes table
with its filters and CSV, the local server, and the shared stylesheet that keeps pages light."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import urllib.request

import lxml.html
import pytest
from playwright.sync_api import expect

from browser_support import PageWatch
from conftest import REAL_DATA, read_table

pytestmark = pytest.mark.notebook

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(site_url, built_site):
    return site_url, built_site[0]


def episodes_where(decade: str, outcome: str) -> set[str]:
    """From episodes.csv: the episodes begun in `decade` ('1970s') with outcome code `outcome`."""
    _, rows = read_table(REAL_DATA, "episodes")
    return {r["episode_id"] for r in rows if r["start"][:3] == decade[:3] and r["outcome"] == outcome}


def search(page, query: str | None, filters: dict | None = None) -> set[str]:
    """Pagefind's answer through its own API in the page: the episode ids (or page names) of every result."""
    urls = page.evaluate("""async ([query, filters]) => {
        const pagefind = await import("./pagefind/pagefind.js");
        const found = await pagefind.search(query, { filters: filters || {} });
        const data = await Promise.all(found.results.map(r => r.data()));
        return data.map(d => d.url);
    }""", [query, filters])
    return {re.sub(r"^.*/(episode-)?|\.html$", "", u) for u in urls}


def test_vatican_finds_the_2013_14_talks_and_the_2025_prisoner_release(browser, site):
    url, _ = site
    page = browser.new_page()
    watch = PageWatch(page)
    page.goto(url + "search.html?q=Vatican")
    found = search(page, "Vatican")
    assert {"2013-obama-castro-secret-talks", "2025-vatican-prisoner-deal"} <= found
    expect(page.locator(".pagefind-ui__message")).to_have_text(f"{len(found)} results for Vatican")
    more = page.locator(".pagefind-ui__button", has_text="Load more")
    while more.count():  # the interface shows five pages at a time
        more.click()
    expect(page.locator(".pagefind-ui__results > .pagefind-ui__result")).to_have_count(len(found))
    expect(page.locator(".pagefind-ui__loading")).to_have_count(0)
    shown = " | ".join(page.locator(".pagefind-ui__result-title").all_inner_texts())
    assert "Obama–Raúl Castro secret talks" in shown and "Church-brokered prisoner release" in shown, shown
    page.fill(".pagefind-ui__search-input", "zzxqv")
    page.locator(".pagefind-ui__message", has_text="Nothing on the site matches").wait_for()
    assert watch.errors == []
    page.close()


def test_a_facet_narrows_the_results_to_the_episodes_the_csv_names(browser, site):
    url, _ = site
    page = browser.new_page()
    page.goto(url + "search.html")
    for decade, outcome, words in [("1970s", "partial_agreement", "partial agreement"),
                                   ("1990s", "partial_agreement", "partial agreement")]:
        expected = episodes_where(decade, outcome)
        assert expected, (decade, outcome)
        assert search(page, None, {"Decade begun": decade, "Outcome": words}) == expected
    holy_see = search(page, None, {"Third party": "Holy See"})
    assert {"2013-obama-castro-secret-talks", "2025-vatican-prisoner-deal"} <= holy_see
    page.close()


def test_the_search_page_opened_from_disk_says_how_to_search(browser, built_site):
    out, _ = built_site
    page = browser.new_page()
    page.goto((out / "search.html").as_uri())
    message = page.locator(".bc-offline")
    assert message.is_visible() and "backchannel serve" in message.inner_text()
    page.close()


def test_the_episodes_table_sorts_filters_and_matches_its_csv(browser, site):
    url, out = site
    _, rows = read_table(REAL_DATA, "episodes")
    page = browser.new_page()
    watch = PageWatch(page)
    page.goto(url + "episodes.html")
    links = page.eval_on_selector_all("#bc-episodes tbody a", "as => as.map(a => a.getAttribute('href'))")
    in_order = sorted(rows, key=lambda r: (r["start"], r["episode_id"]))
    assert links == [f"episode-{r['episode_id']}.html" for r in in_order]
    page.select_option("select[data-facet=decade]", "1970s")
    page.select_option("select[data-facet=outcome]", "partial agreement")
    visible = page.eval_on_selector_all("#bc-episodes tbody tr:not([hidden]) a",
                                        "as => as.map(a => a.getAttribute('href'))")
    assert {v[8:-5] for v in visible} == episodes_where("1970s", "partial_agreement")
    expect(page.locator(".bc-count")).to_have_text(f"{len(visible)} of {len(rows)} episodes shown")
    page.fill("[data-words]", "zzxqv")
    expect(page.locator(".bc-none")).to_be_visible()
    page.locator(".bc-none button").click()
    expect(page.locator("#bc-episodes tbody tr:not([hidden])")).to_have_count(len(rows))
    page.select_option("select[data-facet=decade]", "1980s")
    page.locator("#bc-facets button[type=reset]").click()  # the form's own button clears too
    expect(page.locator("#bc-episodes tbody tr:not([hidden])")).to_have_count(len(rows))
    page.locator("th button[data-sort=title]").click()
    titles = page.eval_on_selector_all("#bc-episodes tbody tr td:nth-child(2)", "ts => ts.map(t => t.textContent)")
    assert titles == sorted(titles, key=str.lower) or titles == sorted(titles)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert watch.errors == []
    page.close()
    table = list(csv.DictReader(io.StringIO((out / "downloads" / "episodes-table.csv").read_text(encoding="utf-8"))))
    assert [r["episode_id"] for r in table] == [r["episode_id"] for r in in_order]


def test_backchannel_serve_serves_the_site(built_site):
    out, _ = built_site
    server = subprocess.Popen([sys.executable, "-m", "backchannel", "serve", str(out), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        address = re.search(r"http://[\d.]+:\d+/", line).group(0)
        with urllib.request.urlopen(address + "search.html") as answer:
            assert answer.status == 200 and b"Search every page" in answer.read()
    finally:
        server.terminate()
        server.wait(10)
    missing = subprocess.run([sys.executable, "-m", "backchannel", "serve", str(out / "nowhere")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no site in" in missing.stderr and "make reports" in missing.stderr


def test_pages_share_one_stylesheet_and_keep_style_out_of_the_body(built_site):
    out, results = built_site
    assert (out / "assets" / "notebook.css").stat().st_size > 100_000  # the theme, written once
    for name in ["index.html", "episodes.html", "search.html", *(f"{r.report.id}.html" for r in results)]:
        doc = lxml.html.parse(str(out / name)).getroot()
        assert doc.xpath("//head/link[@rel='stylesheet']/@href")[:2] == ["assets/notebook.css", "assets/site.css"], name
        assert doc.xpath("//body//style[not(ancestor::svg)]") == [], name  # an SVG's own <style> is valid
        assert sum(len(s.text or "") for s in doc.xpath("//style[not(ancestor::svg)]")) < 6_000, name  # code colours only


def test_long_pages_have_a_table_of_contents_whose_links_resolve(built_site):
    out, _ = built_site
    for name in ["timeline.html", "outcomes.html", "hypotheses.html", "episode-2013-obama-castro-secret-talks.html"]:
        doc = lxml.html.parse(str(out / name)).getroot()
        targets = doc.xpath("//nav[@class='bc-toc']//a/@href")
        assert len(targets) >= 3, name
        for target in targets:
            assert doc.xpath(f"//h2[@id='{target[1:]}']"), (name, target)
