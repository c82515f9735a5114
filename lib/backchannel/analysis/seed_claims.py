"""The seed article's claims whose verdict rests on a comparison between kinds of channel: each with its n,
intervals, an exact test and what the sources can and cannot show."""
from __future__ import annotations

import pandas as pd

from . import inference, labels, links
from .bibliography import source_links
from .hypotheses import Cases, breakthroughs, compare_rates, split
from .measures import measures
from ..data.ids import episode_of

SMALLER_GROUPS_CAVEAT = ("Counts are of the persons our sources name; secret talks are often told in detail "
                         "years later, by participants, so they may name more of the people involved than "
                         "reports of public rounds do.")


def comparisons(data) -> pd.DataFrame:
    """The seed article's claims whose verdict rests on a comparison, with n, intervals, a test and a caveat."""
    episodes = measures(data)
    back, front = episodes[episodes["channel_kind"] == "back"], episodes[episodes["channel_kind"] == "front"]
    people = inference.compare_means(front["persons"], back["persons"], "public talks", "back channels",
                                      "persons named")
    pool = pd.concat([back, front]).assign(private=lambda f: f["track"].astype(str) != "1")
    private = compare_rates(split(pool, pool["channel_kind"] == "back", "private", ("back channels", "public talks")))
    talks = compare_rates(breakthroughs(Cases(episodes, episodes[episodes["secret"]], None)))
    claims = data.claims.set_index("claim_id")
    rows = [("smaller-groups", "Persons named per episode, public talks against back channels (the claim expects "
             "fewer in back channels)", people[2], people[1], SMALLER_GROUPS_CAVEAT),
            ("lower-profile-intermediaries", "Episodes with private persons taking part (track 1.5 or 2)",
             private[2], private[1], "Track records who talked, not how senior they were."),
            ("breakthroughs-impossible-otherwise", "Episodes ending in an agreement or understanding, back channels "
             "against public talks", talks[2], talks[1],
             "A higher or lower rate cannot show what public talks would have achieved in the same cases.")]
    return pd.DataFrame([{"claim": claims.loc[key, "claim"], "our_verdict": claims.loc[key, "verdict"],
                          "comparison": what, "result": result, "test_verdict": test, "caveat": caveat}
                         for key, what, result, test, caveat in rows if key in claims.index])


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


VERDICT_COLOURS = {"supported": "#009E73", "partly_supported": "#56B4E9", "contradicted": "#D55E00",
                   "not_supported_by_data": "#999999"}


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per topic (in words) and verdict."""
    return pd.crosstab(claims["topic"], claims["verdict"]).rename(index=labels.value)


def verdicts_sentence(claims: pd.DataFrame) -> str:
    """How the verdicts on `claims` fall, in a sentence."""
    total = claims["verdict"].value_counts()
    return (f"Of {len(claims)} claims checked, {total.get('supported', 0)} are supported, "
            f"{total.get('partly_supported', 0)} partly supported, {total.get('contradicted', 0)} contradicted "
            f"and {total.get('not_supported_by_data', 0)} not supported by our data.")


def comparisons_sentence(comparisons: pd.DataFrame) -> str:
    """How many verdicts rest on a comparison and what the tests give."""
    tally = comparisons["test_verdict"].value_counts()
    return (f"{len(comparisons)} of these verdicts rest on a comparison between kinds of channel; tested, "
            + ", ".join(f"{count} give {verdict!r}" for verdict, count in tally.items())
            + ". Each is shown with its n, 95% intervals, the test and what the sources can and cannot show.")


def claims_table(data, claims: pd.DataFrame) -> pd.DataFrame:
    """Each claim with its verdict, why, the evidence (linked to episode pages) and the sources (linked)."""
    return pd.DataFrame([{"claim": claim.claim, "verdict": labels.value(claim.verdict), "why": claim.explanation,
                          "evidence": evidence_links(data, claim.evidence),
                          "sources": source_links(data.sources_of("claims", claim.claim_id))}
                         for claim in claims.itertuples()])


def on_topics(data, topics: list[str]) -> pd.DataFrame:
    """The seed article's claims on `topics`."""
    return data.claims[data.claims["topic"].isin(topics)]


def supported_sentence(claims: pd.DataFrame) -> str:
    """How many of `claims` the data supports."""
    return f"{(claims['verdict'] == 'supported').sum()} of {len(claims)} such claims are supported by the data."
