"""Shares with their n and intervals, exact tests with verdicts in words, survival curves, and the rule that
small groups are not compared."""
from __future__ import annotations

import numpy as np
import pandas as pd

MIN_CASES = 3


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion (95% by default); (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def highest_share(flags: pd.Series, groups: pd.Series, what: str, kind: str, kinds: str | None = None) -> str:
    """A sentence naming, in plain words first, the group with the highest share of `flags` and the runner-up,
    then their intervals, comparing only groups of at least MIN_CASES; it says when the intervals overlap (the
    difference may be chance), and when the groups are too small to compare."""
    kinds = kinds or f"{kind}s"
    table = pd.DataFrame({"flag": flags.astype(bool).to_numpy(), "group": groups.astype(str).to_numpy()})
    counts = table.groupby("group")["flag"].agg(["sum", "count"])
    large = counts[counts["count"] >= MIN_CASES]
    if len(large) < 2:
        return (f"Too few episodes per {kind} to compare how often they {what}: fewer than two groups "
                f"have at least {MIN_CASES} episodes.")
    large = large.assign(share=large["sum"] / large["count"]).sort_values(["share", "count"], ascending=False)
    (best, top), (second, next_) = list(large.iterrows())[:2]
    top_interval, next_interval = (wilson(int(r["sum"]), int(r["count"])) for r in (top, next_))
    sentence = (f"The {kind} whose episodes most often {what} is {best}: {_count(top)}; next comes {second}: "
                f"{_count(next_)} (95% intervals {_interval(top_interval)} and {_interval(next_interval)}"
                f"{'; they overlap, so the data cannot tell these two apart' if next_interval[1] >= top_interval[0] else ''}). ")
    return sentence + (f"Only the {len(large)} {kinds} with at least {MIN_CASES} episodes are compared.")


def _count(row) -> str:
    return f"{int(row['sum'])} of {int(row['count'])} ({row['sum'] / row['count']:.0%})"


def _interval(interval: tuple[float, float]) -> str:
    return f"{interval[0]:.0%}–{interval[1]:.0%}"


def share_sentence(flags: pd.Series, subject: str, predicate: str) -> str:
    """Plain words first, the interval after: '45 of the 86 episodes (52%) reached an agreement (95% interval
    42%–63%).' `subject` names the cases ('episodes', 'episodes on migration')."""
    hits, n = int(flags.sum()), len(flags)
    if n == 0:
        return f"There are no {subject} to count."
    return f"{hits} of the {n} {subject} ({hits / n:.0%}) {predicate} (95% interval {_interval(wilson(hits, n))})."


# Tests of the literature's propositions (the hypotheses notebook and the claims notebook).

MIN_GROUP = 5  # a group with fewer cases is not compared
LEVEL = 0.05
LARGE_GROUP = 200  # from this size on, means are compared by Welch's t-test instead of permutations
SEED = 20261201  # permutation tests draw from this seed, so a report and its test give the same p-value
VERDICTS = ("consistent", "inconsistent", "no clear difference", "too few cases to say")


def hits_in_words(hits: int, n: int) -> str:
    """'5 of 6 (83%; 95% interval 44%–97%)', or 'none of 0'."""
    if n == 0:
        return "no cases"
    low, high = wilson(hits, n)
    return f"{hits} of {n} ({hits / n:.0%}; 95% interval {low:.0%}–{high:.0%})"


def p_in_words(p_value: float | None, test: str) -> str:
    if p_value is None:
        return f"too few cases for {test} (fewer than {MIN_GROUP} in a group)."
    return f"{test}, p = {p_value:.3f}."


def verdict(expected_higher: bool, p_value: float | None) -> str:
    """In words: 'consistent' when the difference goes the way the proposition expects and is unlikely to be
    chance (p < 0.05), 'inconsistent' when it goes clearly the other way, else 'no clear difference'; 'too few
    cases to say' when a group has fewer than MIN_GROUP cases."""
    if p_value is None:
        return VERDICTS[3]
    if p_value >= LEVEL:
        return VERDICTS[2]
    return VERDICTS[0] if expected_higher else VERDICTS[1]


def holm(p_values: list[float | None]) -> list[float | None]:
    """Holm's step-down adjustment of p-values for the number of tests run together (None: not tested)."""
    tested = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(tested):
        running = max(running, min(1.0, p * (len(tested) - rank)))
        adjusted[i] = running
    return adjusted


def compare_rates(hits_a: int, n_a: int, hits_b: int, n_b: int) -> tuple[float | None, str]:
    """Fisher's exact test (two-sided) of group a's rate against group b's; a is expected to be higher."""
    from scipy.stats import fisher_exact

    if min(n_a, n_b) < MIN_GROUP:
        return None, verdict(False, None)
    p_value = float(fisher_exact([[hits_a, n_a - hits_a], [hits_b, n_b - hits_b]]).pvalue)
    return p_value, verdict(hits_a / n_a > hits_b / n_b, p_value)


def compare_means(a, b, label_a: str, label_b: str, unit: str) -> tuple[float | None, str, str, str]:
    """Difference in means (two-sided): p-value, verdict, a sentence and the test's name; a is expected higher.
    A permutation test with a fixed seed; for groups of LARGE_GROUP or more on both sides, Welch's t-test,
    which is then accurate and cheap."""
    from scipy.stats import permutation_test, ttest_ind

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    words = f"{label_a}: mean {a.mean():.1f} {unit} (n = {len(a)}); {label_b}: mean {b.mean():.1f} (n = {len(b)}); " \
        if len(a) and len(b) else f"{label_a}: n = {len(a)}; {label_b}: n = {len(b)}; "
    if min(len(a), len(b)) < MIN_GROUP:
        return None, verdict(False, None), words + p_in_words(None, "a permutation test"), "Permutation test"
    if min(len(a), len(b)) >= LARGE_GROUP:
        p_value, test = float(ttest_ind(a, b, equal_var=False).pvalue), "Welch's t-test"
    else:
        p_value = float(permutation_test((a, b), lambda x, y, axis: np.mean(x, axis=axis) - np.mean(y, axis=axis),
                                         vectorized=True, permutation_type="independent", n_resamples=9999,
                                         alternative="two-sided", rng=np.random.default_rng(SEED)).pvalue)
        test = "permutation test"
    return p_value, verdict(a.mean() > b.mean(), p_value), words + p_in_words(p_value, test), test.capitalize()


def kaplan_meier(days, failed):
    """The Kaplan–Meier survival function (scipy's ECDF of right-censored data) of spells of `days` that
    ended in failure where `failed`, the others censored."""
    from scipy.stats import CensoredData, ecdf

    days, failed = np.asarray(days, dtype=float), np.asarray(failed, dtype=bool)
    return ecdf(CensoredData(uncensored=days[failed], right=days[~failed])).sf


def compare_survival(a: tuple, b: tuple, label_a: str, label_b: str) -> tuple[float | None, str, str]:
    """Log-rank test of two groups of spells (days, failed); group a is expected to last longer."""
    from scipy.stats import CensoredData, logrank

    (days_a, failed_a), (days_b, failed_b) = ((np.asarray(d, dtype=float), np.asarray(f, dtype=bool))
                                              for d, f in (a, b))
    words = (f"{label_a}: {int(failed_a.sum())} of {len(days_a)} failed; "
             f"{label_b}: {int(failed_b.sum())} of {len(days_b)} failed; ")
    if min(len(days_a), len(days_b)) < MIN_GROUP or failed_a.sum() + failed_b.sum() < MIN_CASES:
        return None, verdict(False, None), words + p_in_words(None, "a log-rank test")
    data_a = CensoredData(uncensored=days_a[failed_a], right=days_a[~failed_a])
    data_b = CensoredData(uncensored=days_b[failed_b], right=days_b[~failed_b])
    p_value = float(logrank(data_a, data_b).pvalue)
    observed, expected = observed_and_expected(a, b)
    words += f"{label_a} failed {observed} times where {expected:.1f} were expected if both lasted alike; "
    return p_value, verdict(observed < expected, p_value), words + p_in_words(p_value, "log-rank test")


def observed_and_expected(a: tuple, b: tuple) -> tuple[int, float]:
    """The log-rank test's failures of group a, observed and expected under equal survival: at each time
    some spell fails, a's share of the spells still at risk times the failures then. Fewer observed than
    expected means a lasts longer, whatever the censoring."""
    (days_a, failed_a), (days_b, failed_b) = ((np.asarray(d, dtype=float), np.asarray(f, dtype=bool))
                                              for d, f in (a, b))
    days = np.concatenate([days_a, days_b])
    failed = np.concatenate([failed_a, failed_b])
    expected = 0.0
    for moment in np.unique(days[failed]):
        at_risk_a, at_risk = (days_a >= moment).sum(), (days >= moment).sum()
        expected += ((days == moment) & failed).sum() * at_risk_a / at_risk
    return int(failed_a.sum()), float(expected)
