"""Take the README screenshots from a rendered site (default reports/site) with Debian's Chromium.

Usage: python scripts/screenshots.py [SITE_DIR]"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "reports" / "site"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1100})
        page.goto((site / "index.html").as_uri(), wait_until="load")
        page.screenshot(path=OUT / "index.png")
        page.goto((site / "timeline.html").as_uri(), wait_until="load")
        page.screenshot(path=OUT / "timeline.png")
        phone = browser.new_page(viewport={"width": 390, "height": 1600}, device_scale_factor=1)
        phone.goto((site / "episode.html").as_uri(), wait_until="load")
        phone.screenshot(path=OUT / "report-episode-phone.png")
        browser.close()
    print(f"wrote index.png, timeline.png and report-episode-phone.png in {OUT}")


if __name__ == "__main__":
    main()
