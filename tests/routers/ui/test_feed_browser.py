"""The share panel in real Chromium: live count, network switch, the popup dialog, rating."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import Employee, Rating, ShareEvent
from tests.browser.pages import ARTIFACTS, Problems
from tests.conftest import serving
from tests.factories.consent import grant, publish_all, sign_in
from tests.factories.feed import make_item, make_profile
from tests.support.chromium import launched_chromium

pytestmark = [pytest.mark.db, pytest.mark.slow]


class Feed(NamedTuple):
    """The tab, the app's URL, the item on the feed and the problems seen so far."""

    page: Any
    url: str
    item_id: str
    problems: list[str]


@pytest.fixture
def feed(engine: Engine, settings: Settings) -> Iterator[Feed]:
    """An ambassador on LinkedIn and X with one item to share, in a 360 px wide tab."""
    with transaction(engine) as session:
        publish_all(session)
    person = sign_in(engine)
    grant(engine, person.external_id, "ambassador")
    with transaction(engine) as session:
        make_profile(session, person.employee_id, networks=["linkedin", "x"])
        item = make_item(session, texts={"linkedin": "Lesenswert", "x": "Kurz 🎉"})
    with serving(create_app(settings)) as url, launched_chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 800})
        context.add_cookies([{"name": "gladshare_session", "value": person.token, "url": url}])
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        # No network here: the share dialog answers from the test, at its real address.
        context.route("https://www.linkedin.com/**", lambda route: route.fulfill(body="dialog"))
        problems = Problems()
        problems.watch(context)
        yield Feed(context.new_page(), url, item.id, problems.seen)
        context.close()


