"""With JavaScript off in Chromium, the plain forms still grant a consent, share and rate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.pages import Site, open_context

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
LINKEDIN_DIALOG = "https://www.linkedin.com/sharing/share-offsite/?url="


@pytest.fixture
def page(chromium: Browser, site: Site) -> Iterator[Page]:
    """A signed-in ambassador's tab in a browser with JavaScript switched off."""
    context, problems, _ = open_context(
        chromium, site.url, token=site.tokens["en"], java_script_enabled=False
    )
    tab = context.new_page()
    yield tab
    context.close()
    assert problems.seen == []


def test_consent_is_granted_by_a_plain_form(page: Page, site: Site) -> None:
    """The button posts the form; the page comes back with the yes recorded."""
    page.goto(f"{site.url}/me")
    page.click("#consent-recognition-button")
    page.wait_for_url(f"{site.url}/me#consent-recognition")
    assert "Yes, since" in page.locator("#consent-recognition [role=status]").inner_text()
    assert page.locator("#consent-recognition-button").inner_text() == "Stop naming me"


def test_share_and_rating_work_by_plain_forms(page: Page, site: Site) -> None:
    """Share from the folded panel and answer the question, each a normal form post."""
    page.goto(f"{site.url}/feed/{site.content_id}")
    card = page.locator(f"#item-{site.content_id}")
    card.get_by_text("Share", exact=True).click()
    card.locator("[data-share-open]").click()
    page.wait_for_url(f"{site.url}/feed/{site.content_id}/shared")
    dialog = card.get_by_role("link", name="Open LinkedIn’s share dialog")
    assert (dialog.get_attribute("href") or "").startswith(LINKEDIN_DIALOG)
    assert card.locator("[data-copy]").is_hidden()  # copying needs JavaScript, so it stays hidden

    assert card.get_by_label("Why? (optional, one line)").count() == 0  # after the answer
    card.get_by_role("button", name="Not really").click()
    page.wait_for_url(f"{site.url}/feed/{site.content_id}#rating-{site.content_id}")
    assert "Your answer: not really." in card.locator(".gs-rating [role=status]").inner_text()
    card.get_by_label("Why? (optional, one line)").fill("Too much like an advert")
    card.get_by_role("button", name="Save the reason").click()
    page.wait_for_url(f"{site.url}/feed/{site.content_id}#rating-{site.content_id}")
    assert "Your answer: not really." in card.locator(".gs-rating [role=status]").inner_text()
    assert card.get_by_label("Why? (optional, one line)").input_value() == "Too much like an advert"
    assert card.get_by_role("button", name="Not really").get_attribute("aria-pressed") == "true"


def test_another_network_brings_its_own_text(page: Page, site: Site) -> None:
    """Without script, a network's link reloads the item with that network's text and count."""
    page.goto(f"{site.url}/feed/{site.content_id}")
    card = page.locator(f"#item-{site.content_id}")
    card.get_by_text("Share", exact=True).click()
    networks = card.locator("input[name=network]").evaluate_all("rs => rs.map(r => r.value)")
    assert len(networks) > 1, "the demo person shares to several networks"
    other = networks[1]
    name = card.locator(f"input[value={other}]").get_attribute("data-name") or ""
    card.locator(".gs-network-texts").get_by_role("link", name=name).click()
    page.wait_for_url(f"{site.url}/feed/{site.content_id}?network={other}#share-{site.content_id}")
    chosen = card.locator(f"input[value={other}]")
    assert chosen.is_checked()
    assert card.locator("textarea[name=text]").input_value() == chosen.get_attribute("data-text")
    assert card.locator("[data-share-open]").is_visible()  # the panel is open on it
