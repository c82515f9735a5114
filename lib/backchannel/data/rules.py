"""Cross-table rules of the data model that a table schema cannot state."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd

from . import dates
from .ids import KEYS, record_id
from .problems import Problem

Tables = dict[str, pd.DataFrame]
RULES: list[Callable[[Tables], Iterator[Problem]]] = []

WITH_AGREEMENT = {"partial_agreement", "comprehensive_agreement"}
WITHOUT_AGREEMENT = {"no_agreement", "exploratory_only"}
SUMMARY_WORDS = 80
CHANGED_FATES = {"reversed", "partly_reversed", "superseded", "lapsed", "suspended"}


def rule(func):
    RULES.append(func)
    return func


def rows(tables: Tables, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a table (cells as text) with their row number in the file (the header is row 1)."""
    frame = tables.get(name)
    if frame is None:
        return
    for position, row in enumerate(frame.to_dict("records")):
        yield position + 2, row


def span(text: str) -> dates.PartialDate | None:
    try:
        return dates.parse(text) if text else None
    except ValueError:
        return None


def record_ids(tables: Tables, name: str) -> set[str]:
    frame = tables.get(name)
    if frame is None:
        return set()
    if name == "episode_issues":
        return set(frame["episode_id"] + ":" + frame["issue"])
    return set(frame[KEYS[name]])


def date_fields(descriptor: dict) -> dict[str, list[str]]:
    """The partial-date fields of each table, as the descriptor marks them."""
    return {resource["name"]: [f["name"] for f in resource["schema"]["fields"]
                               if f.get("constraints", {}).get("pattern") == dates.SCHEMA_PATTERN]
            for resource in descriptor["resources"]}


def calendar_dates(tables: Tables, descriptor: dict) -> Iterator[Problem]:
    """Dates that match the pattern but name no real day, such as 1975-02-30."""
    for name, fields in date_fields(descriptor).items():
        for number, row in rows(tables, name):
            for field in fields:
                if row.get(field):
                    try:
                        dates.parse(row[field])
                    except ValueError as exc:
                        yield Problem(f"{name}.csv", number, field, row[field], str(exc))


@rule
def end_not_before_start(tables: Tables) -> Iterator[Problem]:
    for name in ("eras", "relations", "episodes"):
        for number, row in rows(tables, name):
            start, end = span(row["start"]), span(row["end"])
            if start and end and end.last < start.first:
                yield Problem(f"{name}.csv", number, "end", row["end"],
                              f"ends before it starts ({row['start']})")


@rule
def ongoing_has_no_end(tables: Tables) -> Iterator[Problem]:
    for number, row in rows(tables, "episodes"):
        if (row["termination_cause"] == "ongoing") != (row["end"] == ""):
            yield Problem("episodes.csv", number, "end", row["end"],
                          "an end date is blank exactly when termination_cause is 'ongoing'")


@rule
def eras_match_episodes(tables: Tables) -> Iterator[Problem]:
    eras = {row["era_id"]: row for _, row in rows(tables, "eras")}
    for number, row in rows(tables, "episodes"):
        start = span(row["start"])
        for field, side in (("us_era", "us"), ("cu_era", "cu")):
            era = eras.get(row[field])
            if era is None or start is None:
                continue
            if era["side"] != side:
                yield Problem("episodes.csv", number, field, row[field], f"is not a '{side}' era")
                continue
            first, last = span(era["start"]), span(era["end"])
            if (first and start.last < first.first) or (last and start.first > last.last):
                yield Problem("episodes.csv", number, field, row[field],
                              f"the episode starts ({row['start']}) outside this era")


@rule
def meeting_counts_ordered(tables: Tables) -> Iterator[Problem]:
    for number, row in rows(tables, "episodes"):
        counts = [(f, row[f]) for f in ("meetings_low", "meetings_best", "meetings_high") if row[f]]
        values = [int(v) for _, v in counts if v.isdigit()]
        if values != sorted(values):
            field, value = counts[-1]
            yield Problem("episodes.csv", number, field, value,
                          "meeting counts must satisfy low <= best <= high")


