"""The "Cite this page" block of every page: the Chicago reference with the page's address, a copy button,
links to the page's BibTeX, RIS and CSL-JSON files, the licence and the data version.

`page_citation` runs where a page is rendered (a build worker, or the main process for the index): it
writes the page's three small files under `cite/` and returns what the page shows."""
from __future__ import annotations

import html
from pathlib import Path

from . import citation_formats, citation_items, citing



def page_citation(out: Path, page_id: str, title: str, version: str, base_url: str | None, as_of=None,
                  heading: str = "Cite this page", extra: str = "") -> dict:
    """Write cite/<page_id>.bib|.ris|.json into the site `out` and return the page's citation:
    {"html": the block, "text": the Chicago reference, "url": the page's address or None}; the copy button's script is
    the site's (assets/site.js)."""
    from ..data.dates import in_words

    cff = citation_items.read_cff()
    day = citation_items.as_of_date(as_of)
    item = citation_items.page_item(page_id, title, version, base_url, day, cff)
    files = citing.write_cite_files(out, page_id, item)
    text = citation_formats.chicago(item)
    return {"html": block(text, item.get("URL"), files, version, cff, heading, extra, in_words(day.isoformat())),
            "text": text, "url": item.get("URL")}


def block(text: str, url: str | None, files: dict[str, str], version: str, cff: citation_items.Cff,
          heading: str = "Cite this page", extra: str = "", as_of: str = "") -> str:
    """The block's HTML (no ids, so any number of blocks fit on a page; its script comes once after them)."""
    e = html.escape
    shown = e(text)
    if url:  # the address in the reference is a link
        shown = shown.replace(e(url), f'<a href="{e(url)}">{e(url)}</a>', 1)
    links = " · ".join(f'<a href="{e(path)}" download>{e(citing.FORMATS[ext])}</a>' for ext, path in files.items())
    licence = (f'<a rel="license" href="{e(cff.license_url)}">{e(cff.license_name)}</a>' if cff.license_url
               else e(cff.license_name))
    meta = [f"Download this citation: {links}"]
    if licence:
        meta.append(f"Licence: {licence}")
    meta.append(f"Data version <code>{e(version)}</code>" + (f", figures as of {e(as_of)}" if as_of else ""))
    return (f'<section class="bc-cite" aria-label="{e(heading)}"><p class="bc-cite-head">{e(heading)}</p>'
            f'<div class="bc-cite-row"><p class="bc-cite-text">{shown}</p>'
            '<div class="bc-cite-actions"><button type="button" class="bc-cite-copy" hidden>Copy citation</button>'
            '<span class="bc-cite-status" role="status" aria-live="polite"></span></div></div>'
            f'<p class="bc-cite-meta">{" · ".join(meta)}</p>'
            f"{extra}</section>")


def site_citation(out: Path, version: str, base_url: str | None, as_of=None) -> dict:
    """The index's block: the whole site, plus the bibliography of every source in the three formats."""
    e = html.escape
    links = " · ".join(f'<a href="{e(path)}" download>{e(citing.FORMATS[ext])}</a>'
                       for ext, path in citing.bibliography_paths().items())
    extra = (f'<p class="bc-cite-meta">Every source we read, as one bibliography: {links}.</p>'
             '<p class="bc-cite-meta">References are formatted in the Chicago author-date style of the '
             '<a href="https://citationstyles.org/">Citation Style Language</a> project (CC BY-SA 3.0).</p>')
    return page_citation(out, citation_items.SITE_ID, citation_items.read_cff().title, version, base_url, as_of,
                         heading="Cite this site", extra=extra)
