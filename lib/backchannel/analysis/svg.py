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
    titles = figure.__dict__.setdefault("_backchannel_titles", {})
    gid = f"bc-mark-{figure_number(figure)}-{len(titles)}"
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


_TAG = re.compile(r"""<(/?)([A-Za-z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""")
_ID = re.compile(r'(\sid=")([^"]+)(")')
_REFERENCE = re.compile(r'(url\(#|\shref="#|\sxlink:href="#)([^")]+)')
_NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}  # no <metadata>; no date: same page


def figure_number(fig: Figure) -> int:
    """The figure's number on its page, in the order figures are drawn (marked or shown)."""
    if "_backchannel_number" not in fig.__dict__:
        fig.__dict__["_backchannel_number"] = next(_FIGURES)
    return fig.__dict__["_backchannel_number"]


def _page_ready(svg: str, prefix: str, titles: dict[str, str]) -> tuple[str, bool]:
    """Matplotlib's SVG made fit to share a page with others: every id it defines prefixed (and every reference to
    one), each marked group given its hover title and each link in it that title as its name, links as plain
    href. Returns the SVG and whether it holds a link."""
    defined = {m.group(2) for tag in _TAG.finditer(svg) for m in _ID.finditer(tag.group(3))}
    own = {name for name in defined if not name.startswith("bc-mark-")}  # marks keep their ids: bc-mark-<figure>-<k>
    marks: list[str | None] = []  # for each open element, the mark it lies in
    linked = False

    def tag(match: re.Match) -> str:
        nonlocal linked
        closing, name, attributes, empty = match.groups()
        if closing:
            if marks:
                marks.pop()
            return match.group(0)
        attributes = _ID.sub(lambda m: m.group(1) + (prefix if m.group(2) in own else "") + m.group(2) + m.group(3),
                             attributes)
        attributes = _REFERENCE.sub(lambda m: m.group(1) + (prefix if m.group(2) in own else "") + m.group(2),
                                    attributes)
        attributes = attributes.replace(' xlink:href="', ' href="')  # SVG 2: links as plain href, like HTML's
        mark = marks[-1] if marks else None
        gid = re.search(r'\sid="(bc-mark-[\d-]+)"', attributes) if name == "g" else None
        if gid and gid.group(1) in titles:
            mark = gid.group(1)
        title = html.escape(titles.get(mark, ""), quote=True) if mark else ""
        if name == "a":
            linked = True
            if title and "aria-label=" not in attributes:
                attributes += f' aria-label="{title}"'  # the link's name: its <title> is its parent's, not its own
        if not empty:
            marks.append(mark)
        text = f"<{name}{attributes}{empty}>"
        return text + f"<title>{title}</title>" if gid and title else text

    return _TAG.sub(tag, svg), linked


def figure_html(fig: Figure) -> str:
    """The figure as a <figure> holding its SVG, with alt text as the SVG's title and label.

    Its ids are its own on the page (prefixed `bc<n>-`, n its number); an SVG that holds links is a group, not an
    image, so that its links are reached, each named by its mark's hover title."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata=_NO_METADATA)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg, linked = _page_ready(svg, f"bc{figure_number(fig)}-", fig.__dict__.get("_backchannel_titles", {}))
    alt = html.escape(alt_text(fig), quote=True)
    role = "group" if linked else "img"
    svg = re.sub(r'<svg ([^>]*?)width="([\d.]+)pt" height="([\d.]+)pt"',
                 lambda m: f'<svg role="{role}" aria-label="{alt}" {m.group(1)}style="max-width: {float(m.group(2)) * 4 / 3:.0f}px"',
                 svg, count=1)
    svg = re.sub(r"(<svg [^>]*>)", rf"\1<title>{alt}</title>", svg, count=1)
    return f'<figure class="bc-chart">{svg}</figure>'
