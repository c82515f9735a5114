"""Print the dataset's coverage figures: episodes by administration and class, depth, precision, sources.

    .venv/bin/python scripts/data_summary.py
"""
from __future__ import annotations

import backchannel
from backchannel.data.ids import episode_of

PRIMARY = {"government_document", "archive_briefing_book", "official_statement"}


def main() -> None:
    data = backchannel.load()
    episodes = data.episodes
    print("rows:", ", ".join(f"{name} {len(getattr(data, name))}" for name in
                             ("eras", "relations", "episodes", "episode_issues", "places", "contacts", "actors",
                              "participation", "agreements", "sources", "citations", "claims")))
    for column in ("us_era", "cu_era", "channel_kind", "mode"):
        counts = episodes[column].astype(str).value_counts()
        if column.endswith("era"):
            order = [e for e in data.eras["era_id"] if e in counts.index]
            counts = counts.reindex(order)
        print(f"episodes by {column}:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    per_episode = data.contacts.groupby("episode_id", observed=True).size().reindex(
        episodes["episode_id"]).fillna(0).astype(int)
    print(f"contacts per episode: median {per_episode.median():g}, mean {per_episode.mean():.1f}, "
          f"episodes without a contact {int((per_episode == 0).sum())}")
    print("deepest:", ", ".join(f"{e} {n}" for e, n in per_episode.sort_values(ascending=False).head(10).items()))
    print("contacts by date precision:", ", ".join(
        f"{k} {v}" for k, v in data.contacts["date_precision"].astype(str).value_counts().items()))
    cites = data.citations.assign(episode=[episode_of(t, r) for t, r in
                                           zip(data.citations["table"], data.citations["record_id"])])
    cites = cites.dropna(subset=["episode"]).merge(data.sources, on="source_id")
    sources = cites.groupby("episode")["source_id"].nunique().reindex(episodes["episode_id"]).fillna(0)
    publishers = cites.groupby("episode")["publisher"].nunique().reindex(episodes["episode_id"]).fillna(0)
    primary = cites[cites["kind"].isin(PRIMARY)].groupby("episode")["source_id"].nunique()
    print(f"sources per episode: median {sources.median():g}; episodes with two or more sources "
          f"{int((sources >= 2).sum())} of {len(episodes)}, with two or more publishers "
          f"{int((publishers >= 2).sum())}, with a primary source {int(primary.reindex(episodes['episode_id']).fillna(0).gt(0).sum())}")
    kinds = data.sources["kind"].astype(str)
    print(f"sources: {len(kinds)}, primary (government documents, archive briefing books, official "
          f"statements) {int(kinds.isin(PRIMARY).sum())}; by kind:",
          ", ".join(f"{k} {v}" for k, v in kinds.value_counts().items()))
    back = episodes[episodes["channel_kind"] == "back"]
    print(f"back channels: {len(back)}; with a disclosure date {int(back['disclosed'].notna().sum())}, "
          f"with the first report's outlet {int(back['disclosure_outlet'].notna().sum())}")
    print("agreements by status:", ", ".join(
        f"{k} {v}" for k, v in data.agreements["status"].astype(str).value_counts().items()))


if __name__ == "__main__":
    main()
