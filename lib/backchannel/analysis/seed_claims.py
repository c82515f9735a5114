"""The seed article's claims whose verdict rests on a comparison between kinds of channel: each with its n,
intervals, an exact test and what the sources can and cannot show."""
from __future__ import annotations

import pandas as pd

from . import inference
from .hypotheses import Cases, breakthroughs, compare_rates, split
from .measures import measures

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
