"""The transactional outbox: events are written in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import get_args

from sqlalchemy import Exists, Text, and_, cast, delete, exists, func, or_, update
from sqlmodel import Session, col, select

from app.db import checkpoint_after_commit
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
    _forget_logged_copies(session, erased.rowcount)
    return bool(erased.rowcount)


def _forget_logged_copies(session: Session, erased: int) -> None:
    # A payload names whom it is about: once it is erased, SQLite's write-ahead log
    # must not keep the older copy either.
    if erased:
        checkpoint_after_commit(session)


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
    _forget_logged_copies(session, result.rowcount)
    return int(result.rowcount)


def outbox_supersede(
    *, session: Session, event_type: str, about: Mapping[str, str], now: datetime
) -> int:
    """Drop undelivered older events of a type about one subject; the newest per endpoint stays.

    After an erasure a subscriber needs only the last word on the person (their status
    now, that they left): an older status is no longer true, and it names them for days.
    """
    same_subject = [
        col(OutboxMessage.payload)[("data", key)].as_string() == value
        for key, value in about.items()
    ]
    rows = session.exec(
        select(WebhookDelivery)
        .join(OutboxMessage, col(OutboxMessage.id) == WebhookDelivery.message_id)
        .where(OutboxMessage.event_type == event_type, *same_subject)
        .order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
    ).all()
    newest: set[str] = set()
    superseded: dict[str, str] = {}
    for delivery in rows:
        if delivery.endpoint_id in newest and delivery.status != "succeeded":
            superseded[delivery.id] = delivery.message_id
        newest.add(delivery.endpoint_id)
    if superseded:
        session.exec(delete(WebhookDelivery).where(col(WebhookDelivery.id).in_(superseded)))
    for message_id in sorted(set(superseded.values())):
        outbox_scrub_if_done(session=session, message_id=message_id, now=now)
    return len(superseded)
