"""The language switcher in real Chromium: one click on "Français" turns the page French."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine

from app.config import Settings
from app.db import transaction
from app.main import create_app
from tests.browser.pages import Problems
from tests.conftest import serving
from tests.factories.consent import publish_all, sign_in
from tests.support.chromium import launched_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FloatRect, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# How much of the top of the window shows the header (and, narrow, its open menu).
HEADER_HEIGHTS = {360: 520, 1440: 110}


@pytest.fixture
def site(settings: Settings) -> Iterator[tuple[Browser, str]]:
    """Chromium and the app it talks to."""
    with serving(create_app(settings)) as url, launched_chromium() as browser:
        yield browser, url


def current_language_button(page: Page) -> str:
    """The language the switcher marks as the current one."""
    return page.locator(".gs-lang-switch button[aria-current=true]").text_content() or ""


def snap_header(page: Page, width: int) -> None:
    """The header with the switcher, at `width`, under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": HEADER_HEIGHTS[width]}
    page.screenshot(path=str(ARTIFACTS / f"language-switch-{width}.png"), clip=clip)


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_clicking_francais_turns_the_page_french_at_both_widths(
    site: tuple[Browser, str], javascript: bool
) -> None:
    browser, url = site
    context = browser.new_context(locale="en-GB", java_script_enabled=javascript)
    problems = Problems()
    problems.watch(context)
    page = context.new_page()

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{url}/learn")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert current_language_button(page) == "English"
    page.get_by_role("button", name="Français").click()
    page.wait_for_url(f"{url}/learn")  # back on the same page, now in French
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").inner_text() == "Guides des réseaux"
    assert current_language_button(page) == "Français"

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{url}/")
    assert page.locator("h1").inner_text() == "Partagez ce que vous avez envie de partager"
    page.locator(".gs-menu > summary").click()  # the narrow header folds its links away
    assert page.get_by_role("button", name="Français").is_visible()
    if javascript:
        snap_header(page, 360)
    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_url(f"{url}/")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert current_language_button(page) == "Deutsch"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
    assert problems.seen == []


def rows_of_the_header(page: Page) -> int:
    """How many rows the header's links, buttons and switcher take."""
    tops = page.evaluate(
        "[...document.querySelectorAll('header nav li')]"
        ".map((li) => Math.round(li.getBoundingClientRect().top + li.offsetHeight / 2))"
    )
    return len({round(top / 20) for top in tops})


@pytest.mark.parametrize("width", [1280, 1440])
def test_signed_in_the_french_header_keeps_one_row(
    site: tuple[Browser, str], engine: Engine, width: int
) -> None:
    """The longest header there is: signed in, a long name, every link, in French."""
    browser, url = site
    with transaction(engine) as session:
        publish_all(session)
    me = sign_in(engine)  # Jürgen Groß, de-CH
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "gladshare_session", "value": me.token, "url": url}])
    problems = Problems()
    problems.watch(context)
    page = context.new_page()
    page.goto(f"{url}/home")
    assert page.locator("h1").inner_text().startswith("Hallo, ")
    page.get_by_role("button", name="Français").click()
    page.wait_for_url(f"{url}/home")
    assert page.locator("h1").inner_text().startswith("Bonjour, ")
    assert rows_of_the_header(page) == 1
    if width == 1440:
        snap_header(page, width)
    context.close()
    assert problems.seen == []
