"""The frame around every page: a skip link, the site's header with its sections, breadcrumbs, and the previous
and next episode in time order. The report template and the index both take their header from here."""
from __future__ import annotations

import html
from dataclasses import dataclass

from .reports import Report

SECTIONS = (("index.html", "All reports"), ("timeline.html", "Timeline"), ("index.html#episodes", "Episodes"),
            ("people.html", "People"), ("outcomes.html", "Outcomes"), ("channels.html", "Channels"),
            ("hypotheses.html", "Hypotheses"), ("claims.html", "Claims"), ("bibliography.html", "Bibliography"),
            ("methods.html", "Methods and glossary"), ("index.html#data", "Data"))
MAIN_ID = "bc-main"

CSS = """
.bc-skip { position: absolute; left: -999px; top: .5rem; background: #fff; padding: .4rem .8rem; z-index: 10; }
.bc-skip:focus { left: .5rem; }
header.bc-header { font-family: system-ui, sans-serif; font-size: .9rem; max-width: 72rem; margin: 0 auto;
                   padding: .6rem 1rem; border-bottom: 1px solid #ddd; }
header.bc-header ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
header.bc-header a { color: #0550ae; text-decoration: underline; }
header.bc-header a[aria-current] { font-weight: 600; text-decoration: none; color: #222; }
nav.bc-crumbs, nav.bc-sequence { margin-top: .4rem; color: #444; }
nav.bc-sequence { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .3rem 1rem; }
"""


@dataclass(frozen=True)
class Neighbours:
    """The episodes before and after one episode, in time order: (page, title) or None."""
    previous: tuple[str, str] | None = None
    next: tuple[str, str] | None = None


def neighbours(reports: list[Report], episodes: dict[str, dict]) -> dict[str, Neighbours]:
    """For each episode report, the episode reports before and after it by start date (then id)."""
    ordered = sorted((r for r in reports if r.parameters.get("episode_id") in episodes),
                     key=lambda r: (episodes[r.parameters["episode_id"]].get("start", ""), r.parameters["episode_id"]))
    found = {}
    for i, report in enumerate(ordered):
        before = ordered[i - 1] if i > 0 else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        found[report.id] = Neighbours(*((f"{r.id}.html", r.title) if r else None for r in (before, after)))
    return found


def header(page: str, title: str = "", kind: str = "", around: Neighbours | None = None) -> str:
    """The skip link and header of `page` ('timeline.html'): the site's sections, the breadcrumbs to `title`
    and, for an episode, links to the episodes before and after it."""
    e = html.escape
    current = ' aria-current="page"'
    items = "".join(f'<li><a href="{href}"{current if href == page else ""}>{e(name)}</a></li>'
                    for href, name in SECTIONS)
    crumbs = ""
    if title:
        middle = '<a href="index.html#episodes">Episodes</a> › ' if kind == "episodes" else ""
        crumbs = (f'<nav class="bc-crumbs" aria-label="Breadcrumb"><a href="index.html">All reports</a> › {middle}'
                  f'<span aria-current="page">{e(title)}</span></nav>')
    sequence = ""
    if around and (around.previous or around.next):
        links = [f'<a href="{e(href)}" rel="{rel}">{arrow}{e(name)}{tail}</a>' if link else "<span></span>"
                 for link, rel, arrow, tail in ((around.previous, "prev", "← Earlier: ", ""),
                                                (around.next, "next", "Later: ", " →"))
                 for href, name in [link or ("", "")]]
        sequence = f'<nav class="bc-sequence" aria-label="Episodes in time order">{"".join(links)}</nav>'
    return (f'<a class="bc-skip" href="#{MAIN_ID}">Skip to the content</a>'
            f'<header class="bc-header"><nav aria-label="Site"><ul>{items}</ul></nav>{crumbs}{sequence}</header>')
