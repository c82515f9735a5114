"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[1] / "reports" / "test-screenshots"


def chromium_path() -> str:
    """Debian's Chromium; its absence is a failure (`.ci/run` installs it), never a skip."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is required for the browser tests: apt-get install chromium (.ci/run does it)"
    return path


@contextmanager
def served(folder: Path):
    """A static HTTP server for `folder`; yields its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))

    class Quiet(handler.func):
        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class PageWatch:
    """Collects console errors and page errors of one page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))


def broken_images(page) -> list[str]:
    """Images that fail to decode; lazy images are loaded first."""
    return page.evaluate("""async () => {
        const imgs = [...document.images];
        imgs.forEach(i => { i.loading = "eager"; });
        const failed = await Promise.all(imgs.map(i => i.decode().then(() => null, () => i.src.slice(0, 80))));
        return failed.filter(Boolean).concat(imgs.filter(i => i.naturalWidth === 0).map(i => i.src.slice(0, 80)));
    }""")


def overflow(page) -> int:
    """How far the page is wider than the viewport (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
