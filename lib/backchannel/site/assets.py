"""The files every page shares, written once per build into `assets/`: the site's stylesheet and script, and
the notebook theme (nbconvert's lab template CSS), which the pages link instead of inlining it."""
from __future__ import annotations

from pathlib import Path

from jupyter_core.paths import jupyter_path

from .render import write_atomic

OWN = Path(__file__).resolve().parent / "assets"
FOLDER = "assets"
STYLESHEETS = ("notebook.css", "site.css")  # in this order: the site's rules override the theme's


def notebook_css() -> bytes:
    """nbconvert's lab theme (light), as its template would inline it in every page."""
    for templates in jupyter_path("nbconvert", "templates"):
        static = Path(templates) / "lab" / "static"
        if (static / "index.css").is_file():
            return (static / "index.css").read_bytes() + b"\n" + (static / "theme-light.css").read_bytes()
    raise FileNotFoundError("nbconvert's lab template (static/index.css) is not installed: run `make env`")


def write_assets(out: Path) -> None:
    """Write assets/notebook.css, assets/site.css and assets/site.js into the site `out`."""
    write_atomic(out / FOLDER / "notebook.css", notebook_css())
    for name in ("site.css", "site.js"):
        write_atomic(out / FOLDER / name, (OWN / name).read_bytes())


def head_links(prefix: str = "") -> str:
    """The <link> and <script> tags a page's <head> needs (`prefix` for a page in a subfolder, e.g. '../')."""
    links = "".join(f'<link rel="stylesheet" href="{prefix}{FOLDER}/{name}">' for name in STYLESHEETS)
    return links + f'<script src="{prefix}{FOLDER}/site.js" defer></script>'
