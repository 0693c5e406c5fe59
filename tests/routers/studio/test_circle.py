"""The studio's preview circle over HTTP: sending a draft, the circle's size, the k rule."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import ContentItem, Employee
from app.sharing.ratings import rating_set
from tests.factories.consent import Browser, consenting
from tests.factories.feed import make_item, make_profile

pytestmark = pytest.mark.db
HTMX = {"HX-Request": "true"}


def members(engine: Engine, count: int) -> list[Employee]:
    """People who take part and asked to see drafts."""
    with transaction(engine) as session:
        found = [consenting(session, "ambassador") for _ in range(count)]
        for n, employee in enumerate(found):
            employee.display_name = f"Kreis Mitglied {n}"
            make_profile(session, employee.id, show_drafts=True)
        return found


def answer(engine: Engine, people: list[Employee], content_id: str, *answers: bool) -> None:
    with transaction(engine) as session:
        for employee, yes in zip(people, answers, strict=False):
            rating_set(
                session=session,
                employee=employee,
                content_id=content_id,
                worth_sharing=yes,
                reason="Zu werblich",
            )


def item(engine: Engine, **fields: Any) -> ContentItem:
    with transaction(engine) as session:
        values: dict[str, Any] = {"status": "draft", "language": "en", "title": "Open day"}
        return make_item(session, **(values | fields))


def test_comms_sends_a_draft_and_sees_answers_only_from_k_on(
    client: httpx.Client, engine: Engine, comms: Browser
) -> None:

    draft = item(engine)
    people = members(engine, 7)
    url = f"/studio/content/{draft.id}/circle"
    before = client.get(url)
    assert before.status_code == 200
    assert "Not sent yet." in before.text
    assert "At least 5 people are in the preview circle." in before.text
    forged = client.post(url, data={})
    assert forged.status_code == 403
    sent = client.post(url, data={"csrf_token": comms.csrf_token})
    assert sent.status_code == 303
    page = client.get(sent.headers["location"]).text
    assert "Sent to the preview circle." in page
    assert "0 answers so far; results show from 5." in page
    answer(engine, people, draft.id, True, True, False)
    page = client.get(url).text
    assert "3 answers so far; results show from 5." in page
    assert "answered yes" not in page
    answer(engine, people[3:], draft.id, True, False)
    page = client.get(url).text
    assert "3 of 5 people answered yes (60%)." in page
    names = [e.display_name for e in people] + [e.external_id for e in people]
    for needle in [*names, "Zu werblich"]:
        assert needle not in page


def test_htmx_swaps_the_block_and_only_drafts_are_sent(
    client: httpx.Client, engine: Engine, comms: Browser
) -> None:

    draft, published = item(engine), item(engine, status="published")
    members(engine, 2)
    headers = {"X-CSRF-Token": comms.csrf_token, **HTMX}
    swapped = client.post(f"/studio/content/{draft.id}/circle", headers=headers)
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith('<section id="circle"')
    assert "Fewer than 5 people are in the preview circle." in swapped.text
    refused = client.post(f"/studio/content/{published.id}/circle", headers=headers)
    assert refused.status_code == 409
    assert "Only a draft can go to the preview circle" in refused.text
    with transaction(engine) as session:
        stored = session.get(ContentItem, published.id)
        assert stored is not None
        assert stored.circle_at is None
    assert client.get("/studio/content/nope/circle").status_code == 404


def test_the_editor_block_loads_itself_and_links_without_javascript(
    client: httpx.Client, engine: Engine, comms: Browser
) -> None:

    draft = item(engine)
    page = client.get(f"/studio/content/{draft.id}")
    assert page.status_code == 200
    assert f'hx-get="/studio/content/{draft.id}/circle"' in page.text
    assert f'<a href="/studio/content/{draft.id}/circle">' in page.text
