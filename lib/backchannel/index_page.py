"""The site's index page: every report grouped by kind, with its finding, thumbnail and status."""
from __future__ import annotations

import datetime as dt
import html
import platform

from .render import Result


def render_index(results: list[Result], data_version: str, seconds: float) -> str:
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.report.kind, []).append(result)
    e = html.escape
    sections = []
    for kind, members in groups.items():
        cards = []
        for r in members:
            thumb = (f'<img src="{e(r.thumbnail)}" alt="First chart of {e(r.report.title)}" loading="lazy">'
                     if r.thumbnail else '<div class="nothumb">no chart</div>')
            status = ('<p class="failed">Failed: ' + e(r.error) + "</p>") if not r.ok else ""
            cards.append(f'<li class="card{"" if r.ok else " is-failed"}"><a href="{e(r.report.id)}.html">'
                         f"{thumb}<h3>{e(r.report.title)}</h3></a>{status}"
                         f'<p class="finding">{e(r.finding)}</p></li>')
        sections.append(f'<section><h2>{e(kind.capitalize())}</h2><ul class="cards">{"".join(cards)}</ul></section>')
    failed = sum(not r.ok for r in results)
    reused = sum(r.reused for r in results)
    built = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    details = (f"Data version {e(data_version)} · {len(results)} reports, {failed} failed, {reused} reused "
               f"from the previous build · built {built} in {seconds:.1f} s · Python {e(platform.python_version())}")
    return TEMPLATE.format(sections="".join(sections), details=details)


TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Back channels between the United States and Cuba: reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #222; }}
.cards {{ list-style: none; padding: 0; display: grid; gap: 1rem;
          grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }}
.card {{ border: 1px solid #ccc; border-radius: 6px; padding: .75rem; overflow-wrap: anywhere; }}
.card img {{ width: 100%; height: auto; }}
.card h3 {{ margin: .5rem 0; font-size: 1.05rem; }}
.card a {{ color: inherit; text-decoration: none; }}
.is-failed {{ border-color: #d55e00; background: #fff4ec; }}
.failed {{ color: #a33c00; font-weight: bold; }}
.nothumb {{ height: 6rem; display: grid; place-items: center; background: #f3f3f3; color: #666; }}
footer {{ color: #555; font-size: .9rem; margin-top: 2rem; }}
</style></head>
<body><header><h1>Back channels between the United States and Cuba, 1959 to today</h1>
<p>Reports rendered from the backchannel notebooks and dataset.</p></header>
<main>{sections}</main>
<footer>{details}</footer></body></html>
"""
