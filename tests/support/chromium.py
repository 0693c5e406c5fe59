"""Debian's Chromium driven by Playwright: never a downloaded browser; a skip names what lacks.

Playwright's sync API cannot start while another instance runs, so each user opens and
closes its own: a test, a module's fixture, or the browser package's one browser.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tests.conftest import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """A launched Chromium, closed afterwards; without Chromium or Playwright, a skip naming it."""
    require("Chromium", CHROMIUM.exists(), "apt-get install -y chromium")
    has_playwright = importlib.util.find_spec("playwright") is not None
    require("Playwright", has_playwright, "pip install -e '.[test]'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
