"""Save a screenshot of the viewer on a running server: python scripts/screenshot.py URL OUT.png."""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def main(url: str, out: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 820})
        page.goto(url)
        page.fill("#q", "Blinken")
        page.wait_for_selector("#suggestions li")
        page.keyboard.press("Enter")
        page.wait_for_function("Number(document.querySelector('#cy').dataset.nodes || 0) > 1")
        page.wait_for_selector("#panel:not([hidden]) .event")
        page.wait_for_timeout(500)
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
