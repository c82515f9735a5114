"""Tables of episodes that more than one notebook uses: episodes by era and group, counts and cross-tables,
agreements' fates, and an episode's metrics."""
from __future__ import annotations

import pandas as pd

from . import labels
from .params import choice
from ..data.dates import span_in_words
from ..data.vocabulary import AGREED, FATES, IN_FORCE, ONE_OFF, fate_of

GROUPINGS = ("us_presidency", "cuban_leader", "period")
PERIODS = {"cold_war": "Cold War", "after_cold_war": "After the Cold War"}


def era_labels(data) -> dict[str, str]:
    """Era id -> 'Leader (1961–1963)'."""
    eras = data.eras
    ends = eras["end_first"].dt.year.astype("Int64").astype("string").fillna("")
    return {era: f"{leader} ({start}–{end})" for era, leader, start, end
            in zip(eras["era_id"], eras["leader"], eras["start_first"].dt.year, ends)}


def group_keys(data, grouping: str) -> list[str]:
    """The keys a notebook may pass to select groups of one grouping, in time order."""
    choice("grouping", grouping, GROUPINGS)
    if grouping == "period":
        return list(PERIODS)
    side = "us" if grouping == "us_presidency" else "cu"
    return list(data.eras.loc[data.eras["side"] == side, "era_id"])


def with_group(data, episodes: pd.DataFrame, grouping: str) -> pd.DataFrame:
    """Episodes with a `group` column (ordered categorical of labels) for the grouping."""
    episodes = episodes.copy()
    if grouping == "period":
        keys = episodes["period"].map({v: k for k, v in PERIODS.items()}).astype(str)
        names = PERIODS
    else:
        keys = episodes["us_era" if grouping == "us_presidency" else "cu_era"].astype(str)
        names = era_labels(data)
    order = [names[key] for key in group_keys(data, grouping)]
    episodes["group_key"] = keys
    episodes["group"] = pd.Categorical(keys.map(names), categories=order, ordered=True)
    return episodes


def select_episodes(data, years=None, kinds=None, grouping="us_presidency", groups=None, issue="all"):
    """Episodes filtered by start year range, channel kinds, groups of a grouping and issue."""
    episodes = with_group(data, data.episodes, grouping)
    if years is not None:
        episodes = episodes[episodes["start_first"].dt.year.between(*years)]
    if kinds is not None:
        episodes = episodes[episodes["channel_kind"].isin(kinds)]
    if groups is not None:
        episodes = episodes[episodes["group_key"].isin(groups)]
    if issue != "all":
        choice("issue", issue, ["all", *data.episode_issues["issue"].cat.categories])
        with_issue = data.episode_issues.loc[data.episode_issues["issue"] == issue, "episode_id"]
        episodes = episodes[episodes["episode_id"].isin(with_issue)]
    return episodes.reset_index(drop=True)


def agreement_fates(data, episodes: pd.DataFrame) -> pd.DataFrame:
    """Agreements of `episodes` with their fate group and the days they stayed in effect unchanged: to the as-of
    date while in force (the status date then says since when), else to the change of status (its date: a
    partly reversed deal is counted to its partial reversal); blank for one-off measures."""
    agreements = data.agreements[data.agreements["episode_id"].isin(episodes["episode_id"])].copy()
    until = agreements["status_date_first"].where(~agreements["status"].isin(IN_FORCE)).fillna(data.as_of)
    days = (until - agreements["agreed_on_first"]).dt.days.clip(lower=0)
    one_off = agreements["status"].isin(ONE_OFF)
    agreements["days_in_effect"] = days.where(~one_off).astype("Int64")
    agreements["fate"] = agreements["status"].astype(str).map(fate_of)
    return agreements


def fate_counts(agreements: pd.DataFrame) -> dict[str, int]:
    """How many agreements in each fate group (groups with none left out), in the order of `FATES`."""
    counts = agreements["fate"].value_counts()
    return {fate: int(counts[fate]) for fate in FATES if counts.get(fate, 0)}


