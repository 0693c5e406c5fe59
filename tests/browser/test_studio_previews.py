"""Previews in Chromium: the editor draws how the post will look on each network and redraws
it as comms types, with our copy of the image and nothing from elsewhere; the previews pass
axe at 360 and 1440 px, light and dark, in every language, with screenshots."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Literal

import pytest

from app.db import make_engine, transaction
from app.people.web_sessions import session_start
from tests.browser.pages import Site, checked, open_context
from tests.factories.people import make_employee

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
LANGUAGES = ("en", "de", "fr")
Scheme = Literal["light", "dark"]


@pytest.fixture(scope="module")
def comms(site: Site) -> dict[str, str]:
    """A comms member per language: their session tokens."""
    engine = make_engine(site.app.state.settings.database_url)
    tokens = {}
    with transaction(engine) as session:
        for language in LANGUAGES:
            member = make_employee(session)
            member.roles, member.locale = ["employee", "comms"], language
            tokens[language] = session_start(session=session, employee=member)
    engine.dispose()
    return tokens


def preview_text(page: Page, network: str) -> str:
    return page.locator(f"#previews article.gs-preview-{network} .gs-preview-text").inner_text()


def wait_for_text(page: Page, network: str, text: str, *, seconds: float = 5.0) -> str:
    """The network's preview text once it shows `text` (or as it is when time runs out)."""
    deadline = time.monotonic() + seconds
    shown = preview_text(page, network)
    while text not in shown and time.monotonic() < deadline:
        time.sleep(0.1)
        shown = preview_text(page, network)
    return shown


def test_the_previews_follow_the_texts_as_comms_types(
    chromium: Browser, site: Site, comms: dict[str, str]
) -> None:
    context, problems, outside = open_context(chromium, site.url, token=comms["en"])
    page = context.new_page()
    page.goto(f"{site.url}/studio/content/{site.content_id}")
    previews = page.locator("#previews")
    previews.locator("article.gs-preview").first.wait_for()
    assert previews.locator("article.gs-preview").count() == 4
    title = page.locator("#title").input_value()
    assert title in previews.locator("article.gs-preview-linkedin").inner_text()
    images = previews.locator("img.gs-preview-image")
    assert images.count() == 4
    assert all(
        src.startswith("/images/")
        for src in images.evaluate_all("l => l.map(i => i.getAttribute('src'))")
    )
    assert images.first.evaluate("i => i.complete && i.naturalWidth > 0")

    page.locator("#text_mastodon").fill("Our apprentices built a solar roof! #energy")
    shown = wait_for_text(page, "mastodon", "Our apprentices built a solar roof!")
    assert "Our apprentices built a solar roof! #energy" in shown
    assert "/s/" in shown  # the short link as Mastodon writes it
    page.locator("#title").fill("A new title for every card")
    deadline = time.monotonic() + 5
    card = previews.locator("article.gs-preview-bluesky .gs-preview-title")
    while card.inner_text() != "A new title for every card" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert card.inner_text() == "A new title for every card"
    page.locator("#text_x").fill("word " * 80)
    counter = previews.locator("article.gs-preview-x .gs-preview-count")
    deadline = time.monotonic() + 5
    while "characters too many" not in counter.inner_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "characters too many" in counter.inner_text()  # the counter follows the text
    context.close()
    assert not problems.seen
    assert outside.requested == []  # no network's script, font or picture


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_previews_pass_axe_at_both_widths(
    chromium: Browser,
    axe_source: str,
    site: Site,
    comms: dict[str, str],
    language: str,
    scheme: Scheme,
) -> None:
    context, problems, outside = open_context(
        chromium, site.url, language=language, token=comms[language], color_scheme=scheme
    )
    page, report = context.new_page(), []
    shown = {
        "studio-previews": f"/studio/content/{site.content_id}/previews",
        "studio-image": f"/studio/content/{site.content_id}/image",
    }
    for name, path in shown.items():
        page.goto(site.url + path)
        assert page.evaluate("document.documentElement.lang") == language
        report += checked(page, axe_source, name=f"{name}-{language}", scheme=scheme)
    # The live previews in the editor, once htmx has drawn them.
    page.goto(f"{site.url}/studio/content/{site.content_id}")
    page.locator("#previews article.gs-preview").first.wait_for()
    report += checked(page, axe_source, name=f"studio-editor-previews-{language}", scheme=scheme)
    context.close()
    report += problems.seen + outside.requested
    if report:
        pytest.fail("\n".join(report), pytrace=False)
