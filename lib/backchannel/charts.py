"""Shared chart style, colour-blind-safe palettes, and the charts used by the notebooks."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import pandas as pd
from IPython.display import HTML, display

from . import labels
from .render import FINDING_KEY

TABLE_KEY = "backchannel_table"


# Okabe & Ito's palette, safe for the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999"]
KIND_COLOURS = {"back": "#0072B2", "front": "#E69F00", "related": "#999999"}
OUTCOME_MARKERS = {"no_agreement": "x", "exploratory_only": "o", "tacit_understanding": "s",
                   "partial_agreement": "^", "comprehensive_agreement": "*"}
STATUS_COLOURS = {"in_force": "#009E73", "implemented": "#56B4E9", "reversed": "#D55E00",
                  "superseded": "#CC79A7", "lapsed": "#E69F00", "suspended": "#F0E442",
                  "never_implemented": "#000000", "provisionally_applied": "#0072B2",
                  "partly_reversed": "#882255"}


def setup() -> None:
    """Figure defaults readable at report width."""
    plt.rcParams.update({"figure.figsize": (10, 5), "figure.dpi": 100, "savefig.dpi": 100,
                         "axes.titlesize": 13, "axes.labelsize": 11, "font.size": 10,
                         "axes.prop_cycle": plt.cycler(color=OKABE_ITO),
                         "axes.spines.top": False, "axes.spines.right": False,
                         "text.parse_math": False})  # data text with "$" stays text


def label(text) -> str:
    """A vocabulary value as words: 'partial_agreement' -> 'partial agreement'."""
    return labels.value(text)


def source_note(fig, data, extra: str = "") -> None:
    """The source line under a chart."""
    note = f"Source: backchannel dataset, data version {data.version}; sources of each record in sources.csv."
    fig.text(0.01, 0.005, (extra + " " if extra else "") + note, fontsize=8, color="#444",
             ha="left", va="bottom")
    fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, 0.14))


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 agreement', '3 agreements'."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def paragraph(text: str) -> None:
    """Show a passage of text (an episode's summary) as a paragraph, escaped."""
    display(HTML(f'<p class="summary">{html.escape(str(text))}</p>'))


def finding(text: str) -> None:
    """Show one sentence of interpretation; the report index picks up the first one."""
    display(HTML(f'<p class="finding">{html.escape(text)}</p>'), metadata={FINDING_KEY: text})


DATE_LIKE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
SAFE_HREF = re.compile(r"^(https?://[^\s\"'<>]+|[A-Za-z0-9._-]+\.html)$")


@dataclass(frozen=True)
class Link:
    """A link in a table cell: a report page of the site, or a source's own address (new tab)."""
    text: str
    href: str

    def html(self) -> str:
        text = html.escape(self.text)
        if not SAFE_HREF.match(self.href):
            return text
        external = self.href.startswith("http")
        target = ' target="_blank" rel="noopener"' if external else ""
        return f'<a href="{html.escape(self.href, quote=True)}"{target}>{text}</a>'

    def __str__(self) -> str:
        return self.text


def episode_link(episode_id: str, text: str) -> Link:
    """A link to an episode's own report page."""
    return Link(text, f"episode-{episode_id}.html")


def _cell_html(value) -> str:
    links = value if isinstance(value, (list, tuple)) else [value]
    return "; ".join(link.html() for link in links)


def _has_links(values: pd.Series) -> bool:
    return any(isinstance(v, (Link, list, tuple)) for v in values)


def show_table(frame: pd.DataFrame, caption: str) -> None:
    """Show a table in words: vocabulary values and column names as labels, every cell escaped as text,
    numbers right, text left, dates unbroken."""
    shown = frame.copy()
    linked = [name for name in shown.columns if _has_links(shown[name])]
    for name in shown.columns:
        if name not in linked and not pd.api.types.is_numeric_dtype(shown[name]):
            shown[name] = shown[name].map(lambda v: v if pd.isna(v) else labels.cell(v))
    shown.columns = [labels.column(name) for name in shown.columns]
    linked = [labels.column(name) for name in linked]
    styled = shown.style.format(escape="html", precision=2, na_rep="").set_caption(html.escape(caption))
    if linked:
        styled = styled.format(_cell_html, subset=linked, escape="html", na_rep="")
    for name in shown.columns:
        values = shown[name].dropna().astype(str)
        if pd.api.types.is_numeric_dtype(shown[name]):
            styled = styled.set_properties(subset=[name], **{"text-align": "right"})
        elif len(values) and values.str.match(DATE_LIKE).all():
            styled = styled.set_properties(subset=[name], **{"text-align": "left", "white-space": "nowrap"})
        else:
            styled = styled.set_properties(subset=[name], **{"text-align": "left"})
    records = [{column: _record_text(value) for column, value in row.items()} for row in shown.to_dict("records")]
    display(HTML(_labelled_cells(styled.hide(axis="index").to_html(), list(shown.columns))),
            metadata={TABLE_KEY: {"caption": caption, "records": records}})


def _labelled_cells(table_html: str, columns: list[str]) -> str:
    """Give every cell its column's name (data-label), so that on a phone rows stack as label: value."""
    def label(match: re.Match) -> str:
        name = html.escape(str(columns[int(match.group(3))]), quote=True)
        return f'{match.group(0)} data-label="{name}"'

    return re.sub(r'<td (id="[^"]*" )?class="data row(\d+) col(\d+)"', label, table_html)


def _record_text(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return None if pd.isna(value) else str(value)


def stacked_bars(counts: pd.DataFrame, title: str, xlabel: str, ylabel: str, data, colours=None,
                 horizontal: bool = False):
    """Stacked bars of a groups x categories count table."""
    fig, ax = plt.subplots(figsize=(10, max(4, 0.35 * len(counts)) if horizontal else 5))
    if counts.empty or not counts.to_numpy().sum():
        ax.text(0.5, 0.5, "No records match these parameters.", ha="center", va="center", transform=ax.transAxes)
    else:
        colour = [colours.get(c, "#999999") for c in counts.columns] if colours else \
            [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(counts.columns))]
        counts.rename(columns=label).plot(kind="barh" if horizontal else "bar", stacked=True, ax=ax,
                                          color=colour, width=0.8)
        ax.legend(frameon=False, fontsize=9, bbox_to_anchor=(1.0, 1.0), loc="upper left")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if horizontal:
        ax.invert_yaxis()
    else:
        ax.tick_params(axis="x", rotation=30)
        plt.setp(ax.get_xticklabels(), ha="right")
    fig.tight_layout()
    source_note(fig, data)
    return fig, ax


MAX_LABELLED_ROWS = 80


def timeline(data, episodes: pd.DataFrame, years: tuple[int, int]):
    """Every episode as a bar on one time axis, against US presidencies and Cuban leaders."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    episodes = episodes.sort_values("start_first", ascending=False).reset_index(drop=True)
    labelled = len(episodes) <= MAX_LABELLED_ROWS  # beyond that, rows are too thin to name
    fig, ax = plt.subplots(figsize=(11, min(max(5, 0.28 * len(episodes) + 2), 20)))
    lo, hi = pd.Timestamp(f"{years[0]}-01-01"), pd.Timestamp(f"{years[1]}-12-31")
    today = pd.Timestamp.today().normalize()
    top = len(episodes)
    for band, side in ((top + 0.6, "us"), (top + 1.6, "cu")):
        eras = data.eras[data.eras["side"] == side].reset_index(drop=True)
        for i, era in eras.iterrows():
            start, end = max(era["start_first"], lo), min(era["end_last"] if pd.notna(era["end_last"]) else today, hi)
            if start >= end:
                continue
            ax.barh(band, end - start, left=start, height=0.8, color="#dddddd" if i % 2 else "#bbbbbb")
            if (end - start).days > 900:
                name = era["leader"].split()[-1] if side == "us" else era["leader"]
                ax.text(start + (end - start) / 2, band, name, ha="center", va="center", fontsize=7)
    ends = episodes["end_last"].fillna(today)
    widths = (ends - episodes["start_first"]).clip(lower=pd.Timedelta(days=60))
    ax.barh(episodes.index, widths, left=episodes["start_first"], height=0.6,
            color=[KIND_COLOURS[kind] for kind in episodes["channel_kind"]])
    tips = episodes["start_first"] + widths
    for outcome, marker in OUTCOME_MARKERS.items():
        rows = episodes.index[episodes["outcome"] == outcome]
        ax.plot(tips[rows], rows, marker=marker, color="black", markersize=6 if labelled else 2, linestyle="none")
    names = list(episodes["title"].str.slice(0, 48)) if labelled else []
    ax.set_yticks((list(range(top)) if labelled else []) + [top + 0.6, top + 1.6],
                  names + ["US president", "Cuban leader"], fontsize=7)
    ax.set_xlim(lo, hi)
    ax.set_title(f"US–Cuba channels, {years[0]}–{years[1]}: every episode against the leaders in office")
    ax.set_xlabel("Year (bar: start to end of the episode; at least two months wide)")
    ax.set_ylabel("Episode")
    kinds = [Patch(color=c, label=f"{k} channel") for k, c in KIND_COLOURS.items()]
    outcomes = [Line2D([], [], marker=m, color="black", linestyle="none", label=label(o))
                for o, m in OUTCOME_MARKERS.items()]
    ax.legend(handles=kinds + outcomes, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    source_note(fig, data)
    return fig, ax


def network(graph, data, title: str, focus: str | None = None):
    """Actors linked through shared episodes; node size = links, colour = side."""
    import networkx as nx

    side_colours = {"us": "#0072B2", "cu": "#D55E00", "third_party": "#009E73", "private": "#CC79A7"}
    fig, ax = plt.subplots(figsize=(10, 8))
    if graph.number_of_nodes():
        layout = nx.spring_layout(graph, seed=7, k=1.2 / max(1, graph.number_of_nodes()) ** 0.5)
        sizes = [80 + 40 * graph.degree(n) for n in graph]
        colours = [side_colours.get(graph.nodes[n]["side"], "#999999") for n in graph]
        widths = [0.5 + 0.7 * graph.edges[e]["weight"] for e in graph.edges]
        nx.draw_networkx_edges(graph, layout, ax=ax, width=widths, alpha=0.35)
        nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=sizes, node_color=colours,
                               edgecolors=["black" if n == focus else "white" for n in graph])
        ranked = sorted(graph, key=graph.degree, reverse=True)[:25]
        nx.draw_networkx_labels(graph, layout, {n: graph.nodes[n]["name"] for n in set(ranked) | ({focus} & set(graph))},
                                ax=ax, font_size=7)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color=c, label=label(s)) for s, c in side_colours.items()], frameon=False,
              fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="side")
    ax.set_title(title)
    ax.set_xlabel("position has no scale: linked actors are drawn close together")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    source_note(fig, data)
    return fig, ax


def fates(agreements: pd.DataFrame, data, title: str):
    """Each agreement as a bar from the day it was agreed to the change of its status (or today)."""
    agreements = agreements.sort_values("agreed_on_first", ascending=False).reset_index(drop=True)
    labelled = len(agreements) <= MAX_LABELLED_ROWS
    fig, ax = plt.subplots(figsize=(11, min(max(3.5, 0.32 * len(agreements) + 1.5), 20)))
    ax.barh(agreements.index, agreements["days_in_effect"].clip(lower=20), left=agreements["agreed_on_first"],
            height=0.6, color=[STATUS_COLOURS[status] for status in agreements["status"]])
    if labelled:
        ax.set_yticks(range(len(agreements)), agreements["title"].str.slice(0, 55), fontsize=7)
    else:
        ax.set_yticks([])
    from matplotlib.patches import Patch
    present = [s for s in STATUS_COLOURS if (agreements["status"] == s).any()]
    ax.legend(handles=[Patch(color=STATUS_COLOURS[s], label=label(s)) for s in present], frameon=False,
              fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="status")
    ax.set_title(title)
    ax.set_xlabel("Year (bar: from agreement to its change of status, or to today)")
    ax.set_ylabel("Agreement")
    fig.tight_layout()
    source_note(fig, data)
    return fig, ax


def contact_map(contacts: pd.DataFrame, data, title: str):
    """Where contacts took place, on coastlines shipped with basemap (no download)."""
    from mpl_toolkits.basemap import Basemap

    placed = contacts.dropna(subset=["latitude"])
    counts = placed.groupby(["city", "latitude", "longitude"]).size().reset_index(name="n")
    fig, ax = plt.subplots(figsize=(10, 6))
    lat0, lat1 = min([10.0, *counts["latitude"]]) - 5, max([50.0, *counts["latitude"]]) + 5
    lon0, lon1 = min([-100.0, *counts["longitude"]]) - 5, max([-60.0, *counts["longitude"]]) + 5
    world = Basemap(projection="cyl", llcrnrlat=max(lat0, -85), urcrnrlat=min(lat1, 85),
                    llcrnrlon=max(lon0, -180), urcrnrlon=min(lon1, 180), resolution="c", ax=ax)
    world.drawcoastlines(linewidth=0.5, color="#666666")
    world.drawcountries(linewidth=0.3, color="#999999")
    world.fillcontinents(color="#f2f2f2", lake_color="white")
    for row in counts.itertuples():
        ax.scatter(row.longitude, row.latitude, s=40 + 30 * row.n, color="#D55E00", edgecolor="black", zorder=5)
        ax.annotate(f"{row.city} ({row.n})", (row.longitude, row.latitude), xytext=(4, 4),
                    textcoords="offset points", fontsize=8, zorder=6)
    ax.set_title(title)
    ax.set_xlabel("Longitude (degrees)")
    ax.set_ylabel("Latitude (degrees)")
    fig.tight_layout()
    source_note(fig, data, f"{len(placed)} of {len(contacts)} contacts have a known city.")
    return fig, ax


def contact_timeline(contacts: pd.DataFrame, data, title: str):
    """Contacts of one episode on a time axis, one row per mode of contact."""
    fig, ax = plt.subplots(figsize=(10, 3.5))
    modes = [m for m in contacts["mode"].cat.categories if (contacts["mode"] == m).any()]
    for i, mode in enumerate(modes):
        rows = contacts[contacts["mode"] == mode]
        for row in rows.itertuples():
            span = row.date_last - row.date_first
            if span.days:  # a month or a year: draw the range it may mean
                ax.plot([row.date_first, row.date_last], [i, i], color=OKABE_ITO[i % 8], linewidth=4, alpha=0.5)
            else:
                ax.plot(row.date_first, i, "o", color=OKABE_ITO[i % 8])
    ax.set_yticks(range(len(modes)), [label(m) for m in modes])
    ax.set_title(title)
    ax.set_xlabel("Date (dot: known day; bar: the month or year a source gives)")
    ax.set_ylabel("Mode of contact")
    fig.tight_layout()
    source_note(fig, data)
    return fig, ax
