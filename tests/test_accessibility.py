"""Charts that assistive technology can read and a page validates: every chart link named, links not hidden inside an
image, ids unique on a page of several charts, no RDF metadata; checked with lxml on the library's charts and with
axe-core (vendored, tests/vendor/) in Chromium on built pages."""
from __future__ import annotations

import collections
import hashlib
import itertools
import re
from contextlib import contextmanager
from pathlib import Path

import lxml.html
import pytest

from conftest import AS_OF, BASE_URL, REAL_DATA

pytestmark = pytest.mark.notebook

VENDOR = Path(__file__).parent / "vendor"
AXE = VENDOR / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
PAGES = ["timeline", "outcomes", "participants", "channels"]
CHART_RULES = {"link-name", "nested-interactive", "svg-img-alt", "duplicate-id", "duplicate-id-active",
               "duplicate-id-aria"}
REFERENCE = re.compile(r'url\(#([^)"]+)\)|\shref="#([^"]+)"')


def _render(monkeypatch) -> list[str]:
    """Four real charts, drawn as a report draws them (figures numbered from 1), each as figure_html gives it."""
    import matplotlib
    import matplotlib.pyplot as plt

    import backchannel
    from backchannel.analysis import actors, charts, display, svg, tables

    matplotlib.use("agg")
    monkeypatch.setattr(svg, "_FIGURES", itertools.count(1))  # a fresh kernel's numbering
    data = backchannel.load(REAL_DATA)
    episodes = tables.select_episodes(data, years=(1959, 2026), kinds=["back", "front", "related"])
    counts = episodes.pivot_table(index="us_era", columns="outcome", values="episode_id", aggfunc="count",
                                  fill_value=0)
    people = actors.participants(data, tables.with_group(data, data.episodes, "us_presidency"), side="all", role="all")
    with matplotlib.rc_context():  # display.figures()'s defaults for these charts only
        display.figures()
        figures = [
            charts.timeline(data, episodes, (1959, 2026))[0],
            charts.stacked_bars(counts, "Outcome by US presidency", "US presidency", "Episodes (count)", data)[0],
            charts.fates(tables.agreement_fates(data, episodes), data, "Fate of each agreement")[0],
            charts.network(actors.actor_network(people, min_episodes=2, keep=("fidel-castro",)), data,
                           "Who worked with whom", "fidel-castro")[0],
        ]
        try:
            return [svg.figure_html(fig) for fig in figures]
        finally:
            for fig in figures:
                plt.close(fig)


@pytest.fixture(scope="module")
def rendered():
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield _render(monkeypatch)


@pytest.fixture(scope="module")
def page_of_charts(rendered) -> lxml.html.HtmlElement:
    """The four charts on one HTML page, parsed as a browser parses it."""
    body = "\n".join(rendered)
    return lxml.html.document_fromstring(f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Charts"
                                         f"</title></head><body><main>{body}</main></body></html>")


def test_a_page_of_charts_has_unique_ids_and_no_metadata(page_of_charts):
    svgs = page_of_charts.xpath("//svg")
    assert len(svgs) == 4
    ids = collections.Counter(page_of_charts.xpath("//@id"))
    assert len(ids) > 300  # marks and the definitions (clip paths, markers) that charts refer to
    assert [i for i, n in ids.items() if n > 1] == []
    assert page_of_charts.xpath("//metadata") == []
    assert page_of_charts.xpath("//*[starts-with(name(), 'rdf') or starts-with(name(), 'cc:')]") == []
    for number, chart in enumerate(svgs, 1):
        own = {element.get("id") for element in chart.xpath(".//*[@id]")}
        assert all(i.startswith((f"bc{number}-", f"bc-mark-{number}-")) for i in own), sorted(own)[:5]
        text = lxml.html.tostring(chart, encoding="unicode")
        references = {a or b for a, b in REFERENCE.findall(text)}
        assert references, number  # clip paths, markers: every chart refers to something it defines
        assert references <= own, sorted(references - own)  # each to its own figure's definition
        assert all(i.startswith(f"bc-mark-{number}-") for i in own - references)  # no id that nothing uses
        assert "xlink:href" not in text


def test_every_link_in_a_chart_is_named_and_reachable(page_of_charts):
    linked = 0
    for chart in page_of_charts.xpath("//svg"):
        alt = chart.get("aria-label")
        assert alt and alt == chart.findtext("title") and alt.startswith("Chart: ")
        links = chart.xpath(".//a")
        assert chart.get("role") == ("group" if links else "img"), alt[:60]
        for link in links:
            name = (link.get("aria-label") or link.text_content()).strip()
            assert name, lxml.html.tostring(link)[:200]
            mark = link.xpath("ancestor::g[starts-with(@id, 'bc-mark-')][1]")
            if mark:  # a linked mark: its link is named by the mark's hover title, which stays for the mouse
                assert link.get("aria-label") == mark[0].findtext("title"), mark[0].get("id")
                linked += 1
    assert linked >= 100  # the timeline's episodes, the fates' agreements and the network's actors


