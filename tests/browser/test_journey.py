"""An employee's whole journey in real Chromium, signed in through the real OpenID provider.

Sign in → read / → opt in on /me → choose LinkedIn on the setup → share an item from /feed →
rate it → see it in /me/data → withdraw → download my data → leave the program.
It is walked on a phone (360 px, the header's links behind its menu) and on a screen
(1440 px); the screen's walk puts screenshots of every page at both widths into
tests/artifacts/. Neither may log a console error or a CSP refusal, and every page
must pass axe.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from app.config import Settings
from app.db import make_engine, transaction
from app.main import create_app
from app.models import ConsentEvent, ContentItem, Employee, Rating, ShareEvent
from tests.browser.pages import (
    Outside,
    Problems,
    axe_violations,
    header_link,
    open_context,
    snap,
)
from tests.conftest import serving
from tests.factories.consent import publish_all
from tests.factories.feed import make_item
from tests.support.oidc_provider import OidcProvider, single_sign_on

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
LINKEDIN_DIALOG = "https://www.linkedin.com/sharing/share-offsite/?url="
TITLE = "How we rebuilt the Kassel plant"


@dataclass
class Journey:
    """The tab the employee uses, what it must not log, and what it saw on the way."""

    url: str
    engine: Engine
    item: ContentItem
    page: Page
    problems: Problems
    outside: Outside
    axe_source: str
    width: int
    findings: list[str] = field(default_factory=list)

    def look(self, name: str) -> None:
        """Keep axe's serious findings; the screen's walk also screenshots both widths."""
        if self.width == 1440:
            snap(self.page, f"journey-{name}")
        self.findings += [f"{name}: {line}" for line in axe_violations(self.page, self.axe_source)]

    def employee(self) -> Employee | None:
        """Hedy's employee row, if it still exists."""
        with transaction(self.engine, write=False) as session:
            return session.exec(select(Employee).where(Employee.oidc_subject == "hedy")).first()


@pytest.fixture(params=[360, 1440], ids=["phone", "screen"])
def journey(
    chromium: Browser,
    axe_source: str,
    module_settings: Settings,
    database_url: str,
    oidc_provider: OidcProvider,
    request: pytest.FixtureRequest,
) -> Iterator[Journey]:
    """The app with single sign-on at the provider, consent texts and one English item."""
    settings = module_settings.model_copy(update={"database_url": database_url})  # one per walk
    engine = make_engine(database_url)
    with transaction(engine) as session:
        publish_all(session)
        item = make_item(session, title=TITLE, summary="How we build, and why.", language="en")
    app = create_app(single_sign_on(settings, oidc_provider))
    with serving(app, port=oidc_provider.app_port) as url:
        context, problems, outside = open_context(chromium, url, accept_downloads=True)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        page = context.new_page()
        page.set_viewport_size({"width": request.param, "height": 900})
        yield Journey(url, engine, item, page, problems, outside, axe_source, request.param)
        context.close()
    engine.dispose()


def sign_in(j: Journey) -> None:
    """Through the provider's own login and consent pages, back to /home."""
    j.page.goto(f"{j.url}/")
    header_link(j.page, "Sign in").click()
    j.look("sign-in")
    j.page.get_by_role("button", name="Sign in with your company account").click()
    j.page.fill('input[name="login"]', "hedy")
    j.page.fill('input[name="password"]', "any password")
    j.page.click('button[type="submit"]')
    j.page.click('button[type="submit"]')  # the provider's consent page
    j.page.wait_for_url(f"{j.url}/home")
    assert j.page.get_by_role("heading", name="Hello, Hedy Lamarr").is_visible()
    j.look("home")


def read_about(j: Journey) -> None:
    """The page that says what the program is and is not."""
    header_link(j.page, "About the program").click()
    assert j.page.get_by_role("heading", name="What we never do").is_visible()
    j.look("about")


def opt_in(j: Journey) -> None:
    """Say yes to taking part, choose LinkedIn on the setup it leads to, then see my impact."""
    header_link(j.page, "My settings").click()
    j.page.click("#consent-ambassador-button")
    j.page.wait_for_url(f"{j.url}/me/setup")
    j.look("setup")
    j.page.get_by_label("LinkedIn").check()
    j.page.get_by_role("button", name="Save and go to the feed").click()
    j.page.wait_for_url(f"{j.url}/feed")
    header_link(j.page, "My settings").click()
    assert j.page.get_by_label("LinkedIn").is_checked()
    j.page.click("#consent-share_attribution-button")
    stop = "Stop showing me my impact"
    j.page.locator("#consent-share_attribution-button", has_text=stop).wait_for()
    j.look("me")


