"""A report table's HTML, as `display.show_table` writes it from its Jinja template: text escaped, links kept,
fractions to two decimals, blanks empty, number and date columns classed for alignment."""
from __future__ import annotations

import lxml.html
import numpy as np
import pandas as pd
import pytest

from backchannel.analysis import display, links

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def table():
    frame = pd.DataFrame({"count": [3, 12, None], "share": [0.5, np.nan, 2 / 3], "start": ["1965-11-06", "1980", None],
                          "note": ["<script>x</script> & co", None, "plain"],
                          "title": [[links.episode("a", "Talks <one>")], "no page", []]})
    page, records = display._table(frame, 'Rows & "marks"')
    return lxml.html.fragment_fromstring(page), records


def test_cells_are_written_as_the_reader_reads_them(table):
    root, _ = table
    rows = [[cell.text_content() for cell in row.xpath("td")] for row in root.xpath("tbody/tr")]
    assert rows == [["3.00", "0.50", "1965-11-06", "<script>x</script> & co", "Talks <one>"],
                    ["12.00", "", "1980", "", "no page"],
                    ["", "0.67", "", "plain", ""]]
    assert not root.xpath("//script")
    assert root.xpath("tbody/tr[1]/td[5]/a/@href") == ["episode-a.html"]


def test_header_caption_and_alignment(table):
    root, records = table
    assert root.xpath("string(caption)") == 'Rows & "marks"'
    assert [th.get("scope") for th in root.xpath("thead/tr/th")] == ["col"] * 5
    assert [td.get("class") for td in root.xpath("tbody/tr[1]/td")] == ["bc-num", "bc-num", "bc-date", None, None]
    assert records[1]["note"] is None and records[0]["title"] == "Talks <one>"
