"""The statistical helpers one by one, against scipy's own routines or a count done by hand: intervals, the
sentences that name shares, Holm's adjustment, the verdicts and their direction, Fisher's exact test, the
permutation test, Kaplan–Meier curves and the log-rank test, and the overlap count behind one proposition."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from backchannel.analysis import inference
from backchannel.analysis.measures import _overlapping

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("hits,n", [(5, 10), (0, 7), (7, 7), (45, 86)])
def test_wilson_matches_scipy(hits, n):
    expected = stats.binomtest(hits, n).proportion_ci(method="wilson")
    assert inference.wilson(hits, n) == pytest.approx((expected.low, expected.high), abs=1e-4)
    assert inference.wilson(0, 0) == (0.0, 1.0)


def test_share_sentence_gives_the_words_first_and_the_interval_after():
    sentence = inference.share_sentence(pd.Series([True, True, True, False]), "episodes", "reached an agreement")
    low, high = inference.wilson(3, 4)
    assert sentence == f"3 of the 4 episodes (75%) reached an agreement (95% interval {low:.0%}–{high:.0%})."
    assert inference.share_sentence(pd.Series([], dtype=bool), "episodes", "x") == "There are no episodes to count."


def test_highest_share_names_the_two_leaders_and_leaves_small_groups_out():
    flags = pd.Series([True] * 4 + [False] + [True] + [False] * 4 + [True, True])
    groups = pd.Series(["Carter"] * 5 + ["Reagan"] * 5 + ["Ford"] * 2)  # Ford: 2 of 2, too few to compare
    sentence = inference.highest_share(flags, groups, "reached an agreement", "era")
    assert sentence.startswith("The era whose episodes most often reached an agreement is Carter: 4 of 5 (80%); "
                               "next comes Reagan: 1 of 5 (20%)")
    assert "Ford" not in sentence and "Only the 2 eras with at least 3 episodes are compared." in sentence
    overlap = inference.wilson(1, 5)[1] >= inference.wilson(4, 5)[0]
    assert ("they overlap" in sentence) == overlap
    assert inference.highest_share(flags[:6], groups[:6], "x", "era").startswith("Too few episodes per era")


def test_words_for_hits_and_p_values():
    low, high = inference.wilson(5, 6)
    assert inference.hits_in_words(5, 6) == f"5 of 6 (83%; 95% interval {low:.0%}–{high:.0%})"
    assert inference.hits_in_words(0, 0) == "no cases"
    assert inference.p_in_words(0.01234, "Fisher's exact test") == "Fisher's exact test, p = 0.012."
    assert inference.p_in_words(None, "a log-rank test").startswith("too few cases for a log-rank test")


def test_verdicts_follow_the_direction_and_the_level():
    assert inference.verdict(True, 0.01) == "consistent"
    assert inference.verdict(False, 0.01) == "inconsistent"
    assert inference.verdict(True, 0.05) == inference.verdict(False, 0.2) == "no clear difference"
    assert inference.verdict(True, None) == "too few cases to say"


def test_holm_adjusts_in_steps_and_keeps_untested_blanks():
    assert inference.holm([0.01, 0.04, None, 0.03]) == pytest.approx([0.03, 0.06, None, 0.06])
    assert inference.holm([0.5, 0.6]) == pytest.approx([1.0, 1.0])


def test_compare_rates_is_fishers_exact_test_with_a_direction():
    p_value, verdict = inference.compare_rates(9, 10, 2, 10)
    assert p_value == pytest.approx(stats.fisher_exact([[9, 1], [2, 8]]).pvalue)
    assert verdict == "consistent"
    assert inference.compare_rates(2, 10, 9, 10)[1] == "inconsistent"
    assert inference.compare_rates(4, 4, 0, 10) == (None, "too few cases to say")


def test_compare_means_is_a_seeded_permutation_test_and_welchs_test_for_large_groups():
    a, b = [8, 9, 10, 11, 12, 13], [1, 2, 3, 4, 5, 6]
    p_value, verdict, words, test = inference.compare_means(a, b, "back", "front", "people")
    exact = stats.permutation_test((np.array(a, float), np.array(b, float)),
                                   lambda x, y, axis: np.mean(x, axis=axis) - np.mean(y, axis=axis), vectorized=True,
                                   permutation_type="independent", n_resamples=9999,
                                   rng=np.random.default_rng(inference.SEED)).pvalue
    assert (p_value, verdict, test) == (pytest.approx(exact), "consistent", "Permutation test")
    assert words.startswith("back: mean 10.5 people (n = 6); front: mean 3.5 (n = 6); ")
    assert inference.compare_means(b, a, "x", "y", "")[1] == "inconsistent"
    assert inference.compare_means(a[:4], b, "x", "y", "")[0] is None
    rng = np.random.default_rng(1)
    big_a, big_b = rng.normal(1, 1, 250), rng.normal(0, 1, 250)
    p_value, _, _, test = inference.compare_means(big_a, big_b, "x", "y", "")
    assert test == "Welch's t-test" and p_value == pytest.approx(stats.ttest_ind(big_a, big_b, equal_var=False).pvalue)


def test_kaplan_meier_steps_down_at_each_failure_and_not_at_censoring():
    curve = inference.kaplan_meier([1, 2, 3, 4], [True, False, True, True])
    assert curve.evaluate(np.array([0.5, 1.5, 2.5, 3.5, 4.5])) == pytest.approx([1, 3 / 4, 3 / 4, 3 / 4 * 1 / 2, 0])


def test_observed_and_expected_failures_counted_by_hand():
    # failures at 1 (2 of 4 at risk are a's), 2 (1 of 3) and 3 (1 of 2): expected 1/2 + 1/3 + 1/2
    assert inference.observed_and_expected(([1, 3], [True, True]), ([2, 4], [True, False])) == (2, pytest.approx(4 / 3))


def test_compare_survival_is_the_log_rank_test_with_a_direction():
    lasting = ([100, 200, 300, 400, 500, 600], [False, False, True, False, True, False])
    brief = ([5, 10, 20, 30, 40, 50], [True, True, True, True, True, False])
    p_value, verdict, words = inference.compare_survival(lasting, brief, "mediated", "direct")
    censored = [stats.CensoredData(uncensored=np.array(d, float)[np.array(f)], right=np.array(d, float)[~np.array(f)])
                for d, f in (lasting, brief)]
    assert p_value == pytest.approx(stats.logrank(*censored).pvalue)
    assert verdict == "consistent" and words.startswith("mediated: 2 of 6 failed; direct: 5 of 6 failed; ")
    assert inference.compare_survival(brief, lasting, "x", "y")[1] == "inconsistent"
    assert inference.compare_survival((lasting[0][:4], lasting[1][:4]), brief, "x", "y")[0] is None


def test_overlapping_counts_the_other_intervals_that_share_a_day():
    starts = np.array([1, 2, 10, 4], dtype="datetime64[D]")
    ends = np.array([5, 3, 12, 4], dtype="datetime64[D]")
    # [1,5] meets [2,3] and [4,4]; [2,3] meets [1,5]; [10,12] none; [4,4] meets [1,5]
    assert list(_overlapping(starts, ends)) == [2, 1, 0, 1]
