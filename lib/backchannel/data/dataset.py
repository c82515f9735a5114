"""Load the data package into typed pandas tables, with the derived values notebooks need."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from . import dates
from .problems import did_you_mean
from .version import checked_version, fingerprint  # noqa: F401 - fingerprint is part of the API

COLD_WAR_END = pd.Timestamp("1991-12-26")
_READ: dict[tuple[Path, str], tuple[dict, dict[str, pd.DataFrame]]] = {}  # this process's package, by folder and version


@dataclass
class Dataset:
    """One typed DataFrame per table of the package, plus where it came from."""

    data_dir: Path
    version: str
    descriptor: dict = field(repr=False)
    tables: dict[str, pd.DataFrame] = field(repr=False)
    as_of: pd.Timestamp = field(default_factory=lambda: pd.Timestamp(dates.as_of()))  # "today" for the reports

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"the dataset has no table {name!r}{did_you_mean(name, tables)}; "
                             f"its tables: {', '.join(tables)}")

    def __dir__(self):
        return [*super().__dir__(), *self.__dict__.get("tables", {})]

    def __repr__(self) -> str:
        counts = ", ".join(f"{name} {len(frame):,}" for name, frame in self.tables.items())
        return f"<backchannel dataset {self.version} from {self.data_dir}: {counts} rows>"

    def sources_of(self, table: str, record_id: str) -> pd.DataFrame:
        """The sources cited for one record, with the citation's field, locator and note."""
        from .ids import record_id as id_of

        if table not in self.tables:
            raise KeyError(f"no table {table!r}{did_you_mean(table, self.tables)}; tables: {', '.join(self.tables)}")
        known = {id_of(table, row) for row in self.tables[table].to_dict("records")}
        if record_id not in known:
            raise KeyError(f"no record {record_id!r} in {table}{did_you_mean(record_id, known)}")
        cites = self.citations[(self.citations["table"] == table)
                               & (self.citations["record_id"] == record_id)]
        return cites.merge(self.sources, on="source_id")


def load(data_dir=None, as_of=None) -> Dataset:
    """Validate and load the data package (see `paths.data_dir` for where it is looked for). `as_of` is the
    day the reports count "today" from (YYYY-MM-DD; default $BACKCHANNEL_AS_OF, else today).

    The typed tables are read once per process and data version and handed out as copies: a build's kernels,
    forked from a template that read them (`site/forked.py`), start with them in memory, and nothing a report
    does to its copy reaches another; a changed package or another folder is read anew.

    Raises DataError listing every problem when the data is invalid."""
    day = pd.Timestamp(dates.as_of(as_of))
    data_dir = paths.data_dir(data_dir)
    version = checked_version(data_dir)
    if (data_dir, version) not in _READ:
        _READ.clear()  # one package at a time
        _READ[data_dir, version] = _read(data_dir)
    descriptor, tables = _READ[data_dir, version]
    return Dataset(data_dir, version, copy.deepcopy(descriptor), {name: frame.copy() for name, frame in tables.items()},
                   day)


def _read(data_dir: Path) -> tuple[dict, dict[str, pd.DataFrame]]:
    """The descriptor and the typed tables, with their derived columns, of the valid package in `data_dir`."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        columns = [f["name"] for f in fields]
        # The package is valid (checked by the caller), so pandas' fast reader can take it as it is.
        raw = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False, usecols=columns)[columns]
        tables[resource["name"]] = _typed(raw, fields)
    _derive(tables)
    return descriptor, tables


def _typed(raw: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(index=raw.index)
    for spec in fields:
        name, kind = spec["name"], spec["type"]
        column = raw[name].replace("", None)
        enum = spec.get("constraints", {}).get("enum")
        if enum:
            frame[name] = pd.Categorical(column, categories=enum)
        elif kind == "integer":
            frame[name] = pd.to_numeric(column).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(column).astype(float)
        elif kind == "boolean":
            frame[name] = column.str.lower().map({"true": True, "false": False}).astype(bool)
        else:
            frame[name] = column.astype("string")
        if spec.get("constraints", {}).get("pattern") == dates.SCHEMA_PATTERN:
            _add_date_columns(frame, name)
    return frame


def _add_date_columns(frame: pd.DataFrame, name: str) -> None:
    """`name_precision`, `name_first` and `name_last`: what a partial date may mean."""
    texts = frame[name].dropna()
    parsed = texts.map({text: dates.parse(text) for text in texts.unique()})  # each distinct date parsed once
    frame[f"{name}_precision"] = pd.Categorical(parsed.map(lambda p: p.precision).reindex(frame.index),
                                                categories=dates.PRECISIONS)
    for end in ("first", "last"):
        moments = pd.to_datetime(parsed.map(lambda p: getattr(p, end)), errors="raise")
        frame[f"{name}_{end}"] = moments.reindex(frame.index).astype("datetime64[ns]")


def _derive(tables: dict[str, pd.DataFrame]) -> None:
    eras, episodes = tables["eras"], tables["episodes"]
    leaders = eras.set_index("era_id")["leader"]
    episodes["us_leader"] = episodes["us_era"].map(leaders).astype("string")
    episodes["cu_leader"] = episodes["cu_era"].map(leaders).astype("string")
    episodes["us_era"] = pd.Categorical(episodes["us_era"], categories=list(eras.loc[eras.side == "us", "era_id"]))
    episodes["cu_era"] = pd.Categorical(episodes["cu_era"], categories=list(eras.loc[eras.side == "cu", "era_id"]))
    episodes["ongoing"] = episodes["termination_cause"] == "ongoing"
    episodes["duration_days"] = (episodes["end_last"] - episodes["start_first"]).dt.days + 1
    episodes["days_to_disclosure"] = (episodes["disclosed_first"] - episodes["start_first"]).dt.days
    episodes["start_year"] = episodes["start_first"].dt.year
    episodes["period"] = pd.Categorical(
        episodes["start_first"].lt(COLD_WAR_END).map({True: "Cold War", False: "After the Cold War"}),
        categories=["Cold War", "After the Cold War"])
    episodes = tables["episodes"] = episodes.sort_values(["start_first", "episode_id"], ignore_index=True)

    contacts = tables["contacts"].merge(tables["places"], on="place_id", how="left")
    contacts["year"] = contacts["date_first"].dt.year
    tables["contacts"] = contacts.sort_values(["date_first", "contact_id"], ignore_index=True)

    counts = tables["contacts"].groupby("episode_id", observed=True).size()
    episodes["contacts"] = episodes["episode_id"].map(counts).fillna(0).astype(int)
    cites = tables["citations"]
    per_episode = cites[cites["table"] == "episodes"].groupby("record_id")["source_id"].nunique()
    episodes["sources"] = episodes["episode_id"].map(per_episode).fillna(0).astype(int)
