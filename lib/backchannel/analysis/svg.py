"""Figures shown as inline SVG: real text, alt text, and a hover title and link on the marks that stand for records.

`charts.setup()` makes every matplotlib figure a notebook shows display this way (in JupyterLab and in the
rendered pages alike); `mark` gives one mark its title and link, `describe` adds a sentence to a figure's alt text."""
from __future__ import annotations

import html
import io
import itertools
import re

from matplotlib.collections import Collection
from matplotlib.figure import Figure

from .links import SAFE_HREF

MAX_LEGEND_WORDS = 12
_FIGURES = itertools.count(1)


def mark(artist, title: str, href: str | None = None) -> None:
    """Give one mark (a bar, a dot, a node) a hover title and, if given, a link."""
    figure = artist.figure
    if "_backchannel_number" not in figure.__dict__:  # figures numbered in the order drawn: the same page each build
        figure.__dict__["_backchannel_number"] = next(_FIGURES)
    titles = figure.__dict__.setdefault("_backchannel_titles", {})
    gid = f"bc-mark-{figure.__dict__['_backchannel_number']}-{len(titles)}"
    artist.set_gid(gid)
    titles[gid] = title
    if href and SAFE_HREF.match(href):
        if isinstance(artist, Collection):
            artist.set_urls([href])
        else:
            artist.set_url(href)


def describe(fig: Figure, sentence: str) -> None:
    """Add a sentence on what the figure shows to its alt text."""
    fig.__dict__["_backchannel_alt"] = sentence


def alt_text(fig: Figure) -> str:
    """What a reader who cannot see the chart is told: its title, axes and legend, and its description."""
    parts = []
    for ax in fig.axes:
        title, xlabel, ylabel = ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
        if not (title or xlabel or ylabel):
            continue
        parts.append(f"Chart: {title}." if title else "Chart.")
        if xlabel:
            parts.append(f"Horizontal axis: {xlabel}.")
        if ylabel:
            parts.append(f"Vertical axis: {ylabel}.")
        legend = ax.get_legend()
        if legend:
            entries = [text.get_text() for text in legend.get_texts()]
            more = len(entries) - MAX_LEGEND_WORDS
            parts.append("Legend: " + ", ".join(entries[:MAX_LEGEND_WORDS]) + (f" and {more} more." if more > 0 else "."))
    if fig.__dict__.get("_backchannel_alt"):
        parts.append(fig.__dict__["_backchannel_alt"])
    return " ".join(parts) or "Chart."


def figure_html(fig: Figure) -> str:
    """The figure as a <figure> holding its SVG, with alt text as the SVG's title and label."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # no date: same data, same page
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    alt = html.escape(alt_text(fig), quote=True)
    svg = re.sub(r'<svg ([^>]*?)width="([\d.]+)pt" height="([\d.]+)pt"',
                 lambda m: f'<svg role="img" aria-label="{alt}" {m.group(1)}style="max-width: {float(m.group(2)) * 4 / 3:.0f}px"',
                 svg, count=1)
    svg = re.sub(r"(<svg [^>]*>)", rf"\1<title>{alt}</title>", svg, count=1)
    titles = fig.__dict__.get("_backchannel_titles", {})
    if titles:
        svg = re.sub(r'<g id="(bc-mark-[\d-]+)">',
                     lambda m: f'{m.group(0)}<title>{html.escape(titles.get(m.group(1), ""))}</title>', svg)
    svg = svg.replace(' xlink:href="', ' href="')  # SVG 2: links as plain href, like HTML's
    return f'<figure class="bc-chart">{svg}</figure>'
