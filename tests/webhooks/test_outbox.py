"""The outbox: who gets an event, the retry schedule, and payloads erased once not needed."""

from __future__ import annotations

from datetime import timedelta
from typing import get_args

import pytest
from sqlalchemy import Engine, update
from sqlmodel import col, select

from app.db import transaction
from app.models import ContentItem, OutboxMessage, WebhookDelivery, utcnow
from app.webhooks.delivery import SCHEDULE_SECONDS, retry_delay
from app.webhooks.endpoints import content_published_events
from app.webhooks.outbox import EVENT_TYPES, outbox_emit, outbox_scrub, outbox_supersede
from app.webhooks.schemas import EventType
from tests.factories.webhooks import emit, make_endpoint, payload


def test_the_api_offers_exactly_the_event_types_the_outbox_knows() -> None:
    assert get_args(EventType) == EVENT_TYPES


def test_retries_spread_over_about_three_days_with_jitter_then_stop() -> None:
    waits = [retry_delay(attempts=n, retry_after=None) for n in range(1, 10)]
    assert all(w is not None for w in waits)
    seconds = [w.total_seconds() for w in waits if w is not None]
    for wait, planned in zip(seconds, SCHEDULE_SECONDS, strict=True):
        assert planned * 0.9 <= wait <= planned * 1.1
    assert timedelta(days=2.5) < timedelta(seconds=sum(seconds)) < timedelta(days=3.5)
    assert retry_delay(attempts=10, retry_after=None) is None
    assert len({retry_delay(attempts=3, retry_after=None) for _ in range(5)}) > 1


def test_retry_after_never_shortens_the_wait_and_is_capped_at_a_day() -> None:
    assert retry_delay(attempts=1, retry_after=600) == timedelta(seconds=600)
    late = retry_delay(attempts=1, retry_after=10 * 86400)
    assert late == timedelta(hours=24)
    soon = retry_delay(attempts=4, retry_after=1)
    assert soon is not None
    assert soon > timedelta(hours=1)


@pytest.mark.db
def test_only_enabled_subscribed_endpoints_get_a_delivery(engine: Engine) -> None:
    subscribed, _ = make_endpoint(engine, "http://127.0.0.1:9/a", ("employee.offboarded",))
    make_endpoint(engine, "http://127.0.0.1:9/b", ("content.published",))
    with transaction(engine) as session:
        assert outbox_emit(session=session, event_type="ask.published", data={}) is None
        message = outbox_emit(
            session=session, event_type="employee.offboarded", data={"external_id": "E-1"}
        )
        assert message is not None
        targets = session.exec(select(WebhookDelivery.endpoint_id)).all()
    assert targets == [subscribed]
    with pytest.raises(ValueError, match="unknown event type"), transaction(engine) as session:
        outbox_emit(session=session, event_type="employee.renamed", data={})


@pytest.mark.db
def test_publishing_an_ask_emits_content_and_ask_events(engine: Engine) -> None:
    make_endpoint(engine, "http://127.0.0.1:9/all")
    with transaction(engine) as session:
        ask = ContentItem(kind="job", title="We hire", url="https://example.com/j", language="en")
        ask.is_ask, ask.status = True, "published"
        session.add(ask)
        messages = content_published_events(session=session, item=ask)
        assert [m.payload["type"] for m in messages] == ["content.published", "ask.published"]
        assert all(m.payload["data"] == {"content_id": ask.id} for m in messages)


@pytest.mark.db
def test_failed_payloads_are_kept_a_week_then_erased(engine: Engine) -> None:
    make_endpoint(engine, "http://127.0.0.1:9/hook")
    old, recent, waiting = emit(engine), emit(engine), emit(engine)
    ten_days_ago = utcnow() - timedelta(days=10)
    with transaction(engine) as session:
        session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_([old, recent, waiting]))
            .values(created_at=ten_days_ago)
        )
        for message_id, status, at in (
            (old, "failed", utcnow() - timedelta(days=8)),
            (recent, "failed", utcnow() - timedelta(days=2)),
        ):
            session.exec(
                update(WebhookDelivery)
                .where(col(WebhookDelivery.message_id) == message_id)
                .values(status=status, updated_at=at)
            )
        assert outbox_scrub(session=session, now=utcnow()) == 1
    assert payload(engine, old) == {}
    assert payload(engine, recent) != {}
    assert payload(engine, waiting) != {}


@pytest.mark.db
def test_superseding_keeps_the_newest_event_per_endpoint_and_other_subjects(
    engine: Engine,
) -> None:
    early, _ = make_endpoint(engine, "http://127.0.0.1:9/early", ("consent.updated",))
    older = emit(engine, external_id="E-1", purpose="ambassador", status="granted")
    late, _ = make_endpoint(engine, "http://127.0.0.1:9/late", ("consent.updated",))
    newer = emit(engine, external_id="E-1", purpose="ambassador", status="not_granted")
    other = emit(engine, external_id="E-2", purpose="ambassador", status="granted")
    with transaction(engine) as session:
        about = {"external_id": "E-1", "purpose": "ambassador"}
        dropped = outbox_supersede(
            session=session, event_type="consent.updated", about=about, now=utcnow()
        )
        left = session.exec(select(WebhookDelivery.message_id, WebhookDelivery.endpoint_id)).all()
    assert dropped == 1
    assert sorted(left) == sorted([(newer, early), (newer, late), (other, early), (other, late)])
    assert payload(engine, older) == {}
    assert payload(engine, newer)["data"] == {
        "external_id": "E-1",
        "purpose": "ambassador",
        "status": "not_granted",
    }
