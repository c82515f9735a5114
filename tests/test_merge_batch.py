"""scripts/merge_batch.py on a temporary copy of the data: a batch owns its episodes, sources already in the
data are recognised by their address, a batch that breaks a rule writes nothing, and a removal takes an
episode's rows, citations and orphaned actors with it."""
from __future__ import annotations

import sys

import pytest

from backchannel import validate
from backchannel.paths import ROOT
from conftest import read_table, write_table

sys.path.insert(0, str(ROOT / "scripts"))
import merge_batch  # noqa: E402

pytestmark = pytest.mark.unit

EPISODE = "1977-fisheries-and-interests-talks"


def rows_outside(data_dir, table: str, episode: str) -> list[dict]:
    return [row for row in read_table(data_dir, table)[1] if row.get("episode_id") != episode]


def extracted(data_copy, tmp_path):
    batch = tmp_path / "batch"
    assert merge_batch.main([str(batch), "--extract", EPISODE, "--data", str(data_copy)]) == 0
    return batch


def test_a_batch_replaces_the_rows_of_the_episodes_it_owns_and_nothing_else(data_copy, tmp_path, capsys):
    batch = extracted(data_copy, tmp_path)
    header, episodes = read_table(batch, "episodes")
    assert [row["episode_id"] for row in episodes] == [EPISODE]
    episodes[0]["title"] = "Fisheries talks (retitled)"
    write_table(batch, "episodes", header, episodes)
    header, contacts = read_table(batch, "contacts")
    new = dict(contacts[-1], contact_id=f"{EPISODE}--99", date="1977-05-02", summary="A further contact.")
    write_table(batch, "contacts", header, contacts + [new])
    header, citations = read_table(batch, "citations")
    cited = next(row for row in citations if row["table"] == "contacts")
    write_table(batch, "citations", header, citations + [dict(cited, record_id=new["contact_id"], note="")])
    before = {table: rows_outside(data_copy, table, EPISODE) for table in ("episodes", "contacts", "participation")}

    assert merge_batch.main([str(batch), "--apply", "--data", str(data_copy)]) == 0
    assert "contacts: " in capsys.readouterr().out
    assert validate(data_copy) == []
    titles = {row["episode_id"]: row["title"] for row in read_table(data_copy, "episodes")[1]}
    assert titles[EPISODE] == "Fisheries talks (retitled)"
    ids = [row["contact_id"] for row in read_table(data_copy, "contacts")[1] if row["episode_id"] == EPISODE]
    assert ids == [row["contact_id"] for row in contacts] + [new["contact_id"]]
    assert {table: rows_outside(data_copy, table, EPISODE) for table in before} == before


def test_a_source_already_in_the_data_under_another_id_is_cited_by_its_old_id(data_copy, tmp_path):
    batch = extracted(data_copy, tmp_path)
    header, sources = read_table(data_copy, "sources")
    old = sources[0]
    host_and_path = old["url"].split("://", 1)[1].removeprefix("www.")
    copy = dict(old, source_id="a-new-id-for-an-old-source", url=f"https://www.{host_and_path}/")
    write_table(batch, "sources", header, [copy])
    header, citations = read_table(batch, "citations")
    citations[0]["source_id"] = copy["source_id"]
    write_table(batch, "citations", header, citations)

    assert merge_batch.main([str(batch), "--apply", "--data", str(data_copy)]) == 0
    assert copy["source_id"] not in {row["source_id"] for row in read_table(data_copy, "sources")[1]}
    merged = [row for row in read_table(data_copy, "citations")[1] if row["record_id"] == citations[0]["record_id"]]
    assert old["source_id"] in {row["source_id"] for row in merged}


def test_a_batch_that_breaks_a_rule_writes_nothing_and_says_why(data_copy, tmp_path, capsys):
    batch = extracted(data_copy, tmp_path)
    header, contacts = read_table(batch, "contacts")
    contacts[0]["date"] = "1950-01-01"  # before the episode began
    write_table(batch, "contacts", header, contacts)
    before = (data_copy / "contacts.csv").read_bytes()

    assert merge_batch.main([str(batch), "--apply", "--data", str(data_copy)]) == 1
    said = capsys.readouterr().err
    assert "contacts.csv" in said and "1950-01-01" in said and "nothing written" in said
    assert (data_copy / "contacts.csv").read_bytes() == before


def test_a_batch_table_with_another_header_is_refused_naming_the_file(data_copy, tmp_path):
    batch = extracted(data_copy, tmp_path)
    header, rows = read_table(batch, "places")
    write_table(batch, "places", list(reversed(header)), rows)
    with pytest.raises(SystemExit, match=r"places\.csv: the header must be exactly place_id"):
        merge_batch.main([str(batch), "--data", str(data_copy)])


def test_a_removed_episode_takes_its_rows_citations_and_lone_actors_with_it(data_copy, tmp_path):
    batch = tmp_path / "removal"
    batch.mkdir()
    (batch / "remove_episodes.txt").write_text(EPISODE + "\n", encoding="utf-8")
    people = {row["actor_id"] for row in read_table(data_copy, "participation")[1] if row["episode_id"] == EPISODE}
    elsewhere = {row["actor_id"] for row in rows_outside(data_copy, "participation", EPISODE)}

    assert merge_batch.main([str(batch), "--apply", "--data", str(data_copy)]) == 0
    assert validate(data_copy) == []
    for table in ("episodes", "contacts", "participation", "agreements"):
        assert all(row["episode_id"] != EPISODE for row in read_table(data_copy, table)[1]), table
    assert not any(row["record_id"].startswith(EPISODE) for row in read_table(data_copy, "citations")[1])
    actors = {row["actor_id"] for row in read_table(data_copy, "actors")[1]}
    assert people - elsewhere and not (people - elsewhere) & actors
    assert people & elsewhere <= actors
