"""Links a reader follows from tables and charts: to an episode's page, a person's or an institution's entry,
a source's bibliography entry, or the source's own address (in a new tab)."""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

SAFE_HREF = re.compile(r"^(https?://[^\s\"'<>]+|[A-Za-z0-9._-]+\.html(#[A-Za-z0-9._-]+)?|#[A-Za-z0-9._-]+)$")
SAFE_ID = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Link:
    """A link in a table cell: a page of the site, a place on this page, or a source's own address (new tab);
    `title` is shown on hover."""
    text: str
    href: str
    title: str = ""
    css: str = ""

    def html(self) -> str:
        text = html.escape(self.text)
        if not SAFE_HREF.match(self.href):
            return text
        external = self.href.startswith("http")
        extra = ' target="_blank" rel="noopener"' if external else ""
        extra += f' title="{html.escape(self.title, quote=True)}"' if self.title else ""
        extra += f' class="{self.css}"' if SAFE_ID.match(self.css) else ""
        return f'<a href="{html.escape(self.href, quote=True)}"{extra}>{text}</a>'

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


def episode_page(episode_id: str) -> str:
    """The address of an episode's own report page."""
    return f"episode-{episode_id}.html"


def episode(episode_id: str, text: str) -> Link:
    """A link to an episode's own report page."""
    return Link(text, episode_page(episode_id))


def episodes_column(episode_ids, titles) -> list[list[Link]]:
    """A table column of links to episode pages, one cell per row: `titles` its text, one per id."""
    return [[episode(e, t)] for e, t in zip(episode_ids, titles)]


def actors_column(actor_ids, names) -> list[list[Link]]:
    """A table column of links to actors' entries on the people page, one cell per row."""
    return [[actor(a, n)] for a, n in zip(actor_ids, names)]


def actor_anchor(actor_id: str) -> str:
    return f"actor-{actor_id}"


def actor_page(actor_id: str) -> str:
    """The address of a person's, a state's or an institution's entry on the people page."""
    return f"people.html#{actor_anchor(actor_id)}"


def actor(actor_id: str, text: str) -> Link:
    """A link to a person's, a state's or an institution's entry on the people page."""
    return Link(text, actor_page(actor_id))


def source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


ALL_LETTERS = "a-z"
BIBLIOGRAPHY_LETTERS = ("a-c", "d-j", "k-o", "p-s", "t-z")  # the site's bibliography pages, of about 200 sources each


def letters_of(key: str) -> str:
    """The bibliography page (its letters, 'd-j') that files `key` (labels.bibliography_key): by its first letter
    without accents; digits and signs go first, with A."""
    initial = unicodedata.normalize("NFKD", key[:1]).encode("ascii", "ignore").decode().lower()
    return next((letters for letters in BIBLIOGRAPHY_LETTERS if letters[0] <= initial <= letters[-1]),
                BIBLIOGRAPHY_LETTERS[0])


def bibliography_page(letters: str) -> str:
    """The page of the bibliography's part `letters`: the first part is bibliography.html, the others
    bibliography-d-j.html..."""
    return "bibliography.html" if letters in (ALL_LETTERS, BIBLIOGRAPHY_LETTERS[0]) else f"bibliography-{letters}.html"


def source_entry(source_id: str, text: str, key: str) -> Link:
    """A link to a source's entry in the bibliography, on the page of the letters its `key` files under."""
    return Link(text, f"{bibliography_page(letters_of(key))}#{source_anchor(source_id)}")


def read(url: str, text: str | None = None) -> Link:
    """A link to a source's own address, named by where it leads ('read at history.state.gov')."""
    from urllib.parse import urlsplit

    host = urlsplit(str(url)).hostname or "the source's address"
    return Link(text or f"read at {host.removeprefix('www.').rstrip('.')}", url)


def record_anchor(table: str, record_id: str, within: str = "") -> str:
    """The id of a record's row on a page ('contacts-2014-...--03'), for notes to link back to; on the page of
    episode `within`, its own records drop the episode's id ('contacts-03', 'participation-fidel-castro-principal')."""
    record_id = str(record_id)
    if within and record_id.startswith(within):
        record_id = record_id[len(within):].lstrip("-")
    return "-".join(part for part in (table, re.sub(r"[^A-Za-z0-9._-]+", "-", record_id)) if part)


# A field name that several tables share with different vocabularies: the table named here keeps the short
# glossary anchor "term-<field>-<value>", the others get "term-<table>-<field>-<value>". The methods page
# refuses to build when a shared field name is missing here (its anchors would collide).
TERM_TABLES = {"side": "participation", "kind": "actors", "mode": "episodes", "level": "contacts"}


def term_key(field: str, table: str | None = None) -> str:
    """'<field>', or '<table>-<field>' for the less central of two tables sharing a field name."""
    central = TERM_TABLES.get(field)
    return f"{table}-{field}" if table and central and table != central else field


def term_anchor(field: str, value, table: str | None = None) -> str:
    """The id of a vocabulary value's definition on the methods page: 'term-channel_kind-back'."""
    return f"term-{term_key(field, table)}-{value}"


def term(field: str, value, text: str | None = None, table: str | None = None) -> Link:
    """A link to a vocabulary value's definition in the glossary of the methods page; the text defaults to
    the value in words ('partly reversed'). Pass `table` for fields several tables share (side, kind...)."""
    from .labels import value as in_words

    return Link(in_words(value) if text is None else text, f"methods.html#{term_anchor(field, value, table)}")


@dataclass(frozen=True)
class Marks:
    """The note markers of one record in a table cell; `anchor` is the row's id, which the notes link back to."""
    anchor: str
    notes: tuple[Link, ...]

    def html(self) -> str:
        marks = " ".join(note.html() for note in self.notes)
        return f'<span id="{self.anchor}" class="marks">{marks}</span>' if SAFE_ID.match(self.anchor) else marks

    def __str__(self) -> str:
        return " ".join(note.text for note in self.notes)
