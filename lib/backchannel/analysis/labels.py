"""Words: every vocabulary value and column name as a reader sees it in tables and charts (from the loaded
package's descriptor), counts with their plurals, periods and durations, and how directories file names."""
from __future__ import annotations

import json
import re
from functools import lru_cache

from .. import paths
from ..data.dates import span_in_words
from .links import ALL_LETTERS, BIBLIOGRAPHY_LETTERS

VALUE_WORDS = {
    "us": "United States", "cu": "Cuba", "third_party": "third party", "third": "third state",
    "both": "both governments", "none": "neither government", "in_person": "in person",
    "oral_message": "oral message", "diplomatic_note": "diplomatic note",
    "embassy_or_interests_section": "embassy or interests section", "un_headquarters": "UN headquarters",
    "heads_of_state": "heads of state", "public_at_the_time": "public at the time",
    "un": "UN", "ngo": "non-governmental organisation",
}
VALUE_WORDS.update({letters: letters.upper().replace("-", "–") for letters in (ALL_LETTERS, *BIBLIOGRAPHY_LETTERS)})
COLUMN_WORDS = {
    "letters": "authors and publishers", "us_era": "US president", "cu_era": "Cuban leader", "channel_kind": "kind of channel",
    "origin_side": "whose voice", "status_date": "status since", "changed_by": "changed by",
    "agreed_on": "agreed on", "announced_on": "announced on", "venue_kind": "venue",
    "initiator_side": "opened by", "sanctioned_by": "sanctioned by", "main_objective": "main objective",
    "termination_cause": "how it ended", "disclosure": "how it became public", "disclosed": "made public",
    "disclosure_outlet": "first public report", "meetings_low": "meetings (fewest counted)",
    "meetings_best": "meetings (best estimate)", "meetings_high": "meetings (most counted)",
    "days_in_effect": "days in effect", "url": "address", "is_primary": "main issue",
}
_descriptor: dict | None = None  # the loaded package's (use_descriptor); else the one paths.data_dir() finds


def use_descriptor(descriptor: dict) -> None:
    """Read the vocabularies from `descriptor`, the descriptor of the package a notebook loaded (display.start)."""
    global _descriptor
    if descriptor is not _descriptor:
        _descriptor = descriptor
        _enums.cache_clear()
        vocabulary.cache_clear()


@lru_cache(maxsize=1)
def _enums() -> dict[str, dict[str, frozenset[str]]]:
    """{field: {table: its vocabulary}} for every field of the descriptor that has one."""
    descriptor = _descriptor or json.loads((paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    enums: dict[str, dict[str, frozenset[str]]] = {}
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field.get("constraints", {}).get("enum"):
                enums.setdefault(field["name"], {})[resource["name"]] = frozenset(field["constraints"]["enum"])
    return enums


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every vocabulary value the data package's descriptor declares."""
    return frozenset(value for tables in _enums().values() for values in tables.values() for value in values)


def term_table(field: str, code) -> str | None:
    """The table whose vocabulary of `field` holds `code` (the central one when several do), or None when
    `code` is no value of `field`: which glossary entry a table cell links to."""
    from .links import TERM_TABLES

    tables = [table for table, values in _enums().get(str(field), {}).items() if str(code) in values]
    if not tables:
        return None
    return TERM_TABLES.get(str(field)) if len(tables) > 1 and TERM_TABLES.get(str(field)) in tables else tables[0]


def value(text) -> str:
    """A vocabulary value in words: 'partial_agreement' -> 'partial agreement', 'us' -> 'United States'."""
    text = str(text)
    return VALUE_WORDS.get(text, text.replace("_", " "))


def when(start, end=None, open_end: str | None = None) -> str:
    """A period in words at the precision the sources give: 'June 2013 to 17 December 2014', 'March 1999'."""
    return span_in_words(start, end, open_end)


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 agreement', '3 agreements'."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def duration(days) -> str:
    """A duration in words: '12 days', '5 months', '3.4 years'."""
    days = int(days)
    if days < 62:
        return plural(days, "day")
    if days < 730:
        return plural(round(days / 30.44), "month")
    return f"{days / 365.25:.1f} years"


def column(name) -> str:
    """A column name in words: 'origin_side' -> 'whose voice', 'status_date' -> 'status since'."""
    name = str(name)
    return COLUMN_WORDS.get(name, name.replace("_", " "))


def cell(text) -> str:
    """A table cell: vocabulary values in words, everything else as it is."""
    return value(text) if str(text) in vocabulary() else text


TITLES = {"pope", "archbishop", "cardinal", "monsignor", "bishop", "father", "senator", "ambassador", "general",
          "colonel", "captain", "admiral", "president", "king", "queen", "prince", "sir", "dr.", "rev."}
SUFFIXES = {"jr.", "jr", "sr.", "sr"}
PARTICLES = {"de", "del", "la", "las", "los", "y", "van", "von", "da", "do", "dos"}


def surname_key(name: str, hispanic: bool = False) -> str:
    """How a directory files a person: by surname, then given names ('John F. Kennedy' -> 'kennedy john f.').
    Hispanic names file under the first of two surnames ('Bruno Rodríguez Parrilla' -> 'rodríguez parrilla
    bruno'); titles, suffixes and initials never lead."""
    words = [w for w in name.split() if w.lower() not in SUFFIXES and not w.startswith(('"', "“"))  # nicknames
             and not re.fullmatch(r"[IVXLC]+", w)]  # regnal numbers: 'Pope Leo XIV' files under L
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    cut = _surname_start(words, len(words))  # the last surname, with its particles ('de Cossío')
    if hispanic and cut > 1 and not _initial(words[cut - 1]):
        cut = _surname_start(words, cut)  # the first of two surnames
    while cut < len(words) - 1 and words[cut].lower() in PARTICLES:  # 'da Silva' files under S
        cut += 1
    return " ".join(words[cut:] + words[:cut]).lower()


def bibliography_key(author, publisher) -> str:
    """How the bibliography files a source: by its author, or its publisher where no author is named, without
    leading quotation marks ('“Cuba…”' files under C)."""
    name = author if isinstance(author, str) and author else str(publisher)
    return name.lower().lstrip("\"'“‘¡¿(")


def _initial(word: str) -> bool:
    return word.endswith(".") or len(word) == 1


def _surname_start(words: list[str], end: int) -> int:
    """Where the surname that ends before `end` begins: its last word, and the particles before it; never the
    first word (a given name), unless it is the only one."""
    start = max(end - 1, min(1, len(words) - 1))
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return start
