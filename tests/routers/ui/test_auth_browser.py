"""Single sign-on in real Chromium (Debian's), through the real OpenID provider's pages."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import require

pytestmark = [pytest.mark.db, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def test_sign_in_and_out_in_chromium(sso_app_url: str) -> None:
    require("Chromium", CHROMIUM.exists(), "apt-get install -y chromium")
    has_playwright = importlib.util.find_spec("playwright") is not None
    require("Playwright", has_playwright, "pip install -e '.[test]'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{sso_app_url}/sign-in")
            page.click('a[href="/login"]')
            page.fill('input[name="login"]', "ada")
            page.fill('input[name="password"]', "any password")
            page.click('button[type="submit"]')
            page.click('button[type="submit"]')  # the provider's consent page
            page.wait_for_url(f"{sso_app_url}/home")
            assert "Ada Lovelace" in page.content()
            cookie = next(c for c in page.context.cookies() if c["name"] == "gladshare_session")
            assert (cookie["httpOnly"], cookie["sameSite"]) == (True, "Lax")

            page.click('form[action="/logout"] button')
            page.wait_for_url(f"{sso_app_url}/")
            page.goto(f"{sso_app_url}/home")
            assert page.url == f"{sso_app_url}/sign-in"
        finally:
            browser.close()
