"""Webhook endpoints and events for tests, made through the services."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select

from app.db import transaction
from app.models import OutboxMessage, WebhookDelivery
from app.webhooks.endpoints import webhook_create
from app.webhooks.outbox import EVENT_TYPES, outbox_emit
from tests.conftest import TEST_SECRET


def make_endpoint(
    engine: Engine, url: str, events: tuple[str, ...] = EVENT_TYPES
) -> tuple[str, str]:
    """Register an endpoint (private addresses allowed); its id and secret."""
    with transaction(engine) as session:
        endpoint, secret = webhook_create(
            session=session,
            app_secret=TEST_SECRET,
            allow_private=True,
            url=url,
            events=list(events),
        )
        return endpoint.id, secret


def emit(engine: Engine, event_type: str = "consent.updated", **data: object) -> str:
    """Emit one event in its own transaction; the message id."""
    payload = data or {"external_id": "E-1", "purpose": "ambassador", "status": "granted"}
    with transaction(engine) as session:
        message = outbox_emit(session=session, event_type=event_type, data=payload)
        assert message is not None
        return message.id


def delivery(engine: Engine, message_id: str, endpoint_id: str) -> WebhookDelivery:
    """The delivery of a message to an endpoint, as stored now."""
    with transaction(engine, write=False) as session:
        return session.exec(
            select(WebhookDelivery).where(
                WebhookDelivery.message_id == message_id, WebhookDelivery.endpoint_id == endpoint_id
            )
        ).one()


def payload(engine: Engine, message_id: str) -> dict[str, object]:
    """A message's payload as stored now ({} once scrubbed)."""
    with transaction(engine, write=False) as session:
        return session.get_one(OutboxMessage, message_id).payload
