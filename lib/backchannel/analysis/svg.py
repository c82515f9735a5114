"""Figures shown as inline SVG: real text, alt text, and a hover title and link on the marks that stand for records.

`display.figures()` (in `display.start`) makes every matplotlib figure a notebook shows display this way (in
JupyterLab and in the rendered pages alike), numbered and captioned, its bundle carrying a PNG, its data as CSV and a drawing for phones
(the build writes them as files: site/figure_files.py); `mark` gives one mark its title and link, `describe` adds a
sentence to a figure's alt text, `data` attaches the rows behind the marks, `source` the dataset's version and licence."""
from __future__ import annotations

import base64
import html
import io
import itertools
import re
import textwrap
import warnings

from lxml import etree
from matplotlib.collections import Collection
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from matplotlib.ticker import FixedFormatter, FixedLocator

from . import FIGURE_KEY
from .links import SAFE_HREF

MAX_LEGEND_WORDS = 12
PNG_DPI = 100  # enough for a slide; the build draws every chart once more for it
PNG_COMPRESSION = 1  # zlib's fastest: a chart's flat colours compress about as well as at the default 6, in half the time
PHONE_WIDTH = 4.2  # inches: a phone's screen (390 px) shows the phone drawing at about 90%, its text legible
BEST_PLACE_MARKS = 2000  # beyond this many marks, finding a legend the best place takes seconds: it stays put
PHONE_LABEL = 26  # characters: longer tick labels (episode titles) are shortened in the drawing for phones
NOTE_ROOM = 0.5  # inches at the bottom kept for the source line (wrapped) when a chart is redrawn
PHONE_MARGINS = 0.4  # inches of a drawing for phones beside a map
PHONE_TEXT_ROOM = 1.4  # inches of a drawing for phones above and below a map: its title and source lines
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


def label_if_room(text) -> None:
    """Draw a label only where it overlaps no label marked before it (checked each time the figure is drawn)."""
    text.figure.__dict__.setdefault("_backchannel_optional", []).append(text)


def measuring(fig: Figure):
    """The renderer that measures the figure's text and marks as Agg draws them (a Figure made without pyplot is
    given an Agg canvas)."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _declutter(fig: Figure) -> None:
    """Show each optional label (`label_if_room`) at the figure's present size only if it overlaps none shown."""
    optional = fig.__dict__.get("_backchannel_optional", [])
    renderer = measuring(fig) if optional else None
    shown = []
    for text in optional:
        text.set_visible(True)
        box = text.get_window_extent(renderer).padded(3)
        text.set_visible(not any(box.overlaps(other) for other in shown))
        if text.get_visible():
            shown.append(box)


def _crop(fig: Figure) -> Bbox:
    """What the figure draws at its present size (its optional labels where they fit), with savefig's margin: worked
    out once for all the files of one drawing, not once per file as savefig's "tight" would. The layout is settled
    by now: the figure loses the placeholder a finished `tight_layout` leaves, which would make savefig draw twice."""
    fig.set_layout_engine(None)
    _declutter(fig)
    return fig.get_tightbbox(measuring(fig)).padded(rcParams["savefig.pad_inches"])


def describe(fig: Figure, sentence: str) -> None:
    """Add a sentence on what the figure shows to its alt text."""
    fig.__dict__["_backchannel_alt"] = sentence


def data(fig: Figure, frame) -> None:
    """Attach the data behind the chart (a DataFrame, one row per mark in the order marked) for its CSV file."""
    fig.__dict__["_backchannel_data"] = frame


def source(fig: Figure, version: str, licence: str, licence_url: str) -> None:
    """Attach the data version and licence the chart's caption names."""
    fig.__dict__["_backchannel_source"] = {"version": version, "licence": licence, "licence_url": licence_url}


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


SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_REFERENCE = re.compile(r"url\(#([^)]+)\)")  # a reference in a presentation attribute: clip-path="url(#id)"
_GEOMETRY = {"d", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "viewBox", "transform", "points", "cx", "cy", "r"}
_NUMBER = re.compile(r"(?<=\d\.\d\d)\d+")  # digits past a hundredth of a point (a hundredth of a pixel)
_NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}  # no <metadata>; no date: same page


def restart_numbering() -> None:
    """Number the next figure drawn 1."""
    global _FIGURES
    _FIGURES = itertools.count(1)


def figure_number(fig: Figure) -> int:
    """The figure's number on its page, in the order figures are drawn (marked or shown)."""
    if "_backchannel_number" not in fig.__dict__:
        fig.__dict__["_backchannel_number"] = next(_FIGURES)
    return fig.__dict__["_backchannel_number"]


def _page_ready(root, prefix: str, titles: dict[str, str]) -> bool:
    """Matplotlib's SVG tree made fit to share a page with others and light: the ids something refers to (clip
    paths) prefixed, and every reference to them; marks keep theirs (bc-mark-<figure>-<k>); the other ids dropped;
    coordinates rounded; each marked group given its hover title and each link in it that title as its name,
    links as plain href. Returns whether it holds a link."""
    def target(element) -> str | None:
        href = element.get(XLINK_HREF) or element.get("href") or ""
        return href[1:] if href.startswith("#") else None

    own = {ref for element in root.iter() for value in element.attrib.values() for ref in _REFERENCE.findall(value)}
    own |= {ref for ref in map(target, root.iter()) if ref}
    linked = False
    for element in root.iter(SVG + "*"):
        name = element.tag[len(SVG):]
        for key, value in element.attrib.items():
            if key == "id":
                if value in own:
                    element.set("id", prefix + value)
                elif not value.startswith("bc-mark-"):
                    del element.attrib["id"]
            elif key in _GEOMETRY:
                element.set(key, _NUMBER.sub("", value))
            elif "url(#" in value:
                element.set(key, _REFERENCE.sub(lambda m: f"url(#{prefix if m.group(1) in own else ''}{m.group(1)})",
                                                value))
        ref = target(element)
        if XLINK_HREF in element.attrib:  # SVG 2: links as plain href, like HTML's
            element.set("href", element.attrib.pop(XLINK_HREF))
        if ref in own:
            element.set("href", f"#{prefix}{ref}")
        if name == "g" and element.get("id") in titles:
            _prepend(element, "title", titles[element.get("id")])
        if name == "a":
            linked = True
            mark = next((g.get("id") for g in element.iterancestors(SVG + "g") if g.get("id") in titles), None)
            if mark and "aria-label" not in element.attrib:
                element.set("aria-label", titles[mark])  # the link's name: its <title> is its parent's, not its own
    return linked


def _prepend(parent, name: str, text: str) -> None:
    """A child element `name` holding `text`, first in `parent`."""
    child = etree.Element(SVG + name)
    child.text = text
    parent.insert(0, child)


def _svg(fig: Figure, crop: Bbox) -> str:
    """Matplotlib's SVG of the `crop` of the figure, from its <svg> tag, without metadata."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches=crop, metadata=_NO_METADATA)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _inline_svg(fig: Figure, crop: Bbox) -> str:
    """The SVG made fit for a page: ids its own (prefixed `bc<n>-`, n its number), alt text as its title and label;
    an SVG that holds links is a group, not an image, so that its links are reached, each named by its mark's title."""
    root = etree.fromstring(_svg(fig, crop).encode(), etree.XMLParser(strip_cdata=False, remove_blank_text=True))
    linked = _page_ready(root, f"bc{figure_number(fig)}-", fig.__dict__.get("_backchannel_titles", {}))
    alt = alt_text(fig)
    width = float(root.attrib.pop("width").removesuffix("pt"))
    root.attrib.pop("height")
    attributes = {"role": "group" if linked else "img", "aria-label": alt, **root.attrib,
                  "style": f"max-width: {width * 4 / 3:.0f}px"}
    root.attrib.clear()
    root.attrib.update(attributes)
    _prepend(root, "title", alt)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")


