"""The methods page: the codebook's prose sections as HTML, a glossary of every vocabulary value (anchors that
`links.term` points to), and the counts behind the coverage caveats. Nothing here restates the codebook."""
from __future__ import annotations

import html
import re
from collections import defaultdict

import pandas as pd
from IPython.display import HTML, display

from ..data import codebook as cb
from . import labels, links

COVERAGE = ("coverage", "The coverage in numbers")
GLOSSARY = ("glossary", "Glossary: every code in the data")
SKIPPED = ("Row numbers in error messages",)  # for people running the validator, not for readers


def terms(book: cb.Codebook, package: dict) -> list[cb.Term]:
    """Every vocabulary value of the descriptor with its definition, checked to have a unique anchor."""
    found = cb.terms(book=book, package=package)
    tables_of = defaultdict(set)
    for t in found:
        tables_of[t.field].add(t.table)
    for name, tables in tables_of.items():
        if len(tables) > 1 and links.TERM_TABLES.get(name) not in tables:
            raise cb.CodebookError(f"field {name!r} has vocabularies in tables {', '.join(sorted(tables))}: "
                                   f"name the central one in links.TERM_TABLES so their glossary anchors differ")
    return found


def field_anchor(field: str, table: str) -> str:
    """The id of a field's group in the glossary: 'terms-channel_kind', 'terms-eras-side'."""
    return f"terms-{links.term_key(field, table)}"


class _Codes:
    """How the prose shows `code`: a vocabulary value as its words, linked to its definition; a field with a
    vocabulary linked to its group in the glossary; anything else as code."""

    def __init__(self, found: list[cb.Term], tables: list[str]):
        self.values, self.fields = defaultdict(set), defaultdict(set)
        for t in found:
            self.values[t.value].add((t.table, t.field))
            self.fields[t.field].add(t.table)
        self.tables = set(tables)

    def html(self, text: str) -> str:
        code = f"<code>{html.escape(text)}</code>"
        if m := re.fullmatch(r"(\w+) = (\S+)", text):
            owners = [table for table, field in self.values.get(m.group(2), ()) if field == m.group(1)]
            if len(owners) == 1:
                return f'<a href="#{links.term_anchor(m.group(1), m.group(2), owners[0])}">{code}</a>'
        if text in self.values and text not in self.tables:
            words = html.escape(labels.value(text))
            owners = self.values[text]
            if len(owners) > 1:
                return words
            table, field = next(iter(owners))
            return (f'<a class="bc-term" href="#{links.term_anchor(field, text, table)}" '
                    f'title="{html.escape(text)}: {html.escape(labels.column(field))}">{words}</a>')
        if len(self.fields.get(text, ())) == 1:
            return f'<a href="#{field_anchor(text, next(iter(self.fields[text])))}">{code}</a>'
        return code


def _markdown(codes: _Codes):
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})  # the codebook's raw HTML, if any, stays text
    md.add_render_rule("code_inline", lambda self, tokens, idx, options, env: codes.html(tokens[idx].content))
    names = sorted((t for t in codes.tables if "_" in t), key=len, reverse=True)  # 'episode_issues' is a name
    if names:
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
        md.add_render_rule("text", lambda self, tokens, idx, options, env:
                           pattern.sub(r"<code>\1</code>", html.escape(tokens[idx].content, quote=False)))
    return md


def _context(data_dir):
    book = cb.read(data_dir)
    package = cb.descriptor(data_dir)
    found = terms(book, package)
    codes = _Codes(found, [r["name"] for r in package["resources"]])
    return book, found, _markdown(codes)


def contents(data_dir=None) -> None:
    """Show the page's table of contents: the codebook's prose sections, the coverage and the glossary."""
    book = cb.read(data_dir)
    items = [(s.slug, s.title) for s in book.sections if s.title not in SKIPPED] + [COVERAGE, GLOSSARY]
    entries = "".join(f'<li><a href="#{slug}">{html.escape(title)}</a></li>' for slug, title in items)
    display(HTML(f'<nav class="bc-methods" aria-label="Contents"><h2 id="contents">Contents</h2>'
                 f'<ol>{entries}</ol></nav>'))


def sections(data_dir=None) -> None:
    """Show the codebook's prose sections (inclusion rules, dates, confidence, sources, audits, research log)."""
    book, _, md = _context(data_dir)
    parts = [f'<section id="{s.slug}"><h2>{html.escape(s.title)}</h2>{md.render(s.body)}</section>'
             for s in book.sections if s.title not in SKIPPED]
    display(HTML('<div class="bc-methods">' + "".join(parts) + "</div>"))


