"""Hostile text in every free-text field: built reports show it as text and run no script."""
from __future__ import annotations

import shutil

import pytest

from backchannel.site.build import build
from browser_support import PageWatch, overflow, served
from conftest import REAL_DATA, read_table, write_table

pytestmark = pytest.mark.notebook

SCRIPT = "<script>window.__pwned = 1</script>"
HOSTILE = [
    SCRIPT,
    '<img src=x onerror="window.__pwned = 2">',
    "[click me](javascript:window.__pwned=3)",
    "Costs $5 and $6 *emphasis* _under_ `code`",
    "Supercalifragilistic" * 4,
    "\u202eRight-to-left override \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "Combining e\u0301\u0301\u0301 a\u0308\u0308 z\u0336\u0336",
]
FREE_TEXT = {
    "episodes": ["title", "summary", "trigger", "main_objective"],
    "actors": ["name", "description"],
    "contacts": ["summary"],
    "agreements": ["title", "summary", "changed_by"],
    "claims": ["claim", "explanation"],
    "citations": ["locator", "note"],
    "sources": ["title", "author", "publisher"],
    "places": ["city"],
}
REPORTS = ["timeline", "eras", "participants", "outcomes", "channels", "episode", "claims"]


def hostile(text: str, number: int) -> str:
    """The original text, shortened to leave room within length limits, then a hostile string."""
    return f"{text[:200]} {HOSTILE[number % len(HOSTILE)]}"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, browser):
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(REAL_DATA, data)
    number = 0
    for table, fields in FREE_TEXT.items():
        header, rows = read_table(data, table)
        for row in rows:
            for field in fields:
                row[field] = hostile(row[field], number)
                number += 1
        write_table(data, table, header, rows)
    out = tmp_path_factory.mktemp("hostile-site")
    results = build(data, out, only=REPORTS, log=lambda *_: None)
    assert all(r.ok for r in results), [(r.report.id, r.error) for r in results if not r.ok]
    with served(out) as url:
        yield url, browser


@pytest.mark.parametrize("page_name", ["index", *REPORTS])
def test_hostile_text_is_shown_as_text_and_runs_nothing(hostile_site, page_name):
    url, browser = hostile_site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    watch = PageWatch(page)
    page.goto(f"{url}{page_name}.html", wait_until="load")
    assert page.evaluate("window.__pwned") is None
    assert page.eval_on_selector_all("a[href^='javascript:' i]", "as => as.length") == 0
    assert page.eval_on_selector_all("script:not([type]), script[type='text/javascript']",
                                     "ss => ss.filter(s => s.textContent.includes('__pwned')).length") == 0
    text = page.locator("body").inner_text()
    if page_name in ("claims", "episode"):
        assert SCRIPT in text  # shown literally, as text
    assert watch.errors == [], watch.errors
    if page_name == "index":
        assert overflow(page) <= 0
    page.close()
