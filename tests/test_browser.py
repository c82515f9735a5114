"""The rendered site in a real browser: the index, every report, desktop and phone widths."""
from __future__ import annotations

import re

import pytest

from backchannel.analysis.labels import vocabulary
from backchannel.site.reports import UNLISTED
from browser_support import SCREENSHOTS, PageWatch, broken_images, overflow

pytestmark = pytest.mark.notebook

PHONE = {"width": 390, "height": 844}
CODES = re.compile(r"\b(" + "|".join(sorted((v for v in vocabulary() if "_" in v), key=len, reverse=True)) + r")\b")
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def site(site_url, built_site):
    return site_url, built_site[1]


def open_page(browser, url: str, viewport=DESKTOP):
    page = browser.new_page(viewport=viewport)
    watch = PageWatch(page)
    response = page.goto(url, wait_until="load")
    assert response and response.ok, url
    return page, watch


def test_index_in_the_browser(browser, site):
    url, results = site
    page, watch = open_page(browser, url + "index.html")
    assert page.locator("h1").inner_text().startswith("Back channels between the United States and Cuba")
    assert set(page.locator("h2").all_inner_texts()) >= {"Overview", "Episodes"}
    links = page.eval_on_selector_all("li.card > a[href]", "as => as.map(a => a.href)")
    cards = [r for r in results if r.report.kind not in UNLISTED]  # episodes in their table, later parts linked
    assert len(links) == len(cards) and len(cards) >= 10  # the episodes are in their table, not 86 cards
    downloads = page.eval_on_selector_all("#data a[href]", "as => as.map(a => a.href)")
    names = {link.rsplit("/", 1)[-1] for link in downloads}
    assert {"backchannel-data.zip", "backchannel.sqlite", "methods.html", "backchannel-sources.bib",
            "backchannel-sources.ris", "backchannel-sources.json", "metadata.json"} <= names, names
    for link in links + [d for d in downloads if d.startswith(url)]:
        assert page.request.get(link).ok, link
    assert "Cite" in page.locator("#data").inner_text()
    assert page.locator("#episodes a[href='episodes.html']").count() == 1
    page.fill("#bc-q", "Tarnoff")
    page.locator("form[role='search'] button").click()
    page.wait_for_url("**/search.html?q=Tarnoff")
    page.go_back()
    assert broken_images(page) == []
    assert watch.errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "index-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert overflow(page) <= 0
    page.screenshot(path=SCREENSHOTS / "index-phone.png", full_page=True)
    page.close()


def test_every_report_in_the_browser(browser, site):
    url, results = site
    for result in results:
        page, watch = open_page(browser, f"{url}{result.report.id}.html")
        assert page.locator("h1").count() >= 1, result.report.id
        assert page.locator("h1").first.inner_text().startswith(result.report.title), result.report.id
        charts = page.locator("figure.bc-chart > svg, figure.bc-chart > img.bc-wide")  # inline, or from its file
        assert charts.count() >= 1, f"{result.report.id} has no chart"
        for alt in charts.evaluate_all("cs => cs.map(c => c.tagName === 'IMG' ? [c.alt, c.alt] : "
                                       "[c.getAttribute('aria-label'), c.querySelector(':scope > title')?.textContent])"):
            assert alt[0] and alt[0] == alt[1] and alt[0].startswith("Chart: "), (result.report.id, alt)
        assert page.locator("img:not([alt])").count() == 0, result.report.id
        assert broken_images(page) == [], result.report.id
        assert page.locator("p.finding").count() >= 1, result.report.id
        text = page.locator("body").inner_text()
        assert not re.search(r"\w*Warning: |Traceback \(most recent call last\)", text), result.report.id
        assert watch.errors == [], (result.report.id, watch.errors)
        footer = page.locator("footer.bc-footer")
        assert "Cite this page" in footer.inner_text() and "data version" in footer.inner_text().lower(), result.report.id
        assert footer.locator("a[href='index.html']").count() == 1, result.report.id
        assert footer.locator("a[href='methods.html']").count() == 1, result.report.id
        page.evaluate("document.querySelectorAll('code').forEach(c => c.remove())")  # the glossary shows codes
        text = page.locator("body").inner_text()
        assert not CODES.search(text), (result.report.id, CODES.search(text))
        page.close()


