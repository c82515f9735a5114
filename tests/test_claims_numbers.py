"""Every number a claim's explanation states is recomputed from the data and must match it."""
from __future__ import annotations

import pytest

import backchannel


pytestmark = pytest.mark.unit

@pytest.fixture(scope="module")
def data():
    return backchannel.load()


def explanation(data, claim_id: str) -> str:
    return data.claims.set_index("claim_id").loc[claim_id, "explanation"]


def evidence(data, claim_id: str) -> set[str]:
    return set(data.claims.set_index("claim_id").loc[claim_id, "evidence"].split())


def early_back_channels(data):
    back = data.episodes[data.episodes["channel_kind"] == "back"]
    return back[back["start_first"].dt.year <= 1963]


def test_early_origins(data):
    early = early_back_channels(data)
    text = explanation(data, "early-origins")
    assert f"{len(early)} back channels" in text
    assert f"earliest in {early['start_first'].min().year}" in text
    assert {f"episodes:{e}" for e in early["episode_id"]} <= evidence(data, "early-origins")


def test_early_intermediaries(data):
    early = early_back_channels(data)
    rows = data.participation[data.participation["episode_id"].isin(early["episode_id"])
                              & data.participation["side"].isin(["third_party", "private"])]
    text = explanation(data, "early-intermediaries")
    assert f"Of the {len(early)} early back channels, {rows['episode_id'].nunique()} used" in text


def test_later_reversals(data):
    undone = data.agreements[data.agreements["status"].isin(["reversed", "partly_reversed"])]
    text = explanation(data, "later-reversals")
    whole = int((undone["status"] == "reversed").sum())
    assert f"{len(undone)} agreements" in text and f"{whole} of them wholly" in text
    assert {f"agreements:{a}" for a in undone["agreement_id"]} <= evidence(data, "later-reversals")


def test_smaller_groups(data):
    people = data.participation.merge(data.actors, on="actor_id")
    named = people[people["kind"] == "person"].groupby("episode_id")["actor_id"].nunique()
    text = explanation(data, "smaller-groups")
    for kind in ("back", "front"):
        ids = data.episodes.loc[data.episodes["channel_kind"] == kind, "episode_id"]
        median = named.reindex(ids).fillna(0).median()
        assert f"{median:g} in {kind} channels (n = {len(ids)})" in text


def test_lower_profile_intermediaries(data):
    back = data.episodes[data.episodes["channel_kind"] == "back"]
    officials = int((back["track"].astype(str) == "1").sum())
    text = explanation(data, "lower-profile-intermediaries")
    assert f"{officials} of {len(back)} back channels ({officials / len(back):.0%})" in text