@rule
def contacts_inside_episode(tables: Tables) -> Iterator[Problem]:
    episodes = {row["episode_id"]: row for _, row in rows(tables, "episodes")}
    for number, row in rows(tables, "contacts"):
        episode, when = episodes.get(row["episode_id"]), span(row["date"])
        if episode is None or when is None:
            continue
        start, end = span(episode["start"]), span(episode["end"])
        if (start and when.last < start.first) or (end and when.first > end.last):
            yield Problem("contacts.csv", number, "date", row["date"],
                          f"outside its episode {row['episode_id']} "
                          f"({episode['start']} to {episode['end'] or 'ongoing'})")


@rule
def agreements_match_outcome(tables: Tables) -> Iterator[Problem]:
    counts = tables["agreements"]["episode_id"].value_counts() if "agreements" in tables else {}
    outcomes = {row["episode_id"]: row["outcome"] for _, row in rows(tables, "episodes")}
    for number, row in rows(tables, "agreements"):
        if outcomes.get(row["episode_id"]) in WITHOUT_AGREEMENT:
            yield Problem("agreements.csv", number, "episode_id", row["episode_id"],
                          f"the episode's outcome is '{outcomes[row['episode_id']]}', "
                          "which has no agreement")
    for number, row in rows(tables, "episodes"):
        if row["outcome"] in WITH_AGREEMENT and not counts.get(row["episode_id"], 0):
            yield Problem("episodes.csv", number, "outcome", row["outcome"],
                          "this outcome needs at least one row in agreements.csv")


@rule
def one_primary_issue(tables: Tables) -> Iterator[Problem]:
    if "episode_issues" not in tables:
        return
    issues = tables["episode_issues"]
    primaries = issues[issues["is_primary"].str.lower() == "true"]["episode_id"].value_counts()
    for number, row in rows(tables, "episodes"):
        count = primaries.get(row["episode_id"], 0)
        if count != 1:
            yield Problem("episodes.csv", number, "episode_id", row["episode_id"],
                          f"has {count} primary issues in episode_issues.csv; it needs exactly one")


@rule
def citations_point_to_records(tables: Tables) -> Iterator[Problem]:
    known = {}
    for number, row in rows(tables, "citations"):
        table = row["table"]
        if table not in known:
            known[table] = record_ids(tables, table)
        if table in tables and row["record_id"] not in known[table]:
            yield Problem("citations.csv", number, "record_id", row["record_id"],
                          f"no such record in {table}.csv")


@rule
def every_record_cited(tables: Tables) -> Iterator[Problem]:
    if "citations" not in tables:
        return
    cited = set(zip(tables["citations"]["table"], tables["citations"]["record_id"]))
    for name in ("eras", "relations", "episodes", "episode_issues", "places", "contacts", "actors",
                 "participation", "agreements", "claims", "propositions"):
        key = "episode_id" if name == "episode_issues" else KEYS[name]
        for number, row in rows(tables, name):
            if (name, record_id(name, row)) not in cited:
                yield Problem(f"{name}.csv", number, key, row[key],
                              "record has no source in citations.csv")


@rule
def claims_evidence_exists(tables: Tables) -> Iterator[Problem]:
    for number, row in rows(tables, "claims"):
        for item in row["evidence"].split():
            table, _, record = item.partition(":")
            known_table = table in KEYS or table == "episode_issues"
            if not known_table or (table in tables and record not in record_ids(tables, table)):
                yield Problem("claims.csv", number, "evidence", item, "no such record (table:id)")


@rule
def participation_id_matches(tables: Tables) -> Iterator[Problem]:
    for number, row in rows(tables, "participation"):
        expected = f"{row['episode_id']}:{row['actor_id']}:{row['role']}"
        if row["participation_id"] != expected:
            yield Problem("participation.csv", number, "participation_id", row["participation_id"],
                          f"must be episode:actor:role, here {expected!r}")


