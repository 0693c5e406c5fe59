"""/me in real Chromium: htmx swaps the toggle in place under the strict CSP, at phone width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import ConsentEvent
from tests.browser.pages import Problems
from tests.conftest import serving
from tests.factories.consent import publish, publish_all, sign_in
from tests.support.chromium import launched_chromium

pytestmark = [pytest.mark.db, pytest.mark.slow]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def page(settings: Settings, engine: Engine) -> Iterator[tuple[Any, str, list[str]]]:
    """A 360 px wide Chromium page signed in as a German speaker; yields page, URL and problems."""
    with transaction(engine) as session:
        publish_all(session)
    me = sign_in(engine, leader=True)  # every purpose, recognition too, is open to them
    with serving(create_app(settings)) as url, launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 800})
        context.add_cookies([{"name": "gladshare_session", "value": me.token, "url": url}])
        problems = Problems()
        problems.watch(context)
        yield context.new_page(), url, problems.seen


def test_toggles_swap_in_place_and_keep_focus(
    page: tuple[Any, str, list[str]], engine: Engine
) -> None:
    tab, url, problems = page
    tab.goto(f"{url}/me")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "me-360.png"), full_page=True)

    button = tab.locator("#consent-share_attribution-button")
    assert button.inner_text() == "Ja, zeig mir meine Wirkung"
    button.focus()
    tab.keyboard.press("Enter")
    # Locators, not wait_for_function: that evaluates a string, which the CSP forbids.
    stop = "Meine Wirkung nicht mehr zeigen"
    tab.locator("#consent-share_attribution-button", has_text=stop).wait_for()
    assert tab.evaluate("document.activeElement.id") == "consent-share_attribution-button"
    assert tab.url == f"{url}/me"  # no page load: only the block was swapped
    assert "Ja, seit" in tab.locator("#consent-share_attribution [role=status]").inner_text()

    tab.keyboard.press("Enter")
    tab.locator("#consent-share_attribution-button", has_text="Ja, zeig mir").wait_for()
    tab.locator("#consent-share_attribution .gs-off").wait_for()
    with transaction(engine, write=False) as session:
        actions = [e.action for e in session.exec(select(ConsentEvent)).all()]
    assert actions == ["grant", "withdraw"]
    assert problems == []


def test_profile_saves_in_place(page: tuple[Any, str, list[str]]) -> None:
    tab, url, problems = page
    tab.goto(f"{url}/me")
    tab.check("input[name=networks][value=mastodon]")
    tab.fill("#mastodon_instance", "https://social.example")
    tab.click("#profile-form button[type=submit]")
    tab.wait_for_selector("#mastodon-error")
    assert tab.get_attribute("#mastodon_instance", "aria-invalid") == "true"
    tab.fill("#mastodon_instance", "social.example")
    tab.click("#profile-form button[type=submit]")
    tab.wait_for_selector("text=Dein Profil ist gespeichert.")
    assert tab.input_value("#mastodon_instance") == "social.example"
    assert tab.is_checked("input[name=networks][value=mastodon]")
    assert problems == []


def test_a_text_changed_while_reading_comes_back_in_place(
    page: tuple[Any, str, list[str]], engine: Engine
) -> None:
    tab, url, problems = page
    tab.goto(f"{url}/me")
    with transaction(engine) as session:
        publish(session, "recognition", "de")
    tab.click("#consent-recognition-button")
    # The 409 answer is swapped in by htmx's responseHandling, with the new text to read.
    block = tab.locator("#consent-recognition")
    block.get_by_text("Dieser Text hat sich geändert").wait_for()
    assert block.locator("input[name=text_version]").input_value() == "2"
    assert tab.url == f"{url}/me"
    with transaction(engine, write=False) as session:
        assert session.exec(select(ConsentEvent)).all() == []
    assert problems == []
