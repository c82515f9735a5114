"""Propositions from the literature on secret diplomacy and mediation, each tested on the US–Cuba record.

`measures` derives, per episode, what the propositions talk about (agreement, mediation, principals at the
table, concurrent channels, formal relations, the channel's function, persons known); `evaluate` runs every
test and returns one `Result` per proposition with its groups, n, intervals, exact p-value and verdict."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import inference
from ..data.vocabulary import AGREED, FAILED, STANDING
from .tables import people_per_episode

CONFIDENCE = ["low", "medium", "high"]
FOLLOW_UP_DAYS = 730  # "followed by public talks": a front channel begins within two years of the end
MEDIATING_ROLES = ["mediator", "facilitator"]


@dataclass
class Group:
    """One side of a comparison: its label, its cases (episode or agreement ids) and how many count as hits."""
    label: str
    ids: list[str]
    hits: int
    values: list[float] = field(default_factory=list)  # for comparisons of means (persons, days)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def share(self) -> float:
        return self.hits / self.n if self.n else float("nan")

    @property
    def interval(self) -> tuple[float, float]:
        return inference.wilson(self.hits, self.n)


@dataclass
class Result:
    key: str
    proposition: str
    author: str
    work: str
    year: int
    url: str
    measure: str
    test: str
    expected: Group  # the group the proposition expects to come out higher
    other: Group
    p_value: float | None
    verdict: str
    words: str  # the result in a sentence, with n and intervals

    @property
    def name(self) -> str:
        """A short name: 'Two channels (Pruitt 2015)'."""
        return NAMES[self.key]

    @property
    def counted(self) -> str:
        """What a group's hits count."""
        return COUNTED[self.key]


NAMES = {"breakthroughs": "Breakthroughs (Wanis-St. John 2006)", "entry_cost": "Entry cost (Wanis-St. John 2011)",
         "exploring": "Exploring first (Pruitt 2008)", "flimsy": "Flimsy agreements (Pruitt 2008)",
         "mediation_agreement": "Mediation brings agreement (Beardsley 2008)",
         "mediation_durability": "Mediated agreements fail sooner (Beardsley 2008)",
         "principals": "Principals at the table (Ó Dochartaigh 2011)", "two_channels": "Two channels (Pruitt 2015)",
         "small_circle": "Small circle (Kerry 2018)"}
COUNTED = {"breakthroughs": "reached an agreement", "entry_cost": "were secret channels",
           "exploring": "were followed by public talks", "flimsy": "agreements that held",
           "mediation_agreement": "reached an agreement", "mediation_durability": "agreements that failed",
           "principals": "reached an agreement", "two_channels": "reached an agreement",
           "small_circle": "(mean of persons recorded)"}


def measures(data, years=(1959, 2100), secret_kinds=("back",), min_confidence="low") -> pd.DataFrame:
    """Episodes within `years` (start year) and at least `min_confidence`, with the derived measures."""
    lowest = CONFIDENCE.index(min_confidence)
    episodes = data.episodes.copy()
    today = data.as_of
    episodes["episode_id"] = episodes["episode_id"].astype(str)
    episodes["secret"] = episodes["channel_kind"].isin(secret_kinds)
    episodes["agreed"] = episodes["outcome"].isin(AGREED)
    third = data.participation[(data.participation["side"] == "third_party")
                               & data.participation["role"].isin(MEDIATING_ROLES)]
    episodes["mediated"] = episodes["episode_id"].isin(third["episode_id"].astype(str))
    top = data.contacts.loc[data.contacts["level"] == "heads_of_state", "episode_id"].astype(str)
    episodes["principals"] = episodes["episode_id"].isin(top) | (episodes["mode"] == "leader_meeting")
    episodes["persons"] = people_per_episode(data).to_numpy()
    episodes["leaked"] = episodes["disclosure"] == "leak"
    episodes["relations"] = relations_at(data, episodes["start_first"])
    starts = episodes["start_first"].to_numpy()
    ends = episodes["end_last"].fillna(today).to_numpy()
    episodes["concurrent"] = _overlapping(starts, ends)
    episodes["followed_by_front"] = _followed_by_front(data, episodes, starts, ends)
    keep = (episodes["start_first"].dt.year.between(*years)
            & episodes["confidence"].astype(str).map(CONFIDENCE.index).ge(lowest))
    return episodes[keep].reset_index(drop=True)


