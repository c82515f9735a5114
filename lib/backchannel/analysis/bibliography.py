"""The sources: which episodes each supports, the bibliography as a scholar reads it, and links to them."""
from __future__ import annotations

import pandas as pd

from . import labels, links
from .params import choice
from ..data.ids import episode_of


def episode_sources(data, episode_id: str) -> pd.DataFrame:
    """The sources cited for an episode or for any of its records, in the order of sources.csv."""
    cited = cited_episodes(data)
    return data.sources[data.sources["source_id"].isin(set(cited.loc[cited["episode_id"] == episode_id, "source_id"]))]


def cited_episodes(data) -> pd.DataFrame:
    """Each source with each episode whose records it supports (source_id, episode_id), once."""
    cites = data.citations
    episode = [episode_of(table, record) for table, record in zip(cites["table"], cites["record_id"])]
    return pd.DataFrame({"source_id": cites["source_id"].to_numpy(), "episode_id": episode}).dropna().drop_duplicates()


def source_links(sources: pd.DataFrame) -> list:
    """Sources as links to their own addresses, named by publisher and title."""
    return [links.Link(f"{publisher}: {title}", url)
            for publisher, title, url in zip(sources["publisher"], sources["title"], sources["url"])]


def bibliography(data, kind: str = "all", origin_side: str = "all", letters: str = "a-z") -> pd.DataFrame:
    """Every source with the episodes whose records it supports, filtered by kind, whose voice and the letters
    its author (or publisher) files under; as a bibliography is read: by author, then date, then title."""
    choice("kind", kind, ["all", *data.sources["kind"].cat.categories])
    choice("origin_side", origin_side, ["all", *data.sources["origin_side"].cat.categories])
    choice("letters", letters, [links.ALL_LETTERS, *links.BIBLIOGRAPHY_LETTERS])
    supported = cited_episodes(data)
    sources = data.sources.assign(_order=[labels.bibliography_key(author, publisher) for author, publisher
                                          in zip(data.sources["author"], data.sources["publisher"])])
    if kind != "all":
        sources = sources[sources["kind"] == kind]
    if origin_side != "all":
        sources = sources[sources["origin_side"] == origin_side]
    if letters != links.ALL_LETTERS:
        sources = sources[sources["_order"].map(links.letters_of) == letters]
    episodes = supported.groupby("source_id")["episode_id"].agg(list)
    return (sources.assign(episodes=sources["source_id"].map(episodes))
            .sort_values(["_order", "published", "title"], na_position="first").drop(columns="_order"))


def bibliography_choices(data, sources: pd.DataFrame) -> dict[str, list[str]]:
    """What the bibliography can be narrowed to, in the words its table shows: kinds, voices, and the episodes
    (in time order) that the sources support."""
    cited = {episode for ids in sources["episodes"].dropna() for episode in ids}
    titles = dict(zip(data.episodes["episode_id"], data.episodes["title"]))
    return {"kind": sorted({labels.value(k) for k in sources["kind"]}),
            "origin_side": sorted({labels.value(k) for k in sources["origin_side"]}),
            "episodes": [titles[e] for e in data.episodes["episode_id"] if e in cited]}


def table(data, sources: pd.DataFrame) -> pd.DataFrame:
    """The bibliography as its page shows it: titles as anchors, a link to read each, the episodes linked."""
    titles = dict(zip(data.episodes["episode_id"], data.episodes["title"]))
    return sources[["title", "author", "publisher", "published", "kind", "origin_side"]].assign(
        title=[links.Anchor(title, links.source_anchor(source)) for source, title in zip(sources["source_id"], sources["title"])],
        link=[[links.read(url)] for url in sources["url"]],
        episodes=[[links.episode(e, titles.get(e, e)) for e in ids] if isinstance(ids, list) else []
                  for ids in sources["episodes"]])


PRIMARY = ("government_document", "archive_briefing_book", "official_statement")


def count_sentence(everything: pd.DataFrame, shown: pd.DataFrame, letters: str) -> str:
    """How many sources there are, how many are primary documents, and how many this page lists."""
    primary = everything["kind"].isin(PRIMARY).sum()
    part = "" if letters == links.ALL_LETTERS else f"; this page lists the {len(shown)} filed under {labels.value(letters)}"
    return (f"{labels.plural(len(everything), 'source')} in all, {primary} of them primary documents "
            f"(government records, archive briefing books, official statements){part}.")
