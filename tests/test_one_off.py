"""One report on demand, `backchannel report NOTEBOOK -p NAME VALUE --out PAGE.html`, and the same from Python:
the page carries the chosen parameters' numbers, a parameter the notebook lacks is refused before anything
runs, and a value the notebook refuses names the allowed values and leaves an earlier page alone."""
from __future__ import annotations

import subprocess
import sys

import lxml.html
import pytest

from backchannel.site.one_off import OneOffError, report, text_value
from conftest import AS_OF, REAL_DATA, read_table

pytestmark = pytest.mark.notebook


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backchannel", "report", *args, "--data", str(REAL_DATA),
                           "--as-of", AS_OF], capture_output=True, text=True)


def test_a_notebook_with_a_parameter_of_ones_choice_becomes_a_page(tmp_path):
    out = tmp_path / "pages" / "eras-period.html"
    result = run("eras", "-p", "grouping", "period", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    page = lxml.html.parse(str(out)).getroot()
    assert page.findtext(".//h1").startswith("Eras side by side")
    assert "Shown for grouping: period." in page.text_content()
    [summary] = [t for t in page.xpath("//table") if t.xpath("string(caption)").startswith("Episodes, contacts")]
    groups = [row.xpath("string(td[1])") for row in summary.xpath("tbody/tr")]
    assert groups == ["Cold War", "After the Cold War"]
    _, episodes = read_table(REAL_DATA, "episodes")
    counts = [int(row.xpath("string(td[2])")) for row in summary.xpath("tbody/tr")]  # episodes per period
    assert sum(counts) == len(episodes) and counts[0] >= sum(e["start"][:4] <= "1990" for e in episodes)
    for src in page.xpath("//link[@rel='stylesheet']/@href") + page.xpath("//figcaption//a[@download]/@href"):
        assert (out.parent / src).is_file(), src  # the stylesheet and the charts' files beside the page
    assert (out.parent / "eras-period.ipynb").is_file()


def test_from_python_with_a_list(tmp_path):
    result = report("timeline", {"years": [1959, 1991], "channel_kinds": ["back"]}, tmp_path / "cold-war.html",
                    REAL_DATA, AS_OF)
    assert result.ok and result.finding.startswith(f"{result.finding.split()[0]} episodes began between 1959 and 1991")
    _, episodes = read_table(REAL_DATA, "episodes")
    back = sum(e["channel_kind"] == "back" and "1959" <= e["start"][:4] <= "1991" for e in episodes)
    assert result.finding.startswith(f"{back} episodes began between 1959 and 1991 ({back} back)")


def test_a_parameter_the_notebook_lacks_is_refused_naming_its_parameters(tmp_path):
    out = tmp_path / "eras.html"
    result = run("eras", "-p", "groupping", "period", "--out", str(out))
    assert result.returncode == 2
    assert "notebook 'eras' has no parameter 'groupping'; its parameters: grouping (" in result.stderr
    assert not out.exists()
    with pytest.raises(OneOffError, match="no notebook 'erase'.*the notebooks: bibliography, channels"):
        report("erase", {}, tmp_path / "x.html", REAL_DATA)
    with pytest.raises(OneOffError, match="--out must name an .html file"):
        report("eras", {}, tmp_path / "eras.pdf", REAL_DATA)


def test_a_value_the_notebook_refuses_names_the_allowed_values_and_keeps_the_earlier_page(tmp_path):
    out = tmp_path / "eras.html"
    out.write_text("an earlier page", encoding="utf-8")
    result = run("eras", "-p", "grouping", "decade", "--out", str(out))
    assert result.returncode == 1
    assert "ParameterError" in result.stderr and "'us_presidency', 'cuban_leader', 'period'" in result.stderr
    assert out.read_text(encoding="utf-8") == "an earlier page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eras.html"]


def test_values_are_read_as_papermill_reads_them():
    assert [text_value(t) for t in ("True", "None", "12", "0.5", "period", "[1, 2]")] == \
        [True, None, 12, 0.5, "period", "[1, 2]"]
