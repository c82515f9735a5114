"""The loader on the real data: typed tables, partial dates kept, derived values, data folder choice."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

import backchannel
from backchannel import paths
from backchannel.data import dates
from conftest import REAL_DATA, read_table

pytestmark = pytest.mark.unit

KISSINGER = "1974-kissinger-castro-talks"
THAW = "2013-obama-castro-secret-talks"


@pytest.fixture(scope="module")
def data():
    return backchannel.load()


def test_every_table_is_loaded(data):
    names = {resource["name"] for resource in data.descriptor["resources"]}
    assert set(data.tables) == names
    for name in names:
        assert len(getattr(data, name)) == len(read_table(REAL_DATA, name)[1]), name


def test_vocabularies_are_categoricals_in_descriptor_order(data):
    kinds = data.episodes["channel_kind"]
    assert isinstance(kinds.dtype, pd.CategoricalDtype)
    assert list(kinds.cat.categories) == ["back", "front", "related"]
    assert data.contacts["mode"].notna().all()


def test_partial_dates_keep_their_precision(data):
    raw = {row["contact_id"]: row["date"] for row in read_table(REAL_DATA, "contacts")[1]}
    for _, row in data.contacts.iterrows():
        parsed = dates.parse(raw[row["contact_id"]])
        assert row["date"] == raw[row["contact_id"]]
        assert row["date_precision"] == parsed.precision
        assert row["date_first"] == pd.Timestamp(parsed.first)
        assert row["date_last"] == pd.Timestamp(parsed.last)


def test_partial_date_bounds():
    assert dates.parse("1975").first.isoformat() == "1975-01-01"
    assert dates.parse("1975-02").last.isoformat() == "1975-02-28"
    assert dates.parse("1976-02").last.isoformat() == "1976-02-29"
    assert dates.parse("1975-07-09").precision == "day"
    with pytest.raises(ValueError, match="month 13"):
        dates.parse("1975-13")


def test_the_dataset_shows_and_names_its_tables(data):
    assert repr(data).startswith(f"<backchannel dataset {data.version} from ")
    assert f"episodes {len(data.episodes)}, " in repr(data) and f"citations {len(data.citations):,}" in repr(data)
    assert {"episodes", "contacts", "sources"} <= set(dir(data))
    with pytest.raises(AttributeError, match=r"no table 'episode' \(did you mean 'episodes'\?\); its tables: eras, "):
        data.episode
    with pytest.raises(KeyError, match=r"no record '2013-obama-castro-secret-talk' in episodes \(did you mean "
                                       r"'2013-obama-castro-secret-talks'\?\)"):
        data.sources_of("episodes", "2013-obama-castro-secret-talk")
    with pytest.raises(KeyError, match="no table 'episodez'"):
        data.sources_of("episodez", "x")
    assert len(data.sources_of("episodes", "2013-obama-castro-secret-talks")) > 0


def test_dates_in_words_keep_the_precision_of_the_source():
    assert dates.in_words("2014-12-17") == "17 December 2014"
    assert dates.in_words("2013-06") == "June 2013"
    assert dates.in_words("1999") == "1999"
    assert dates.span_in_words("1999-06", "1999-06") == "June 1999"
    assert dates.span_in_words("2013", "2014-12-17") == "2013 to 17 December 2014"
    assert dates.span_in_words("2022-04", None) == "April 2022 onwards"


def test_the_two_first_episodes_are_there_end_to_end(data):
    for episode in (KISSINGER, THAW):
        assert episode in set(data.episodes["episode_id"])
        for table in ("contacts", "participation", "episode_issues"):
            assert (getattr(data, table)["episode_id"] == episode).any(), (episode, table)
    assert (data.agreements["episode_id"] == THAW).any()


def test_derived_values(data):
    episodes = data.episodes.set_index("episode_id")
    thaw = episodes.loc[THAW]
    assert thaw["us_era"] == "obama" and thaw["us_leader"] == "Barack Obama"
    assert thaw["cu_era"] == "raul-castro"
    assert thaw["period"] == "After the Cold War"
    assert episodes.loc[KISSINGER, "period"] == "Cold War"
    expected = (thaw["end_last"] - thaw["start_first"]).days + 1
    assert thaw["duration_days"] == expected > 300
    assert thaw["contacts"] == (data.contacts["episode_id"] == THAW).sum()
    assert list(data.episodes["start_first"]) == sorted(data.episodes["start_first"])


def test_contacts_carry_their_place(data):
    placed = data.contacts.dropna(subset=["place_id"])
    assert placed["latitude"].between(-90, 90).all()
    assert placed["city"].notna().all()


def test_sources_of_a_record(data):
    sources = data.sources_of("episodes", THAW)
    assert len(sources) >= 2
    assert sources["url"].str.startswith("http").all()


def test_data_folder_from_argument_then_environment(tmp_path, monkeypatch):
    copy = tmp_path / "elsewhere"
    shutil.copytree(REAL_DATA, copy)
    monkeypatch.setenv(paths.DATA_ENV, str(copy))
    assert backchannel.load().data_dir == copy.resolve()
    assert backchannel.load(REAL_DATA).data_dir == REAL_DATA.resolve()
    monkeypatch.delenv(paths.DATA_ENV)
    assert backchannel.load().data_dir == REAL_DATA.resolve()


def test_version_changes_with_the_data(data_copy):
    before = backchannel.load(data_copy).version
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Havana", "La Habana"), encoding="utf-8")
    assert backchannel.load(data_copy).version != before


def test_each_load_gives_copies_and_a_changed_package_is_read_anew(data_copy):
    first = backchannel.load(data_copy)
    rows = len(first.episodes)
    for column in list(first.episodes.columns):  # what a careless notebook might do
        del first.episodes[column]
    first.descriptor["resources"].clear()
    second = backchannel.load(data_copy)
    assert second.episodes.shape[0] == rows and len(second.episodes.columns) and second.descriptor["resources"]
    assert second.episodes is not first.episodes
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Havana", "La Habana"), encoding="utf-8")
    changed = backchannel.load(data_copy)
    assert changed.version != second.version and "La Habana" in set(changed.places["city"].astype(str))
    assert "La Habana" not in set(second.places["city"].astype(str))
