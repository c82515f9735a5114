"""What a notebook shows: the one set-up call (`start`), tables in words, findings, paragraphs with their note
markers, and the controls that filter a table in the reader's browser. Charts are drawn by `charts`."""
from __future__ import annotations

import html
from pathlib import Path

import jinja2
import markupsafe
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from . import FINDING_KEY, TABLE_KEY, charts, labels, links, params, svg
from .links import Anchor, Link, Marks


def start(data_dir=None, as_of=None):
    """The set-up every notebook begins with: stop on a misspelt parameter, set the figure defaults, load the
    package (`backchannel.load`) and take the words of its codes from its descriptor; returns the data."""
    from ..data.dataset import load

    params.check_names()
    figures()
    data = load(data_dir, as_of)
    labels.use_descriptor(data.descriptor)
    return data


def figures() -> None:
    """Figure defaults readable at report width; figures shown in a notebook display as inline SVG."""
    plt.rcParams.update({"figure.figsize": (10, 5), "figure.dpi": 100, "savefig.dpi": 100,
                         "axes.titlesize": 13, "axes.labelsize": 11, "font.size": 10,
                         "axes.prop_cycle": plt.cycler(color=charts.OKABE_ITO),
                         "axes.spines.top": False, "axes.spines.right": False,
                         "svg.fonttype": "none", "svg.hashsalt": "backchannel",
                         "text.parse_math": False})  # data text with "$" stays text
    from IPython import get_ipython
    from matplotlib.figure import Figure

    shell = get_ipython()
    if shell is not None:
        import matplotlib_inline.backend_inline  # noqa: F401 - sets its figure formats now, not over ours later
        shell.display_formatter.formatters["image/png"].pop(Figure, None)
        shell.display_formatter.mimebundle_formatter.for_type(Figure, svg.bundle)


def paragraph(text: str, marks: Marks | None = None) -> None:
    """Show a passage of text (an episode's summary) as a paragraph, escaped, with its note markers."""
    display(HTML(f'<p class="summary">{html.escape(str(text))}{" " + marks.html() if marks else ""}</p>'))


def finding(text: str) -> None:
    """Show one sentence of interpretation (nothing for an empty one); the report index picks up the first."""
    if not text:
        return
    display(HTML(f'<p class="finding">{html.escape(text)}</p>'), metadata={FINDING_KEY: text})


def table_filter(caption: str, choices: dict[str, list[str]]) -> None:
    """Controls that narrow the rows of the table whose caption starts with `caption` in the reader's browser:
    one list per column of `choices` ({column: values, in the words the table shows}) and a box for words."""
    lists = "".join(
        f'<label>{html.escape(labels.column(column))} <select data-column="{html.escape(labels.column(column), quote=True)}">'
        '<option value="">all</option>'
        + "".join(f'<option>{html.escape(str(v))}</option>' for v in values) + "</select></label> "
        for column, values in choices.items())
    display(HTML(
        f'<form class="bc-filter" data-table="{html.escape(caption, quote=True)}" onsubmit="return false">'
        f'{lists}<label>Words <input type="search" data-words></label> <output aria-live="polite"></output></form>'
        "<script>(function(){const f=document.currentScript.previousElementSibling;"
        "document.addEventListener('DOMContentLoaded',function(){"
        "const t=[...document.querySelectorAll('table')].find(t=>t.caption&&t.caption.textContent.trim()"
        ".startsWith(f.dataset.table));if(!t)return;const rows=[...t.tBodies[0].rows];"
        "function run(){const picks=[...f.querySelectorAll('select')].filter(s=>s.value);"
        "const words=f.querySelector('[data-words]').value.trim().toLowerCase();let shown=0;"
        "const heads=[...t.tHead.rows[0].cells].map(h=>h.textContent.trim());"
        "rows.forEach(r=>{const ok=picks.every(s=>{const c=r.cells[heads.indexOf(s.dataset.column)];"
        "return c&&c.textContent.split('; ').includes(s.value);})&&(!words||r.textContent.toLowerCase().includes(words));"
        "r.hidden=!ok;shown+=ok;});f.querySelector('output').textContent=shown+' of '+rows.length+' shown';}"
        "f.addEventListener('input',run);run();});})();</script>"))


