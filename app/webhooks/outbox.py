"""The transactional outbox: events are written in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import get_args

from sqlalchemy import Exists, Text, and_, cast, exists, func, or_, update
from sqlmodel import Session, col, select

from app.models import OutboxMessage, WebhookDelivery, WebhookEndpoint, utcnow
from app.webhooks.schemas import EventType

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
# How long a message that failed for good is kept, so that an administrator can retry it.
KEEP_FAILED = timedelta(days=7)


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


def _unfinished(now: datetime) -> Exists:
    # A message is still needed while a delivery is pending, or failed less than
    # KEEP_FAILED ago (someone may still press retry).
    return exists().where(
        col(WebhookDelivery.message_id) == OutboxMessage.id,
        or_(
            col(WebhookDelivery.status) == "pending",
            and_(
                col(WebhookDelivery.status) == "failed",
                col(WebhookDelivery.updated_at) > now - KEEP_FAILED,
            ),
        ),
    )


def outbox_scrub_if_done(*, session: Session, message_id: str, now: datetime) -> bool:
    """Erase a message's payload once no delivery needs it any more; whether it was erased."""
    # The row lock orders two workers finishing the same message's last deliveries at
    # once, so the second sees the first's result and the payload does not linger.
    session.exec(select(OutboxMessage.id).where(OutboxMessage.id == message_id).with_for_update())
    erased = session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id, ~_unfinished(now))
        .values(payload={})
    )
    return bool(erased.rowcount)


def outbox_scrub(*, session: Session, now: datetime) -> int:
    """Erase the payloads of older messages whose deliveries have all finished."""
    # Only messages older than KEEP_FAILED can qualify, and created_at is indexed.
    done = (
        select(OutboxMessage.id)
        .where(OutboxMessage.created_at < now - KEEP_FAILED, ~_unfinished(now))
        .where(func.length(cast(OutboxMessage.payload, Text)) > len("{}"))
    )
    result = session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(done.scalar_subquery()))
        .values(payload={})
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)
