"""An item's quality view: the share of yes and the reasons only from k answers on, never who."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import AnalyticsDay, Employee, Rating, utcnow
from tests.factories.consent import Browser, consenting
from tests.factories.feed import make_item
from tests.factories.people import make_employee

pytestmark = pytest.mark.db
REASONS = ["Clear and useful", "Too much like an ad", "My friends work in this field", "Nice photo"]


def _answers(engine: Engine, content_id: str, *reasons: str, yes: int) -> list[Employee]:
    """Answers from new people, one a minute apart, the first `yes` of them a yes."""
    start = utcnow() - timedelta(hours=1)
    with transaction(engine) as session:
        people = [make_employee(session) for _ in reasons]
        for n, (person, reason) in enumerate(zip(people, reasons, strict=True)):
            at = start + timedelta(minutes=n)
            session.add(
                Rating(
                    content_id=content_id,
                    employee_id=person.id,
                    worth_sharing=n < yes,
                    reason=reason,
                    created_at=at,
                    updated_at=at,
                )
            )
    return people


@pytest.fixture
def item_id(engine: Engine) -> str:
    with transaction(engine) as session:
        return make_item(session, title="Our new plant in Kassel").id


def _order(page: httpx.Response) -> list[str]:
    return sorted([*REASONS, "Good to know"], key=page.text.index)


def test_below_k_answers_only_their_number_shows(
    client: httpx.Client, comms: Browser, engine: Engine, item_id: str
) -> None:
    _answers(engine, item_id, *REASONS, yes=3)
    page = client.get(f"/studio/content/{item_id}/quality")
    assert page.status_code == 200
    assert "Our new plant in Kassel" in page.text
    assert "4 answers so far. The share of yes is shown once 5 people have answered" in page.text
    assert "The reasons people gave are shown once 5 people have answered." in page.text
    assert not any(reason in page.text for reason in REASONS)
    assert "%" not in page.text


def test_at_k_answers_the_share_and_the_reasons_show_in_no_order_of_time(
    client: httpx.Client, comms: Browser, engine: Engine, item_id: str
) -> None:
    people = _answers(engine, item_id, *REASONS, "Good to know", yes=3)
    page = client.get(f"/studio/content/{item_id}/quality")
    assert "60%" in page.text
    assert "said yes, of 5 answers" in page.text
    assert all(reason in page.text for reason in [*REASONS, "Good to know"])
    assert "In random order, without names or times." in page.text
    by_time = [*REASONS, "Good to know"]
    orders = {tuple(_order(client.get(f"/studio/content/{item_id}/quality"))) for _ in range(12)}
    assert len(orders) > 1  # a new order on each read: no reader can line them up with times
    assert orders != {tuple(by_time)}
    # The factory names everyone alike; ids tell them apart (the privacy walk checks names).
    assert not any(person.external_id in page.text or person.id in page.text for person in people)


def test_shares_clicks_and_previews_by_network_and_the_share_rate(
    client: httpx.Client, comms: Browser, engine: Engine, item_id: str
) -> None:
    today = utcnow().date()
    with transaction(engine) as session:
        for _ in range(5):
            consenting(session, "ambassador")
        session.add(AnalyticsDay(content_id=item_id, day=today, network="linkedin", shares=3))
        session.add(AnalyticsDay(content_id=item_id, day=today, network="x", shares=1, clicks=40))
        session.add(
            AnalyticsDay(
                content_id=item_id,
                day=today,
                network="linkedin",
                department="d",
                clicks=7,
                previews=9,
            )
        )
    page = client.get(f"/studio/content/{item_id}/quality")
    assert (
        "4 shares and\n    47 clicks in all." in page.text or "4 shares and 47 clicks" in page.text
    )
    rows = page.text.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.index("LinkedIn") < rows.index(">X<")
    assert '<td data-label="Link previews">9</td>' in rows
    assert "<strong>80</strong>" in page.text  # 4 shares per 5 people taking part
    assert 'href="/studio/analytics"' in page.text


def test_an_unknown_item_is_a_404(client: httpx.Client, comms: Browser) -> None:
    assert client.get("/studio/content/01JNOSUCHITEM000000000000/quality").status_code == 404
