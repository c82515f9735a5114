"""Who took part: participants and the most active, the network of those who worked together, persons per
episode, and the directory of every actor."""
from __future__ import annotations

import pandas as pd

from . import labels, links
from .params import choice
from .tables import counts


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
    for actors in people.groupby("episode_id")["actor_id"].agg(lambda ids: sorted(set(ids))):
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


HISPANIC = {"CUB", "ESP", "MEX", "ARG", "VEN", "COL", "PAN", "CHL", "PER", "ECU", "URY", "BOL", "PRY",
            "GTM", "HND", "SLV", "NIC", "CRI", "DOM"}  # countries whose people file under the first of two surnames


def reach(directory: pd.DataFrame) -> pd.DataFrame:
    """Actors of the directory by kind (in words) and by how many episodes they took part in."""
    bands = directory["episodes"].map(lambda n: "1 episode" if n == 1 else "2 episodes" if n == 2 else
                                      "3 to 5 episodes" if n <= 5 else "6 or more episodes")
    return counts(directory.assign(kind=directory["kind"].map(labels.value), reach=bands), "kind", "reach",
                  values="actor_id")


def directory_sentence(directory: pd.DataFrame) -> str:
    """How many actors the directory holds, persons and others, and how many took part more than once."""
    persons = int((directory["kind"] == "person").sum())
    return (f"{labels.plural(len(directory), 'actor')}: {labels.plural(persons, 'person', 'people')} and "
            f"{len(directory) - persons} states, churches, agencies and organisations; "
            f"{int((directory['episodes'] > 1).sum())} took part in more than one episode.")


def directory_table(data, directory: pd.DataFrame, cited) -> pd.DataFrame:
    """The directory as the people page shows it: names as anchors, years, episodes linked, notes from `cited`
    (a `notes.Notes`)."""
    titles = dict(zip(data.episodes["episode_id"], data.episodes["title"]))
    table = directory.assign(
        name=[links.Anchor(name, links.actor_anchor(actor)) for actor, name in zip(directory["actor_id"], directory["name"])],
        years=[f"{a}" if a == b else f"{a}–{b}" for a, b in zip(directory["first"], directory["last"])],
        episode_ids=[[links.episode(e, titles[e]) for e in ids] for ids in directory["episode_ids"]],
        sources=cited.column("actors", directory["actor_id"], directory["name"]))
    return table[["name", "kind", "sides", "roles", "years", "episode_ids", "description", "sources"]].rename(
        columns={"episode_ids": "episodes", "sides": "side"})


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


def with_people(data, episodes: pd.DataFrame) -> pd.DataFrame:
    """`episodes` with a `people` column: the number of distinct persons recorded in each."""
    counts = people_per_episode(data).set_axis(data.episodes["episode_id"])
    return episodes.assign(people=counts.reindex(episodes["episode_id"]).to_numpy())


def third_parties(data, episodes: pd.DataFrame) -> pd.DataFrame:
    """Third states, churches and organisations (not persons) of `episodes`, once per episode."""
    third = participants(data, episodes, side="third_party")
    return third[third["kind"] != "person"].drop_duplicates(["episode_id", "actor_id"])


def intermediaries_sentence(used: pd.DataFrame) -> str:
    """The most used third party of a cross-table of third parties (columns) by group, and how many there are."""
    if not used.size:
        return "No third state, church or organisation took part in the episodes shown."
    return (f"The most used intermediary was {used.sum().idxmax()}, in {int(used.sum().max())} episodes; "
            f"{len(used.columns)} different states, churches and organisations appear as third parties.")


def most_active_sentence(active: pd.DataFrame) -> str:
    """Who took part in the most episodes (`most_active`), and over which years."""
    if not len(active):
        return ""
    lead = active.iloc[0]
    return f"{lead['name']} took part in {lead['episodes']} episodes, from {lead['first']} to {lead['last']}."


def third_parties_by_decade(data, episodes: pd.DataFrame) -> pd.DataFrame:
    """Third states, churches and organisations (not persons): the episodes each took part in, per decade of
    the episodes' start."""
    start_decade = episodes.set_index("episode_id")["start_year"] // 10 * 10
    third = third_parties(data, episodes).assign(decade=lambda t: t["episode_id"].map(start_decade).astype(str) + "s")
    return counts(third, "decade", "name", distinct=True)


def episodes_of(data, actor_id: str) -> pd.DataFrame:
    """The participation rows of one actor with their episodes' start and title, in time order."""
    own = data.participation[data.participation["actor_id"] == actor_id].merge(
        data.episodes[["episode_id", "start", "title"]], on="episode_id")
    return own.sort_values("start")


def of_episode(data, episode_id: str) -> pd.DataFrame:
    """The participation rows of one episode with their actors."""
    return data.participation[data.participation["episode_id"] == episode_id].merge(data.actors, on="actor_id")


def sides_sentence(people: pd.DataFrame) -> str:
    """How many participations and actors an episode has, and on which sides."""
    sides = people["side"].value_counts()
    return (f"{labels.plural(len(people), 'participation')} by {labels.plural(people['actor_id'].nunique(), 'actor')}: "
            + ", ".join(f"{count} {labels.value(side)}" for side, count in sides.items() if count) + ".")


def roles_sentence(roles: pd.DataFrame) -> str:
    """The most frequent role of a cross-table of roles (empty if none)."""
    if not roles.size:
        return ""
    return f"The most frequent role was {labels.value(roles.sum().idxmax())} ({int(roles.sum().max())} participations)."


def network_sentence(graph) -> str:
    """How many actors and links the network holds, and who is the best connected (empty if none)."""
    if not graph.number_of_nodes():
        return ""
    hub = max(graph, key=graph.degree)
    return (f"Among {graph.number_of_nodes()} actors of two or more episodes ({graph.number_of_edges()} links), the "
            f"best connected is {graph.nodes[hub]['name']}, linked to {graph.degree(hub)} others.")


def third_parties_sentence(over_time: pd.DataFrame) -> str:
    """How many third states, churches and organisations appear (`third_parties_by_decade`), and the decade with
    the most of them; nothing when none does."""
    if not over_time.size:
        return ""
    return (f"{len(over_time.columns)} third states, churches and organisations appear; the decade with the "
            f"most of them was the {(over_time > 0).sum(axis=1).idxmax()}.")


def appearances_sentence(name: str, own: pd.DataFrame) -> str:
    """In how many episodes an actor appears (`episodes_of`)."""
    return f"{name} appears in {own['episode_id'].nunique()} episodes of the data."
