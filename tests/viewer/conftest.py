"""Debian's Chromium driven by Playwright, for the pages the app serves (the viewer, /docs).

Fixtures and helpers:
- `chromium_browser`: one headless Chromium per module.
- `open_page(browser, url, path="/")`: a page of the app, as on a machine without internet: every
  request to another host than 127.0.0.1 is refused. On leaving, no such request was made, no
  console error was logged and no dialog opened.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
VENDOR = Path(__file__).resolve().parents[2] / "api" / "static" / "vendor"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason=f"needs {CHROMIUM}: `make test` installs it"),
    pytest.mark.skipif(
        not (VENDOR / "cytoscape.min.js").exists(), reason="needs the npm bundles: `make test` copies them"
    ),
]


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@contextmanager
def open_page(chromium_browser, url: str, *, path: str = "/"):  # type: ignore[no-untyped-def]
    """The page at `url` + `path`, offline; checked on leaving (see the module docstring)."""
    context = chromium_browser.new_context(viewport={"width": 1300, "height": 800}, accept_downloads=True)
    outside: list[str] = []

    def offline(route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", offline)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + path)
    yield page
    assert outside == [], outside
    assert errors == [], errors
    assert dialogs == [], dialogs
    context.close()
