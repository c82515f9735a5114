"""The frame of every page: the site's header and skip link, breadcrumbs, and each episode's neighbours in time."""
from __future__ import annotations

import lxml.html
import pytest

from conftest import REAL_DATA, read_table

pytestmark = pytest.mark.notebook

SECTIONS = ["index.html", "timeline.html", "episodes.html", "people.html", "outcomes.html", "channels.html",
            "hypotheses.html", "claims.html", "bibliography.html", "methods.html", "search.html", "index.html#data"]


def page(path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(path)).getroot()


def test_every_page_has_the_header_and_a_skip_link_to_its_content(built_site):
    out, results = built_site
    for name in ["index.html", "episodes.html", "search.html", *(f"{r.report.id}.html" for r in results)]:
        doc = page(out / name)
        assert doc.xpath("//header[@class='bc-header']/nav[@aria-label='Site']//a/@href") == SECTIONS, name
        skip = doc.xpath("//a[@class='bc-skip']/@href")
        assert skip == ["#bc-main"] and doc.xpath("//main[@id='bc-main']"), name
        for href in SECTIONS:
            target, _, anchor = href.partition("#")
            assert (out / target).is_file() and (not anchor or page(out / target).xpath(f"//*[@id='{anchor}']")), href


def test_every_episode_page_links_the_episodes_before_and_after_it_in_time(built_site):
    out, _ = built_site
    episodes = sorted(read_table(REAL_DATA, "episodes")[1], key=lambda e: (e["start"], e["episode_id"]))
    pages = [f"episode-{e['episode_id']}.html" for e in episodes]
    for i, name in enumerate(pages):
        doc = page(out / name)
        sequence = doc.xpath("//nav[@class='bc-sequence']")[0]
        earlier, later = sequence.xpath(".//a[@rel='prev']/@href"), sequence.xpath(".//a[@rel='next']/@href")
        assert earlier == ([pages[i - 1]] if i else []), name
        assert later == ([pages[i + 1]] if i + 1 < len(pages) else []), name
        crumbs = doc.xpath("//nav[@class='bc-crumbs']//a/@href")
        assert crumbs == ["index.html", "episodes.html"], name


def test_every_report_links_its_executed_notebook(built_site):
    import nbformat

    out, results = built_site
    for result in results:
        doc = page(out / f"{result.report.id}.html")
        [link] = doc.xpath("//footer//a[contains(., 'as a notebook')]/@href")
        assert link == f"{result.report.id}.ipynb"
        nbformat.validate(nbformat.read(out / link, as_version=4))


def test_pages_stay_light_enough_to_read_on_a_phone(built_site):
    from backchannel.site import EPISODE_LIMIT, PAGE_LIMIT

    out, _ = built_site
    sizes = {path.name: path.stat().st_size for path in out.glob("*.html")}
    heavy = {name: size for name, size in sizes.items() if size > PAGE_LIMIT}
    assert heavy == {}, f"pages over {PAGE_LIMIT} bytes of HTML: split them (as the bibliography is, by letter)"
    episodes = {name: size for name, size in sizes.items() if name.startswith("episode-") and size > EPISODE_LIMIT}
    assert episodes == {}, f"episode pages over {EPISODE_LIMIT} bytes of HTML"
    assert len([name for name in sizes if name.startswith("episode-")]) > 80
