"""Propositions from the literature on secret diplomacy and mediation, each tested on the US–Cuba record.

A proposition is defined once: its words, its test and its source are a row of the data package's
`propositions` table (the source a row of `sources.csv`); here, registered under the same id, is how its two
groups are drawn from the episodes of `measures.measures`. `evaluate` runs every test and returns one `Result`
per proposition with its groups, n, intervals, exact p-value and verdict."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import pandas as pd

from . import inference
from .measures import FOLLOW_UP_DAYS, agreement_spells


@dataclass
class Group:
    """One side of a comparison: its label, its cases (episode or agreement ids) and how many count as hits."""
    label: str
    ids: list[str]
    hits: int
    values: list[float] = field(default_factory=list)  # for comparisons of means (persons) and of durations (days)
    events: list[bool] = field(default_factory=list)  # for comparisons of durations: whether the case failed
    unit: str = ""  # for comparisons of means: what a value counts ('persons recorded')

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def share(self) -> float:
        return self.hits / self.n if self.n else float("nan")

    @property
    def interval(self) -> tuple[float, float]:
        return inference.wilson(self.hits, self.n)


class Cases(NamedTuple):
    """What the propositions are tested on: the episodes, their secret channels and their agreements' spells."""
    episodes: pd.DataFrame
    secret: pd.DataFrame
    spells: pd.DataFrame


class Comparison(NamedTuple):
    """The group the proposition expects to come out higher, the other, and a caveat to add to the result."""
    expected: Group
    other: Group
    caveat: str = ""


@dataclass
class Result:
    key: str
    name: str  # a short name: 'Two channels (Pruitt 2015)'
    proposition: str
    counted: str  # what a group's hits count
    author: str
    work: str
    year: int
    url: str
    measure: str
    test: str
    expected: Group
    other: Group
    p_value: float | None
    verdict: str
    words: str  # the result in a sentence, with n and intervals


COMPARISONS: dict[str, Callable[[Cases], Comparison]] = {}


def comparison(key: str):
    """Register how the proposition `key` of the propositions table draws its groups."""
    def register(draw: Callable[[Cases], Comparison]) -> Callable[[Cases], Comparison]:
        COMPARISONS[key] = draw
        return draw
    return register


def evaluate(data, episodes: pd.DataFrame) -> list[Result]:
    """Every proposition's test on `episodes` (from `measures.measures`), in the propositions table's order."""
    cases = Cases(episodes, episodes[episodes["secret"]], agreement_spells(data, episodes))
    return [_result(row, data.sources_of("propositions", row["proposition_id"]).iloc[0],
                    COMPARISONS[row["proposition_id"]](cases))
            for row in data.propositions.astype(str).to_dict("records")]