def bibliography_parts(letters: str) -> None:
    """The way between the site's bibliography pages, by the letters their authors (or publishers) file under,
    the page shown marked as current; nothing when the whole bibliography is shown."""
    if letters == links.ALL_LETTERS:
        return
    parts = " · ".join(f'<a href="{links.bibliography_page(part)}"'
                       + (' aria-current="page"' if part == letters else "") + f">{labels.value(part)}</a>"
                       for part in links.BIBLIOGRAPHY_LETTERS)
    display(HTML(f'<nav class="bc-letters" aria-label="Bibliography by letter">Sources by author or publisher: '
                 f"{parts}</nav>"))


DATE_LIKE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
TABLE = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                           autoescape=False).get_template("table.html.j2")  # cells arrive as HTML (`_cell_html`)


def _cell_html(value, linked: bool) -> str:
    """A cell as HTML: blank if missing; links (or note markers) as links; text escaped; numbers as pandas writes
    them in a table (two decimals for a fraction)."""
    if not isinstance(value, (list, tuple)) and pd.isna(value) is True:
        return ""
    if isinstance(value, str):
        value = markupsafe.escape(value)
    if linked:
        return "; ".join(item.html() if hasattr(item, "html") else str(item)
                         for item in (value if isinstance(value, (list, tuple)) else [value]))
    if pd.api.types.is_float(value):
        return f"{value:.2f}"
    return str(value)


def _has_links(values: pd.Series) -> bool:
    return any(isinstance(v, (Link, Anchor, Marks, list, tuple)) for v in values)


def show_table(frame: pd.DataFrame, caption: str) -> None:
    """Show a table in words: vocabulary values and column names as labels, every cell escaped as text,
    numbers right, text left, dates unbroken."""
    page, records = _table(frame, caption)
    display(HTML(page), metadata={TABLE_KEY: {"caption": caption, "records": records}})


def _table(frame: pd.DataFrame, caption: str) -> tuple[str, list[dict]]:
    """The table's HTML and its rows as text."""
    shown = frame.copy()
    linked = [name for name in shown.columns if _has_links(shown[name])]
    for name in shown.columns:
        if name not in linked and not pd.api.types.is_numeric_dtype(shown[name]):
            if _is_vocabulary(name, shown[name]):  # codes of a field: their words, linked to the glossary
                shown[name] = shown[name].map(lambda v, field=name: v if pd.isna(v) else links.term(
                    field, v, table=labels.term_table(field, v)))
                linked.append(name)
            else:
                shown[name] = shown[name].map(lambda v: v if pd.isna(v) else labels.cell(v))
    aligns = [_alignment(shown[name]) for name in shown.columns]
    cells = [[_cell_html(value, name in linked) for value in shown[name]] for name in shown.columns]
    shown.columns = [labels.column(name) for name in shown.columns]
    records = [{column: _record_text(value) for column, value in row.items()} for row in shown.to_dict("records")]
    return (TABLE.render(caption=html.escape(caption), columns=zip(map(markupsafe.escape, shown.columns), aligns),
                         opens=[f'<td class="{align}">' if align else "<td>" for align in aligns],
                         rows=zip(*cells)), records)


def rehearse(data) -> None:
    """Draw and render a contact timeline, a map and a table as the reports do, without showing them: a process
    that forks report kernels (site/forked.py) does this once, so that each kernel finds matplotlib's fonts and
    renderers, basemap's coastlines and pandas' table templates ready instead of loading them for its first
    chart and table. Figures drawn here are closed and not counted."""
    from . import maps

    figures()
    labels.use_descriptor(data.descriptor)
    placed = data.contacts.dropna(subset=["latitude"])
    contacts = data.contacts[data.contacts["episode_id"] == placed["episode_id"].iloc[0]] if len(placed) else placed
    for fig, _ in (charts.contact_timeline(contacts, data, "Rehearsal"), maps.contact_map(contacts, data, "Rehearsal")):
        svg.bundle(fig)
        plt.close(fig)
    svg.restart_numbering()
    _table(data.episodes[["title", "start", "outcome"]].head(3), "Rehearsal")


def _is_vocabulary(name, values: pd.Series) -> bool:
    """Whether a column holds codes of the descriptor's field `name` (every value one of its codes)."""
    present = values.dropna().astype(str)
    return len(present) > 0 and all(labels.term_table(name, v) for v in present.unique())


def _alignment(values: pd.Series) -> str:
    """The CSS class of a column (site.css aligns it): numbers right, dates left and unbroken, text (no class) left."""
    present = values.dropna().astype(str)
    if pd.api.types.is_numeric_dtype(values):
        return "bc-num"
    return "bc-date" if len(present) and present.str.match(DATE_LIKE).all() else ""


def _record_text(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return None if pd.isna(value) else str(value)
