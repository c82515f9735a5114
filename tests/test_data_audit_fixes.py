"""The facts that the November 2026 precision audit found wrong stay fixed (see the codebook's audit log)."""
from __future__ import annotations

import pandas as pd
import pytest

import backchannel


pytestmark = pytest.mark.unit

@pytest.fixture(scope="module")
def data():
    return backchannel.load()


def episode(data, episode_id):
    return data.episodes.set_index("episode_id").loc[episode_id]


def agreement(data, agreement_id):
    return data.agreements.set_index("agreement_id").loc[agreement_id]


def dates_of(data, episode_id):
    return set(data.contacts.loc[data.contacts["episode_id"] == episode_id, "date"])


def test_kissinger_channel_ends_in_1976_and_was_reported_in_march_1977(data):
    talks = episode(data, "1974-kissinger-castro-talks")
    assert talks["end"] == "1976-02-07"
    assert (talks["disclosed"], talks["disclosure"]) == ("1977-03-29", "leak")
    assert "New York Times" in talks["disclosure_outlet"]
    assert "1994" not in talks["summary"]
    assert {"1976-01-12", "1976-02-07"} <= dates_of(data, "1974-kissinger-castro-talks")


def test_attwood_contacts_were_first_told_in_his_memoir(data):
    contacts = episode(data, "1963-attwood-lechuga-contacts")
    assert (contacts["disclosure"], contacts["disclosed"]) == ("memoir", "1967")
    assert {"1963-10-31", "1963-11-11"} <= dates_of(data, "1963-attwood-lechuga-contacts")


def test_camarioca_talks_were_reported_before_the_accord(data):
    accord = episode(data, "1965-camarioca-airlift-accord")
    assert accord["disclosed_last"] < accord["end_first"]


def test_1986_round_failed_and_the_1987_reinstatement_is_its_own_episode(data):
    failed = episode(data, "1986-migration-accord-revival")
    assert (failed["disclosed"], failed["outcome"]) == ("1986-07-03", "no_agreement")
    revived = episode(data, "1987-migration-accord-reinstated")
    assert revived["predecessor"] == "1986-migration-accord-revival"
    assert revived["start_first"] - failed["end_last"] > pd.Timedelta(days=365)


def test_1977_agreements_signed_where_and_as_they_were(data):
    boundary = agreement(data, "1977-fisheries-and-interests-talks--maritime-boundary")
    assert boundary["status"] == "provisionally_applied"
    fisheries = data.agreements[data.agreements["agreement_id"].str.contains("fisheries-and-interests-talks--fisheries")]
    assert list(fisheries["agreed_on"]) == ["1977-04-27"]
    summary = episode(data, "1977-fisheries-and-interests-talks")["summary"]
    assert "first direct talks" not in summary and "Washington" in summary


def test_carter_secret_talks_hold_their_dated_sessions(data):
    sessions = dates_of(data, "1978-carter-secret-talks")
    assert {"1978-04-14", "1978-06-15", "1978-07-05", "1978-08-08", "1978-10-28"} <= sessions
    assert len(sessions) >= 8


def test_embassy_talks_rounds_are_dated_to_the_day(data):
    rounds = dates_of(data, "2015-diplomatic-relations-talks")
    assert {"2015-01-22", "2015-02-27", "2015-03-16", "2015-05-21"} <= rounds


def test_terrorism_listing_returned_on_11_january_2021(data):
    review = agreement(data, "2013-obama-castro-secret-talks--terrorism-list-review")
    assert review["status_date"] == "2021-01-11"


def test_2022_talks_were_announced_by_cuba_and_reached_deportation_flights(data):
    talks = episode(data, "2022-migration-talks-resumed")
    assert talks["disclosed"] == "2022-04-19"
    assert talks["outcome"] != "no_agreement"
    assert {"2024-04-16", "2024-12-04"} <= dates_of(data, "2022-migration-talks-resumed")


def test_2025_deal_was_announced_by_both_and_only_partly_undone(data):
    deal = episode(data, "2025-vatican-prisoner-deal")
    assert deal["disclosure"] == "joint_announcement"
    assert agreement(data, "2025-vatican-prisoner-deal--prisoners-for-sanctions-relief")["status"] == "partly_reversed"


def contact(data, contact_id):
    return data.contacts.set_index("contact_id").loc[contact_id]


def test_garcia_marquez_channel_was_public_by_october_1998(data):
    message = episode(data, "1998-garcia-marquez-message")
    assert message["disclosed"] == "1998-10"
    assert "31 October 1998" in message["disclosure_outlet"]


def test_december_2001_terrorism_offer_was_made_at_the_havana_migration_talks(data):
    offer = contact(data, "2001-post-9-11-security-offers--04")
    assert (offer["date"], offer["mode"], offer["place_id"], offer["level"]) == (
        "2001-12-03", "in_person", "havana", "senior_officials")


def test_january_1963_soviet_mission_meeting_was_on_the_third(data):
    assert contact(data, "1962-new-york-settlement-talks--09")["date"] == "1963-01-02"
    assert contact(data, "1962-new-york-settlement-talks--12")["date"] == "1963-01-03"
    assert agreement(data, "1962-new-york-settlement-talks--joint-letter")["agreed_on"] == "1963-01-05"


def test_1994_migration_talks_were_public_before_they_opened(data):
    assert episode(data, "1994-new-york-migration-talks")["disclosed"] == "1994-08-26"

def test_citations_the_audit_rejected_are_gone(data):
    cites = data.citations
    end_by_306 = cites[(cites["record_id"] == "1974-kissinger-castro-talks") & (cites["source_id"] == "lead-frus-306")
                       & (cites["field"] == "end")]
    assert end_by_306.empty


def test_the_2015_obama_castro_call_is_dated_by_both_governments(data):
    call = contact(data, "2015-obama-castro-leader-meetings--05")
    assert call["date"] == "2015-09-18"
    sources = set(data.sources_of("contacts", "2015-obama-castro-leader-meetings--05")["source_id"])
    assert {"h2-reuters-es-2015-09-18-llamada", "e7-havanatimes-dpa-2015-09"} <= sources  # the dissent stays cited


def test_the_march_2002_cuban_renewal_was_made_in_meetings_not_a_note(data):
    renewal = contact(data, "2001-post-9-11-security-offers--06")
    assert renewal["mode"] == "in_person"
    assert "meet US diplomats in Washington and Havana" in renewal["summary"]


def test_the_claims_talks_are_their_own_episode_with_three_dated_rounds(data):
    assert dates_of(data, "2015-claims-talks") == {"2015-12-08", "2016-07-28", "2017-01-12"}
    commission = data.contacts[data.contacts["episode_id"] == "2015-bilateral-commission"]
    assert "2015-12-08" not in set(commission["date"])  # the first claims round is not counted twice


def test_the_migration_review_rounds_the_press_dated_are_contacts(data):
    assert {"1998-12-04", "2001-12-03", "2002-12-17", "2003-06-06"} <= dates_of(data, "1994-migration-review-talks")
    assert "2001-06-26" not in dates_of(data, "1994-migration-review-talks")  # no source gives that round's year


def test_no_month_is_imputed_to_the_1980_padron_smith_talk(data):
    assert contact(data, "1978-carter-secret-talks--17")["date"] == "1980"
