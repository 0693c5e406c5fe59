"""Comms in Chromium: an item from a link import, its texts edited, the "same words" advice, a
schedule a few seconds ahead and an employee's feed showing it only then; a stale edit in two
tabs shows "changed meanwhile"; the list, the editor and the conflict screen pass axe at 360
and 1440 px, light and dark, in every language, with screenshots in tests/artifacts/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

import pytest

from app.config import Settings
from app.db import make_engine, transaction
from app.models import utcnow
from app.people.web_sessions import session_start
from tests.browser.pages import Site, checked, open_context
from tests.factories.people import make_employee
from tests.support.web_pages import Site as WebSite
from tests.support.web_pages import web_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.slow]
LANGUAGES = ("en", "de", "fr")
Scheme = Literal["light", "dark"]
TITLE = "Open day at the Kassel plant"
PAGE = f"""<html lang="en"><head>
<meta property="og:title" content="{TITLE}">
<meta property="og:description" content="Come and see how we build with wood.">
</head><body>Open day</body></html>"""
SAME = "Come to our open day in Kassel on Saturday and see how we build: https://example.com/x"


@pytest.fixture(scope="module")
def module_settings(module_settings: Settings) -> Settings:
    """Loopback pages may be imported, as the webhook tests allow them."""
    return module_settings.model_copy(update={"webhook_allow_private": True})


@pytest.fixture(scope="module")
def pages() -> Iterator[WebSite]:
    """A real web server on loopback, for the page to import."""
    with web_site() as running:
        yield running


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


def shows_count(page: Page, network: str, text: str) -> None:
    """The counter under a network's text comes to say `text` (it follows the typing)."""
    from playwright.sync_api import expect

    expect(page.locator(f"#count-{network}")).to_have_text(text)


def test_comms_imports_edits_and_schedules_and_the_feed_shows_it_at_its_time(
    chromium: Browser, site: Site, comms: dict[str, str], pages: WebSite
) -> None:
    from playwright.sync_api import expect

    link = pages.html("/open-day", PAGE)
    context, problems, _ = open_context(chromium, site.url, token=comms["en"])
    page = context.new_page()
    page.goto(site.url + "/studio")
    page.locator("nav.gs-studio-nav").get_by_role("link", name="New item").click()
    page.get_by_label("Address of the page").fill(link)
    page.get_by_role("button", name="Read the page").click()
    assert page.locator("#title").input_value() == TITLE
    assert page.locator("#language").input_value() == "en"
    assert page.get_by_text("link cards will show no picture").is_visible()

    x = page.locator("#text_x")
    x.fill("Short https://example.com/a/very/long/path/that/x/shortens/anyway")
    shows_count(page, "x", "29 of 280 characters")  # a link counts as 23 on X
    page.locator("#text_bluesky").fill("👨‍👩‍👧 family")
    shows_count(page, "bluesky", "8 of 300 characters")  # graphemes: the family is one
    page.locator("#text_linkedin").fill(SAME)
    x.fill(SAME)
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_text("Saved.", exact=True).wait_for()
    advice = page.locator("#same-words")
    assert "The texts for LinkedIn, X are the same word for word." in advice.inner_text()
    # The previews show the post as X would, with the text just saved.
    expect(page.locator("#previews article.gs-preview-x .gs-preview-text")).to_contain_text(
        "Come to our open day in Kassel"
    )
    advice.get_by_role("link", name="Write talking points").click()
    page.locator("#talking_points").fill("We build with wood\nThe open day is for families")

    at = (utcnow() + timedelta(seconds=8)).replace(microsecond=0)
    page.locator("#publish_at").fill(at.strftime("%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="Schedule").click()
    page.get_by_text("Scheduled: it appears in the feed at its publish time.").wait_for()

    reader_context, reader_problems, _ = open_context(chromium, site.url, token=site.tokens["en"])
    reader = reader_context.new_page()
    reader.goto(site.url + "/feed")
    assert reader.get_by_role("heading", name=TITLE).count() == 0  # not before its time
    while utcnow() < at + timedelta(seconds=1.5):
        time.sleep(0.25)
    deadline = time.monotonic() + 10  # the feed's page cache holds a page for a second
    while reader.get_by_role("heading", name=TITLE).count() == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        reader.reload()
    assert reader.get_by_role("heading", name=TITLE).count() == 1
    context.close()
    reader_context.close()
    assert not problems.seen + reader_problems.seen


def stale_edit(
    chromium: Browser, site: Site, token: str, language: str, mark: str = "", **options: object
) -> Page:
    """Two tabs on one item: the first saves a title, the second a summary, from one version.

    `mark` makes both texts new when one item is edited again and again, so that a
    screenshot shows the two versions differing.
    """
    context, _, _ = open_context(chromium, site.url, language=language, token=token, **options)
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.goto(f"{site.url}/studio/content/{site.content_id}")
    first.locator("#title").fill(f"A title from the first tab ({language}){mark}")
    first.locator("#editor button[value=save]").click()
    first.wait_for_url("**?saved=save")
    second.locator("#summary").fill(f"A summary from the second tab ({language}){mark}")
    second.locator("#editor button[value=save]").click()
    second.locator("table.gs-conflict").wait_for()
    first.close()
    return second


def test_a_stale_edit_shows_changed_meanwhile_and_carries_the_changes_over(
    chromium: Browser, site: Site, comms: dict[str, str]
) -> None:
    page = stale_edit(chromium, site, comms["en"], "en")
    assert page.get_by_role("heading", name="Changed meanwhile").is_visible()
    differing = page.locator("tr.gs-differs th").all_inner_texts()
    assert [row.split()[0] for row in differing] == ["Title", "Summary"]
    page.get_by_role("button", name="Keep editing from the stored version").click()
    assert page.locator("#title").input_value() == "A title from the first tab (en)"
    assert page.locator("#summary").input_value() == "A summary from the second tab (en)"
    page.locator("#editor button[value=save]").click()
    page.wait_for_url("**?saved=save")
    assert page.locator("#title").input_value() == "A title from the first tab (en)"
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_editor_and_conflict_pass_axe_at_both_widths(
    chromium: Browser,
    axe_source: str,
    site: Site,
    comms: dict[str, str],
    language: str,
    scheme: Scheme,
) -> None:
    context, problems, _ = open_context(
        chromium, site.url, language=language, token=comms[language], color_scheme=scheme
    )
    page, report = context.new_page(), []
    conflict = stale_edit(
        chromium, site, comms[language], language, f", {scheme}", color_scheme=scheme
    )
    shown = {
        "studio-list": (page, "/studio"),
        "studio-editor": (page, f"/studio/content/{site.content_id}"),
        "studio-new": (page, "/studio/content/new"),
        "studio-conflict": (conflict, None),
    }
    for name, (tab, path) in shown.items():
        if path is not None:
            tab.goto(site.url + path)
        assert tab.evaluate("document.documentElement.lang") == language
        report += checked(tab, axe_source, name=f"{name}-{language}", scheme=scheme)
    # The question before a delete, asked by the editor's Delete button (nothing is deleted).
    page.goto(f"{site.url}/studio/content/{site.content_id}")
    page.locator("#editor button[value=delete]").click()
    page.locator("form[action$='/delete']").wait_for()
    report += checked(page, axe_source, name=f"studio-delete-{language}", scheme=scheme)
    conflict.context.close()
    context.close()
    report += problems.seen
    if report:
        pytest.fail("\n".join(report), pytrace=False)
