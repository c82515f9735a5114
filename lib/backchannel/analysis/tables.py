"""Tables derived from the dataset that more than one notebook uses."""
from __future__ import annotations

import pandas as pd

from . import labels, links
from .params import choice
from ..data.dates import span_in_words
from ..data.ids import episode_of
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
        labels = PERIODS
    else:
        keys = episodes["us_era" if grouping == "us_presidency" else "cu_era"].astype(str)
        labels = era_labels(data)
    order = [labels[key] for key in group_keys(data, grouping)]
    episodes["group_key"] = keys
    episodes["group"] = pd.Categorical(keys.map(labels), categories=order, ordered=True)
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


def participants(data, episodes: pd.DataFrame, side="all", role="all") -> pd.DataFrame:
    """Participation rows of `episodes` with actor names, filtered by side and role."""
    choice("side", side, ["all", *data.participation["side"].cat.categories])
    choice("role", role, ["all", *data.participation["role"].cat.categories])
    rows = data.participation[data.participation["episode_id"].isin(episodes["episode_id"])]
    if side != "all":
        rows = rows[rows["side"] == side]
    if role != "all":
        rows = rows[rows["role"] == role]
    return rows.merge(data.actors, on="actor_id")


def most_active(people: pd.DataFrame, episodes: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Actors ranked by the number of episodes they took part in."""
    years = episodes.set_index("episode_id")["start_first"].dt.year
    people = people.assign(year=people["episode_id"].map(years))
    table = people.groupby(["actor_id", "name"], observed=True).agg(
        episodes=("episode_id", "nunique"), roles=("role", lambda r: ", ".join(sorted({labels.value(role) for role in r}))),
        first=("year", "min"), last=("year", "max")).reset_index()
    return table.sort_values(["episodes", "first", "name"], ascending=[False, True, True]).head(top)


PARTIES = ("united-states", "cuba")  # the two governments, parties to nearly every episode


def actor_network(people: pd.DataFrame, min_episodes: int = 2, keep: tuple[str, ...] = ()):
    """Actors of at least `min_episodes` episodes (and those in `keep`), linked when they took part in the
    same episode; edge weight = shared episodes. The two governments are left out: they would link everyone."""
    import networkx as nx

    counts = people.groupby("actor_id")["episode_id"].nunique()
    chosen = [*counts.index[counts >= min_episodes], *keep]
    people = people[people["actor_id"].isin(chosen) & ~people["actor_id"].isin(PARTIES)]
    graph = nx.Graph()
    for row in people.drop_duplicates("actor_id").itertuples():
        graph.add_node(row.actor_id, name=row.name, kind=str(row.kind), side=str(row.side))
    for _, members in people.groupby("episode_id"):
        actors = sorted(set(members["actor_id"]))
        for i, first in enumerate(actors):
            for second in actors[i + 1:]:
                weight = graph.get_edge_data(first, second, {"weight": 0})["weight"]
                graph.add_edge(first, second, weight=weight + 1)
    return graph


def neighbours(graph, nodes=None) -> pd.DataFrame:
    """Who worked with whom: for each actor of the network (or of `nodes`, in that order), its side, how many
    others it is linked to, and their names, the most shared episodes first ("name (shared episodes)")."""
    rows = []
    for node in graph if nodes is None else nodes:
        others = sorted(graph[node], key=lambda o: (-graph[node][o]["weight"], graph.nodes[o]["name"]))
        rows.append({"actor_id": node, "name": graph.nodes[node]["name"], "side": graph.nodes[node]["side"],
                     "links": len(others),
                     "worked_with": "; ".join(f"{graph.nodes[o]['name']} ({graph[node][o]['weight']})" for o in others)})
    return pd.DataFrame(rows, columns=["actor_id", "name", "side", "links", "worked_with"])


def people_per_episode(data) -> pd.Series:
    """Number of distinct persons recorded in each episode."""
    persons = data.participation.merge(data.actors, on="actor_id")
    persons = persons[persons["kind"] == "person"]
    counts = persons.groupby("episode_id")["actor_id"].nunique()
    return data.episodes["episode_id"].map(counts).fillna(0).astype(int)


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


def episode_sources(data, episode_id: str) -> pd.DataFrame:
    """The sources cited for an episode or for any of its records, in the order of sources.csv."""
    cited = cited_episodes(data)
    return data.sources[data.sources["source_id"].isin(set(cited.loc[cited["episode_id"] == episode_id, "source_id"]))]


def cited_episodes(data) -> pd.DataFrame:
    """Each source with each episode whose records it supports (source_id, episode_id), once."""
    cites = data.citations
    episode = [episode_of(table, record) for table, record in zip(cites["table"], cites["record_id"])]
    return pd.DataFrame({"source_id": cites["source_id"].to_numpy(), "episode_id": episode}).dropna().drop_duplicates()


def evidence_links(data, evidence: str) -> list:
    """A claim's evidence (`table:id` keys) in words, each linked to the page of its episode."""
    titles = dict(zip(data.episodes["episode_id"], data.episodes["title"]))
    names = dict(zip(data.actors["actor_id"], data.actors["name"]))
    contacts = data.contacts.set_index("contact_id")
    agreements = dict(zip(data.agreements["agreement_id"], data.agreements["title"]))
    found = []
    for item in evidence.split():
        table, _, record = item.partition(":")
        if table == "episodes":
            found.append(links.episode(record, titles.get(record, record)))
        elif table == "participation":
            episode, actor, role = record.split(":")
            found.append(links.episode(episode, f"{names.get(actor, actor)} as {labels.value(role)}, "
                                               f"{titles.get(episode, episode)}"))
        elif table == "contacts" and record in contacts.index:
            episode = episode_of(table, record)
            found.append(links.episode(episode, f"contact of {contacts.loc[record, 'date']}, "
                                               f"{titles.get(episode, episode)}"))
        elif table == "agreements":
            episode = episode_of(table, record)
            found.append(links.episode(episode, f"{agreements.get(record, record)} ({titles.get(episode, episode)})"))
        else:
            found.append(links.Link(item, ""))
    return found


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


HISPANIC = {"CUB", "ESP", "MEX", "ARG", "VEN", "COL", "PAN", "CHL", "PER", "ECU", "URY", "BOL", "PRY",
            "GTM", "HND", "SLV", "NIC", "CRI", "DOM"}  # countries whose people file under the first of two surnames


def directory_choices(directory: pd.DataFrame) -> dict[str, list[str]]:
    """The values a reader may narrow the people directory to, in the words its table shows."""
    return {"kind": sorted({labels.value(v) for v in directory["kind"]}),
            "side": sorted({v for sides in directory["sides"] for v in sides.split("; ")})}


def people_directory(data, side: str = "all", kind: str = "all") -> pd.DataFrame:
    """Every actor (person, state, church, organisation) with the sides and roles it took, the years of its
    episodes (first to last start year) and the episodes themselves in time order; people by surname
    (labels.surname_key), the others by name."""
    choice("side", side, ["all", *data.participation["side"].cat.categories])
    choice("kind", kind, ["all", *data.actors["kind"].cat.categories])
    rows = data.participation.merge(data.episodes[["episode_id", "start_first"]], on="episode_id")
    if side != "all":
        rows = rows[rows["side"] == side]
    rows = rows.sort_values("start_first")
    grouped = rows.groupby("actor_id", observed=True)
    table = pd.DataFrame({
        "sides": grouped["side"].agg(lambda s: "; ".join(labels.value(v) for v in dict.fromkeys(s))),
        "roles": grouped["role"].agg(lambda r: "; ".join(sorted({labels.value(v) for v in r}))),
        "first": grouped["start_first"].min().dt.year, "last": grouped["start_first"].max().dt.year,
        "episode_ids": grouped["episode_id"].agg(lambda e: list(dict.fromkeys(e))),
    }).reset_index()
    actors = data.actors if kind == "all" else data.actors[data.actors["kind"] == kind]
    table = actors[["actor_id", "name", "kind", "description"]].merge(table, on="actor_id")
    table["episodes"] = table["episode_ids"].str.len()
    keys = [labels.surname_key(name, country in HISPANIC) if kind == "person" else name.lower()
            for name, kind, country in zip(table["name"], table["kind"], actors.set_index("actor_id").loc[
                table["actor_id"], "country"].astype(str))]
    return table.assign(_key=keys).sort_values("_key").drop(columns="_key").reset_index(drop=True)
