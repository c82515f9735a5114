"""Links a reader follows from tables and charts: to an episode's page, a person's or an institution's entry,
a source's bibliography entry, or the source's own address (in a new tab)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

SAFE_HREF = re.compile(r"^(https?://[^\s\"'<>]+|[A-Za-z0-9._-]+\.html(#[A-Za-z0-9._-]+)?)$")
SAFE_ID = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Link:
    """A link in a table cell: a page of the site, or a source's own address (new tab)."""
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


@dataclass(frozen=True)
class Anchor:
    """A table cell that other pages link to (a person on the people page, a source in the bibliography)."""
    text: str
    id: str

    def html(self) -> str:
        text = html.escape(self.text)
        return f'<span id="{self.id}">{text}</span>' if SAFE_ID.match(self.id) else text

    def __str__(self) -> str:
        return self.text


def episode(episode_id: str, text: str) -> Link:
    """A link to an episode's own report page."""
    return Link(text, f"episode-{episode_id}.html")


def actor_anchor(actor_id: str) -> str:
    return f"actor-{actor_id}"


def actor(actor_id: str, text: str) -> Link:
    """A link to a person's, a state's or an institution's entry on the people page."""
    return Link(text, f"people.html#{actor_anchor(actor_id)}")


def source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


def source_entry(source_id: str, text: str) -> Link:
    """A link to a source's entry in the bibliography."""
    return Link(text, f"bibliography.html#{source_anchor(source_id)}")


def read(url: str, text: str = "read the source") -> Link:
    """A link to a source's own address."""
    return Link(text, url)
