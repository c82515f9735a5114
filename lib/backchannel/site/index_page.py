"""The site's index page: every report grouped by kind, with its finding, thumbnail and status."""
from __future__ import annotations

import html

from ..analysis.labels import value
from .citation_block import CSS, SCRIPT
from . import frame
from .render import Result, day_in_words


def _episode_of(result: Result, episodes: dict) -> dict | None:
    return episodes.get(result.report.parameters.get("episode_id", ""))


def render_index(results: list[Result], data_version: str, seconds: float, episodes: dict | None = None,
                 as_of: str = "", cite_html: str = "") -> str:
    """The index: reports grouped by kind, episode reports in time order with year and kind of channel; a page
    built from an older data version (its records unchanged since) says so. `cite_html` (citation_block's block
    for the whole site) takes the place of the one-line "Cite as"."""
    episodes = episodes or {}
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.report.kind, []).append(result)
    e = html.escape
    sections = []
    for kind, members in groups.items():
        cards = []
        members = sorted(members, key=lambda r: (_episode_of(r, episodes) or {}).get("start", ""))
        for r in members:
            episode = _episode_of(r, episodes)
            meta = (f'<p class="meta">{e(episode["start"][:4])} · {e(value(episode["channel_kind"]))} channel</p>'
                    if episode else "")
            thumb = (f'<img src="{e(r.thumbnail)}" alt="First chart of {e(r.report.title)}" loading="lazy">'
                     if r.thumbnail else '<div class="nothumb">no chart</div>')
            status = ('<p class="failed">Failed: ' + e(r.error) + "</p>") if not r.ok else ""
            if r.version and r.version != data_version:
                status += (f'<p class="older">Built from data version {e(r.version)}: the records it shows '
                           "have not changed since.</p>")
            cards.append(f'<li class="card{"" if r.ok else " is-failed"}"><a href="{e(r.report.id)}.html">'
                         f"{thumb}<h3>{e(r.report.title)}</h3></a>{meta}{status}"
                         f'<p class="finding">{e(r.finding)}</p></li>')
        sections.append(f'<section id="{e(kind)}"><h2>{e(kind.capitalize())}</h2><ul class="cards">{"".join(cards)}</ul></section>')
    failed = sum(not r.ok for r in results)
    reused = sum(r.reused for r in results)
    built = day_in_words(as_of) if as_of else ""
    about = (f"<p>Data version <strong>{e(data_version)}</strong>, a fingerprint of every file in the data package: "
             f"two copies of the data with the same version are identical. Figures as of {built}.</p>"
             '<p>How the data was made, what each term means and what could not be sourced: '
             '<a href="methods.html">methods and glossary</a>. Every row on the report pages carries numbered '
             "notes that lead to its sources.</p>"
             '<p>Download the data: <a href="downloads/backchannel-data.zip">the data package</a> (CSV tables, '
             '<code>datapackage.json</code> and the codebook, zipped) or <a href="downloads/backchannel.sqlite">'
             "one SQLite database</a> that Datasette or any SQL client opens, with its foreign keys, full-text search "
             'and <a href="downloads/metadata.json">Datasette metadata</a> '
             "(<code>datasette backchannel.sqlite -m metadata.json</code>).</p>"
             f'<p class="cite">Cite as: backchannel project, <em>Back channels between the United States and Cuba, '
             f"1959 to today</em>, data version {e(data_version)}, {built}. The repository's CITATION.cff gives the "
             "details.</p>")
    if cite_html:
        about = about[:about.index('<p class="cite">')] + cite_html
    details = (f"{len(results)} reports, {failed} failed, {reused} reused from the previous build; "
               f"built in {seconds:.0f} s.")
    return TEMPLATE.format(sections="".join(sections), about=about, details=details,
                           site_header=frame.header("index.html"), frame_css=frame.CSS,
                           cite_css=CSS if cite_html else "", cite_script=SCRIPT if cite_html else "")


TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Back channels between the United States and Cuba: reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #222; }}
.cards {{ list-style: none; padding: 0; display: grid; gap: 1rem;
          grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }}
.card {{ border: 1px solid #ccc; border-radius: 6px; padding: .75rem; overflow-wrap: anywhere; }}
.card img {{ width: 100%; height: 9rem; object-fit: contain; object-position: top; }}
.card h3 {{ margin: .5rem 0; font-size: 1.05rem; }}
.card .meta {{ color: #555; font-size: .9rem; margin: 0; }}
#filter {{ width: 100%; max-width: 30rem; font-size: 1rem; padding: .3rem; }}
.card a {{ color: inherit; text-decoration: none; }}
.is-failed {{ border-color: #d55e00; background: #fff4ec; }}
.failed {{ color: #a33c00; font-weight: bold; }}
.nothumb {{ height: 6rem; display: grid; place-items: center; background: #f3f3f3; color: #666; }}
footer {{ color: #555; font-size: .9rem; margin-top: 2rem; }}
{frame_css}{cite_css}</style></head>
<body>{site_header}<main id="bc-main"><h1>Back channels between the United States and Cuba, 1959 to today</h1>
<p>Reports rendered from the backchannel notebooks and dataset.</p>
<p><label for="filter">Find a report by words in its title or finding:</label>
<input type="search" id="filter" placeholder="e.g. Tarnoff, migration, 1962"></p>
{sections}
<section id="data"><h2>Data, downloads and citation</h2>{about}</section></main>
<footer>{details}</footer>
<script>
document.getElementById("filter").addEventListener("input", function (event) {{
  var words = event.target.value.toLowerCase();
  document.querySelectorAll(".card").forEach(function (card) {{
    card.hidden = words !== "" && card.textContent.toLowerCase().indexOf(words) === -1;
  }});
}});
</script>{cite_script}</body></html>
"""