def glossary(data_dir=None) -> None:
    """Show every vocabulary value of the descriptor, grouped by field, each with its words, its code, its
    definition and the anchor `links.term` points to."""
    book, found, md = _context(data_dir)
    groups: dict[tuple[str, str], list[cb.Term]] = {}
    for t in found:
        groups.setdefault((t.table, t.field), []).append(t)
    index, parts = [], []
    for (table, field), group in groups.items():
        anchor, words = field_anchor(field, table), html.escape(labels.column(field))
        where = f"<code>{html.escape(table)}</code>" if "_" in table else html.escape(table)
        index.append(f'<li><a href="#{anchor}">{words}</a> <span class="bc-where">({where})</span></li>')
        entries = []
        for t in group:
            term_id = links.term_anchor(field, t.value, table)
            shown = labels.value(t.value)
            code = f" <code>{html.escape(t.value)}</code>" if shown != t.value else ""
            entries.append(f'<dt id="{term_id}"><a href="#{term_id}">{html.escape(shown)}</a>{code}</dt>'
                           f"<dd>{md.renderInline(t.definition)}</dd>")
        code = f"<code>{html.escape(field)}</code>, " if labels.column(field) != field else ""
        parts.append(f'<section id="{anchor}"><h3>{words} <span class="bc-where">({code}in {where})'
                     f'</span></h3><p>{md.renderInline(group[0].field_definition)}</p>'
                     f'<dl>{"".join(entries)}</dl></section>')
    intro = ("<p>Every value a coded field of the data can take, in the words the other pages use, followed by the "
             "code in the data files where the two differ. Each entry can be linked to: "
             "<code>methods.html#term-</code> followed by the field and the code (for a field name that two tables "
             "use with different values, such as <em>side</em> or <em>kind</em>, the less central table's name "
             "comes before the field).</p>")
    display(HTML(f'<div class="bc-methods"><h2 id="{GLOSSARY[0]}">{GLOSSARY[1]}</h2>{intro}'
                 f'<ul class="bc-fields">{"".join(index)}</ul>{"".join(parts)}</div>'))


def heading(anchor: tuple[str, str], text: str = "") -> None:
    """Show a section heading (a real <h2> with an id), with an optional short paragraph under it."""
    para = f"<p>{html.escape(text)}</p>" if text else ""
    display(HTML(f'<div class="bc-methods"><h2 id="{anchor[0]}">{html.escape(anchor[1])}</h2>{para}</div>'))


DATE_FIELDS = [("episodes", "start"), ("episodes", "end"), ("episodes", "disclosed"), ("contacts", "date"),
               ("agreements", "agreed_on"), ("agreements", "announced_on"), ("agreements", "status_date"),
               ("sources", "published")]


def date_precision(data) -> pd.DataFrame:
    """Per date field: how many records give a date, and how many of those to the day, the month, the year."""
    rows = []
    for table, field in DATE_FIELDS:
        precision = data.tables[table][f"{field}_precision"]
        given = int(precision.notna().sum())
        counts = precision.value_counts()
        rows.append({"table": table, "date": labels.column(field), "records": len(precision), "dated": given,
                     "to the day": int(counts.get("day", 0)), "to the month": int(counts.get("month", 0)),
                     "year only": int(counts.get("year", 0)),
                     "share to the day": f"{counts.get('day', 0) / given:.0%}" if given else ""})
    return pd.DataFrame(rows)


def by_confidence(data) -> pd.DataFrame:
    """Episodes by confidence (rows, in the descriptor's order) and kind of channel (columns)."""
    episodes = data.episodes
    counts = pd.crosstab(episodes["confidence"], episodes["channel_kind"], dropna=False)
    return counts.reindex(index=episodes["confidence"].cat.categories, columns=episodes["channel_kind"].cat.categories,
                          fill_value=0)


def confidence_sentence(data, counts: pd.DataFrame) -> str:
    """How the episodes divide by confidence (`by_confidence`), and how many dated contacts are dated to the day."""
    total, contacts = counts.sum(axis=1), data.contacts["date_precision"]
    return (f"Of {len(data.episodes)} episodes, {total['high']} are of high confidence, {total['medium']} medium "
            f"and {total['low']} low; {(contacts == 'day').mean():.0%} of the {len(contacts)} dated contacts "
            f"are dated to the day.")


def caveats(data) -> pd.DataFrame:
    """The counts behind the coverage caveats, each with its n."""
    e = data.episodes
    cites = data.citations[data.citations["table"] == "episodes"].merge(data.sources, on="source_id")
    voices = cites.groupby("record_id")["origin_side"].agg(lambda s: set(s.astype(str)))
    us_only = int(voices.map(lambda v: v == {"us"}).sum())
    secret = e[e["channel_kind"] != "front"]
    def see(title: str, text: str) -> links.Link:  # a link to the codebook section that explains the caveat
        return links.Link(text, f"methods.html#{cb.slug(title)}")

    rows = [
        (links.term("confidence", "high", "Episodes of high confidence"), int((e["confidence"] == "high").sum()), len(e)),
        (links.term("confidence", "low", "Episodes of low confidence"), int((e["confidence"] == "low").sum()), len(e)),
        (links.term("origin_side", "us", "Episodes resting on US government sources alone"), us_only, len(e)),
        (see("Confidence", "Episodes with a single source"), int((e["sources"] == 1).sum()), len(e)),
        (see("Disclosure: the first public report", "Back and related channels with no known date of disclosure"),
         int(secret["disclosed"].isna().sum()), len(secret)),
        (see("Inclusion rules", "Episodes with no dated contact"), int((e["contacts"] == 0).sum()), len(e)),
        (see("Counts that sources disagree on", "Episodes whose meetings no source counts"),
         int(e["meetings_best"].isna().sum()), len(e)),
        (see("Dates and their precision", "Contacts dated to the day"),
         int((data.contacts["date_precision"] == "day").sum()), len(data.contacts)),
    ]
    return pd.DataFrame([{"measure": m, "count": k, "out of": n, "share": f"{k / n:.0%}" if n else ""}
                         for m, k, n in rows])
