"""The frame around every page: a skip link, the site's header with its sections, breadcrumbs, and the previous
and next episode in time order. The report template and the index both take their header from here."""
from __future__ import annotations

import html
from dataclasses import dataclass

from .reports import EPISODES, Report

SECTIONS = (("index.html", "Home"), ("timeline.html", "Timeline"), ("episodes.html", "Episodes"),
            ("people.html", "People"), ("outcomes.html", "Outcomes"), ("channels.html", "Channels"),
            ("hypotheses.html", "Hypotheses"), ("claims.html", "Claims"), ("bibliography.html", "Bibliography"),
            ("methods.html", "Methods and glossary"), ("search.html", "Search"), ("index.html#data", "Data"))
MAIN_ID = "bc-main"



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


def header(page: str, title: str = "", kind: str = "", around: Neighbours | None = None,
           contents: list[tuple[str, str]] | None = None) -> str:
    """The skip link and header of `page` ('timeline.html'): the site's sections, the breadcrumbs to `title`,
    for an episode the episodes before and after it, and on a long page its `contents` ((anchor, heading)...)."""
    e = html.escape
    current = ' aria-current="page"'
    items = "".join(f'<li><a href="{href}"{current if href == page else ""}>{e(name)}</a></li>'
                    for href, name in SECTIONS)
    crumbs = ""
    if title:
        middle = '<a href="episodes.html">Episodes</a> › ' if kind == EPISODES else ""
        crumbs = (f'<nav class="bc-crumbs" aria-label="Breadcrumb"><a href="index.html">Home</a> › {middle}'
                  f'<span aria-current="page">{e(title)}</span></nav>')
    sequence = ""
    if around and (around.previous or around.next):
        links = [f'<a href="{e(href)}" rel="{rel}">{arrow}{e(name)}{tail}</a>' if link else "<span></span>"
                 for link, rel, arrow, tail in ((around.previous, "prev", "← Earlier: ", ""),
                                                (around.next, "next", "Later: ", " →"))
                 for href, name in [link or ("", "")]]
        sequence = f'<nav class="bc-sequence" aria-label="Episodes in time order">{"".join(links)}</nav>'
    toc = ""
    if contents:
        toc = ('<nav class="bc-toc" aria-label="On this page"><span>On this page:</span> <ul>'
               + "".join(f'<li><a href="#{e(anchor, quote=True)}">{e(text)}</a></li>' for anchor, text in contents)
               + "</ul></nav>")
    return (f'<a class="bc-skip" href="#{MAIN_ID}">Skip to the content</a>'
            f'<header class="bc-header"><nav aria-label="Site"><ul>{items}</ul></nav>{crumbs}{sequence}{toc}</header>')
