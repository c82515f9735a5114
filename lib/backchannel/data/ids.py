"""How records are named: each table's key field, and how an episode's own records carry its id.

Free of heavy imports, so that the build can plan from the ids alone."""
from __future__ import annotations

KEYS = {"eras": "era_id", "relations": "relation_id", "episodes": "episode_id", "places": "place_id",
        "contacts": "contact_id", "actors": "actor_id", "participation": "participation_id", "agreements": "agreement_id",
        "claims": "claim_id", "propositions": "proposition_id", "sources": "source_id"}
# How the id of a record in an episode's own tables names its episode ("<episode>--03", "<episode>:<issue>").
EPISODE_SEPARATORS = {"episodes": None, "episode_issues": ":", "contacts": "--", "participation": ":",
                      "agreements": "--"}


def record_id(table: str, row) -> str:
    """The id of a row of `table` as citations name it (episode_issues has no key field: `episode:issue`)."""
    if table == "episode_issues":
        return f"{row['episode_id']}:{row['issue']}"
    return row.get(KEYS.get(table, ""), "")


def episode_of(table: str, record_id: str) -> str | None:
    """The episode a record of `table` belongs to, or None for tables outside any episode."""
    if table not in EPISODE_SEPARATORS:
        return None
    separator = EPISODE_SEPARATORS[table]
    return record_id if separator is None else record_id.split(separator)[0]
