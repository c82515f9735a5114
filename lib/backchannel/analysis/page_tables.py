"""Tables as a page shows them: the columns a reader reads, names and titles linked to their pages, and a column of
note markers leading each row to its sources (`notes.Notes`). A notebook cell selects its rows, calls one of these
and shows the result."""
from __future__ import annotations

import pandas as pd

from ..data.dates import in_words
from . import labels, links, notes, tables


def with_actor_links(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with each name a link to the actor's entry on the people page, `actor_id` dropped."""
    return frame.assign(name=links.actors_column(frame["actor_id"], frame["name"])).drop(columns="actor_id")


def with_episode_links(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The `columns` of the rows, each title a link to its episode's page (`episode_id` says which)."""
    return frame[columns].assign(title=links.episodes_column(frame["episode_id"], frame["title"]))


def episode_metrics(data, episode_id: str, cited: notes.Notes) -> pd.DataFrame:
    """An episode's metrics table (`tables.metrics_table`), each row with the sources of the fields behind it."""
    metrics = tables.metrics_table(data, episode_id)
    return metrics.assign(sources=notes.metric_marks(cited, episode_id, metrics))


def contacts(rows: pd.DataFrame, cited: notes.Notes) -> pd.DataFrame:
    """An episode's dated contacts: day, mode, city, level and summary, with their sources."""
    return rows[["date", "mode", "city", "level", "summary"]].assign(
        sources=cited.column("contacts", rows["contact_id"], [f"contact of {in_words(d)}" for d in rows["date"]]))


def participants(people: pd.DataFrame, cited: notes.Notes) -> pd.DataFrame:
    """An episode's participants (`actors.of_episode`): each name linked to its entry, with the sources of each
    participation."""
    return people[["name", "side", "role", "capacity", "description"]].assign(
        name=links.actors_column(people["actor_id"], people["name"]),
        sources=cited.column("participation", people["participation_id"],
                             [f"{n} as {labels.value(r)}" for n, r in zip(people["name"], people["role"])]))


def agreements(fates: pd.DataFrame, cited: notes.Notes) -> pd.DataFrame:
    """One episode's agreements and their fate (`tables.agreement_fates`), with their sources."""
    return fates[["agreed_on", "title", "form", "status", "status_date", "changed_by", "summary"]].assign(
        sources=cited.column("agreements", fates["agreement_id"], fates["title"]))


def all_agreements(fates: pd.DataFrame, cited: notes.Notes) -> pd.DataFrame:
    """Agreements of many episodes in the order they were agreed: each title a link to its episode, how long it
    held until its first change of status, and its sources."""
    fates = fates.sort_values("agreed_on")
    return with_episode_links(fates, ["agreed_on", "title", "form", "status", "status_date", "changed_by"]).assign(
        in_effect=["one-off measure" if pd.isna(d) else labels.duration(d) for d in fates["days_in_effect"]],
        sources=cited.column("agreements", fates["agreement_id"], fates["title"]))