def _overlapping(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each interval [start, end], how many of the other intervals overlap it (sorted counts, not pairs)."""
    begun = np.searchsorted(np.sort(starts), ends, side="right")  # intervals starting on or before my end
    over = np.searchsorted(np.sort(ends), starts, side="left")  # intervals ending before my start
    return begun - over - 1


def _followed_by_front(data, episodes: pd.DataFrame, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether a front channel on an issue the episode shares begins after the episode's start and at most
    FOLLOW_UP_DAYS after its end."""
    horizon = ends + np.timedelta64(FOLLOW_UP_DAYS, "D")
    position = pd.Series(np.arange(len(episodes)), index=episodes["episode_id"])
    issues = data.episode_issues.assign(episode_id=data.episode_issues["episode_id"].astype(str),
                                        issue=data.episode_issues["issue"].astype(str))
    issues = issues[issues["episode_id"].isin(position.index)]
    front = (episodes["channel_kind"] == "front").to_numpy()
    followed = np.zeros(len(episodes), dtype=bool)
    for _, rows in issues.groupby("issue"):
        members = position[rows["episode_id"]].to_numpy()
        front_starts = np.sort(starts[members[front[members]]])
        later = (np.searchsorted(front_starts, horizon[members], side="right")
                 - np.searchsorted(front_starts, starts[members], side="right"))
        followed[members] |= later > 0
    return followed


def relations_at(data, when: pd.Series) -> pd.Series:
    """The level of formal relations in force on each date of `when` (from the relations table)."""
    relations = data.relations.sort_values("start_first")
    levels = pd.Series(pd.NA, index=when.index, dtype="object")
    for _, period in relations.iterrows():
        inside = when >= period["start_first"]
        if pd.notna(period["end_first"]):
            inside &= when < period["end_first"]
        levels[inside] = str(period["level"])
    return levels


def agreement_spells(data, episodes: pd.DataFrame) -> pd.DataFrame:
    """Agreements of `episodes` with the days from agreement to failure (reversal, lapse, suspension, never
    applied) or to censoring (today if still standing, the status date if superseded)."""
    today = data.as_of
    agreements = data.agreements[data.agreements["episode_id"].astype(str).isin(episodes["episode_id"])].copy()
    agreements["failed"] = agreements["status"].isin(FAILED)
    standing = agreements["status"].isin(STANDING)
    until = agreements["status_date_first"].where(~standing, today)
    until = until.fillna(agreements["agreed_on_first"].where(agreements["failed"], today))
    agreements["days"] = (until - agreements["agreed_on_first"]).dt.days.clip(lower=0)
    return agreements.merge(episodes, on="episode_id", suffixes=("", "_episode"))


def evaluate(data, episodes: pd.DataFrame) -> list[Result]:
    """Every proposition's test on `episodes` (from `measures`)."""
    secret = episodes[episodes["secret"]]
    spells = agreement_spells(data, episodes)
    return [breakthroughs(episodes), entry_cost(episodes), exploring_leads_to_talks(secret),
            flimsy_substitutes(spells), mediation_helps_agreement(episodes),
            mediation_durability(spells), principals(secret), two_channels(secret), small_circle(secret)]


def _compare_groups(expected: Group, other: Group) -> tuple[float | None, str, str]:
    """Fisher's exact test of two groups' rates: p-value, verdict and the result in words."""
    p_value, verdict = inference.compare_rates(expected.hits, expected.n, other.hits, other.n)
    words = (f"{expected.label}: {inference.hits_in_words(expected.hits, expected.n)}; "
             f"{other.label}: {inference.hits_in_words(other.hits, other.n)}; "
             + inference.p_in_words(p_value, "Fisher's exact test"))
    return p_value, verdict, words


def _rate_result(key, source, proposition, measure, expected: Group, other: Group) -> Result:
    return Result(key, proposition, *source, measure, "Fisher's exact test (two-sided)", expected, other,
                  *_compare_groups(expected, other))


def _split(frame: pd.DataFrame, mask: pd.Series, flag: str, labels: tuple[str, str], id_column="episode_id"):
    yes, no = frame[mask], frame[~mask]
    return (Group(labels[0], yes[id_column].astype(str).tolist(), int(yes[flag].sum())),
            Group(labels[1], no[id_column].astype(str).tolist(), int(no[flag].sum())))


WANIS_2006 = ("Anthony Wanis-St. John", "Back-Channel Negotiation: International Bargaining in the Shadows, "
              "Negotiation Journal 22(2)", 2006,
              "https://vdocuments.mx/in-theory-american-university-henry-kissinger-for-example-has-described-how.html")
WANIS_2011 = ("Anthony Wanis-St. John", "Back Channel Negotiation: Secrecy in the Middle East Peace Process "
              "(Syracuse University Press)", 2011, "http://muse.jhu.edu/books/9780815651079")
PRUITT_2008 = ("Dean G. Pruitt", "Back-channel Communication in the Settlement of Conflict, International "
               "Negotiation 13(1)", 2008, "https://brill.com/abstract/journals/iner/13/1/article-p37_3.xml")
PRUITT_2015 = ("Dean G. Pruitt", "Prenegotiation Development of Optimism in Intractable Conflict, "
               "International Negotiation 20", 2015,
               "https://vdocuments.net/prenegotiation-development-of-optimism-in-intractable-conflict")
BEARDSLEY_2008 = ("Kyle Beardsley", "Agreement without Peace? International Mediation and Time Inconsistency "
                  "Problems, American Journal of Political Science 52(4)", 2008,
                  "https://scholars.duke.edu/display/pub1028944")
ODOCHARTAIGH_2011 = ("Niall Ó Dochartaigh", "Together in the middle: Back-channel negotiation in the Irish peace "
                     "process, Journal of Peace Research 48(6)", 2011,
                     "https://vlex.co.uk/vid/together-in-the-middle-875460506")
KERRY_2018 = ("John Kerry", "Every Day Is Extra (memoir)", 2018, "https://whosread.com/378292/9305510.amp")


def breakthroughs(episodes: pd.DataFrame) -> Result:
    pool = episodes[episodes["secret"] | (episodes["channel_kind"] == "front")]
    expected, other = _split(pool, pool["secret"], "agreed", ("secret channels", "public talks"))
    return _rate_result("breakthroughs", WANIS_2006,
                        "Back channels can produce breakthrough agreements where public talks fail.",
                        "Share of episodes ending in an agreement or understanding (partial, comprehensive or "
                        "tacit), secret channels against public talks.", expected, other)


def entry_cost(episodes: pd.DataFrame) -> Result:
    pool = episodes[episodes["secret"] | (episodes["channel_kind"] == "front")].assign(
        none=lambda f: f["relations"] != "embassies")
    expected, other = _split(pool, pool["none"], "secret", ("without diplomatic relations", "with embassies"))
    return _rate_result("entry_cost", WANIS_2011,
                        "Leaders turn to back channels when entering talks openly would cost too much, as it does "
                        "when the two governments do not even recognise each other with embassies.",
                        "Share of episodes that were secret channels, by whether the two countries had "
                        "embassies when the episode began (relations table).", expected, other)


def exploring_leads_to_talks(secret: pd.DataFrame) -> Result:
    known = secret[secret["channel_function"].astype(str) != "unknown"]
    expected, other = _split(known, known["channel_function"] == "exploring", "followed_by_front",
                             ("exploring channels", "other secret channels"))
    return _rate_result("exploring", PRUITT_2008,
                        "Back channels are used to explore whether public negotiation is feasible; exploring "
                        "channels should therefore be followed by public talks.",
                        f"Share of secret channels followed by public talks on a shared issue (a front channel "
                        f"beginning during the channel or within {FOLLOW_UP_DAYS // 365} years of its end), "
                        "exploring channels against those beside or replacing public talks.", expected, other)


def flimsy_substitutes(spells: pd.DataFrame) -> Result:
    substitutes = spells["secret"] & (spells["channel_function"] == "replacing_public_talks")
    pool = spells[substitutes | (spells["channel_kind"] == "front")]
    expected, other = _split(pool, pool["channel_kind"] == "front", "failed",
                             ("agreements of public talks", "agreements of secret channels replacing public talks"),
                             id_column="agreement_id")
    # the proposition expects the public talks' agreements to fail less often: compare the share that held
    expected, other = (Group(g.label, g.ids, g.n - g.hits) for g in (expected, other))
    return _rate_result("flimsy", PRUITT_2008,
                        "Heavy reliance on back channels can produce flimsy agreements, too narrowly based to last.",
                        "Share of agreements that held (not reversed, partly reversed, lapsed, suspended or never "
                        "applied), agreements of public talks against those of secret channels that replaced "
                        "public talks.", expected, other)


def mediation_helps_agreement(episodes: pd.DataFrame) -> Result:
    expected, other = _split(episodes, episodes["mediated"], "agreed", ("mediated episodes", "unmediated episodes"))
    return _rate_result("mediation_agreement", BEARDSLEY_2008,
                        "Mediation helps parties reach agreement in the short run.",
                        "Share of episodes ending in an agreement or understanding, episodes with a third-party "
                        "mediator or facilitator against the rest.", expected, other)


def mediation_durability(spells: pd.DataFrame) -> Result:
    mediated = spells[spells["mediated"]]
    direct = spells[~spells["mediated"]]
    expected = Group("agreements without mediation", direct["agreement_id"].astype(str).tolist(),
                     int(direct["failed"].sum()))
    other = Group("mediated agreements", mediated["agreement_id"].astype(str).tolist(), int(mediated["failed"].sum()))
    p_value, verdict, words = inference.compare_survival(
        (direct["days"], direct["failed"]), (mediated["days"], mediated["failed"]), expected.label, other.label)
    failures = spells[spells["failed"]].groupby("mediated")["episode_id"].nunique()
    words += (f" Agreements of one episode are not independent: the failures come from "
              f"{failures.get(False, 0)} unmediated and {failures.get(True, 0)} mediated episode(s).")
    return Result("mediation_durability", "Mediated agreements last less long than unmediated ones (the mediation "
                  "dilemma).", *BEARDSLEY_2008,
                  "Days from agreement until it failed (reversed, lapsed, suspended or never applied); "
                  "agreements still standing are censored at the as-of date, superseded ones at their replacement.",
                  "Log-rank test on Kaplan–Meier curves", expected, other, p_value, verdict, words)


def principals(secret: pd.DataFrame) -> Result:
    expected, other = _split(secret, secret["principals"], "agreed",
                             ("with heads of state at the table", "without"))
    return _rate_result("principals", ODOCHARTAIGH_2011,
                        "A back channel with the principals directly involved builds the trust that moves the "
                        "parties towards agreement.",
                        "Share of secret channels ending in an agreement or understanding, channels with a "
                        "contact at the level of heads of state against the rest.", expected, other)


def two_channels(secret: pd.DataFrame) -> Result:
    expected, other = _split(secret, secret["concurrent"] > 0, "agreed",
                             ("with another channel at the same time", "alone"))
    return _rate_result("two_channels", PRUITT_2015,
                        "Two channels are better than one: each lends the other credibility and serves as back-up.",
                        "Share of secret channels ending in an agreement or understanding, channels that overlapped "
                        "in time with another episode against channels that ran alone.", expected, other)


def small_circle(secret: pd.DataFrame) -> Result:
    leaked, kept = secret[secret["leaked"]], secret[~secret["leaked"]]
    expected = Group("leaked channels", leaked["episode_id"].tolist(), 0, leaked["persons"].astype(float).tolist())
    other = Group("other secret channels", kept["episode_id"].tolist(), 0, kept["persons"].astype(float).tolist())
    p_value, verdict, words, test = inference.compare_means(expected.values, other.values, expected.label,
                                                             other.label, "persons recorded")
    return Result("small_circle", "A channel must stay within a tiny circle: the more people know, the likelier "
                  "it leaks.", *KERRY_2018,
                  "Mean number of persons recorded in the channel, channels first made public by a leak against "
                  "the other secret channels.", f"{test} of the difference in means (two-sided)",
                  expected, other, p_value, verdict, words)


def verdict_table(results: list[Result]) -> pd.DataFrame:
    """One row per proposition: who stated it, what was compared, the result, the verdict, and the p-value after
    Holm's correction for the propositions tested together."""
    adjusted = inference.holm([r.p_value for r in results])
    return pd.DataFrame([{"proposition": r.name, "statement": r.proposition, "measure": r.measure,
                          "result": r.words, "verdict": r.verdict,
                          "p after Holm's correction": "not tested" if p is None else f"{p:.3f}"}
                         for r, p in zip(results, adjusted)])


def multiple_testing(results: list[Result], variants: int) -> str:
    """What running many tests means for a p-value near 0.05, and how many verdicts survive Holm's correction."""
    tested = [r for r in results if r.p_value is not None]
    below = sum(r.p_value < inference.LEVEL for r in tested)
    kept = sum(p < inference.LEVEL for p in inference.holm([r.p_value for r in tested]))
    return (f"This page runs {len(tested)} tests under the choice made, and up to {len(tested) * variants} counting the "
            f"{variants - 1} other choices below. At the 0.05 level about one test in twenty comes out 'significant' "
            f"by chance alone, so a lone p-value near 0.05 is weak evidence. {below} of the {len(tested)} tests "
            f"{'gives' if below == 1 else 'give'} "
            f"p < 0.05; after Holm's correction for the {len(tested)} tests run together, {kept} "
            f"{'does' if kept == 1 else 'do'}.")


def robustness(data, variants: dict[str, dict]) -> pd.DataFrame:
    """The verdict of every proposition under each variant of the parameters (column per variant)."""
    columns = {}
    for name, settings in variants.items():
        results = evaluate(data, measures(data, **settings))
        columns[name] = {r.name: r.verdict for r in results}
    return pd.DataFrame(columns)


def numbers(results: list[Result]) -> pd.DataFrame:
    """The numbers behind each verdict: per group its cases, hits (or mean), share and interval; the p-value."""
    rows = []
    for r in results:
        for group in (r.expected, r.other):
            low, high = group.interval
            rate = bool(group.n) and not group.values  # a share to show (a comparison of means has none)
            rows.append({"proposition": r.name, "group": group.label, "cases": group.n, "counted": r.counted,
                         "hits": group.hits if not group.values else None,
                         "share_percent": round(group.share * 100, 1) if rate else None,
                         "interval_low_percent": round(low * 100, 1) if rate else None,
                         "interval_high_percent": round(high * 100, 1) if rate else None,
                         "mean": round(float(np.mean(group.values)), 2) if group.values else None,
                         "p_value": None if r.p_value is None else round(r.p_value, 4), "test": r.test})
    return pd.DataFrame(rows).astype({"hits": "Int64"})


def evidence(data, results: list[Result]) -> pd.DataFrame:
    """Each proposition's groups with links to the episodes behind them (agreements link to their episode)."""
    from ..data.ids import episode_of
    from .links import episode as episode_link

    titles = dict(zip(data.episodes["episode_id"].astype(str), data.episodes["title"].astype(str)))
    rows = []
    for r in results:
        for group in (r.expected, r.other):
            ids = [i if i in titles else episode_of("agreements", i) for i in group.ids]
            unique = list(dict.fromkeys(ids))
            rows.append({"proposition": r.name, "group": group.label, "cases": group.n,
                         "episodes": [episode_link(i, titles[i]) for i in unique]})
    return pd.DataFrame(rows)


def literature(results: list[Result]) -> pd.DataFrame:
    """Who stated each proposition, where, and the page we read."""
    from .links import read

    seen = {}
    for r in results:
        seen.setdefault((r.author, r.work, r.year), r.url)
    return pd.DataFrame([{"author": a, "work": w, "year": y, "read": [read(u, "read the page")]}
                         for (a, w, y), u in seen.items()])


def summary_sentence(results: list[Result], episodes: pd.DataFrame) -> str:
    """How the verdicts fall, with the number of episodes and of secret channels they rest on."""
    counts = pd.Series([r.verdict for r in results]).value_counts()
    parts = [f"{counts.get(v, 0)} {v}" for v in inference.VERDICTS]
    return (f"Of {len(results)} propositions tested on {len(episodes)} episodes ({int(episodes['secret'].sum())} "
            f"of them secret channels): " + ", ".join(parts) + ". With groups this small only large differences "
            "can show, so 'no clear difference' means the record cannot tell, not that the proposition is wrong.")


def variants(years: tuple[int, int], secret_kinds: list[str], min_confidence: str) -> dict[str, dict]:
    """The parameters as chosen, then each changed on its own: high-confidence episodes only, related channels
    counted as secret (or not), the Cold War years, and the years after."""
    chosen = {"years": tuple(years), "secret_kinds": tuple(secret_kinds), "min_confidence": min_confidence}
    other_kinds = ("back",) if "related" in secret_kinds else ("back", "related")
    return {"as chosen": chosen,
            "high confidence only": {**chosen, "min_confidence": "high"},
            f"secret channels: {' and '.join(other_kinds)}": {**chosen, "secret_kinds": other_kinds},
            "Cold War, 1959–1991": {**chosen, "years": (max(years[0], 1959), min(years[1], 1991))},
            "after the Cold War, 1992 on": {**chosen, "years": (max(years[0], 1992), max(years[1], 1992))}}


def changed_verdicts(table: pd.DataFrame) -> list[str]:
    """The propositions whose verdict differs between the variants of `robustness`."""
    return [name for name, row in table.iterrows() if row.nunique() > 1]


def durability_curves(spells: pd.DataFrame) -> dict:
    """Kaplan–Meier curves of agreements without and with mediation (None for a group without agreements)."""
    curves = {}
    for label, group in (("agreements without mediation", spells[~spells["mediated"]]),
                         ("mediated agreements", spells[spells["mediated"]])):
        curves[f"{label} (n = {len(group)})"] = (inference.kaplan_meier(group["days"], group["failed"])
                                                 if len(group) and group["failed"].any() else None)
    return curves