def test_episode_report_tables_and_phone_width(browser, site):
    url, _ = site
    page, watch = open_page(browser, url + "episode.html")
    captions = page.locator("table caption").all_inner_texts()
    assert any(re.search("metrics", c, re.I) for c in captions), captions
    assert "Ben Rhodes" in page.locator("table").first.inner_text()
    page.screenshot(path=SCREENSHOTS / "report-episode-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert overflow(page) <= 0
    page.screenshot(path=SCREENSHOTS / "report-episode-phone.png", full_page=True)
    assert watch.errors == []
    page.close()


def test_reader_follows_links_from_timeline_and_claims(browser, site):
    url, _ = site
    page, watch = open_page(browser, url + "timeline.html")
    page.locator("table a[href^='episode-']").first.click()
    page.wait_for_load_state("load")
    assert re.search(r"/episode-[0-9]{4}-[a-z0-9-]+\.html$", page.url), page.url
    page.locator("footer.bc-footer a[href='index.html']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")
    page.goto(url + "claims.html", wait_until="load")
    evidence = page.locator("table a[href^='episode-']").first
    name = evidence.inner_text()
    assert ":" not in name.split(",")[0], name
    evidence.click()
    page.wait_for_load_state("load")
    assert "/episode-" in page.url
    page.goto(url + "claims.html", wait_until="load")
    source = page.locator("table a[href^='http']").first
    assert source.get_attribute("target") == "_blank" and source.get_attribute("rel") == "noopener"
    assert watch.errors == []
    page.close()


def test_charts_link_their_marks_and_name_them_on_hover(browser, site):
    url, _ = site
    page, watch = open_page(browser, url + "timeline.html")
    timeline = page.locator("figure.bc-chart > svg").first
    hovers = timeline.locator("g[id^='bc-mark-'] > title").all_text_contents()
    assert any(text.startswith("Obama–Raúl Castro secret talks, 2013") for text in hovers), hovers[:5]
    assert any(text.startswith("Fidel Castro, ") and "1959 to" in text for text in hovers)
    bar = timeline.locator("a[href='episode-2013-obama-castro-secret-talks.html']").first
    bar.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/episode-2013-obama-castro-secret-talks.html"), page.url
    page.goto(url + "outcomes.html", wait_until="load")
    fates = page.locator("figure.bc-chart > svg").last
    assert fates.locator("a[href^='episode-']").count() >= 30
    one_off = [t for t in fates.locator("g[id^='bc-mark-'] > title").all_text_contents() if "one-off measure" in t]
    assert one_off and not any("in effect" in t for t in one_off)
    assert "days in effect" not in page.locator("body").inner_text()
    page.goto(url + "participants.html", wait_until="load")
    network = page.locator("figure.bc-chart > svg").last
    node = network.locator("a[href='people.html#actor-fidel-castro']")
    assert node.count() == 1
    node.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/people.html#actor-fidel-castro")
    assert page.locator("#actor-fidel-castro").inner_text() == "Fidel Castro"
    assert watch.errors == []
    page.close()


def test_people_page_and_bibliography_entries(browser, site):
    url, _ = site
    page, watch = open_page(browser, url + "episode.html")
    person = page.locator("table a[href^='people.html#actor-']").first
    target = person.get_attribute("href").split("#", 1)[1]
    name = person.inner_text()
    person.click()
    page.wait_for_load_state("load")
    entry = page.locator(f"#{target}")
    assert entry.inner_text() == name
    row = entry.locator("xpath=ancestor::tr")
    assert row.locator("a[href^='episode-2013-obama-castro-secret-talks']").count() == 1
    page.goto(url + "episode.html", wait_until="load")
    source = page.locator("table a[href^='bibliography'][href*='#source-']").first
    target = source.get_attribute("href").split("#", 1)[1]
    source.click()
    page.wait_for_load_state("load")
    assert page.locator(f"#{target}").count() == 1
    assert page.locator(f"#{target}").locator("xpath=ancestor::tr").locator("a[target='_blank']").count() == 1
    assert watch.errors == []
    page.close()
