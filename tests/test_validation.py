"""Every class of bad input is rejected with a message naming file, row, field and value."""
from __future__ import annotations

import subprocess
import sys

import pytest

from backchannel import DataError, load, validate
from conftest import REAL_DATA, read_table, set_cell, write_table


pytestmark = pytest.mark.unit

def test_real_data_is_valid():
    assert validate(REAL_DATA) == []


@pytest.mark.slow  # a fresh process: seconds to start and validate
def test_frictionless_cli_accepts_real_data():
    frictionless = [sys.executable, "-m", "frictionless", "validate", str(REAL_DATA / "datapackage.json")]
    result = subprocess.run(frictionless, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def missing_file(d):
    (d / "contacts.csv").unlink()
    return ("contacts.csv", None, None, None, "file not found")


def missing_column(d):
    header, rows = read_table(d, "episodes")
    header.remove("summary")
    for row in rows:
        del row["summary"]
    write_table(d, "episodes", header, rows)
    return ("episodes.csv", 1, "summary", None, "column missing")


def wrong_type(d):
    row = set_cell(d, "episodes", 0, "meetings_low", "seven")
    return ("episodes.csv", row, "meetings_low", "seven", "type")


def impossible_month(d):
    row = set_cell(d, "contacts", 0, "date", "1975-13")
    return ("contacts.csv", row, "date", "1975-13", "not a date: write a date as YYYY, YYYY-MM or YYYY-MM-DD")


def impossible_day(d):
    row = set_cell(d, "contacts", 0, "date", "1975-02-30")
    return ("contacts.csv", row, "date", "1975-02-30", "day 30 does not exist")


def end_before_start(d):
    header, rows = read_table(d, "episodes")
    index = next(i for i, r in enumerate(rows) if r["end"])
    start = rows[index]["start"]
    row = set_cell(d, "episodes", index, "end", str(int(start[:4]) - 1))
    return ("episodes.csv", row, "end", str(int(start[:4]) - 1), "ends before it starts")


def unknown_vocabulary(d):
    row = set_cell(d, "episodes", 0, "channel_kind", "sideways")
    return ("episodes.csv", row, "channel_kind", "sideways", "not one of the allowed values: back, front, related")


def duplicate_id(d):
    header, rows = read_table(d, "actors")
    rows.append(dict(rows[0]))
    write_table(d, "actors", header, rows)
    return ("actors.csv", len(rows) + 1, None, None, "primary key")


def dangling_foreign_key(d):
    row = set_cell(d, "participation", 0, "actor_id", "nobody-at-all")
    return ("participation.csv", row, "actor_id", "nobody-at-all", "no record with this actor_id in actors.csv")


def misspelt_source_id(d):
    _, rows = read_table(d, "citations")
    source = rows[0]["source_id"]
    row = set_cell(d, "citations", 0, "source_id", source[:-1] + ("x" if source[-1] != "x" else "y"))
    return ("citations.csv", row, "source_id", None, f"in sources.csv (did you mean {source!r}?)")


def malformed_agreement_id(d):
    row = set_cell(d, "agreements", 0, "agreement_id", "the-no-invasion-pledge")
    return ("agreements.csv", row, "agreement_id", "the-no-invasion-pledge",
            "not in the expected form: Stable id: episode id, two dashes, short name")


def uncited_record(d):
    header, rows = read_table(d, "citations")
    actor = read_table(d, "actors")[1][0]["actor_id"]
    write_table(d, "citations", header, [r for r in rows if not (r["table"] == "actors" and r["record_id"] == actor)])
    return ("actors.csv", 2, "actor_id", actor, "no source")


def long_summary(d):
    row = set_cell(d, "episodes", 3, "summary", " ".join(["word"] * 81))
    return ("episodes.csv", row, "summary", None, "has 81 words; a summary has at most 80")


def ragged_row(d):
    path = d / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ",surplus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ("places.csv", 2, None, None, "cells, the header")


def comma_outside_quotes(d):
    path = d / "contacts.csv"
    header, rows = read_table(d, "contacts")
    rows[2]["summary"] = "Talks in Havana, then in Washington"
    write_table(d, "contacts", header, rows)
    text = path.read_text(encoding="utf-8").replace('"Talks in Havana, then in Washington"',
                                                     "Talks in Havana, then in Washington")
    path.write_text(text, encoding="utf-8")
    return ("contacts.csv", 4, None, None, f"has {len(header) + 1} cells, the header {len(header)}: a comma outside quotes?")


def not_utf8(d):
    path = d / "actors.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b",\xe9", 1)
    path.write_bytes(b"\n".join(lines))
    return ("actors.csv", 3, None, None, "not UTF-8")


def undated_reversal(d):
    header, rows = read_table(d, "agreements")
    index = next(i for i, r in enumerate(rows) if r["status"] == "reversed")
    row = set_cell(d, "agreements", index, "changed_by", "")
    return ("agreements.csv", row, "changed_by", "", "who changed it")


def fate_before_agreement(d):
    header, rows = read_table(d, "agreements")
    index = next(i for i, r in enumerate(rows) if r["status"] == "superseded")
    value = str(int(rows[index]["agreed_on"][:4]) - 1)
    row = set_cell(d, "agreements", index, "status_date", value)
    return ("agreements.csv", row, "status_date", value, "before the agreement was made")


def outlet_without_date(d):
    header, rows = read_table(d, "episodes")
    index = next(i for i, r in enumerate(rows) if r["channel_kind"] == "back")
    set_cell(d, "episodes", index, "disclosure_outlet", "The Daily Planet")
    row = set_cell(d, "episodes", index, "disclosed", "")
    return ("episodes.csv", row, "disclosed", "", "its date is needed")


def leader_meeting_without_leaders(d):
    header, rows = read_table(d, "episodes")
    contacts = read_table(d, "contacts")[1]
    top = {c["episode_id"] for c in contacts if c["level"] == "heads_of_state"}
    index = next(i for i, r in enumerate(rows) if r["episode_id"] not in top)
    row = set_cell(d, "episodes", index, "mode", "leader_meeting")
    return ("episodes.csv", row, "mode", "leader_meeting", "heads_of_state")


def function_of_a_front_channel(d):
    header, rows = read_table(d, "episodes")
    index = next(i for i, r in enumerate(rows) if r["channel_kind"] == "front")
    row = set_cell(d, "episodes", index, "channel_function", "exploring")
    return ("episodes.csv", row, "channel_function", "exploring", "a front channel was public")


def back_channel_without_function(d):
    header, rows = read_table(d, "episodes")
    index = next(i for i, r in enumerate(rows) if r["channel_kind"] == "back")
    row = set_cell(d, "episodes", index, "channel_function", "")
    return ("episodes.csv", row, "channel_function", "", "needs a channel_function")


def gap_between_relations(d):
    row = set_cell(d, "relations", 2, "start", "1977-10-01")
    return ("relations.csv", row, "start", "1977-10-01", "begins the day the one before ends")


BAD_INPUTS = [missing_file, missing_column, wrong_type, impossible_month, impossible_day,
              end_before_start, unknown_vocabulary, duplicate_id, dangling_foreign_key,
              uncited_record, ragged_row, comma_outside_quotes, misspelt_source_id, malformed_agreement_id,
              not_utf8, undated_reversal, fate_before_agreement,
              outlet_without_date, leader_meeting_without_leaders, function_of_a_front_channel,
              back_channel_without_function, gap_between_relations, long_summary]


def matching(problems, file, row, field, value, words):
    return [p for p in problems
            if p.file == file and (row is None or p.row == row) and (field is None or p.field == field)
            and (value is None or p.value == value) and words.lower() in str(p).lower()]


@pytest.mark.parametrize("corrupt", BAD_INPUTS, ids=lambda f: f.__name__)
def test_bad_input_is_named(data_copy, corrupt):
    file, row, field, value, words = corrupt(data_copy)
    problems = validate(data_copy)
    assert matching(problems, file, row, field, value, words), "\n".join(map(str, problems))


# load() refuses through the same validation: one case of each way a package breaks (a file, its encoding, a
# cell's type, a row's shape, a cross-table rule) shows the refusal carries the problems; the rest are above.
@pytest.mark.parametrize("corrupt", [missing_file, not_utf8, wrong_type, comma_outside_quotes, uncited_record],
                         ids=lambda f: f.__name__)
def test_load_refuses_bad_input(data_copy, corrupt):
    file, row, field, value, words = corrupt(data_copy)
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert matching(caught.value.problems, file, row, field, value, words)
    assert file in str(caught.value)


@pytest.mark.slow  # a fresh process each: seconds to start and validate
@pytest.mark.parametrize("corrupt", [impossible_month, dangling_foreign_key, not_utf8], ids=lambda f: f.__name__)
def test_cli_exits_non_zero_and_names_the_problem(data_copy, corrupt):
    file, row, field, value, words = corrupt(data_copy)
    result = subprocess.run([sys.executable, "-m", "backchannel", "validate", str(data_copy)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    line = next(l for l in result.stderr.splitlines() if file in l and (row is None or f"row {row}" in l))
    assert words.lower() in line.lower()


def test_all_problems_reported_at_once(data_copy):
    expected = [impossible_month(data_copy), unknown_vocabulary(data_copy), dangling_foreign_key(data_copy)]
    header, rows = read_table(data_copy, "contacts")
    rows[5]["date"] = "1950-01-01"  # a cross-table problem beside the schema problems
    write_table(data_copy, "contacts", header, rows)
    expected.append(("contacts.csv", 7, "date", "1950-01-01", "outside its episode"))
    problems = validate(data_copy)
    for file, row, field, value, words in expected:
        assert matching(problems, file, row, field, value, words), "\n".join(map(str, problems))


def test_a_misspelt_value_gets_a_suggestion_and_a_blank_one_is_named_required(data_copy):
    row = set_cell(data_copy, "episodes", 0, "channel_kind", "bak")
    set_cell(data_copy, "episodes", 1, "title", "")
    problems = validate(data_copy)
    assert matching(problems, "episodes.csv", row, "channel_kind", "bak", "(did you mean 'back'?)")
    assert matching(problems, "episodes.csv", row + 1, "title", None, "required: this cell may not be blank")


def test_new_episode_writes_rows_in_the_expected_id_forms(tmp_path):
    out = tmp_path / "batch"
    result = subprocess.run([sys.executable, "-m", "backchannel", "new-episode", "2026-test-talks", "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    _, participation = read_table(out, "participation")
    assert participation[0]["participation_id"] == "2026-test-talks:<actor_id>:<role>"
    _, contacts = read_table(out, "contacts")
    assert contacts[0]["contact_id"] == "2026-test-talks--01"
    taken = subprocess.run([sys.executable, "-m", "backchannel", "new-episode", "1974-kissinger-castro-talks",
                            "--out", str(tmp_path / "other")], capture_output=True, text=True)
    assert taken.returncode == 2 and "is already in" in taken.stderr
    malformed = subprocess.run([sys.executable, "-m", "backchannel", "new-episode", "Carter talks",
                                "--out", str(tmp_path / "third")], capture_output=True, text=True)
    assert malformed.returncode == 2 and "is not of the form YYYY-short-slug" in malformed.stderr


def test_a_comma_outside_quotes_is_one_problem_first(data_copy):
    comma_outside_quotes(data_copy)
    problems = [p for p in validate(data_copy) if p.file == "contacts.csv"]
    assert len(problems) == 1 and "a comma outside quotes?" in problems[0].message


def test_missing_data_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "backchannel", "validate", str(tmp_path / "nowhere")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "data folder not found" in result.stderr


@pytest.mark.slow  # a fresh process: seconds to start and validate
def test_valid_data_passes_the_cli():
    result = subprocess.run([sys.executable, "-m", "backchannel", "validate", str(REAL_DATA)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout
