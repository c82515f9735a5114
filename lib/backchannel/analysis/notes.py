"""Notes on every statement: each record a page shows carries markers to the sources that support it (with
the page, document or paragraph where the citation gives one); the page ends with its numbered notes, each
linking to the source's bibliography entry, to the source itself, and back to the rows it supports."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import labels, links
from ..data.dates import in_words


@dataclass
class _Use:
    anchor: str  # the row's id on the page
    label: str  # the row in words ('contact of 17 December 2014')
    says: str  # the citation's locator and note, where it has them


@dataclass
class Notes:
    """The notes of one page: sources are numbered in the order the page first cites them; on an episode's page,
    `within` is its id, which the ids of its own rows leave out."""
    data: object
    within: str = ""
    numbers: dict[str, int] = field(default_factory=dict)
    uses: dict[str, list[_Use]] = field(default_factory=dict)
    anchors: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def __post_init__(self):
        cites = self.data.citations
        self._rows = cites.groupby(["table", "record_id"], observed=True, sort=False).indices
        self._source = cites["source_id"].astype(str).to_numpy()
        self._field = cites["field"].fillna("").astype(str).to_numpy()
        self._locator = cites["locator"].fillna("").astype(str).to_numpy()
        self._note = cites["note"].fillna("").astype(str).to_numpy()
        self._sources = self.data.sources.set_index("source_id")

    def marks(self, table: str, record_id: str, label: str, fields: tuple[str, ...] | None = None) -> links.Marks:
        """The markers of one record: one per source, '[3]' or '[3, p. 12]'. With `fields`, only the citations
        of those fields (or, if none, those of the whole record)."""
        rows = self._rows.get((table, str(record_id)), [])
        if fields is not None:
            chosen = [i for i in rows if self._field[i] in fields]
            rows = chosen or [i for i in rows if not self._field[i]]
        anchor = self._anchor(table, str(record_id), label)
        by_source: dict[str, list[int]] = {}
        for i in rows:
            by_source.setdefault(self._source[i], []).append(i)
        marks = []
        for source_id, cited in by_source.items():
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            locators = list(dict.fromkeys(self._locator[i] for i in cited if self._locator[i]))
            said = [self._note[i] + (f" ({self._locator[i]})" if self._locator[i] else "") if self._note[i]
                    else (self._locator[i] and f"at {self._locator[i]}") for i in cited]
            self.uses.setdefault(source_id, []).append(_Use(anchor, label, "; ".join(s for s in said if s)))
            text = f"[{number}" + (f", {'; '.join(locators)}" if locators else "") + "]"
            marks.append(links.Link(text, f"#note-{number}", css="note"))  # named on hover by the site's script
        return links.Marks(anchor, tuple(marks))

    def _anchor(self, table: str, record_id: str, label: str) -> str:
        """The id of one record's markers on the page: the record's anchor; '-2', '-3'... when the same record
        is marked again for another row (an episode's summary and its metrics), so ids stay unique."""
        key = (table, record_id, label)
        if key not in self.anchors:
            base = links.record_anchor(table, record_id, self.within)
            taken = set(self.anchors.values())
            anchor, n = base, 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            self.anchors[key] = anchor
        return self.anchors[key]

    def column(self, table: str, record_ids, labels, fields: tuple[str, ...] | None = None) -> list[links.Marks]:
        """The markers of many records, for a table's 'sources' column."""
        return [self.marks(table, record, label, fields) for record, label in zip(record_ids, labels)]

    def table(self) -> pd.DataFrame:
        """The page's notes in number order: the source (its bibliography entry), publisher and date, a link to
        read it, what it says where the citation notes it, and links back to the rows it supports."""
        rows = []
        for source_id, number in sorted(self.numbers.items(), key=lambda item: item[1]):
            source = self._sources.loc[source_id]
            uses = self.uses[source_id]
            rows.append({
                "note": links.Anchor(f"[{number}]", f"note-{number}"),
                "source": [links.source_entry(source_id, str(source["title"]),
                                              labels.bibliography_key(source["author"], source["publisher"]))],
                "publisher": source["publisher"],
                "published": in_words(source["published"]) if pd.notna(source["published"]) else "",
                "read": [links.read(source["url"])],
                "supports": [links.Link(f"↩ {label}", f"#{anchor}") for anchor, label in
                             dict.fromkeys((use.anchor, use.label) for use in uses)],
                "what it says": " · ".join(dict.fromkeys(f"{use.label}: {use.says}" for use in uses if use.says)),
            })
        return pd.DataFrame(rows, columns=["note", "source", "publisher", "published", "read", "supports",
                                           "what it says"])


# The fields of an episode behind each row of its metrics table (rows drawn from other tables have their own notes).
METRIC_FIELDS = {"Time period": ("start", "end"), "Number of meetings": ("meetings_low", "meetings_best", "meetings_high"),
                 "Main objective": ("main_objective",), "Outcome": ("outcome",)}


def metric_marks(notes: Notes, episode_id: str, metrics: pd.DataFrame) -> list[links.Marks | str]:
    """Markers for the rows of an episode's metrics table: the sources of the episode's fields behind each row;
    rows made of other records point to those records' own notes further down."""
    return [notes.marks("episodes", episode_id, f"metrics: {metric.lower()}", METRIC_FIELDS[metric])
            if metric in METRIC_FIELDS else "see the rows below" for metric in metrics["Metric"]]


def sources_sentence(page_notes: pd.DataFrame) -> str:
    """How many sources, from how many publishers, support a page (its `Notes.table`)."""
    return (f"{labels.plural(len(page_notes), 'source')} from {labels.plural(page_notes['publisher'].nunique(), 'publisher')} "
            "support the rows of this page.")