def share_to_linkedin(j: Journey) -> str:
    """Open the item's share panel and LinkedIn's dialog; the short link it carries.

    LinkedIn's dialog takes the link only, so the button copies the text first.
    """
    header_link(j.page, "Feed").click()
    card = j.page.locator(f"#item-{j.item.id}")
    card.get_by_text("Share", exact=True).click()
    j.look("feed-share-panel")
    with j.page.context.expect_page() as opened:
        card.get_by_role("button", name="Copy my text and open LinkedIn").click()
    popup = opened.value
    popup.wait_for_url(f"{LINKEDIN_DIALOG}**")
    assert popup.url in j.outside.requested  # answered locally, never sent to LinkedIn
    short_url = parse_qs(urlsplit(popup.url).query)["url"][0]
    assert short_url.startswith(f"{j.url}/s/")
    popup.close()
    j.page.bring_to_front()
    card.get_by_role("heading", name="Thank you.").wait_for()
    assert short_url in card.locator("textarea[readonly]").input_value()
    j.look("feed-shared")
    return short_url


def recorded_share(j: Journey, short_url: str) -> None:
    """The share is in the database: from the UI, attributed to Hedy, under her short link."""
    hedy = j.employee()
    assert hedy is not None
    with transaction(j.engine, write=False) as session:
        shares = session.exec(select(ShareEvent)).all()
    assert [(s.content_id, s.network, s.source, s.employee_id) for s in shares] == [
        (j.item.id, "linkedin", "ui", hedy.id)
    ]
    assert short_url.endswith(f"/s/{shares[0].short_code}")


def rate(j: Journey) -> None:
    """Answer "Would you share this with friends?" with yes, then give the reason asked for."""
    card = j.page.locator(f"#item-{j.item.id}")
    card.get_by_role("button", name="Yes", exact=True).click()
    card.get_by_text("Your answer: yes.").wait_for()
    card.get_by_label("Why? (optional, one line)").fill("Honest and concrete")
    with j.page.expect_response(lambda answer: answer.url.endswith("/rating")):
        card.get_by_role("button", name="Save the reason").click()
    j.look("feed-rated")
    with transaction(j.engine, write=False) as session:
        ratings = session.exec(select(Rating)).all()
    assert [(r.worth_sharing, r.reason) for r in ratings] == [(True, "Honest and concrete")]


def see_my_data(j: Journey) -> None:
    """/me/data lists the share, on LinkedIn, with its clicks."""
    header_link(j.page, "My settings").click()
    j.page.get_by_role("link", name="See my data, download it or leave the program").click()
    row = j.page.get_by_role("row").filter(has_text=TITLE)
    assert "LinkedIn" in row.inner_text()
    j.look("me-data")


def withdraw(j: Journey) -> None:
    """Take the yes to taking part back, with one click on the same page."""
    header_link(j.page, "My settings").click()
    j.page.click("#consent-ambassador-button")
    j.page.locator("#consent-ambassador-button", has_text="Take part").wait_for()
    with transaction(j.engine, write=False) as session:
        events = session.exec(select(ConsentEvent).order_by(col(ConsentEvent.at))).all()
    assert [(e.purpose, e.action, e.source) for e in events] == [
        ("ambassador", "grant", "ui"),
        ("share_attribution", "grant", "ui"),
        ("ambassador", "withdraw", "ui"),
    ]
    j.look("me-withdrawn")


def export(j: Journey) -> None:
    """Download my data: a JSON file holding the share."""
    j.page.goto(f"{j.url}/me/data")
    with j.page.expect_download() as download:
        j.page.get_by_role("button", name="Download my data").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [(s["content_title"], s["network"]) for s in data["shares"]] == [(TITLE, "linkedin")]
    assert data["profile"]["display_name"] == "Hedy Lamarr"


def leave(j: Journey) -> None:
    """Leave the program after the confirmation page: signed out, the employee gone."""
    j.page.get_by_role("link", name="Leave the program…").click()
    j.look("leave")
    j.page.get_by_role("button", name="Leave the program now").click()
    j.page.wait_for_url(f"{j.url}/?left=true")
    assert j.page.get_by_role("status").filter(has_text="You have left the program").is_visible()
    assert header_link(j.page, "Sign in").is_visible()
    j.look("left")
    assert j.employee() is None
    j.page.goto(f"{j.url}/me")
    assert j.page.url == f"{j.url}/sign-in"


def test_the_whole_journey(journey: Journey) -> None:
    """Sign in, opt in, share, rate, see, withdraw, export and leave — calmly and cleanly."""
    sign_in(journey)
    read_about(journey)
    opt_in(journey)
    short_url = share_to_linkedin(journey)
    recorded_share(journey, short_url)
    rate(journey)
    see_my_data(journey)
    withdraw(journey)
    export(journey)
    leave(journey)
    assert journey.problems.seen == []
    assert journey.findings == []
