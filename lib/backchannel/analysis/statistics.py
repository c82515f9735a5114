"""Shares with their n and intervals, and the rule that small groups are not compared."""
from __future__ import annotations

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
    """A sentence naming the group with the highest share of `flags`, with its n and interval,
    comparing only groups of at least MIN_CASES; or saying the groups are too small to compare."""
    kinds = kinds or f"{kind}s"
    table = pd.DataFrame({"flag": flags.astype(bool).to_numpy(), "group": groups.astype(str).to_numpy()})
    counts = table.groupby("group")["flag"].agg(["sum", "count"])
    large = counts[counts["count"] >= MIN_CASES]
    if len(large) < 2:
        return (f"Too few episodes per {kind} to compare how often they {what}: fewer than two groups "
                f"have at least {MIN_CASES} episodes.")
    large = large.assign(share=large["sum"] / large["count"]).sort_values(["share", "count"], ascending=False)
    best, row = large.index[0], large.iloc[0]
    low, high = wilson(int(row["sum"]), int(row["count"]))
    return (f"Among {len(large)} {kinds} with at least {MIN_CASES} episodes, {best} {what} most often: "
            f"{int(row['sum'])} of {int(row['count'])} ({row['share']:.0%}; 95% interval {low:.0%}–{high:.0%}); "
            f"{kinds} with fewer episodes are not compared.")
