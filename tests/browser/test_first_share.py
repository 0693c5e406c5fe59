"""A first share in real Chromium, in German, English and French, on a phone and a screen.

Someone who never said yes starts on the feed and gets to LinkedIn's dialog in at most six
clicks: the feed's line to their page, "Take part", a network on the setup that follows,
"Save and go to the feed", "Share", and the button that copies their words and opens the
dialog. On the way: the disclosure is suggested and removable, their edited words are on the
clipboard, a second Share reuses the link, and a preview fetcher's visit counts no click.
Screenshots of the feed, the onboarding and the share panel go into tests/artifacts/.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.config import Settings
from app.db import make_engine, transaction
from app.main import create_app
from app.models import ContentItem, ShareEvent, ShortLink
from app.people.web_sessions import session_start
from tests.browser.pages import ARTIFACTS, Outside, Problems, axe_violations, open_context
from tests.conftest import serving
from tests.factories.consent import publish_all
from tests.factories.feed import make_item
from tests.factories.people import make_employee

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
LINKEDIN_DIALOG = "https://www.linkedin.com/sharing/share-offsite/?url="
MOST_CLICKS = 6
DISCLOSURE = {
    "de": "Ich arbeite bei Lindenhof",
    "en": "I work at Lindenhof",
    "fr": "Je travaille chez Lindenhof",
}
SUGGESTED = {"de": "Lesenswert", "en": "Worth a read", "fr": "À lire"}
MINE = {"de": "Mein eigener Satz dazu", "en": "My own sentence on it", "fr": "Ma propre phrase"}
PREVIEW_BOT = (
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)"
)
PERSON = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@dataclass
class FirstShare:
    """The tab of someone who never took part, the item they will share, and what was seen."""

    url: str
    engine: Engine
    item: ContentItem
    page: Page
    problems: Problems
    outside: Outside
    axe_source: str
    language: str
    width: int
    clicks: int = 0
    findings: list[str] = field(default_factory=list)

    def click(self, target: Locator) -> None:
        """One click of the person's, counted."""
        self.clicks += 1
        target.click()

    def look(self, name: str, part: Locator | None = None) -> None:
        """axe's serious findings kept; a screenshot of the page, or of one part of it."""
        self.findings += [f"{name}: {line}" for line in axe_violations(self.page, self.axe_source)]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"first-share-{name}-{self.language}-{self.width}.png"
        if part is None:
            self.page.screenshot(path=path, full_page=True, caret="initial")
        else:
            part.screenshot(path=path, caret="initial")


@pytest.fixture(params=[360, 1440], ids=["phone", "screen"])
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture(params=["de", "en", "fr"])
def first_share(
    chromium: Browser,
    axe_source: str,
    module_settings: Settings,
    database_url: str,
    width: int,
    request: pytest.FixtureRequest,
) -> Iterator[FirstShare]:
    """A person speaking the language who never took part, one item in it, a disclosure set."""
    language = str(request.param)
    settings = module_settings.model_copy(
        update={"database_url": database_url, "disclosure": DISCLOSURE}
    )
    engine = make_engine(database_url)
    with transaction(engine) as session:
        publish_all(session, languages=("en", "de", "fr"))
        person = make_employee(session)
        person.locale = language
        token = session_start(session=session, employee=person)
        item = make_item(session, language=language, texts={"linkedin": SUGGESTED[language]})
    with serving(create_app(settings)) as url:
        context, problems, outside = open_context(
            chromium, url, language=language, token=token, viewport={"width": width, "height": 900}
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        page = context.new_page()
        yield FirstShare(url, engine, item, page, problems, outside, axe_source, language, width)
        context.close()
    engine.dispose()


def share_dialog(j: FirstShare, opener: Locator) -> str:
    """Press the share button (a counted click); the short link LinkedIn's dialog got."""
    with j.page.context.expect_page() as opened:
        j.click(opener)
    popup = opened.value
    popup.wait_for_url(f"{LINKEDIN_DIALOG}**")
    assert popup.url in j.outside.requested  # answered here, never sent to LinkedIn
    short_url = parse_qs(urlsplit(popup.url).query)["url"][0]
    popup.close()
    j.page.bring_to_front()
    return short_url


def test_a_first_share_takes_six_clicks_and_keeps_every_promise(first_share: FirstShare) -> None:
    j = first_share
    page, card = j.page, j.page.locator(f"#item-{j.item.id}")
    page.goto(f"{j.url}/feed")
    assert page.locator("html").get_attribute("lang") == j.language
    assert card.locator("[data-share-form]").count() == 0  # reading only, before any yes
    j.look("feed-before")

    j.click(page.locator(".gs-feed-note a[href='/me']"))
    j.click(page.locator("#consent-ambassador-button"))
    page.wait_for_url(f"{j.url}/me/setup")
    j.look("onboarding")
    j.click(page.locator("input[name=networks][value=linkedin]"))
    j.click(page.locator("#setup-form button[type=submit]"))
    page.wait_for_url(f"{j.url}/feed")

    j.click(card.locator("summary[role=button]"))
    text = card.locator("textarea[name=text]")
    assert text.input_value() == f"{SUGGESTED[j.language]}\n\n{DISCLOSURE[j.language]}"
    assert card.locator("[data-disclosure]").is_visible()
    assert card.locator("[data-same-words]").is_visible()
    j.look("share-panel", card)
    text.fill(MINE[j.language])  # the disclosure removed, their own words instead
    assert card.locator("[data-same-words]").is_hidden()
    short_url = share_dialog(j, card.locator("[data-share-open]"))
    assert j.clicks <= MOST_CLICKS, f"{j.clicks} clicks to a first share"
    assert page.evaluate("navigator.clipboard.readText()") == MINE[j.language]
    card.locator("[data-share-thanks]").wait_for()
    assert short_url in card.locator("textarea[readonly]").input_value()
    j.look("shared", card)

    # Opening the dialog again for the same item and network reuses the share and its link.
    page.goto(f"{j.url}/feed")
    j.click(card.locator("summary[role=button]"))
    assert share_dialog(j, card.locator("[data-share-open]")) == short_url
    with transaction(j.engine, write=False) as session:
        shares = session.exec(select(ShareEvent)).all()
    assert [(s.content_id, s.network, s.source) for s in shares] == [(j.item.id, "linkedin", "ui")]
    code = shares[0].short_code

    # LinkedIn's preview fetcher gets the redirect but is no click; a person is one.
    with httpx.Client(base_url=j.url) as visitor:
        for agent in (PREVIEW_BOT, PERSON):
            assert visitor.get(f"/s/{code}", headers={"User-Agent": agent}).status_code == 302
    deadline = time.monotonic() + 10
    while counted(j.engine, code) != (1, 1) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert counted(j.engine, code) == (1, 1)

    assert j.problems.seen == []
    assert j.findings == []


def counted(engine: Engine, code: str) -> tuple[int, int]:
    """A short link's clicks and previews."""
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, code)
        assert link is not None
        return link.clicks, link.previews
