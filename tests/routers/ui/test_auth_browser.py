"""Single sign-on in real Chromium (Debian's), through the real OpenID provider's pages."""

from __future__ import annotations

import pytest

from tests.browser.pages import WIDTHS
from tests.support.chromium import launched_chromium

pytestmark = [pytest.mark.db, pytest.mark.slow]


@pytest.mark.parametrize("width", WIDTHS)
def test_sign_in_and_out_in_chromium(sso_app_url: str, width: int) -> None:
    with launched_chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 800})
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

        if width == min(WIDTHS):  # on a phone, sign out is in the header's menu
            assert page.locator('form[action="/logout"] button').is_hidden()
            page.click("body > header summary")
        page.click('form[action="/logout"] button')
        page.wait_for_url(f"{sso_app_url}/")
        page.goto(f"{sso_app_url}/home")
        assert page.url == f"{sso_app_url}/sign-in"