def test_hover_titles_and_links_are_kept(page_of_charts):
    timeline, bars, _, network = page_of_charts.xpath("//svg")
    hovers = timeline.xpath(".//g[starts-with(@id, 'bc-mark-')]/title/text()")
    assert any(t.startswith("Obama–Raúl Castro secret talks, 2013") for t in hovers)
    assert timeline.xpath(".//a[@href='episode-2013-obama-castro-secret-talks.html']")
    assert bars.xpath(".//g[starts-with(@id, 'bc-mark-')]/title") and not bars.xpath(".//a")
    node = network.xpath(".//a[@href='people.html#actor-fidel-castro']")
    assert len(node) == 1 and node[0].get("aria-label").startswith("Fidel Castro")


def test_same_data_same_svg(rendered):
    with pytest.MonkeyPatch.context() as monkeypatch:
        again = _render(monkeypatch)
    assert [hashlib.sha256(s.encode()).hexdigest() for s in again] == \
        [hashlib.sha256(s.encode()).hexdigest() for s in rendered]


def test_a_title_with_quotes_and_markup_is_escaped():
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from backchannel.analysis import svg

    matplotlib.use("agg")
    fig = Figure()
    ax = fig.subplots()
    ax.set_title("A <b> & \"c\"")
    bars = ax.bar([0, 1], [1, 2])
    svg.mark(bars[0], 'Ferrer\'s "exile" <1975> & more', "episode-x.html")
    svg.mark(bars[1], "no link")
    one = lxml.html.fragment_fromstring(svg.figure_html(fig))
    link = one.xpath(".//a")
    assert len(link) == 1 and link[0].get("aria-label") == 'Ferrer\'s "exile" <1975> & more'
    assert one.xpath("svg")[0].get("aria-label") == 'Chart: A <b> & "c".'
    plt.close(fig)


@contextmanager
def talks_chart(kind: str = "timeline"):
    """The 2013–14 talks' contacts on a timeline or a map (`kind`) as the episode page draws them, with the reports'
    figure defaults: (figure, axes), closed after."""
    import matplotlib
    import matplotlib.pyplot as plt

    import backchannel
    from backchannel.analysis import charts, display, maps

    matplotlib.use("agg")
    data = backchannel.load(REAL_DATA)
    contacts = data.contacts[data.contacts["episode_id"] == "2013-obama-castro-secret-talks"]
    draw = {"timeline": charts.contact_timeline, "map": maps.contact_map}[kind]
    with matplotlib.rc_context():
        display.figures()
        fig, ax = draw(contacts, data, "Dated contacts of the episode" if kind == "timeline" else "Where")
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def test_dates_under_a_chart_for_phones_are_thinned_until_they_no_longer_overlap():
    """Ten months under the 2013–14 talks' contact timeline fit a page, not a phone: its drawing for phones keeps
    every k-th (here every third), each label clear of the next by the width of its text."""
    from backchannel.analysis import svg

    with talks_chart() as (fig, _):
        page, phone = svg.figure_html(fig), svg.phone_svg(fig)

    def dates(drawing: str) -> list[tuple[float, str, float]]:
        """(x, label, font size) of each date under the chart."""
        return [(float(x), label, float(size)) for size, x, label in
                re.findall(r'font-size: ([\d.]+)px[^>]*x="([\d.]+)"[^>]*>(\d{4}-\d\d)<', drawing)]

    wide, narrow = [label for _, label, _ in dates(page)], dates(phone)
    assert len(wide) == 10 and [label for _, label, _ in narrow] == wide[::3]
    for (x, label, size), (next_x, _, _) in zip(narrow, narrow[1:]):
        assert next_x - x > 0.6 * size * len(label), (label, x, next_x)


def test_a_drawing_for_phones_wraps_long_texts_and_leaves_the_figure_as_it_was():
    """On a phone, the 2013–14 talks' contact timeline breaks its axis label into lines (the drawing wraps each
    text once, not at every measure); the page's figure keeps its texts as they were, unwrapped."""
    from lxml import etree

    from backchannel.analysis import svg

    with talks_chart() as (fig, ax):
        texts = [*fig.texts, ax.title, ax.xaxis.label]
        before = [(text.get_text(), text.get_wrap()) for text in texts]
        phone = svg.phone_svg(fig)
        after = [(text.get_text(), text.get_wrap()) for text in texts]
    label = ax.get_xlabel()
    lines = [line for line in etree.fromstring(phone.encode()).itertext() if line.strip() and line in label]
    assert len(lines) >= 2 and " ".join(lines) == label, lines
    assert after == before


