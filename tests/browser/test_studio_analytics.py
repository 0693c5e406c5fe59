"""Comms in Chromium: reads analytics (a period, the CSV), and the quality, topics and analytics
pages pass axe at 360 and 1440 px, light and dark, in every language, with screenshots."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from app.db import make_engine, transaction
from app.models import Rating, utcnow
from app.people.web_sessions import session_start
from tests.browser.pages import Site, checked, open_context
from tests.factories.people import make_employee

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.db, pytest.mark.slow]
LANGUAGES = ("en", "de", "fr")
Scheme = Literal["light", "dark"]


@pytest.fixture(scope="module")
def studio(site: Site) -> tuple[dict[str, str], str]:
    """A comms member per language (tokens), and the demo item with the most answers."""
    engine = make_engine(site.app.state.settings.database_url)
    tokens = {}
    with transaction(engine) as session:
        for language in LANGUAGES:
            member = make_employee(session)
            member.roles, member.locale = ["employee", "comms"], language
            tokens[language] = session_start(session=session, employee=member)
        answered = session.exec(
            select(col(Rating.content_id))
            .group_by(col(Rating.content_id))
            .order_by(func.count().desc())
        ).first()
    engine.dispose()
    assert answered is not None
    return tokens, answered


def test_comms_reads_analytics_changes_the_period_and_downloads_the_csv(
    chromium: Browser, site: Site, studio: tuple[dict[str, str], str]
) -> None:
    tokens, _ = studio
    context, problems, outside = open_context(
        chromium, site.url, token=tokens["en"], accept_downloads=True
    )
    page = context.new_page()
    page.goto(site.url + "/studio")
    page.locator("nav.gs-studio-nav").get_by_role("link", name="Analytics").click()
    page.get_by_role("heading", name="Analytics", level=1).wait_for()
    assert page.get_by_role("img", name="Shares and clicks per day").is_visible()
    today = utcnow().date()
    start, end = today - timedelta(days=9), today - timedelta(days=3)
    page.get_by_label("From", exact=True).fill(start.isoformat())
    page.get_by_label("To", exact=True).fill(end.isoformat())
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**/studio/analytics?from={start.isoformat()}&to={end.isoformat()}")
    page.get_by_text("The numbers per day").click()
    days = page.locator("details table").first.locator("tbody tr")
    assert days.count() == 7
    shares = page.locator(".gs-totals div").filter(has_text="Shares").first.locator("dd")
    shown = int(shares.inner_text().replace(",", ""))
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download what is shown as CSV").click()
    download = waiting.value
    assert download.suggested_filename.endswith(f"{start.isoformat()}_{end.isoformat()}.csv")
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    total = next(row for row in rows if row["section"] == "total")
    assert int(total["shares"]) == shown
    assert len([row for row in rows if row["section"] == "day"]) == 7
    context.close()
    assert not problems.seen, problems.seen
    assert not outside.requested


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_pass_axe_at_both_widths(
    chromium: Browser,
    axe_source: str,
    site: Site,
    studio: tuple[dict[str, str], str],
    language: str,
    scheme: Scheme,
) -> None:
    tokens, answered = studio
    context, problems, _ = open_context(
        chromium, site.url, language=language, token=tokens[language], color_scheme=scheme
    )
    page, report = context.new_page(), []
    pages = {
        "studio-quality": f"/studio/content/{answered}/quality",
        "studio-topics": "/studio/topics",
        "studio-analytics": "/studio/analytics",
    }
    for name, path in pages.items():
        page.goto(site.url + path)
        assert page.evaluate("document.documentElement.lang") == language
        report += checked(page, axe_source, name=f"{name}-{language}", scheme=scheme)
    context.close()
    report += problems.seen
    if report:
        pytest.fail("\n".join(report), pytrace=False)