def facts(fig: Figure) -> dict:
    """What the caption says: the figure's number, its title and alt text, the data version and licence."""
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return {"number": figure_number(fig), "title": titles[0] if titles else "Chart", "alt": alt_text(fig),
            **fig.__dict__.get("_backchannel_source", {})}


FILE_LINKS = {"svg": "SVG", "png": "PNG", "csv": "data (CSV)"}


def figure_tail(about: dict, files: dict[str, str] | None = None) -> str:
    """What follows a chart's inline SVG in its <figure>: its drawing for phones, if the site has it as a file, and
    its caption (number, title, source, licence) with links to its files on the site (`files`: kind -> address)."""
    e = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    files = files or {}
    phone = (f'<img class="bc-phone" src="{e(files["phone"])}" alt="{e(about["alt"])}" loading="lazy">'
             if "phone" in files else "")
    source = ""
    if about.get("version"):
        source = f" Source: backchannel dataset, data version {e(about['version'])}."
    if about.get("licence"):
        source += f' Licence: <a rel="license" href="{e(about["licence_url"])}">{e(about["licence"])}</a>.'
    downloads = " · ".join(f'<a href="{e(files[kind])}" download>{name}</a>' for kind, name in FILE_LINKS.items()
                           if kind in files)
    return (f'{phone}<figcaption><span class="bc-figure-number">Figure {about["number"]}.</span> {e(about["title"].rstrip("."))}.'
            f'{source}{" Download: " + downloads + "." if downloads else ""}</figcaption>')


def figure_html(fig: Figure, about: dict | None = None, crop: Bbox | None = None) -> str:
    """The figure as a <figure> holding its SVG (of `crop`, else of what it draws) and its caption."""
    return f'<figure class="bc-chart">{_inline_svg(fig, crop or _crop(fig))}{figure_tail(about or facts(fig))}</figure>'


def bundle(fig: Figure) -> tuple[dict, dict]:
    """The figure's display bundle: its HTML and PNG; in the output's metadata (FIGURE_KEY) its caption's facts,
    its data as CSV and its drawing for phones (IPython's mimebundle formatter)."""
    about = facts(fig)
    frame = fig.__dict__.get("_backchannel_data")
    extra = {"csv": frame.to_csv(index=False) if frame is not None else "", "phone_svg": phone_svg(fig)}
    crop = _crop(fig)
    page = figure_html(fig, about, crop)
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=PNG_DPI, bbox_inches=crop, metadata={"Software": None},
                pil_kwargs={"compress_level": PNG_COMPRESSION})
    return ({"text/html": page, "image/png": base64.b64encode(png.getvalue()).decode()},
            {FIGURE_KEY: {**about, **extra}})


def _marks(ax) -> int:
    """How many marks (lines, patches, paths of collections) the axes draw."""
    return len(ax.lines) + len(ax.patches) + sum(len(c.get_paths()) for c in ax.collections)


def _thin(axis) -> None:
    """Keep every k-th tick of the axis, for the smallest k at which the labels drawn no longer overlap."""
    renderer = measuring(axis.figure)
    words = [label.get_text() for label in axis.get_majorticklabels()]  # (brings the ticks up to date)
    low, high = sorted(axis.get_view_interval())
    ticks = [(tick.get_loc(), word, tick.label1.get_window_extent(renderer).padded(2))
             for tick, word in zip(axis.get_major_ticks(len(words)), words) if low <= tick.get_loc() <= high]
    step = next((k for k in range(1, len(ticks)) if not any(
        a.overlaps(b) for (_, _, a), (_, _, b) in zip(ticks[::k], ticks[k::k]))), max(len(ticks), 1))
    if step > 1:
        axis.set_major_locator(FixedLocator([loc for loc, _, _ in ticks[::step]]))
        axis.set_major_formatter(FixedFormatter([word for _, word, _ in ticks[::step]]))


