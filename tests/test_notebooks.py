"""Every notebook runs with its defaults and with other parameters; values read back match the data."""
from __future__ import annotations

import json
import subprocess
import sys

import papermill
import pytest

import backchannel
from backchannel.analysis.tables import AGREED
from backchannel.paths import ROOT
from notebook_runner import NOTEBOOKS, run

pytestmark = pytest.mark.notebook

NAMES = ["timeline", "eras", "participants", "people", "outcomes", "channels", "bibliography", "episode", "claims", "methods",
         "hypotheses"]
THAW = "2013-obama-castro-secret-talks"
KISSINGER = "1974-kissinger-castro-talks"


@pytest.fixture(scope="module")
def data():
    return backchannel.load()


def starts_between(data, first, last, kinds=("back", "front", "related")):
    e = data.episodes
    return e[e["start_first"].dt.year.between(first, last) & e["channel_kind"].isin(kinds)]


def test_timeline_defaults(data, tmp_path):
    executed = run("timeline", tmp_path)
    expected = starts_between(data, 1959, 2026)
    assert executed.findings[0].startswith(f"{len(expected)} episodes began between 1959 and 2026")
    assert len(executed.table("Episodes shown")) == len(expected)
    assert executed.figures == 2


def test_timeline_cold_war_back_channels(data, tmp_path):
    executed = run("timeline", tmp_path, years=[1959, 1991], channel_kinds=["back"])
    expected = starts_between(data, 1959, 1991, ["back"])
    assert executed.findings[0].startswith(f"{len(expected)} episodes began between 1959 and 1991 ({len(expected)} back)")
    assert {row["kind of channel"] for row in executed.table("Episodes shown")} == {"back"}


@pytest.mark.parametrize("grouping,column", [("us_presidency", "us_era"), ("cuban_leader", "cu_era")])
def test_eras_counts_match_data(data, tmp_path, grouping, column):
    executed = run("eras", tmp_path, grouping=grouping)
    summary = executed.table("Episodes, contacts")
    assert sum(int(row["episodes"]) for row in summary) == len(data.episodes)
    expected = data.episodes[column].value_counts()
    expected = expected[expected > 0]
    assert sorted(int(row["episodes"]) for row in summary) == sorted(expected.tolist())
    assert executed.figures == 3


def test_eras_subset(data, tmp_path):
    executed = run("eras", tmp_path, eras=["carter", "obama"])
    summary = executed.table("Episodes, contacts")
    assert [row["era"].split(" (")[0] for row in summary] == ["Jimmy Carter", "Barack Obama"]
    agreed = data.episodes[data.episodes["us_era"] == "obama"]["outcome"].isin(AGREED).mean()
    assert float(summary[1]["share reaching agreement"]) == pytest.approx(agreed)


def test_participants_defaults(data, tmp_path):
    executed = run("participants", tmp_path)
    persons = data.participation.merge(data.actors, on="actor_id").query("kind == 'person'")
    top = persons.groupby("actor_id")["episode_id"].nunique().max()
    assert int(executed.table("Most active people")[0]["episodes"]) == top
    castro = data.participation[data.participation["actor_id"] == "fidel-castro"]["episode_id"].nunique()
    assert executed.findings[-1] == f"Fidel Castro appears in {castro} episodes of the data."
    assert executed.figures == 4


def test_participants_us_negotiators(data, tmp_path):
    executed = run("participants", tmp_path, side="us", role="negotiator", focus_actor="henry-kissinger")
    rows = data.participation[(data.participation["side"] == "us") & (data.participation["role"] == "negotiator")]
    names = set(rows.merge(data.actors, on="actor_id").query("kind == 'person'")["name"])
    assert {row["name"] for row in executed.table("Most active people")} <= names


@pytest.mark.parametrize("issue", ["all", "migration"])
def test_outcomes(data, tmp_path, issue):
    executed = run("outcomes", tmp_path, issue=issue)
    episodes = data.episodes
    if issue != "all":
        ids = data.episode_issues[data.episode_issues["issue"] == issue]["episode_id"]
        episodes = episodes[episodes["episode_id"].isin(ids)]
    agreed = int(episodes["outcome"].isin(AGREED).sum())
    shown = "episodes" if issue == "all" else f"episodes on {issue}"
    assert executed.findings[0].startswith(f"{agreed} of the {len(episodes)} {shown} ({agreed / len(episodes):.0%}) "
                                           "reached an agreement or a tacit understanding (95% interval ")
    agreements = data.agreements[data.agreements["episode_id"].isin(episodes["episode_id"])]
    table = executed.table("Agreements and their fate")
    assert len(table) == len(agreements)
    one_off = agreements["status"].isin(["implemented", "never_implemented"])
    assert sum(row["in effect"] == "one-off measure" for row in table) == one_off.sum()
    assert all(row["in effect"].endswith(("days", "day", "months", "month", "years")) for row in table
               if row["in effect"] != "one-off measure")