def fates_in_words(agreements: pd.DataFrame) -> str:
    """'Of 44 agreements, 18 are still in force, 2 were partly reversed, 1 was reversed, ...'."""
    if agreements.empty:
        return "No agreement was recorded."
    phrases = {"still in force": ("is still in force", "are still in force"), "lapsed": ("has lapsed", "have lapsed"),
               "carried out (a one-off measure)": ("was carried out as a one-off measure",
                                                   "were carried out as one-off measures")}
    parts = []
    for fate, count in fate_counts(agreements).items():
        one, many = phrases.get(fate, (f"was {fate}", f"were {fate}"))
        parts.append(f"{count} {one if count == 1 else many}")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    noun = "agreement" if len(agreements) == 1 else "agreements"
    return f"Of {len(agreements)} {noun}, {listed}."


def era_summary(data, episodes: pd.DataFrame) -> pd.DataFrame:
    """Per group: episodes, contacts, median duration, share agreed, fate of agreements."""
    fates = agreement_fates(data, episodes).merge(episodes[["episode_id", "group"]], on="episode_id")
    rows = []
    for group, members in episodes.groupby("group", observed=True):
        own = fates[fates["group"] == group]
        rows.append({
            "era": group, "episodes": len(members),
            "back channels": int((members["channel_kind"] == "back").sum()),
            "contacts": int(members["contacts"].sum()),
            "median duration (years)": round(members["duration_days"].median() / 365.25, 1),
            "share reaching agreement": members["outcome"].isin(AGREED).mean(),
            "agreements": len(own),
            "still in force": int(own["status"].isin(IN_FORCE).sum()),
            "reversed in whole or part": int(own["fate"].isin(["reversed", "partly reversed"]).sum()),
            "lapsed or superseded": int(own["fate"].isin(["lapsed", "superseded"]).sum()),
        })
    return pd.DataFrame(rows)


def counts(frame: pd.DataFrame, index: str, columns: str, values: str = "episode_id", distinct: bool = False,
           observed: bool = False) -> pd.DataFrame:
    """A count table of `frame`: rows by `index`, columns by `columns`, each cell the number of rows (or, with
    `distinct`, of distinct `values`); rows that count nothing are left out. Unless `observed`, every category
    of a categorical `columns` is a column, so that a chart's colours keep their meaning across pages."""
    table = frame.pivot_table(index=index, columns=columns, values=values, aggfunc="nunique" if distinct else "count",
                              fill_value=0, observed=observed)
    return table.loc[table.sum(axis=1) > 0]


