"""How long secret channels stayed secret, and how many recent ones are likely still unknown: the delay from
the start of the talks to their first public report, learnt from the channels old enough for every delay
to be observable."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .inference import kaplan_meier

LAG_WINDOW_YEARS = 30  # the disclosure lag is learnt from channels begun at least this long ago


def disclosure_lags(episodes: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Secret channels with a known first-disclosure date and the days from their start until then.

    Every channel in the data is public by now, so a channel is only in the data if its lag was shorter than
    the time since it began: recent channels with long lags are missing (right truncation). `old` marks the
    channels begun at least LAG_WINDOW_YEARS before `as_of`, whose lags up to that window are all observable."""
    today = as_of
    secret = episodes[episodes["secret"] & episodes["disclosed_first"].notna()].copy()
    secret["days"] = (secret["disclosed_first"] - secret["start_first"]).dt.days.clip(lower=0)
    secret["old"] = secret["start_first"] <= today - pd.DateOffset(years=LAG_WINDOW_YEARS)
    return secret


def lag_curves(lags: pd.DataFrame) -> dict:
    """The empirical curve of how long the old channels stayed secret (None if there are none)."""
    old = lags[lags["old"]]
    label = f"secret channels begun {LAG_WINDOW_YEARS}+ years ago (n = {len(old)})"
    return {label: kaplan_meier(old["days"], [True] * len(old)) if len(old) else None}


def known_by_now(lags: pd.DataFrame, secret: pd.DataFrame, years: tuple[int, int],
                 as_of: pd.Timestamp) -> pd.DataFrame:
    """For channels begun in each decade of `years`: how many the data holds, the share the old channels' lags say would
    be public by now (averaged over the decade's years, relative to the old channels), and the count that
    share implies if channels were disclosed as fast as they used to be."""
    from scipy.stats import ecdf

    today = as_of
    old = lags.loc[lags["old"], "days"].to_numpy(dtype=float)
    cdf = ecdf(old).cdf if len(old) else None
    rows = []
    for decade in range(years[0] // 10 * 10, years[1] + 1, 10):
        years = [y for y in range(decade, decade + 10) if y <= today.year]
        elapsed = np.array([(today - pd.Timestamp(year=y, month=7, day=1)).days for y in years], dtype=float)
        public = float(np.mean(cdf.evaluate(np.clip(elapsed, 0, None)))) if cdf is not None else float("nan")
        found = int((secret["start_first"].dt.year // 10 * 10 == decade).sum())
        rows.append({"decade": f"{decade}s", "secret_channels_found": found, "share_expected_public_by_now": public,
                     "implied_number": round(found / public, 1) if public > 0 else float("nan")})
    return pd.DataFrame(rows)


def known_sentence(known: pd.DataFrame, lags: pd.DataFrame, secret: pd.DataFrame) -> str:
    """What the latest decade of `known_by_now` implies, and how many channels the delay rests on."""
    latest = known.iloc[-1]
    return (f"Had channels come to light as fast as those begun {LAG_WINDOW_YEARS} or more years ago, "
            f"{latest['share_expected_public_by_now']:.0%} of those begun in the {latest['decade']} would be public "
            f"by now: the {int(latest['secret_channels_found'])} found stand for about {latest['implied_number']:g}. "
            f"{len(lags)} of {len(secret)} secret channels have a dated first report; the rest are left out of the "
            f"delay.")
