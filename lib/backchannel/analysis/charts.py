"""The charts the notebooks draw, in colour-blind-safe palettes: each titled, its axes labelled, its marks named
(and linked where they stand for a record), its data attached and its source noted (display.start sets the
figure defaults and shows them as inline SVG)."""
from __future__ import annotations


import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.dates import AutoDateLocator
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from ..data.dates import in_words
from ..data.vocabulary import ONE_OFF
from . import actors, labels, links, svg
from .labels import duration, plural, when
from .labels import value as label

# Okabe & Ito's palette, safe for the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999"]
KIND_COLOURS = {"back": "#0072B2", "front": "#E69F00", "related": "#999999"}
OUTCOME_MARKERS = {"no_agreement": "x", "exploratory_only": "o", "tacit_understanding": "s",
                   "partial_agreement": "^", "comprehensive_agreement": "*"}
STATUS_COLOURS = {"in_force": "#009E73", "implemented": "#56B4E9", "reversed": "#D55E00",
                  "superseded": "#CC79A7", "lapsed": "#E69F00", "suspended": "#F0E442",
                  "never_implemented": "#000000", "provisionally_applied": "#0072B2",
                  "partly_reversed": "#882255"}


def source_note(fig, data, extra: str = "") -> None:
    """The source line under a chart; the caption's source and licence."""
    note = f"Source: backchannel dataset, data version {data.version}; sources of each record in sources.csv."
    text = fig.text(0.01, 0.005, (extra + " " if extra else "") + note, fontsize=8, color="#444",
                    ha="left", va="bottom")
    text.set_wrap(text.get_window_extent(svg.measuring(fig)).width > 0.98 * fig.bbox.width)  # wrapping
    # measures word by word at every drawing: only a line longer than the figure pays for it
    licence = (data.descriptor.get("licenses") or [{}])[0]
    svg.source(fig, data.version, licence.get("name", "").replace("-", " "), licence.get("path", ""))
    fig.subplots_adjust(bottom=fig.subplotpars.bottom + 0.3 / fig.get_figheight())  # room for the note


def finish(fig, ax, data, title: str, xlabel: str, ylabel: str, note: str = ""):
    """A chart builder's closing lines: its title and axis labels, a tight layout, then the source line under
    it (with `note` first); returns (fig, ax) for the notebook."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    _settle_dates(ax)
    fig.tight_layout()
    source_note(fig, data, note)
    return fig, ax


def _settle_dates(ax) -> None:
    """Date ticks worked out once, as they stand: matplotlib's date locator picks the same ticks at any figure width
    but works them out again each of the dozens of times a drawing (screen, phone, PNG) asks for them."""
    for axis in (ax.xaxis, ax.yaxis):
        locator = axis.get_major_locator()
        if isinstance(locator, AutoDateLocator):
            ticks = locator()
            words = axis.get_major_formatter().format_ticks(ticks)  # before the locator it reads is replaced
            axis.set_major_locator(FixedLocator(ticks))
            axis.set_major_formatter(FixedFormatter(words))


def dot(ax, x: float, y: float, area: float, colour: str, edge: str, zorder: float):
    """One dot of `area` square points, as scatter draws it but as a line's marker: scatter works out the exact
    extent of its dot's curves at every drawing. Returns the mark (to give it a title, `svg.mark`)."""
    mark, = ax.plot([x], [y], "o", markersize=area ** 0.5, color=colour, markeredgecolor=edge, markeredgewidth=1,
                    zorder=zorder)
    return mark


def stacked_bars(counts: pd.DataFrame, title: str, xlabel: str, ylabel: str, data, colours=None,
                 horizontal: bool = False):
    """Stacked bars of a groups x categories count table."""
    fig, ax = plt.subplots(figsize=(10, max(4, 0.35 * len(counts)) if horizontal else 5))
    group_axis, value_axis = (ylabel, xlabel) if horizontal else (xlabel, ylabel)
    rows = []
    if counts.empty or not counts.to_numpy().sum():
        ax.text(0.5, 0.5, "No records match these parameters.", ha="center", va="center", transform=ax.transAxes)
    else:
        colour = [colours.get(c, "#999999") for c in counts.columns] if colours else \
            [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(counts.columns))]
        counts.rename(columns=label).plot(kind="barh" if horizontal else "bar", stacked=True, ax=ax,
                                          color=colour, width=0.8)
        for column, bars in zip(counts.columns, ax.containers):
            for group, bar, count in zip(counts.index, bars, counts[column]):
                if count:
                    svg.mark(bar, f"{group}: {label(column)}, {count:g}" if len(counts.columns) > 1 else f"{group}: {count:g}")
                    rows.append((group, label(column), count))
        if len(counts.columns) > 1:
            ax.legend(frameon=False, fontsize=9, bbox_to_anchor=(1.0, 1.0), loc="upper left")
        else:
            ax.get_legend().remove()
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if horizontal:
        ax.invert_yaxis()
    else:
        ax.tick_params(axis="x", rotation=30)
        plt.setp(ax.get_xticklabels(), ha="right")
    svg.data(fig, pd.DataFrame(rows, columns=[group_axis, labels.column(counts.columns.name or "category"), value_axis]))
    return finish(fig, ax, data, title, xlabel, ylabel)