def test_share_and_rate_in_chromium(feed: Feed, engine: Engine) -> None:
    page, url, item_id, problems = feed
    page.goto(f"{url}/feed")
    panel = page.locator(f"#share-{item_id}")
    panel.locator("summary").click()
    count = panel.locator("[data-count]")
    assert count.inner_text().startswith("10 von")
    same_words = panel.locator("[data-same-words]")
    assert same_words.is_visible()  # the suggestion as it came: a nudge to make it theirs
    link_only = panel.locator("[data-link-only-note]")
    assert "kopiert der Knopf zuerst deinen Text" in link_only.inner_text()
    panel.locator("input[value=x]").check()
    textarea = panel.locator("textarea[name=text]")
    assert textarea.input_value() == "Kurz 🎉"  # unedited text follows the network
    assert "256" in count.inner_text()  # 280 minus the link and its space
    assert "X" in panel.locator("button[type=submit]").inner_text()
    assert link_only.is_hidden()  # X's dialog takes the text itself
    textarea.fill("a" * 260)
    assert "4 Zeichen zu viel" in count.inner_text()
    assert same_words.is_hidden()
    textarea.fill("Mein Text")
    panel.locator("input[value=linkedin]").check()
    assert textarea.input_value() == "Mein Text"  # an edited text stays
    assert panel.locator("button[type=submit]").inner_text() == (
        "Meinen Text kopieren und LinkedIn öffnen"
    )
    with page.expect_popup() as popup_info:
        panel.locator("button[type=submit]").click()
    popup = popup_info.value
    panel.locator("[data-share-dialog]").wait_for()
    popup.wait_for_url("https://www.linkedin.com/**", wait_until="commit")
    with transaction(engine) as session:
        (event,) = session.exec(select(ShareEvent)).all()
    assert event.short_code in popup.url
    assert "Mein Text http://testserver/s/" in panel.locator("textarea").input_value()
    popup.close()
    page.bring_to_front()
    # LinkedIn's dialog drops the text: it was copied in the click, before the dialog opened.
    assert page.evaluate("navigator.clipboard.readText()") == "Mein Text"
    assert "Dein Text ist kopiert" in panel.locator("[data-copy-status]").inner_text()

    rating = page.locator(f"#rating-{item_id}")
    assert rating.locator("input[name=reason]").count() == 0  # asked for after the answer
    rating.get_by_role("button", name="Ja", exact=True).click()
    rating.get_by_text("Deine Antwort: ja.").wait_for()
    assert rating.get_by_role("button", name="Ja", exact=True).get_attribute("aria-pressed") == (
        "true"
    )
    rating.locator("input[name=reason]").fill("Gut erklärt")
    with page.expect_response(lambda answer: answer.url.endswith("/rating")):
        rating.get_by_role("button", name="Grund speichern").click()
    with transaction(engine) as session:
        (answer,) = session.exec(select(Rating)).all()
    assert (answer.worth_sharing, answer.reason) == (True, "Gut erklärt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == []


def test_refused_texts_come_back_in_place(feed: Feed, engine: Engine) -> None:
    """422 answers are swapped in by htmx: the panel with its reason, or the page's content."""
    page, url, item_id, problems = feed
    page.goto(f"{url}/feed")
    panel = page.locator(f"#share-{item_id}")
    panel.locator("summary").click()
    panel.locator("input[value=x]").check()
    panel.locator("textarea[name=text]").fill("a" * 260)
    with page.expect_popup() as opened:
        panel.locator("button[type=submit]").click()
    alert = panel.get_by_role("alert")
    alert.wait_for()
    assert "zu lang für X" in alert.inner_text()
    assert panel.locator("textarea[name=text]").input_value() == "a" * 260
    popup = opened.value
    if not popup.is_closed():
        popup.wait_for_event("close")  # nothing to share, so the dialog's popup goes again

    # Longer than any form of ours lets through: refused before the page's rules, as a whole.
    panel.locator("textarea[name=text]").fill("a" * 20_001)
    with page.expect_popup() as opened:
        panel.locator("button[type=submit]").click()
    page.locator("#main").get_by_text("Einige Angaben waren nicht gültig.").wait_for()
    assert page.locator(f"#share-{item_id}").count() == 0
    assert page.url == f"{url}/feed"
    popup = opened.value
    if not popup.is_closed():
        popup.wait_for_event("close")
    with transaction(engine) as session:
        assert session.exec(select(ShareEvent)).all() == []
    assert problems == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_disclosure_is_suggested_and_counted_in_chromium(
    engine: Engine, settings: Settings, language: str
) -> None:
    """The panel adds the organisation's line, counts it, and lets the person remove it;
    the item's talking points stand above the text."""
    disclosure = {"de": "Ich arbeite bei Lindenhof", "en": "I work at Lindenhof"}
    with transaction(engine) as session:
        publish_all(session)
    person = sign_in(engine)
    grant(engine, person.external_id, "ambassador")
    with transaction(engine) as session:
        make_profile(session, person.employee_id, networks=["linkedin", "x"], languages=[language])
        employee = session.get(Employee, person.employee_id)
        assert employee is not None
        employee.locale = language
        points = ["Halle 3 spart 40 % Energie", "Wir suchen 12 Leute für die Montage"]
        item = make_item(
            session, language=language, texts={"linkedin": "Lesenswert"}, talking_points=points
        )
    app = create_app(settings.model_copy(update={"disclosure": disclosure}))
    with serving(app) as url, launched_chromium() as browser:
        for width in (360, 1440):
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.add_cookies([{"name": "gladshare_session", "value": person.token, "url": url}])
            problems = Problems()
            problems.watch(context)
            page = context.new_page()
            page.goto(f"{url}/feed")
            panel = page.locator(f"#share-{item.id}")
            panel.locator("summary").click()
            textarea = panel.locator("textarea[name=text]")
            assert textarea.input_value() == f"Lesenswert\n\n{disclosure[language]}"
            used = len(textarea.input_value())
            assert panel.locator("[data-count]").inner_text().startswith(str(used))
            assert "UWG" in panel.locator("[data-disclosure]").inner_text()
            assert panel.locator(".gs-talking-points li").all_inner_texts() == points
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"share-panel-disclosure-{language}-{width}.png"
            panel.screenshot(path=shot)
            textarea.fill("Lesenswert")  # removed: the count follows
            assert panel.locator("[data-count]").inner_text().startswith("10")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert problems.seen == []
            context.close()