@rule
def changed_fates_are_dated(tables: Tables) -> Iterator[Problem]:
    """An agreement that was undone or replaced says when and by whom."""
    for number, row in rows(tables, "agreements"):
        if row["status"] in CHANGED_FATES:
            for field in ("status_date", "changed_by"):
                if not row[field]:
                    yield Problem("agreements.csv", number, field, row[field],
                                  f"status '{row['status']}' needs {field}: when it changed and who changed it")
        agreed, changed = span(row["agreed_on"]), span(row["status_date"])
        if agreed and changed and changed.last < agreed.first:
            yield Problem("agreements.csv", number, "status_date", row["status_date"],
                          f"the status changed before the agreement was made ({row['agreed_on']})")


@rule
def disclosure_is_consistent(tables: Tables) -> Iterator[Problem]:
    """A first public report has a date and is not given for talks public at the time."""
    for number, row in rows(tables, "episodes"):
        if row["disclosure_outlet"] and not row["disclosed"]:
            yield Problem("episodes.csv", number, "disclosed", row["disclosed"],
                          "disclosure_outlet names the first public report, so its date is needed too")
        if row["disclosure_outlet"] and row["disclosure"] == "public_at_the_time":
            yield Problem("episodes.csv", number, "disclosure_outlet", row["disclosure_outlet"],
                          "talks public at the time have no first disclosure; leave it blank")


@rule
def leader_meetings_reach_leaders(tables: Tables) -> Iterator[Problem]:
    """An episode coded as a leaders' meeting has a contact at the level of heads of state."""
    top = {row["episode_id"] for _, row in rows(tables, "contacts") if row["level"] == "heads_of_state"}
    for number, row in rows(tables, "episodes"):
        if row["mode"] == "leader_meeting" and row["episode_id"] not in top:
            yield Problem("episodes.csv", number, "mode", row["mode"],
                          "a leader_meeting needs at least one contact at level heads_of_state")


@rule
def relations_follow_each_other(tables: Tables) -> Iterator[Problem]:
    """The periods of relations, in file order, run one after another: each begins the day the one before
    ends, and only the last is open."""
    periods = list(rows(tables, "relations"))
    for (_, before), (number, row) in zip(periods, periods[1:]):
        if before["end"] != row["start"]:
            yield Problem("relations.csv", number, "start", row["start"],
                          f"the period before ({before['relation_id']}) ends on {before['end'] or 'no date'}; "
                          "a period begins the day the one before ends")


@rule
def channel_function_for_secret_channels(tables: Tables) -> Iterator[Problem]:
    """Back and related channels say what the secret channel was for; front channels leave it blank."""
    for number, row in rows(tables, "episodes"):
        if row["channel_kind"] == "front" and row["channel_function"]:
            yield Problem("episodes.csv", number, "channel_function", row["channel_function"],
                          "a front channel was public: leave channel_function blank")
        if row["channel_kind"] != "front" and not row["channel_function"]:
            yield Problem("episodes.csv", number, "channel_function", "",
                          f"a {row['channel_kind']} channel needs a channel_function (write 'unknown' if the "
                          "sources do not tell)")


@rule
def summaries_are_short(tables: Tables) -> Iterator[Problem]:
    for number, row in rows(tables, "episodes"):
        words = len(row["summary"].split())
        if words > SUMMARY_WORDS:
            yield Problem("episodes.csv", number, "summary", row["summary"][:60] + "…",
                          f"has {words} words; a summary has at most {SUMMARY_WORDS}")


def check_rules(tables: Tables, descriptor: dict) -> list[Problem]:
    """Run every rule over tables read as strings (blank cells are empty strings)."""
    problems = list(calendar_dates(tables, descriptor))
    return problems + [problem for check in RULES for problem in check(tables)]
