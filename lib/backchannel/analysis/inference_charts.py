"""Charts of tests: shares with their 95% intervals side by side, and Kaplan–Meier survival curves."""
from __future__ import annotations

import textwrap
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import svg
from .charts import OKABE_ITO, finish

EXPECTED, OTHER = OKABE_ITO[0], OKABE_ITO[1]  # the group a proposition expects higher, and the one it is compared with


def rates_with_intervals(results: list, data, title: str):
    """One row per proposition compared by rates: each group's share as a dot with its 95% interval."""
    rows = [r for r in results if r.test.startswith("Fisher")]
    fig, ax = plt.subplots(figsize=(10, 1.1 * len(rows) + 1.8))
    shares = []
    for i, result in enumerate(rows):
        for offset, group, colour in ((-0.17, result.expected, EXPECTED), (0.17, result.other, OTHER)):
            if not group.n:
                continue
            low, high = group.interval
            y = i + offset
            ax.plot([low * 100, high * 100], [y, y], color=colour, linewidth=2.5, solid_capstyle="butt")
            (dot,) = ax.plot([group.share * 100], [y], "o", color=colour, markersize=7)
            svg.mark(dot, f"{group.label}: {group.hits} of {group.n} ({group.share:.0%}; 95% interval "
                          f"{low:.0%}–{high:.0%})")
            shares.append((result.name, group.label, group.hits, group.n, group.share, low, high))
            ax.annotate(f"{group.label} ({group.hits}/{group.n})", (high * 100, y), xytext=(5, 0),
                        textcoords="offset points", va="center", fontsize=8, color="#333")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(r.name, 30)) for r in rows], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 135)
    ax.set_xticks(range(0, 101, 20))
    handles = [plt.Line2D([], [], color=EXPECTED, marker="o", linewidth=2.5),
               plt.Line2D([], [], color=OTHER, marker="o", linewidth=2.5)]
    ax.legend(handles, ["group the proposition expects higher", "group compared"], frameon=False, fontsize=8,
              loc="lower right")
    svg.data(fig, pd.DataFrame(shares, columns=["proposition", "group", "hits", "n", "share", "interval_low",
                                                "interval_high"]))
    finish(fig, ax, data, title, "Share of the group (%), dot, with its 95% interval (Wilson), line", "",
           "Intervals that overlap much mean the data cannot tell the groups apart.")
    svg.describe(fig, f"{title}. " + " ".join(
        f"{r.name}: {r.expected.label} {r.expected.share:.0%} of {r.expected.n}, "
        f"{r.other.label} {r.other.share:.0%} of {r.other.n}." for r in rows if r.expected.n and r.other.n))
    return fig, ax


def survival_curves(curves: dict, data, title: str, xlabel: str, ylabel: str, note: str = ""):
    """Kaplan–Meier curves (label -> scipy's survival function), each with its 95% confidence band."""
    fig, ax = plt.subplots(figsize=(10, 5))
    described, drawn = [], []
    for (label, curve), colour in zip(curves.items(), OKABE_ITO):
        if curve is None:
            continue
        years = np.concatenate([[0], curve.quantiles / 365.25])
        alive = np.concatenate([[1], curve.probabilities])
        (line,) = ax.step(years, alive * 100, where="post", color=colour, linewidth=2, label=label)
        svg.mark(line, f"{label}: {alive[-1]:.0%} still standing after {years[-1]:.0f} years")
        drawn.append((label, years[-1], alive[-1], "; ".join(f"{y:.2f}: {a:.3f}" for y, a in zip(years, alive))))
        with warnings.catch_warnings():  # scipy warns where the band is undefined (no spell left at risk)
            warnings.simplefilter("ignore", RuntimeWarning)
            band = curve.confidence_interval(0.95)
        ax.fill_between(years, np.concatenate([[1], band.low.probabilities]) * 100,
                        np.concatenate([[1], band.high.probabilities]) * 100, step="post", color=colour, alpha=0.15)
        described.append(f"{label}: {alive[-1]:.0%} after {years[-1]:.0f} years")
    ax.set_ylim(0, 105)
    ax.set_xlim(left=0)
    ax.legend(frameon=False, fontsize=9, loc="lower left")
    svg.data(fig, pd.DataFrame(drawn, columns=["curve", "years_followed", "share_standing_at_end",
                                               "steps (years: share standing)"]))
    finish(fig, ax, data, title, xlabel, ylabel, note)
    svg.describe(fig, f"{title}. " + "; ".join(described) + ".")
    return fig, ax
