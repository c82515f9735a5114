"""Charts to take away (issue 21, item 3): every chart of the built site numbered and captioned with its source and
licence, its SVG, PNG and CSV in figures/, the CSV one row per mark; on a phone no chart wider than the screen; the
participants network's names apart, and a table of whom each actor worked with."""
from __future__ import annotations

import csv
import io
import itertools
import re

import lxml.html
import pytest

pytestmark = pytest.mark.notebook

EPISODE = "episode-2013-obama-castro-secret-talks"
PHONE_PAGES = ["timeline", "outcomes", "participants", EPISODE]
KINDS = {"SVG": ".svg", "PNG": ".png", "data (CSV)": ".csv"}


def figures(site, page: str) -> list:
    """The charts of a built page, parsed."""
    return lxml.html.parse(str(site / f"{page}.html")).getroot().xpath("//figure[contains(@class, 'bc-chart')]")


def downloads(figure) -> dict[str, str]:
    """A chart's download links: link text -> address."""
    return {link.text_content(): link.get("href") for link in figure.xpath("figcaption//a[@download]")}


def csv_rows(site, figure) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / downloads(figure)["data (CSV)"]).read_text(encoding="utf-8"))))


def marks(figure, site=None) -> list[str]:
    """The hover titles of the chart's marks (what `svg.mark` titled), in the page or, for a chart shown from its
    file, in the file."""
    if not figure.xpath("./svg") and site is not None:
        [path] = figure.xpath("./img[@class='bc-wide']/@src")
        figure = lxml.html.fromstring(f"<figure>{(site / path).read_text(encoding='utf-8')}</figure>")
    return figure.xpath("./svg//g[starts-with(@id, 'bc-mark-')]/title/text()")


def test_every_chart_is_captioned_numbered_and_has_its_files(built_site):
    site, results = built_site
    charted = 0
    for result in results:
        shown = figures(site, result.report.id)
        captions = [figure.xpath("string(figcaption)") for figure in shown]
        numbers = [int(re.match(r"Figure (\d+)\. ", caption).group(1)) for caption in captions]
        assert numbers == list(range(1, len(shown) + 1)), result.report.id
        for number, figure, caption in zip(numbers, shown, captions):
            assert "Source: backchannel dataset, data version " in caption and "Licence: CC BY 4.0." in caption
            files = downloads(figure)
            stem = f"figures/{result.report.id}-{number}"
            assert files == {kind: stem + suffix for kind, suffix in KINDS.items()}, caption
            assert (site / files["PNG"]).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
            assert lxml.etree.fromstring((site / files["SVG"]).read_bytes()).tag == "{http://www.w3.org/2000/svg}svg"
            assert (site / files["data (CSV)"]).stat().st_size > 0
            phone = figure.xpath("img[@class='bc-phone']/@src")
            assert phone == [f"{stem}-phone.svg"] and (site / phone[0]).is_file()
        charted += bool(shown)
    assert charted >= 10


def test_the_timelines_csv_has_a_row_per_mark(built_site):
    site, _ = built_site
    timeline, decades = figures(site, "timeline")
    for figure in (timeline, decades):
        assert len(csv_rows(site, figure)) == len(marks(figure)) > 0
    rows = csv_rows(site, timeline)
    episodes = [row for row in rows if row["row"] == "episode"]
    assert {row["row"] for row in rows} == {"episode", "US president", "Cuban leader"}
    titles = marks(timeline)
    assert all(any(title.startswith(row["name"]) for title in titles) for row in episodes)
    assert {"episode-2013-obama-castro-secret-talks.html"} <= {row["page"] for row in episodes}


def test_an_episode_pages_csvs_have_a_row_per_mark(built_site):
    site, _ = built_site
    shown = figures(site, EPISODE)
    assert len(shown) == 2  # contacts on a timeline, on a map
    assert [bool(figure.xpath("./svg")) for figure in shown] == [True, False]  # the map, unlinked, from its file
    for figure in shown:
        assert len(csv_rows(site, figure)) == len(marks(figure, site)) > 0, figure.xpath("string(figcaption)")
    contacts = csv_rows(site, shown[0])
    assert all(row["contact_id"] and row["date"] for row in contacts)


@pytest.mark.parametrize("report", PHONE_PAGES)
def test_on_a_phone_no_chart_is_wider_than_the_screen(browser, site_url, report):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{site_url}{report}.html", wait_until="load")
        sizes = page.evaluate("""async () => {
            const imgs = [...document.querySelectorAll("figure.bc-chart img")];
            imgs.forEach(i => { i.loading = "eager"; });
            await Promise.all(imgs.map(i => i.decode()));
            const box = e => e.getBoundingClientRect();
            return {screen: document.documentElement.clientWidth,
                    widest: Math.max(...[...document.querySelectorAll("figure.bc-chart, figure.bc-chart svg, figure.bc-chart img")]
                                     .map(e => Math.max(box(e).right, box(e).width))),
                    shown: [...document.querySelectorAll("figure.bc-chart > svg, figure.bc-chart > img")]
                           .filter(e => box(e).width > 0).map(e => e.tagName),
                    scales: imgs.filter(i => i.classList.contains("bc-phone")).map(i => box(i).width / i.naturalWidth)};
        }""")
        assert sizes["screen"] <= 390 and sizes["widest"] <= sizes["screen"], sizes
        assert sizes["shown"] and set(sizes["shown"]) == {"IMG"}, sizes  # the phone drawing, not the wide chart
        # 8 pt text (about 10.7 px) drawn at this scale or more stays at least 7 px high on the screen
        assert min(sizes["scales"]) >= 0.65, sizes["scales"]
    finally:
        page.close()


def test_the_networks_names_do_not_overlap(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{site_url}participants.html", wait_until="load")
        network = page.locator("figure.bc-chart > svg").last
        assert network.get_attribute("aria-label").startswith("Chart: Who worked with whom")
        boxes = network.evaluate("""svg => [...svg.querySelectorAll("text")].map(t => {
            const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; })""")
        assert len(boxes) > 20 and "Fidel Castro" in [b[0] for b in boxes]
        overlapping = [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2)
                       if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 1]
        assert overlapping == []
    finally:
        page.close()


def test_a_table_lists_whom_each_actor_of_the_network_worked_with(built_site):
    site, _ = built_site
    document = lxml.html.parse(str(site / "participants.html")).getroot()
    network = figures(site, "participants")[-1]
    [table] = [t for t in document.xpath("//table") if t.xpath("string(caption)").startswith("Who worked with whom")]
    rows = {row.xpath("string(td[1])"): row for row in table.xpath("tbody/tr")}
    assert len(rows) >= len(csv_rows(site, network))
    column = [th.text_content().strip() for th in table.xpath("thead/tr/th")].index("worked with")
    castro = rows["Fidel Castro"].xpath(f"string(td[{column + 1}])")
    assert re.search(r"Raúl Castro \(\d+\)", castro), castro
    assert document.xpath("//form[@class='bc-filter' and @data-table='Who worked with whom']")