MAX_LABELLED_ROWS = 130
MAX_MARKS = 500  # beyond this many records a chart draws each group as one mark, without a link per record


def short_title(text: str, width: int = 52) -> str:
    """A title cut at a word boundary, with an ellipsis when cut."""
    import textwrap

    return textwrap.shorten(str(text), width, placeholder="…")


def leader_names(eras: pd.DataFrame) -> dict[str, str]:
    """The name each leader's band shows: the surname, unless two different leaders share it (the Bushes)."""
    surname = eras["leader"].str.split().str[-1]
    shared = surname.map(eras.groupby(surname)["leader"].nunique()) > 1
    given_dropped = eras["leader"].str.split(n=1).str[-1]
    return dict(zip(eras["era_id"], given_dropped.where(shared, surname)))


def _leader_bands(ax, data, lo, hi, today, top: int) -> list[dict]:
    """Two bands above the episodes, the US presidents and the Cuban leaders; names alternate between two
    lines so that a short term's name can run into its neighbours' space. Returns a row per band drawn."""
    names = leader_names(data.eras)
    rows = []
    for band, side in ((top + 0.6, "us"), (top + 1.6, "cu")):
        eras = data.eras[data.eras["side"] == side].reset_index(drop=True)
        shown = 0
        for i, era in eras.iterrows():
            start, end = max(era["start_first"], lo), min(era["end_last"] if pd.notna(era["end_last"]) else today, hi)
            if start >= end:
                continue
            bar = ax.barh(band, end - start, left=start, height=0.8, color="#dddddd" if i % 2 else "#bbbbbb")[0]
            svg.mark(bar, f"{era['leader']}, {when(era['start'], era['end'], 'today')}")
            rows.append({"row": "US president" if side == "us" else "Cuban leader", "name": era["leader"],
                         "start": era["start"], "end": era["end"]})
            name = names[era["era_id"]] if side == "us" else era["leader"]
            first = start == lo and era["start_first"] < lo  # a term begun before the chart: name it from the edge
            ax.text(start if first else start + (end - start) / 2, band + (0.17 if shown % 2 else -0.17), name,
                    ha="left" if first else "center", va="center", fontsize=6.5)
            shown += 1
    return rows


