"""The dataset covers every era and kind of channel, leans on primary documents, and records disagreement as
data. (Every row cited, short summaries and contacts inside their episode are rules of the validator, which
`load()` applies: tests/test_validation.py breaks each and checks the message.)"""
from __future__ import annotations

import pytest

import backchannel

pytestmark = pytest.mark.unit

THAW = "2013-obama-castro-secret-talks"


@pytest.fixture(scope="module")
def data():
    return backchannel.load()


def test_every_administration_and_leader_has_episodes(data):
    for side, column in (("us", "us_era"), ("cu", "cu_era")):
        eras = set(data.eras.loc[data.eras["side"] == side, "era_id"])
        assert eras - set(data.episodes[column].astype(str)) == set(), side


def test_every_kind_of_channel_is_present(data):
    assert set(data.episodes["channel_kind"]) == {"back", "front", "related"}


def test_every_class_of_channel_is_present(data):
    classes = {"direct_talks", "private_emissary", "third_state", "religious_institution", "protecting_power",
               "international_organisation", "public_talks", "political_mission", "leader_meeting",
               "functional_talks"}
    counts = data.episodes["mode"].astype(str).value_counts()
    assert classes <= set(counts.index), classes - set(counts.index)
    assert counts[["political_mission", "functional_talks"]].min() >= 5


def test_every_administration_since_eisenhower_has_several_episodes(data):
    us = data.eras.loc[data.eras["side"] == "us", "era_id"]
    counts = data.episodes["us_era"].astype(str).value_counts().reindex(us).fillna(0)
    assert (counts.drop("eisenhower") >= 2).all(), counts.to_dict()


def test_contacts_are_deep_and_precise(data):
    per_episode = data.contacts.groupby("episode_id", observed=True).size().reindex(data.episodes["episode_id"])
    assert per_episode.notna().all(), list(per_episode[per_episode.isna()].index)
    assert per_episode.median() >= 3
    assert (data.contacts["date_precision"] == "day").mean() >= 0.6


def test_back_channels_say_when_they_became_public(data):
    back = data.episodes[data.episodes["channel_kind"] == "back"]
    dated = back[back["disclosed"].notna()]
    assert len(dated) / len(back) >= 0.75
    cites = data.citations[(data.citations["table"] == "episodes") & (data.citations["field"] == "disclosed")]
    assert set(dated["episode_id"]) - set(cites["record_id"]) == set()
    assert dated["disclosure_outlet"].notna().mean() >= 0.8


def test_sources_lean_on_primary_documents(data):
    primary = data.sources["kind"].isin(["government_document", "archive_briefing_book", "official_statement"])
    assert primary.mean() >= 0.25


def test_related_channels_record_cuba_as_excluded(data):
    related = data.episodes.loc[data.episodes["channel_kind"] == "related", "episode_id"]
    cuba = data.participation[(data.participation["actor_id"] == "cuba")
                              & (data.participation["role"] == "excluded_stakeholder")]
    assert set(related) <= set(cuba["episode_id"])


def test_every_source_is_a_public_web_address_and_is_used(data):
    assert data.sources["url"].str.match(r"^https?://\S+$").all()
    assert set(data.sources["source_id"]) == set(data.citations["source_id"])


def test_a_site_read_at_https_is_cited_at_https_everywhere(data):
    hosts = data.sources["url"].str.extract(r"^(https?)://(?:www\.)?([^/]+)")
    secure = set(hosts.loc[hosts[0] == "https", 1])
    plain = hosts.loc[(hosts[0] == "http") & hosts[1].isin(secure), 1]
    assert plain.empty, f"cited at http though read at https elsewhere: {sorted(set(plain))}"


def test_disagreement_on_the_2013_meetings_is_kept(data):
    thaw = data.episodes.set_index("episode_id").loc[THAW]
    assert thaw["meetings_low"] < thaw["meetings_high"]
    fields = data.citations[(data.citations["table"] == "episodes") & (data.citations["record_id"] == THAW)]["field"]
    assert {"meetings_low", "meetings_high"} <= set(fields.dropna())


def test_most_episodes_have_two_independent_sources(data):
    cites = data.citations[data.citations["table"] == "episodes"].merge(data.sources, on="source_id")
    publishers = cites.groupby("record_id")["publisher"].nunique()
    share = (publishers.reindex(data.episodes["episode_id"]).fillna(0) >= 2).mean()
    assert share > 0.85, share


def test_seed_claims_are_checked(data):
    assert len(data.claims) >= 15
    assert set(data.claims["verdict"]) >= {"supported", "contradicted"}


def test_text_a_reader_sees_names_no_record_ids(data):
    record_id = r"\b\d{4}-[a-z][a-z0-9-]+(?:--\d+)?\b"
    for table, column in (("episodes", "summary"), ("contacts", "summary"), ("agreements", "summary"),
                          ("citations", "note")):
        text = data.tables[table][column].dropna().astype(str)
        assert not text.str.contains(record_id).any(), (table, text[text.str.contains(record_id)].tolist())
