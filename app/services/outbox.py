"""The transactional outbox: events are written in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from app.models import OutboxMessage, WebhookDelivery, WebhookEndpoint, utcnow

EVENT_TYPES = ("consent.updated", "employee.offboarded", "content.published", "ask.published")


def outbox_emit(
    *, session: Session, event_type: str, data: Mapping[str, object]
) -> OutboxMessage | None:
    """Queue one event for every enabled endpoint that subscribed to its type.

    Nothing is stored when nobody listens: events carry identifiers (an
    employee's external id), and those are kept only as long as a delivery needs them.
    """
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type}")
    endpoints = [
        endpoint
        for endpoint in session.exec(
            select(WebhookEndpoint).where(col(WebhookEndpoint.enabled))
        ).all()
        if event_type in endpoint.events
    ]
    if not endpoints:
        return None
    now = utcnow()
    message = OutboxMessage(
        event_type=event_type,
        payload={
            "type": event_type,
            "timestamp": now.isoformat().replace("+00:00", "Z"),
            "data": dict(data),
        },
        created_at=now,
    )
    session.add(message)
    session.flush()
    for endpoint in endpoints:
        session.add(
            WebhookDelivery(message_id=message.id, endpoint_id=endpoint.id, next_attempt_at=now)
        )
    session.flush()
    return message
