"""The preview circle and leaders first in Chromium: comms sends a draft to the circle,
three people answer (comms sees nothing yet), two more answer (comms sees the share of
yes, never who); a leader sees the leaders-first item early, with who of leadership shared
it. Every page passes axe at 360 and 1440 px in every language, with screenshots."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import pytest
from sqlmodel import col, select

from app.consent.ledger import consent_grant
from app.db import make_engine, transaction
from app.models import ContentItem, utcnow
from app.people.web_sessions import session_start
from tests.browser.pages import Site, checked, open_context, snap
from tests.factories.feed import make_item, make_profile
from tests.factories.people import make_employee

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
LANGUAGES = ("en", "de", "fr")
TITLE = "Draft: our booth at the Hanover trade fair"
Scheme = Literal["light", "dark"]


@pytest.fixture(scope="module")
def people(site: Site) -> dict[str, str]:
    """Session tokens: comms and a leader holding recognition per language, five circle
    members ("member-0" …), and the draft's id under "draft"."""
    engine = make_engine(site.app.state.settings.database_url)
    tokens: dict[str, str] = {}
    with transaction(engine) as session:
        for language in LANGUAGES:
            member = make_employee(session)
            member.roles, member.locale = ["employee", "comms"], language
            tokens[f"comms-{language}"] = session_start(session=session, employee=member)
            leader = make_employee(session, is_leader=True)
            leader.locale = language
            for purpose in ("ambassador", "recognition"):
                consent_grant(
                    session=session, employee=leader, purpose=purpose, text_version=1, source="ui"
                )
            make_profile(session, leader.id, networks=["linkedin"], languages=["de", "en"])
            tokens[f"leader-{language}"] = session_start(session=session, employee=leader)
        for n in range(5):
            person = make_employee(session)
            person.locale = "en"
            consent_grant(
                session=session, employee=person, purpose="ambassador", text_version=1, source="ui"
            )
            make_profile(session, person.id, languages=["en"], show_drafts=True)
            tokens[f"member-{n}"] = session_start(session=session, employee=person)
        draft = make_item(session, status="draft", language="en", title=TITLE, publish_at=None)
        tokens["draft"] = draft.id
    engine.dispose()
    return tokens


def answer(chromium: Browser, site: Site, token: str, content_id: str, value: str) -> None:
    """A circle member finds the draft in their feed, marked as such, and answers it."""
    context, problems, _ = open_context(chromium, site.url, token=token)
    page = context.new_page()
    page.goto(f"{site.url}/feed")
    card = page.locator(f"#item-{content_id}")
    assert "Draft" in card.locator(".gs-draft-mark").inner_text()
    assert card.locator("[data-share-form]").count() == 0  # nothing to share
    card.locator(f"#answer-{value}-{content_id}").click()
    card.locator(".gs-answer-status", has_text="Your answer").wait_for()
    context.close()
    assert not problems.seen


def circle_text(page: Page, site: Site, content_id: str) -> str:
    page.goto(f"{site.url}/studio/content/{content_id}/circle")
    return page.locator("#circle").inner_text()


def test_comms_sends_a_draft_and_sees_the_answer_only_from_five(
    chromium: Browser, site: Site, people: dict[str, str]
) -> None:
    draft = people["draft"]
    context, problems, outside = open_context(chromium, site.url, token=people["comms-en"])
    page = context.new_page()
    page.goto(f"{site.url}/studio/content/{draft}")
    send = page.get_by_role("button", name="Send to the preview circle")
    send.click()  # the block loaded itself into the editor; htmx swaps the answer in
    page.locator("#circle", has_text="Sent to the preview circle.").wait_for()
    for n, value in enumerate(("yes", "yes", "no")):
        answer(chromium, site, people[f"member-{n}"], draft, value)
    shown = circle_text(page, site, draft)
    assert "3 answers so far; results show from 5." in shown
    assert "answered yes" not in shown
    for n, value in ((3, "yes"), (4, "no")):
        answer(chromium, site, people[f"member-{n}"], draft, value)
    shown = circle_text(page, site, draft)
    assert "3 of 5 people answered yes (60%)." in shown
    context.close()
    # What a member sees: the draft first, marked, with their answer and nothing to share.
    context, seen, _ = open_context(chromium, site.url, token=people["member-0"])
    page = context.new_page()
    page.goto(f"{site.url}/feed")
    page.locator(f"#item-{draft} .gs-draft-mark").wait_for()
    snap(page, "preview-circle-feed-en")
    context.close()
    assert not seen.seen
    assert not problems.seen
    assert outside.requested == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_circle_and_leaders_first_pass_axe_at_both_widths(
    chromium: Browser,
    axe_source: str,
    site: Site,
    people: dict[str, str],
    language: str,
    scheme: Scheme,
) -> None:
    engine = make_engine(site.app.state.settings.database_url)
    with transaction(engine, write=False) as session:
        statement = select(ContentItem).where(col(ContentItem.leaders_from).is_not(None))
        early = session.exec(statement).one()
        sent = session.exec(select(ContentItem.id).where(ContentItem.title == TITLE)).one()
    engine.dispose()
    assert early.publish_at is not None
    assert early.publish_at > utcnow()
    context, problems, _ = open_context(
        chromium,
        site.url,
        language=language,
        token=people[f"comms-{language}"],
        color_scheme=scheme,
    )
    page = context.new_page()
    page.goto(f"{site.url}/studio/content/{sent}/circle")
    report = checked(page, axe_source, name=f"preview-circle-{language}", scheme=scheme)
    context.close()
    context, more, _ = open_context(
        chromium,
        site.url,
        language=language,
        token=people[f"leader-{language}"],
        color_scheme=scheme,
    )
    page = context.new_page()
    page.goto(f"{site.url}/feed")
    card = page.locator(f"#item-{early.id}")
    assert card.locator(".gs-early").count() == 1  # seen early, and told so
    assert card.locator(".gs-leadership").count() == 1  # leaders holding recognition shared it
    card.scroll_into_view_if_needed()
    report += checked(page, axe_source, name=f"leaders-first-{language}", scheme=scheme)
    context.close()
    assert report == []
    assert not problems.seen
    assert not more.seen