def _result(row: dict, source: pd.Series, compared: Comparison) -> Result:
    expected, other = compared.expected, compared.other
    if row["test"] == "log_rank":
        p_value, verdict, words = inference.compare_survival((expected.values, expected.events),
                                                             (other.values, other.events), expected.label, other.label)
        test = "Log-rank test on Kaplan–Meier curves"
    elif row["test"] == "difference_in_means":
        p_value, verdict, words, name = inference.compare_means(expected.values, other.values, expected.label,
                                                                other.label, expected.unit)
        test = f"{name} of the difference in means (two-sided)"
    else:
        p_value, verdict, words = compare_rates(compared)
        test = "Fisher's exact test (two-sided)"
    return Result(row["proposition_id"], row["name"], row["statement"], row["counted"], str(source["author"]),
                  f"{source['title']}, {source['publisher']}", int(str(source["published"])[:4]), str(source["url"]),
                  row["measure"].format(follow_up_years=FOLLOW_UP_DAYS // 365), test, expected, other, p_value,
                  verdict, words + compared.caveat)


def compare_rates(groups: Comparison) -> tuple[float | None, str, str]:
    """Fisher's exact test of two groups' rates: p-value, verdict and the result in words."""
    expected, other = groups.expected, groups.other
    p_value, verdict = inference.compare_rates(expected.hits, expected.n, other.hits, other.n)
    words = (f"{expected.label}: {inference.hits_in_words(expected.hits, expected.n)}; "
             f"{other.label}: {inference.hits_in_words(other.hits, other.n)}; "
             + inference.p_in_words(p_value, "Fisher's exact test"))
    return p_value, verdict, words


def split(frame: pd.DataFrame, mask: pd.Series, flag: str, labels: tuple[str, str],
          id_column="episode_id") -> Comparison:
    """The rows of `frame` where `mask` holds against the rest, counting the rows where `flag` holds."""
    yes, no = frame[mask], frame[~mask]
    return Comparison(Group(labels[0], yes[id_column].astype(str).tolist(), int(yes[flag].sum())),
                      Group(labels[1], no[id_column].astype(str).tolist(), int(no[flag].sum())))


@comparison("breakthroughs")
def breakthroughs(cases: Cases) -> Comparison:
    pool = cases.episodes[cases.episodes["secret"] | (cases.episodes["channel_kind"] == "front")]
    return split(pool, pool["secret"], "agreed", ("secret channels", "public talks"))


@comparison("entry_cost")
def entry_cost(cases: Cases) -> Comparison:
    pool = cases.episodes[cases.episodes["secret"] | (cases.episodes["channel_kind"] == "front")]
    return split(pool, pool["relations"] != "embassies", "secret", ("without diplomatic relations", "with embassies"))


@comparison("exploring")
def exploring_leads_to_talks(cases: Cases) -> Comparison:
    known = cases.secret[cases.secret["channel_function"].astype(str) != "unknown"]
    return split(known, known["channel_function"] == "exploring", "followed_by_front",
                 ("exploring channels", "other secret channels"))


@comparison("flimsy")
def flimsy_substitutes(cases: Cases) -> Comparison:
    spells = cases.spells
    substitutes = spells["secret"] & (spells["channel_function"] == "replacing_public_talks")
    pool = spells[substitutes | (spells["channel_kind"] == "front")]
    failed = split(pool, pool["channel_kind"] == "front", "failed",
                   ("agreements of public talks", "agreements of secret channels replacing public talks"),
                   id_column="agreement_id")
    # the proposition expects the public talks' agreements to fail less often: compare the share that held
    return Comparison(*(Group(g.label, g.ids, g.n - g.hits) for g in failed[:2]))


@comparison("mediation_agreement")
def mediation_helps_agreement(cases: Cases) -> Comparison:
    return split(cases.episodes, cases.episodes["mediated"], "agreed", ("mediated episodes", "unmediated episodes"))


@comparison("mediation_durability")
def mediation_durability(cases: Cases) -> Comparison:
    spells = cases.spells
    direct, mediated = spells[~spells["mediated"]], spells[spells["mediated"]]
    expected, other = (Group(label, group["agreement_id"].astype(str).tolist(), int(group["failed"].sum()),
                             group["days"].tolist(), group["failed"].tolist())
                       for label, group in (("agreements without mediation", direct), ("mediated agreements", mediated)))
    failures = spells[spells["failed"]].groupby("mediated")["episode_id"].nunique()
    return Comparison(expected, other, f" Agreements of one episode are not independent: the failures come from "
                                       f"{failures.get(False, 0)} unmediated and {failures.get(True, 0)} mediated "
                                       f"episode(s).")


@comparison("principals")
def principals(cases: Cases) -> Comparison:
    return split(cases.secret, cases.secret["principals"], "agreed", ("with heads of state at the table", "without"))


@comparison("two_channels")
def two_channels(cases: Cases) -> Comparison:
    return split(cases.secret, cases.secret["concurrent"] > 0, "agreed",
                 ("with another channel at the same time", "alone"))


@comparison("small_circle")
def small_circle(cases: Cases) -> Comparison:
    leaked = cases.secret["leaked"]
    return Comparison(*(Group(label, group["episode_id"].tolist(), 0, group["persons"].astype(float).tolist(),
                              unit="persons recorded")
                        for label, group in (("leaked channels", cases.secret[leaked]),
                                             ("other secret channels", cases.secret[~leaked]))))