def crosstab(episodes: pd.DataFrame, rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Count `rows` (each with an episode_id) by the episode's group and by `column`."""
    merged = rows.merge(episodes[["episode_id", "group"]], on="episode_id")
    table = pd.crosstab(merged["group"], merged[column])
    return table.loc[:, table.sum() > 0]


def top_columns(table: pd.DataFrame, keep: int = 8, rest: str = "all others") -> pd.DataFrame:
    """The `keep` largest columns of a count table, the others summed into one column."""
    if len(table.columns) <= keep + 1:
        return table
    order = table.sum().sort_values(ascending=False).index
    top = table[order[:keep]].copy()
    top[rest] = table[order[keep:]].sum(axis=1)
    return top


def metrics_table(data, episode_id: str) -> pd.DataFrame:
    """The seed article's metrics table, computed for one episode."""
    choice("episode_id", episode_id, list(data.episodes["episode_id"]))
    episode = data.episodes.set_index("episode_id").loc[episode_id]
    people = data.participation[(data.participation["episode_id"] == episode_id)
                                & data.participation["role"].isin(["principal", "negotiator", "envoy", "mediator", "facilitator", "guarantor", "host"])]
    people = people.merge(data.actors, on="actor_id")
    contacts = data.contacts[data.contacts["episode_id"] == episode_id]
    places = contacts.dropna(subset=["city"]).drop_duplicates("place_id")
    agreements = data.agreements[data.agreements["episode_id"] == episode_id]
    low, best, high = (episode[f"meetings_{k}"] for k in ("low", "best", "high"))
    if pd.notna(low) and pd.notna(high) and low != high:
        meetings = f"{low} to {high} meetings, as sources differ"
    elif pd.notna(best) or pd.notna(low) or pd.notna(high):
        meetings = f"{next(int(v) for v in (best, low, high) if pd.notna(v))} meetings"
    else:
        meetings = "no count in the sources"
    meetings += f"; {len(contacts)} dated contacts in the data"
    impact = "; ".join(f"{t} ({str(s).replace('_', ' ')})" for t, s in zip(agreements["title"], agreements["status"]))
    rows = [
        ("Time period", span_in_words(episode["start"], episode["end"])),
        ("Key participants", "; ".join(f"{n} ({str(r)})" for n, r in zip(people["name"], people["role"]))),
        ("Number of meetings", meetings),
        ("Main objective", episode["main_objective"]),
        ("Locations of talks", ", ".join(places["city"]) or "not recorded"),
        ("Outcome", str(episode["outcome"]).replace("_", " ")),
        ("Impact", impact or "no agreement recorded"),
    ]
    return pd.DataFrame(rows, columns=["Metric", "Details"])


def kind_comparison(episodes: pd.DataFrame) -> pd.DataFrame:
    """Per kind of channel: episodes, and the median duration, persons, contacts and years to disclosure."""
    return episodes.groupby("channel_kind", observed=True).agg(
        episodes=("episode_id", "count"), median_duration_years=("duration_days", lambda d: round(d.median() / 365.25, 1)),
        median_people=("people", "median"), median_contacts=("contacts", "median"),
        median_years_to_disclosure=("days_to_disclosure", lambda d: round(d.median() / 365.25, 1))).reset_index()


def disclosure_wait_sentence(back: pd.DataFrame) -> str:
    """How long back channels with a known disclosure date stayed secret (empty if none has one)."""
    known = back["days_to_disclosure"].dropna()
    if not len(known):
        return ""
    return (f"For {len(known)} back channels with a known disclosure date, the median wait was "
            f"{known.median() / 365.25:.1f} years; {(known > 365 * 10).sum()} stayed secret for more than ten years.")


def medians_sentence(episodes: pd.DataFrame, column: str, what: str) -> str:
    """The median of `column` per kind of channel, in a sentence."""
    medians = episodes.groupby("channel_kind", observed=True)[column].median()
    return f"Median number of {what}: " + "; ".join(f"{k} {v:g}" for k, v in medians.items()) + "."


def timeline_sentence(data, episodes: pd.DataFrame, years, kinds) -> str:
    """How many episodes of `kinds` began in `years`, by kind, and under which president most began."""
    if not len(episodes):
        return f"No episode of the chosen kinds began between {years[0]} and {years[1]}."
    per_era = episodes["us_era"].value_counts()
    return (f"{len(episodes)} episodes began between {years[0]} and {years[1]} "
            f"({', '.join(f'{(episodes.channel_kind == k).sum()} {k}' for k in kinds)}); "
            f"the most under one president: {era_labels(data)[per_era.idxmax()]}, with {per_era.max()}.")


def row_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """A count table as each row's shares in per cent."""
    return counts.div(counts.sum(axis=1), axis=0) * 100


def by_decade(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes by decade of their start (rows) and kind of channel (columns)."""
    decades = (episodes["start_first"].dt.year // 10 * 10).astype(str) + "s"
    return counts(episodes.assign(decade=decades), "decade", "channel_kind")


def busiest_sentence(per_decade: pd.DataFrame) -> str:
    """Which decade of `by_decade` saw the most new episodes (empty if none)."""
    if not per_decade.size:
        return ""
    totals = per_decade.sum(axis=1)
    return f"The {totals.idxmax()} saw the most new episodes ({int(totals.max())})."


def modes_sentence(modes: pd.DataFrame) -> str:
    """How many dated contacts a cross-table of modes counts, and the most frequent mode (empty if none)."""
    if not modes.size:
        return ""
    return (f"Of {int(modes.values.sum())} dated contacts, most were {labels.value(modes.sum().idxmax())} "
            f"({int(modes.sum().max())}).")


def contacts_sentence(contacts: pd.DataFrame) -> str:
    """How many contacts of an episode are dated, and over what span."""
    if not len(contacts):
        return "No contact of this episode is dated in the sources we read."
    return (f"{labels.plural(len(contacts), 'dated contact')}: "
            f"{labels.when(contacts['date'].iloc[0], contacts['date'].iloc[-1])}.")


def episode_sentence(episode: pd.Series) -> str:
    """An episode in one sentence: its title, when, its kind of channel and its outcome."""
    return (f"{episode['title']}: {labels.when(episode['start'], episode['end'])}, "
            f"a {episode['channel_kind']} channel ending in {labels.value(episode['outcome'])}.")