def _wrap(fig: Figure, texts) -> None:
    """Each of the figure's texts (text, wrap, words) wrapped once, at the figure's present size and the text's
    place, where matplotlib would wrap it again, word by word, at every measure and drawing (the SVG's drawing
    measures afresh: a third of a phone drawing's text measures)."""
    renderer = measuring(fig)
    for text, _, words in texts:
        text.set_text(words)
        text.set_wrap(False)
        if not text.get_visible() or not words:
            continue
        text.get_window_extent(renderer)  # (the renderer the wrapping measures with)
        text.set_wrap(True)
        wrapped = text._get_wrapped_text()
        text.set_wrap(False)
        text.set_text(wrapped)


def _phone_height(fig: Figure, height: float) -> float:
    """The height of the drawing for phones: the chart's, unless its one axes keeps its shape (a map), which at
    phone width is lower: then that shape's height, with room for the title and the source lines."""
    if len(fig.axes) != 1 or fig.axes[0].get_aspect() == "auto":
        return height
    ax = fig.axes[0]
    return min(height, (PHONE_WIDTH - PHONE_MARGINS) * ax.get_data_ratio() * ax.get_aspect() + PHONE_TEXT_ROOM)


def phone_svg(fig: Figure) -> str:
    """The chart redrawn PHONE_WIDTH inches wide, titles and notes wrapped, long tick labels shortened (and a
    horizontal axis's labels thinned until they no longer overlap), legends moved to the best place inside their
    axes (one inside axes of very many marks stays where it is); the figure is restored after."""
    size = fig.get_size_inches().copy()
    params = {name: getattr(fig.subplotpars, name) for name in ("left", "right", "bottom", "top", "wspace", "hspace")}
    legends = [(legend, legend._loc, legend._bbox_to_anchor) for legend in (ax.get_legend() for ax in fig.axes)
               if legend and (legend._bbox_to_anchor is not None or _marks(legend.axes) <= BEST_PLACE_MARKS)]
    texts = [(text, text.get_wrap(), text.get_text()) for text in
             [*fig.texts, *(t for ax in fig.axes for t in (ax.title, ax.xaxis.label))]]  # not rotated ones
    named = [(axis, axis.get_major_locator(), axis.get_major_formatter()) for ax in fig.axes
             for axis in (ax.xaxis, ax.yaxis)
             if isinstance(axis.get_major_locator(), FixedLocator)]  # ticks that name rows, groups or dates
    try:
        height = _phone_height(fig, size[1])
        fig.set_size_inches(PHONE_WIDTH, height)
        _wrap(fig, texts)
        for axis, _, formatter in named:
            labels = formatter.format_ticks(axis.get_majorticklocs())
            axis.set_major_formatter(FixedFormatter([textwrap.shorten(label, PHONE_LABEL, placeholder="…")
                                                     for label in labels]))
        for legend, _, _ in legends:
            legend.set_bbox_to_anchor(None)
            legend.set_loc("best")
        with warnings.catch_warnings():  # a chart too crowded to tighten at phone width is drawn as it is
            warnings.simplefilter("ignore", UserWarning)
            fig.tight_layout(rect=(0, NOTE_ROOM / height, 1, 1))
        _wrap(fig, texts)  # where the layout has put them
        for axis, _, _ in named:
            if axis.axis_name == "x":
                _thin(axis)
        return _svg(fig, _crop(fig))
    finally:
        fig.set_size_inches(size)
        fig.subplots_adjust(**params)
        for text, wrap, words in texts:
            text.set_text(words)
            text.set_wrap(wrap)
        for axis, locator, formatter in named:
            axis.set_major_locator(locator)
            axis.set_major_formatter(formatter)
        for legend, loc, anchor in legends:  # as they were (set_bbox_to_anchor would transform the anchor again)
            legend._loc, legend._bbox_to_anchor, legend.stale = loc, anchor, True