def timeline(data, episodes: pd.DataFrame, years: tuple[int, int]):
    """Every episode as a bar on one time axis, against US presidencies and Cuban leaders; each bar and
    name links to the episode's page."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    episodes = episodes.sort_values("start_first").reset_index(drop=True)  # drawn (and tabbed through) top down
    labelled = len(episodes) <= MAX_LABELLED_ROWS  # beyond that, rows are too thin to name
    fig, ax = plt.subplots(figsize=(11, min(max(5, 0.22 * len(episodes) + 2.5), 32)))
    lo, hi = pd.Timestamp(f"{years[0]}-01-01"), pd.Timestamp(f"{years[1]}-12-31")
    today = data.as_of
    top = len(episodes)
    rows = top - 1 - episodes.index  # the oldest at the top
    leaders = _leader_bands(ax, data, lo, hi, today, top)
    ends = episodes["end_last"].fillna(today)
    widths = (ends - episodes["start_first"]).clip(lower=pd.Timedelta(days=60))
    if len(episodes) > MAX_MARKS:
        _bars_in_bulk(ax, episodes["start_first"], widths, [KIND_COLOURS[kind] for kind in episodes["channel_kind"]],
                      rows)
    else:
        bars = ax.barh(rows, widths, left=episodes["start_first"], height=0.6,
                       color=[KIND_COLOURS[kind] for kind in episodes["channel_kind"]])
    for bar, episode in zip(bars, episodes.itertuples()) if len(episodes) <= MAX_MARKS else ():
        svg.mark(bar, f"{episode.title}, {when(episode.start, episode.end)}: {episode.channel_kind} channel, "
                      f"{label(episode.outcome)}", links.episode_page(episode.episode_id))
    tips = episodes["start_first"] + widths
    for outcome, marker in OUTCOME_MARKERS.items():
        chosen = (episodes["outcome"] == outcome).to_numpy()
        ax.plot(tips[chosen], rows[chosen], marker=marker, color="black", markersize=6 if labelled else 2, linestyle="none")
    names = [short_title(t) for t in episodes["title"]] if labelled else []
    ax.set_yticks((list(rows) if labelled else []) + [top + 0.6, top + 1.6],
                  names + ["US president", "Cuban leader"], fontsize=8)
    if labelled:
        for tick, episode_id in zip(ax.get_yticklabels(), episodes["episode_id"]):
            tick.set_url(links.episode_page(episode_id))
    ax.set_ylim(-0.8, top + 2.2)
    ax.set_xlim(lo, hi)
    kinds = [Patch(color=c, label=f"{k} channel") for k, c in KIND_COLOURS.items()]
    outcomes = [Line2D([], [], marker=m, color="black", linestyle="none", label=label(o))
                for o, m in OUTCOME_MARKERS.items()]
    ax.legend(handles=kinds + outcomes, fontsize=8, loc="lower left", framealpha=1, edgecolor="#cccccc")
    svg.describe(fig, f"{len(episodes)} episodes, each a bar from its start to its end, the oldest at the top.")
    svg.data(fig, pd.concat([pd.DataFrame(leaders, columns=["row", "name", "start", "end"]), episodes.assign(
        row="episode", page=episodes["episode_id"].map(links.episode_page)).rename(columns={"title": "name"})[
        ["row", "name", "start", "end", "channel_kind", "outcome", "page"]]], ignore_index=True))
    return finish(fig, ax, data, f"US–Cuba channels, {years[0]}–{years[1]}: every episode against the leaders in office",
                  "Year (bar: start to end of the episode; at least two months wide)",
                  "Episode (name and bar open its page)")


NETWORK_NODES = 120  # more dots than this are more than a reader can take in (and slow to lay out)


def network(graph, data, title: str, focus: str | None = None):
    """Actors linked through shared episodes; node size = links, colour = side. The focus and the best-linked
    actors are named where their names overlap no other; every node has a hover title and links to the actor's entry
    on the people page. Its data: each actor drawn, with whom it worked (`actors.neighbours`)."""
    import networkx as nx
    from matplotlib.patches import Patch

    side_colours = {"us": "#0072B2", "cu": "#D55E00", "third_party": "#009E73", "private": "#CC79A7"}
    fig, ax = plt.subplots(figsize=(10, 8))
    total = graph.number_of_nodes()
    if total > NETWORK_NODES:  # the best linked, and the focus
        kept = sorted(graph, key=graph.degree, reverse=True)[:NETWORK_NODES] + ([focus] if focus in graph else [])
        graph = graph.subgraph(kept).copy()
    if total:  # the largest group of linked actors: a loose pair far off would squeeze the rest into a corner
        graph = graph.subgraph(max(nx.connected_components(graph), key=len)).copy()
    if graph.number_of_nodes():
        layout = nx.spring_layout(graph, seed=7, k=2.5 / max(1, graph.number_of_nodes()) ** 0.5, iterations=100)
        size = {node: 25 + 8 * graph.degree(node) for node in graph}  # area in points squared
        widths = [0.5 + 0.7 * graph.edges[e]["weight"] for e in graph.edges]
        nx.draw_networkx_edges(graph, layout, ax=ax, width=widths, alpha=0.3)
        drawn = sorted(graph, key=graph.degree)
        for node in drawn:
            x, y = layout[node]
            mark = dot(ax, x, y, size[node], side_colours.get(graph.nodes[node]["side"], "#999999"),
                       "black" if node == focus else "white", zorder=3)
            svg.mark(mark, f"{graph.nodes[node]['name']} ({label(graph.nodes[node]['side'])}): linked to "
                          f"{plural(graph.degree(node), 'other actor')}", links.actor_page(node))
        svg.data(fig, actors.neighbours(graph, drawn))
        for node in dict.fromkeys(([focus] if focus in graph else []) + drawn[::-1]):
            x, y = layout[node]
            svg.label_if_room(ax.annotate(
                graph.nodes[node]["name"], (x, y), xytext=(0, size[node] ** 0.5 / 2 + 2), textcoords="offset points",
                ha="center", va="bottom", fontsize=8, zorder=2.5,  # under the dots: a name never hides a mark
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}))
    ax.legend(handles=[Patch(color=c, label=label(s)) for s, c in side_colours.items()], frameon=False,
              fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="side")
    left_out = total - graph.number_of_nodes()
    ax.set_xticks([])
    ax.set_yticks([])
    svg.describe(fig, f"{graph.number_of_nodes()} actors and {graph.number_of_edges()} links.")
    return finish(fig, ax, data, title, "Position has no scale: linked actors are drawn close together.\n"
                  + (f"{plural(left_out, 'actor')} left out (less linked, or apart from the main group).\n"
                     if left_out else "")
                  + "Named: the best-linked actors whose names fit; point at a dot for any other, click it for its entry.\n"
                  "The table below lists whom each actor worked with.", "")


def fates(agreements: pd.DataFrame, data, title: str):
    """Each agreement from the day it was agreed: a bar to its change of status (or to the as-of date) for measures
    that stay in effect, a point for one-off measures; each links to its episode's page."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    agreements = agreements.sort_values("agreed_on_first", ascending=False).reset_index(drop=True)
    labelled = len(agreements) <= MAX_LABELLED_ROWS
    fig, ax = plt.subplots(figsize=(11, min(max(3.5, 0.3 * len(agreements) + 1.8), 24)))
    if len(agreements) > MAX_MARKS:
        _fates_in_bulk(ax, agreements)
    for row in agreements.itertuples() if len(agreements) <= MAX_MARKS else ():
        colour = STATUS_COLOURS[row.status]
        if row.status in ONE_OFF:
            # a line of one point, not a scatter: each scatter rescales the axes, which grows as n squared
            [artist] = ax.plot([row.agreed_on_first], [row.Index], marker="D", markersize=6, color=colour,
                               linestyle="none", zorder=3)
            span = f"agreed {row.agreed_on}, a one-off measure"
        else:
            artist = ax.barh(row.Index, pd.Timedelta(days=max(row.days_in_effect, 20)), left=row.agreed_on_first,
                             height=0.6, color=colour)[0]
            span = f"agreed {row.agreed_on}, in effect {duration(row.days_in_effect)}"
        svg.mark(artist, f"{row.title}: {label(row.status)}; {span}", links.episode_page(row.episode_id))
    if labelled:
        ax.set_yticks(range(len(agreements)), [short_title(t, 56) for t in agreements["title"]], fontsize=8)
        for tick, episode_id in zip(ax.get_yticklabels(), agreements["episode_id"]):
            tick.set_url(links.episode_page(episode_id))
    else:
        ax.set_yticks([])
    present = [s for s in STATUS_COLOURS if (agreements["status"] == s).any()]
    handles = [Line2D([], [], marker="D", color=STATUS_COLOURS[s], linestyle="none", label=label(s)) if s in ONE_OFF
               else Patch(color=STATUS_COLOURS[s], label=label(s)) for s in present]
    ax.legend(handles=handles, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="status")
    svg.describe(fig, f"{plural(len(agreements), 'agreement')}, the oldest at the top.")
    svg.data(fig, agreements[["title", "status", "agreed_on", "days_in_effect", "episode_id"]])
    return finish(fig, ax, data, title, "Year (bar: from agreement to its first change of status, or to "
                  f"{in_words(data.as_of.strftime('%Y-%m-%d'))}; diamond: a one-off measure)", "Agreement")