def test_channels(data, tmp_path):
    executed = run("channels", tmp_path)
    table = {row["channel kind"]: int(row["episodes"]) for row in executed.table("Duration, people")}
    counts = data.episodes["channel_kind"].value_counts()
    assert table == {kind: counts[kind] for kind in ("back", "front")}
    run("channels", tmp_path, kinds=["back", "related"])


def test_episode_metrics_of_the_2013_talks(data, tmp_path):
    executed = run("episode", tmp_path)
    episode = data.episodes.set_index("episode_id").loc[THAW]
    metrics = {row["Metric"]: row["Details"] for row in executed.table(f"{episode['title']}: the metrics table")}
    assert metrics["Time period"] == "2013 to 17 December 2014" and (episode["start"], episode["end"]) == ("2013", "2014-12-17")
    assert f"{episode['meetings_low']} to {episode['meetings_high']} meetings" in metrics["Number of meetings"]
    cities = set(data.contacts.loc[data.contacts["episode_id"] == THAW, "city"].dropna())
    assert set(metrics["Locations of talks"].split(", ")) == cities
    assert "Vatican" in metrics["Key participants"] or "Holy See" in metrics["Key participants"]
    assert executed.figures == 2  # contacts timeline, map


def test_episode_of_the_kissinger_talks(data, tmp_path):
    executed = run("episode", tmp_path, episode_id=KISSINGER)
    contacts = data.contacts[data.contacts["episode_id"] == KISSINGER]
    assert len(executed.table("Contacts")) == len(contacts)


def test_claims(data, tmp_path):
    executed = run("claims", tmp_path)
    counts = data.claims["verdict"].value_counts()
    assert executed.findings[0] == (f"Of {len(data.claims)} claims checked, {counts['supported']} are supported, "
                                    f"{counts['partly_supported']} partly supported, {counts['contradicted']} "
                                    f"contradicted and {counts['not_supported_by_data']} not supported by our data.")
    contradicted = run("claims", tmp_path, verdicts=["contradicted"])
    assert len(contradicted.table("Each claim")) == counts["contradicted"]


BAD = [("timeline", {"channel_kinds": ["secret"]}, "channel_kinds", "'back'"),
       ("timeline", {"years": [1990, 1960]}, "years", "start <= end"),
       ("eras", {"grouping": "decade"}, "grouping", "'cuban_leader'"),
       ("participants", {"focus_actor": "nobody"}, "focus_actor", "'fidel-castro'"),
       ("outcomes", {"issue": "weather"}, "issue", "'migration'"),
       ("channels", {"kinds": "back"}, "kinds", "'front'"),
       ("episode", {"episode_id": "1999-nothing"}, "episode_id", THAW),
       ("claims", {"verdicts": ["maybe"]}, "verdicts", "'contradicted'"),
       ("people", {"kind": "celebrity"}, "kind", "'religious_institution'")]


@pytest.mark.parametrize("name,parameters,parameter,allowed", BAD, ids=[b[0] + "-" + b[2] for b in BAD])
def test_bad_parameter_stops_with_allowed_values(tmp_path, name, parameters, parameter, allowed):
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        run(name, tmp_path, **parameters)
    assert caught.value.ename == "ParameterError"
    assert f"parameter {parameter!r}" in caught.value.evalue and allowed in caught.value.evalue


