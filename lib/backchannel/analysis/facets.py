"""What a reader filters episodes by, in words: decade begun, US president, Cuban leader, kind of channel,
outcome, third parties (states, churches and organisations, not people) and issues. The episodes page and the site's search share these facets."""
from __future__ import annotations

from . import labels
from ..data.dates import span_in_words

FACETS = {"decade": "Decade begun", "us_leader": "US president", "cu_leader": "Cuban leader",
          "channel_kind": "Kind of channel", "outcome": "Outcome", "third_party": "Third party",
          "issue": "Issue"}
MULTIPLE = ("third_party", "issue")  # an episode may have several; the others have one value each


def episode_facets(data) -> list[dict]:
    """One row per episode in time order: id, title, when (in words), start, and each facet of FACETS (a list of
    words for the MULTIPLE ones, a string for the others)."""
    import pandas as pd

    episodes = data.episodes.sort_values(["start_first", "episode_id"])
    third = (data.participation[data.participation["side"] == "third_party"]
             .merge(data.actors.loc[data.actors["kind"] != "person", ["actor_id", "name"]], on="actor_id")
             .groupby("episode_id", observed=True)["name"].agg(lambda names: sorted(set(names))))
    issues = (data.episode_issues.assign(words=data.episode_issues["issue"].map(labels.value))
              .groupby("episode_id", observed=True)["words"].agg(lambda words: sorted(set(words))))
    return pd.DataFrame({
        "episode_id": episodes["episode_id"].astype(str),
        "title": episodes["title"],
        "when": [span_in_words(start, end) for start, end in zip(episodes["start"], episodes["end"])],
        "start": episodes["start"],
        "contacts": episodes["contacts"].astype(int),
        "decade": (episodes["start_first"].dt.year // 10 * 10).astype(str) + "s",
        "us_leader": episodes["us_leader"].astype(str),
        "cu_leader": episodes["cu_leader"].astype(str),
        "channel_kind": episodes["channel_kind"].astype(str).map(labels.value) + " channel",
        "outcome": episodes["outcome"].astype(str).map(labels.value),
        "third_party": episodes["episode_id"].map(third).apply(lambda v: v if isinstance(v, list) else []),
        "issue": episodes["episode_id"].map(issues).apply(lambda v: v if isinstance(v, list) else []),
    }).to_dict("records")


def values(rows: list[dict], facet: str) -> list[str]:
    """Every value of `facet` that some episode of `rows` (`episode_facets`) has, in order (decades and leaders
    by time, others A–Z)."""
    found = [value for row in rows for value in (row[facet] if facet in MULTIPLE else [row[facet]])]
    ordered = list(dict.fromkeys(found)) if facet in ("decade", "us_leader", "cu_leader") else sorted(set(found))
    return sorted(ordered) if facet == "decade" else ordered