def _bars_in_bulk(ax, starts: pd.Series, widths: pd.Series, colours: list[str], rows=None,
                  height: float = 0.6) -> None:
    """Horizontal bars, one per row of `starts` (at heights `rows`, default 0, 1, ...), drawn as one collection
    (fast for thousands, no links)."""
    from matplotlib import dates as mdates
    from matplotlib.collections import PolyCollection

    left = mdates.date2num(starts)
    right = mdates.date2num(starts + widths)
    rows = range(len(left)) if rows is None else rows
    verts = [[(a, y - height / 2), (b, y - height / 2), (b, y + height / 2), (a, y + height / 2)]
             for a, b, y in zip(left, right, rows)]
    ax.add_collection(PolyCollection(verts, facecolors=colours, edgecolors="none"))
    ax.xaxis_date()


def _fates_in_bulk(ax, agreements: pd.DataFrame) -> None:
    """The fates chart for very many agreements: one bar set and one set of points per status, no links."""
    for status, group in agreements.groupby("status", observed=True):
        if status in ONE_OFF:
            ax.plot(group["agreed_on_first"], group.index, marker="D", markersize=3, linestyle="none",
                    color=STATUS_COLOURS[status])
        else:
            _bars_in_bulk(ax, group["agreed_on_first"], pd.to_timedelta(group["days_in_effect"].clip(lower=20), unit="D"),
                          [STATUS_COLOURS[status]], group.index)