def test_a_list_given_as_text_says_how_to_give_a_list(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        run("timeline", tmp_path, years="[1991, 1959]")
    assert "give lists with -y \"years: [1991, 1959]\"" in caught.value.evalue


def test_a_misspelt_parameter_stops_the_run_naming_the_parameters(tmp_path):
    out = tmp_path / "episode.ipynb"
    result = subprocess.run([sys.executable, "-m", "papermill", str(NOTEBOOKS / "episode.ipynb"), str(out),
                             "-p", "episod_id", THAW, "--cwd", str(NOTEBOOKS), "--no-progress-bar"],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "unknown parameter 'episod_id'; this notebook's parameters: 'data_dir', 'episode_id'" in result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_help_notebook_documents_every_parameter(name):
    result = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(NOTEBOOKS / f"{name}.ipynb")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    source = "".join(next(c for c in cells if "parameters" in c["metadata"].get("tags", []))["source"])
    for line in source.splitlines():
        parameter, comment = line.split("=", 1)[0].strip(), line.split("#", 1)[1].strip()
        assert parameter in result.stdout and comment[:30] in result.stdout


def what_git_would_commit(path, text: str | None = None) -> dict:
    """The notebook at `path` (or `text` saved there) as `git add` would store it, through the repository's filters."""
    text = path.read_text(encoding="utf-8") if text is None else text
    inside = subprocess.run(["git", "rev-parse", "--git-dir"], cwd=ROOT, capture_output=True).returncode == 0
    if not inside:
        return json.loads(text)
    relative = str(path.relative_to(ROOT))
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin", "--path", relative], cwd=ROOT, input=text,
                          capture_output=True, text=True, check=True).stdout.strip()
    stored = subprocess.run(["git", "cat-file", "-p", blob], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(stored.stdout)


def dirty_cells(notebook: dict) -> list[int]:
    return [i for i, c in enumerate(notebook["cells"])
            if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)]


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_are_clean(name):
    notebook = what_git_would_commit(NOTEBOOKS / f"{name}.ipynb")
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    dirty = dirty_cells(notebook)
    assert not dirty, (f"notebooks/{name}.ipynb would be committed with outputs in cells {dirty}: run `make env` "
                       f"(it installs the nbstripout filter), or clean it: .venv/bin/nbstripout --keep-id "
                       f"notebooks/{name}.ipynb")


def test_outputs_saved_by_jupyterlab_never_reach_a_commit():
    path = NOTEBOOKS / "episode.ipynb"
    saved = json.loads(path.read_text(encoding="utf-8"))
    for count, cell in enumerate(c for c in saved["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = count + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["an output Lab saved\n"]}]
    committed = what_git_would_commit(path, json.dumps(saved, indent=1))
    assert dirty_cells(committed) == []
    assert [c["source"] for c in committed["cells"]] == [c["source"] for c in saved["cells"]]


def test_every_notebook_is_tested():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


def test_findings_compare_only_groups_of_three_or_more(data, tmp_path):
    from backchannel.analysis.labels import value
    from backchannel.analysis.inference import MIN_CASES, wilson

    executed = run("outcomes", tmp_path)
    sentence = next(f for f in executed.findings if "modes of channel" in f)
    episodes = data.episodes.assign(agreed=data.episodes["outcome"].isin(AGREED))
    counts = episodes.groupby("mode", observed=True)["agreed"].agg(["sum", "count"])
    large = counts[counts["count"] >= MIN_CASES]
    best = (large["sum"] / large["count"]).max()
    row = large[(large["sum"] / large["count"]) == best].sort_values("count", ascending=False).iloc[0]
    low, high = wilson(int(row["sum"]), int(row["count"]))
    assert f"is {value(row.name)}: {int(row['sum'])} of {int(row['count'])} ({best:.0%}); next comes" in sentence
    assert f"(95% intervals {low:.0%}–{high:.0%} and " in sentence
    runner_up = large.drop(row.name).assign(share=lambda t: t["sum"] / t["count"]).sort_values(
        ["share", "count"], ascending=False).iloc[0]
    overlap = wilson(int(runner_up["sum"]), int(runner_up["count"]))[1] >= low
    assert ("they overlap, so the data cannot tell these two apart" in sentence) == overlap
    assert all(f" {value(name)}:" not in sentence for name in counts[counts["count"] < MIN_CASES].index)


def test_wilson_interval_matches_the_formula():
    from backchannel.analysis.inference import wilson

    low, high = wilson(5, 6)
    assert (round(low, 3), round(high, 3)) == (0.436, 0.970)
    assert wilson(0, 0) == (0.0, 1.0)


def test_bibliography_lists_every_source_with_its_episodes(data, tmp_path):
    executed = run("bibliography", tmp_path)
    table = executed.table("Every source")
    assert len(table) == len(data.sources)
    row = next(r for r in table if r["title"] == data.sources.set_index("source_id").loc["a3-mj-2015", "title"])
    assert "Obama–Raúl Castro secret talks" in row["episodes"]
    (tmp_path / "gov").mkdir()
    government = run("bibliography", tmp_path / "gov", kind="government_document").table("Every source")
    assert len(government) == int((data.sources["kind"] == "government_document").sum())


def test_people_directory_lists_every_actor_with_its_episodes(data, tmp_path):
    executed = run("people", tmp_path)
    table = executed.table("Every actor")
    taking_part = data.participation["actor_id"].nunique()
    assert len(table) == taking_part == len(data.actors)
    castro = next(row for row in table if row["name"] == "Fidel Castro")
    own = data.participation[data.participation["actor_id"] == "fidel-castro"]["episode_id"].nunique()
    assert castro["episodes"].count("; ") + 1 == own
    assert castro["side"] == "Cuba" and castro["years"].startswith("1960")
    assert executed.findings[0].startswith(f"{len(data.actors)} actors: ")
    (tmp_path / "states").mkdir()
    states = run("people", tmp_path / "states", kind="state", side="third_party").table("Every actor")
    assert states and all(row["kind"] == "state" and "third party" in row["side"] for row in states)