@pytest.mark.filterwarnings("ignore:numpy.ndarray size changed")  # basemap's binary, imported here, not in a kernel
def test_a_map_for_phones_is_no_taller_than_its_shape_needs():
    """The 2013–14 talks' map spans Ottawa to Johannesburg, a wide shape: at phone width it is drawn about half as
    tall as on the page, not with the page's height and an empty band above its source line."""
    from lxml import etree

    from backchannel.analysis import svg

    with talks_chart("map") as (fig, _):
        page_height = fig.get_figheight()
        phone = etree.fromstring(svg.phone_svg(fig).encode())
    width, height = (float(value) for value in phone.get("viewBox").split()[2:])  # points
    assert width / 72 <= svg.PHONE_WIDTH + 0.1 and height / 72 < 0.7 * page_height, (width, height)


@pytest.fixture(scope="module")
def built_pages(tmp_path_factory):
    """The four pages whose charts link their marks, built from the real data."""
    from backchannel.site.build import build

    from browser_support import served

    out = tmp_path_factory.mktemp("a11y-site")
    results = build(REAL_DATA, out, only=PAGES, log=lambda *_: None, as_of=AS_OF, base_url=BASE_URL)
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    with served(out) as url:
        yield out, url


def axe(page) -> list[dict]:
    """axe-core's violations on the page (the deprecated duplicate-id rules switched on), each with whether one of
    its nodes lies in a chart."""
    source = AXE.read_bytes()
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256, "tests/vendor/axe.min.js is not the vendored axe-core"
    page.add_script_tag(content=source.decode())
    return page.evaluate("""async () => {
        const rules = {"duplicate-id": {enabled: true}, "duplicate-id-active": {enabled: true},
                       "duplicate-id-aria": {enabled: true}};
        const result = await axe.run(document, {resultTypes: ["violations"], rules});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, count: v.nodes.length,
            inChart: v.nodes.some(n => document.querySelector(n.target[0])?.closest("figure.bc-chart") != null),
            nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))}));
    }""")


@pytest.mark.parametrize("report", PAGES)
def test_axe_finds_no_chart_violation(browser, built_pages, report):
    _, url = built_pages
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        response = page.goto(f"{url}{report}.html", wait_until="load")
        assert response and response.ok
        assert page.locator("figure.bc-chart svg a").count() > 0, report  # the page has linked charts to check
        violations = axe(page)
        assert [v for v in violations if v["id"] in CHART_RULES] == []
        assert [v for v in violations if v["inChart"] and v["impact"] in ("critical", "serious")] == []
    finally:
        page.close()


def test_chromium_exposes_chart_links_with_their_names(browser, built_pages):
    """Chromium's own accessibility tree: the timeline's bars are links named by their titles (inside an image
    they would be hidden), and the chart is a group named by its alt text."""
    _, url = built_pages
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{url}timeline.html", wait_until="load")
        session = page.context.new_cdp_session(page)
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
        named = [(n.get("role", {}).get("value"), n.get("name", {}).get("value", "")) for n in nodes
                 if not n.get("ignored")]
        links = [name for role, name in named if role == "link"]
        assert any(name.startswith("Obama–Raúl Castro secret talks, 2013") and "back channel" in name
                   for name in links), links[:10]
        assert sum(1 for name in links if name == "") == 0
        assert any(role == "group" and name.startswith("Chart: US–Cuba channels") for role, name in named)
        link = page.get_by_role("link", name=re.compile("^Obama–Raúl Castro secret talks, 2013"))
        link.first.focus()
        link.first.press("Enter")
        page.wait_for_url("**/episode-2013-obama-castro-secret-talks.html")
    finally:
        page.close()


READER_PAGES = ["index.html", "episodes.html", "search.html?q=Vatican", "timeline.html", "people.html",
                "outcomes.html", "channels.html", "hypotheses.html", "claims.html", "bibliography.html", "bibliography-k-o.html",
                "methods.html", "participants.html", "episode-2013-obama-castro-secret-talks.html",
                "episode-1977-fisheries-and-interests-talks.html", "episode-2025-vatican-prisoner-deal.html"]


@pytest.mark.parametrize("name", READER_PAGES)
def test_axe_finds_no_critical_or_serious_violation_on_the_pages_readers_start_from(browser, site_url, name):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        response = page.goto(f"{site_url}{name}", wait_until="load")
        assert response and response.ok
        if name.startswith("search.html"):
            page.locator(".pagefind-ui__result").first.wait_for()  # the results are on the page when checked
        serious = [v for v in axe(page) if v["impact"] in ("critical", "serious")]
        assert serious == [], serious
    finally:
        page.close()


def test_no_page_of_the_site_has_a_duplicate_id(built_site):
    out, _ = built_site
    pages = sorted(out.glob("*.html"))
    assert len(pages) > 100
    for path in pages:
        ids = lxml.html.parse(str(path)).getroot().xpath("//@id")
        repeated = [name for name, count in collections.Counter(ids).items() if count > 1]
        assert repeated == [], (path.name, repeated[:5])
