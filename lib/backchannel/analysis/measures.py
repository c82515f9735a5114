"""What the propositions talk about, derived per episode: agreement, mediation, principals at the table,
concurrent channels, formal relations, the channel's function, persons known; and each agreement's time
standing."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.vocabulary import AGREED, FAILED, STANDING
from .actors import people_per_episode

CONFIDENCE = ["low", "medium", "high"]
FOLLOW_UP_DAYS = 730  # "followed by public talks": a front channel begins within two years of the end
MEDIATING_ROLES = ["mediator", "facilitator"]


def measures(data, years=(1959, 2100), secret_kinds=("back",), min_confidence="low") -> pd.DataFrame:
    """Episodes within `years` (start year) and at least `min_confidence`, with the derived measures."""
    lowest = CONFIDENCE.index(min_confidence)
    episodes = data.episodes.copy()
    today = data.as_of
    episodes["episode_id"] = episodes["episode_id"].astype(str)
    episodes["secret"] = episodes["channel_kind"].isin(secret_kinds)
    episodes["agreed"] = episodes["outcome"].isin(AGREED)
    third = data.participation[(data.participation["side"] == "third_party")
                               & data.participation["role"].isin(MEDIATING_ROLES)]
    episodes["mediated"] = episodes["episode_id"].isin(third["episode_id"].astype(str))
    top = data.contacts.loc[data.contacts["level"] == "heads_of_state", "episode_id"].astype(str)
    episodes["principals"] = episodes["episode_id"].isin(top) | (episodes["mode"] == "leader_meeting")
    episodes["persons"] = people_per_episode(data).to_numpy()
    episodes["leaked"] = episodes["disclosure"] == "leak"
    episodes["relations"] = relations_at(data, episodes["start_first"])
    starts = episodes["start_first"].to_numpy()
    ends = episodes["end_last"].fillna(today).to_numpy()
    episodes["concurrent"] = _overlapping(starts, ends)
    episodes["followed_by_front"] = _followed_by_front(data, episodes, starts, ends)
    keep = (episodes["start_first"].dt.year.between(*years)
            & episodes["confidence"].astype(str).map(CONFIDENCE.index).ge(lowest))
    return episodes[keep].reset_index(drop=True)


def _overlapping(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each interval [start, end], how many of the other intervals overlap it (sorted counts, not pairs)."""
    begun = np.searchsorted(np.sort(starts), ends, side="right")  # intervals starting on or before my end
    over = np.searchsorted(np.sort(ends), starts, side="left")  # intervals ending before my start
    return begun - over - 1


def _followed_by_front(data, episodes: pd.DataFrame, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether a front channel on an issue the episode shares begins after the episode's start and at most
    FOLLOW_UP_DAYS after its end."""
    horizon = ends + np.timedelta64(FOLLOW_UP_DAYS, "D")
    position = pd.Series(np.arange(len(episodes)), index=episodes["episode_id"])
    issues = data.episode_issues.assign(episode_id=data.episode_issues["episode_id"].astype(str),
                                        issue=data.episode_issues["issue"].astype(str))
    issues = issues[issues["episode_id"].isin(position.index)]
    front = (episodes["channel_kind"] == "front").to_numpy()
    followed = np.zeros(len(episodes), dtype=bool)
    for _, rows in issues.groupby("issue"):
        members = position[rows["episode_id"]].to_numpy()
        front_starts = np.sort(starts[members[front[members]]])
        later = (np.searchsorted(front_starts, horizon[members], side="right")
                 - np.searchsorted(front_starts, starts[members], side="right"))
        followed[members] |= later > 0
    return followed


def relations_at(data, when: pd.Series) -> pd.Series:
    """The level of formal relations in force on each date of `when` (from the relations table)."""
    relations = data.relations.sort_values("start_first")
    levels = pd.Series(pd.NA, index=when.index, dtype="object")
    for _, period in relations.iterrows():
        inside = when >= period["start_first"]
        if pd.notna(period["end_first"]):
            inside &= when < period["end_first"]
        levels[inside] = str(period["level"])
    return levels


def agreement_spells(data, episodes: pd.DataFrame) -> pd.DataFrame:
    """Agreements of `episodes` with the days from agreement to failure (reversal, lapse, suspension, never
    applied) or to censoring (today if still standing, the status date if superseded)."""
    today = data.as_of
    agreements = data.agreements[data.agreements["episode_id"].astype(str).isin(episodes["episode_id"])].copy()
    agreements["failed"] = agreements["status"].isin(FAILED)
    standing = agreements["status"].isin(STANDING)
    until = agreements["status_date_first"].where(~standing, today)
    until = until.fillna(agreements["agreed_on_first"].where(agreements["failed"], today))
    agreements["days"] = (until - agreements["agreed_on_first"]).dt.days.clip(lower=0)
    return agreements.merge(episodes, on="episode_id", suffixes=("", "_episode"))
