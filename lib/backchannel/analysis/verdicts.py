"""The hypotheses report's tables and sentences: the verdicts, the numbers and episodes behind them, the works
the propositions come from, and how the verdicts fare under other choices."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.ids import episode_of
from . import inference
from .links import episode as episode_link, read
from .hypotheses import Result, evaluate
from .measures import agreement_spells, measures


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
            means = bool(group.values) and not group.events  # a comparison of means shows no share
            rate = bool(group.n) and not means
            rows.append({"proposition": r.name, "group": group.label, "cases": group.n, "counted": r.counted,
                         "hits": group.hits if not means else None,
                         "share_percent": round(group.share * 100, 1) if rate else None,
                         "interval_low_percent": round(low * 100, 1) if rate else None,
                         "interval_high_percent": round(high * 100, 1) if rate else None,
                         "mean": round(float(np.mean(group.values)), 2) if means else None,
                         "p_value": None if r.p_value is None else round(r.p_value, 4), "test": r.test})
    return pd.DataFrame(rows).astype({"hits": "Int64"})


def evidence(data, results: list[Result]) -> pd.DataFrame:
    """Each proposition's groups with links to the episodes behind them (agreements link to their episode)."""
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


def robustness_sentence(table: pd.DataFrame) -> str:
    """How many verdicts of `robustness` change under another choice, and which."""
    changed = [name for name, row in table.iterrows() if row.nunique() > 1]
    return (f"{len(changed)} of {len(table)} verdicts change under at least one of these choices"
            + (": " + "; ".join(changed) + "." if changed else "."))


def durability_curves(data, episodes: pd.DataFrame) -> dict:
    """Kaplan–Meier curves of the agreements of `episodes` without and with mediation (None for a group without
    failures)."""
    spells = agreement_spells(data, episodes)
    curves = {}
    for label, group in (("agreements without mediation", spells[~spells["mediated"]]),
                         ("mediated agreements", spells[spells["mediated"]])):
        curves[f"{label} (n = {len(group)})"] = (inference.kaplan_meier(group["days"], group["failed"])
                                                 if len(group) and group["failed"].any() else None)
    return curves


def verdict_sentence(results: list[Result], key: str) -> str:
    """One proposition's result and verdict in a sentence."""
    result = next(r for r in results if r.key == key)
    return f"{result.name}: {result.words} Verdict: {result.verdict}."