def episode_scatter(episodes: pd.DataFrame, x: str, y: str, title: str, xlabel: str, ylabel: str, data,
                    log_x: bool = False):
    """One dot per episode, coloured by kind of channel; each dot names its episode and links to its page."""
    fig, ax = plt.subplots()
    shown = episodes.dropna(subset=[x, y])
    if len(shown) > MAX_MARKS:
        for kind, group in shown.groupby("channel_kind", observed=True):
            ax.plot(group[x], group[y], marker="o", linestyle="none", color=KIND_COLOURS[kind], alpha=0.5)
    for episode in shown.itertuples() if len(shown) <= MAX_MARKS else ():
        [mark] = ax.plot([getattr(episode, x)], [getattr(episode, y)], marker="o", linestyle="none",
                         color=KIND_COLOURS[episode.channel_kind], alpha=0.8)  # one point: see fates()
        svg.mark(mark, f"{episode.title}: {getattr(episode, x):.3g} {x}, {getattr(episode, y):g} {y}",
                 links.episode_page(episode.episode_id))
    if log_x:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(lambda value, _: f"{value:g}")
    from matplotlib.lines import Line2D
    kinds = [k for k in KIND_COLOURS if (episodes["channel_kind"] == k).any()]
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="none", color=KIND_COLOURS[k], label=f"{k} channel")
                       for k in kinds], frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    svg.describe(fig, f"{plural(len(episodes), 'episode')}, one dot each.")
    svg.data(fig, shown[["episode_id", "title", "channel_kind", x, y]])
    return finish(fig, ax, data, title, xlabel, ylabel)


def histogram(values: pd.Series, title: str, xlabel: str, ylabel: str, data, colour: str = OKABE_ITO[0],
              bins: int = 20):
    """How many values fall in each of `bins` equal ranges; each bar names its range and count."""
    fig, ax = plt.subplots()
    counts, edges, bars = ax.hist(values.dropna(), bins=bins, color=colour)
    rows = [(low, high, int(count)) for low, high, count in zip(edges, edges[1:], counts) if count]
    for bar, (low, high, count) in zip([b for b, c in zip(bars, counts) if c], rows):
        svg.mark(bar, f"{low:.3g} to {high:.3g}: {count:g}")
    svg.data(fig, pd.DataFrame(rows, columns=["from", "to", ylabel]))
    return finish(fig, ax, data, title, xlabel, ylabel)


def contact_timeline(contacts: pd.DataFrame, data, title: str):
    """Contacts of one episode on a time axis, one row per mode of contact."""
    fig, ax = plt.subplots(figsize=(10, 3.5))
    modes = [m for m in contacts["mode"].cat.categories if (contacts["mode"] == m).any()]
    drawn = []
    for i, mode in enumerate(modes):
        rows = contacts[contacts["mode"] == mode]
        drawn.append(rows)
        for row in rows.itertuples():
            span = row.date_last - row.date_first
            if span.days:  # a month or a year: draw the range it may mean
                line, = ax.plot([row.date_first, row.date_last], [i, i], color=OKABE_ITO[i % 8], linewidth=4, alpha=0.5)
            else:
                line, = ax.plot(row.date_first, i, "o", color=OKABE_ITO[i % 8])
            place = f" in {row.city}" if isinstance(row.city, str) else ""
            svg.mark(line, f"{row.date}{place}: {short_title(row.summary, 160) if isinstance(row.summary, str) else label(row.mode)}")
    ax.set_yticks(range(len(modes)), [label(m) for m in modes])
    svg.data(fig, pd.concat(drawn)[["contact_id", "date", "mode", "city", "summary"]] if drawn else None)
    return finish(fig, ax, data, title, "Date (dot: known day; bar: the month or year a source gives)", "Mode of contact")
