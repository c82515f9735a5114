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
    """A sentence naming the group with the highest share of `flags` and the runner-up, each with its n and
    interval, comparing only groups of at least MIN_CASES; it says when the intervals overlap (the difference
    may be chance), and when the groups are too small to compare."""
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
    sentence = (f"Of {len(large)} {kinds} with at least {MIN_CASES} episodes, the {kind} with the highest share "
                f"that {what} is {best}: {share_in_words(top, top_interval)}; next comes {second}: "
                f"{share_in_words(next_, next_interval)}. ")
    if next_interval[1] >= top_interval[0]:
        sentence += "The intervals overlap, so the data cannot tell these two apart. "
    return sentence + f"{kinds.capitalize()} with fewer episodes are not compared."


def share_of(flags: pd.Series) -> str:
    """How many of `flags` are true, with the share and its interval: '45 (52%; 95% interval 42%–63%)'."""
    hits, n = int(flags.sum()), len(flags)
    if n == 0:
        return "none"
    low, high = wilson(hits, n)
    return f"{hits} ({hits / n:.0%}; 95% interval {low:.0%}–{high:.0%})"


def share_in_words(row, interval: tuple[float, float]) -> str:
    """'5 of 6 (83%; 95% interval 44%–97%)'."""
    low, high = interval
    return f"{int(row['sum'])} of {int(row['count'])} ({row['sum'] / row['count']:.0%}; 95% interval {low:.0%}–{high:.0%})"
