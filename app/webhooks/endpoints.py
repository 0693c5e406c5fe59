"""Webhook endpoints: register, list, delete, rotate secrets, inspect and retry deliveries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.errors import Conflict, NotFound
from app.models import (
    ContentItem,
    DeliveryAttempt,
    OutboxMessage,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from app.web.pagination import paginate
from app.webhooks.outbox import outbox_emit
from app.webhooks.outcomes import has_failed_attempt
from app.webhooks.signing import ROTATION_OVERLAP, secret_encrypt, secret_new
from app.webhooks.targets import webhook_url_check


@dataclass(frozen=True)
class DeliveryRecord:
    """One message to one endpoint, with every attempt so far."""

    delivery: WebhookDelivery
    message: OutboxMessage
    attempts: list[DeliveryAttempt]

    @property
    def webhook_id(self) -> str:
        """The `webhook-id` header its receiver sees, the same on every attempt."""
        return webhook_id(self.message.id)


def webhook_create(
    *,
    session: Session,
    app_secret: str,
    allow_private: bool,
    url: str,
    events: list[str],
    description: str = "",
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it with its secret, which is never readable again."""
    webhook_url_check(url, allow_private=allow_private)
    secret = secret_new()
    endpoint = WebhookEndpoint(
        url=url,
        description=description,
        events=list(dict.fromkeys(events)),
        secret_encrypted=secret_encrypt(app_secret=app_secret, secret=secret),
    )
    session.add(endpoint)
    session.flush()
    return endpoint, secret


def webhook_get(*, session: Session, endpoint_id: str) -> WebhookEndpoint:
    """One endpoint, or 404."""
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound("There is no webhook endpoint with this id.")
    return endpoint


def webhook_list(
    *, session: Session, limit: int, cursor: str | None
) -> tuple[list[WebhookEndpoint], str | None]:
    """Endpoints, newest first, one page at a time."""
    return paginate(
        session=session,
        query=select(WebhookEndpoint),
        key=[col(WebhookEndpoint.id)],
        limit=limit,
        cursor=cursor,
        descending=True,
    )


def webhook_delete(*, session: Session, endpoint_id: str) -> None:
    """Remove an endpoint; its pending deliveries and their history go with it."""
    session.delete(webhook_get(session=session, endpoint_id=endpoint_id))
    session.flush()


def webhook_rotate_secret(
    *, session: Session, app_secret: str, endpoint_id: str
) -> tuple[WebhookEndpoint, str]:
    """A new secret; the current one keeps signing alongside it for 24 hours."""
    endpoint = webhook_get(session=session, endpoint_id=endpoint_id)
    secret = secret_new()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = utcnow() + ROTATION_OVERLAP
    endpoint.secret_encrypted = secret_encrypt(app_secret=app_secret, secret=secret)
    session.add(endpoint)
    session.flush()
    return endpoint, secret


def webhook_id(message_id: str) -> str:
    """The `webhook-id` header of a message: the same on every attempt and retry."""
    return f"msg_{message_id}"


def webhook_retry(*, session: Session, endpoint_id: str, message_id: str) -> DeliveryRecord:
    """Queue a delivery again at once, with a fresh round of retries and the same webhook-id."""
    endpoint = webhook_get(session=session, endpoint_id=endpoint_id)
    if not endpoint.enabled:
        raise Conflict(f"The endpoint is disabled ({endpoint.disabled_reason}).")
    delivery = session.exec(
        select(WebhookDelivery).where(
            WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.message_id == message_id
        )
    ).first()
    if delivery is None:
        raise NotFound("This endpoint has no delivery of this message.")
    message = session.get(OutboxMessage, message_id)
    if message is None or not message.payload:
        # Payloads carry external ids and are erased once delivery no longer needs them.
        raise Conflict("This message is no longer kept and cannot be sent again.")
    now = utcnow()
    if delivery.status != "pending":
        # A fresh round of retries; a delivery still pending (perhaps in flight) just
        # moves its next attempt up, so no two workers send it at once.
        delivery.status, delivery.attempts, delivery.locked_until = "pending", 0, None
    delivery.next_attempt_at, delivery.updated_at = now, now
    session.add(delivery)
    session.flush()
    attempts = _attempts_by_delivery(session=session, ids=[delivery.id])
    return DeliveryRecord(delivery, message, attempts.get(delivery.id, []))


def content_published_events(*, session: Session, item: ContentItem) -> list[OutboxMessage]:
    """Queue `content.published` as an item goes live, and `ask.published` too for an ask."""
    # Every item is content: a feed listening for content.published sees asks as well.
    types = ["content.published", *(["ask.published"] if item.is_ask else [])]
    data = {"content_id": item.id}
    emitted = (outbox_emit(session=session, event_type=t, data=data) for t in types)
    return [message for message in emitted if message is not None]


def webhook_deliveries(
    *, session: Session, endpoint_id: str, status: str | None, limit: int, cursor: str | None
) -> tuple[list[DeliveryRecord], str | None]:
    """An endpoint's deliveries, newest first, each with its attempts."""
    webhook_get(session=session, endpoint_id=endpoint_id)
    query = (
        select(WebhookDelivery, OutboxMessage)
        .join(OutboxMessage, col(OutboxMessage.id) == WebhookDelivery.message_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
    )
    if status == "failed":
        # As soon as one attempt has failed, not only once the retries are used up.
        query = query.where(or_(col(WebhookDelivery.status) == "failed", has_failed_attempt()))
    elif status is not None:
        query = query.where(WebhookDelivery.status == status)
    rows, next_cursor = paginate(
        session=session,
        query=query,
        key=[col(WebhookDelivery.id)],
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    attempts = _attempts_by_delivery(session=session, ids=[d.id for d, _ in rows])
    return [DeliveryRecord(d, m, attempts.get(d.id, [])) for d, m in rows], next_cursor


def _attempts_by_delivery(*, session: Session, ids: list[str]) -> dict[str, list[DeliveryAttempt]]:
    found: dict[str, list[DeliveryAttempt]] = {}
    query = (
        select(DeliveryAttempt)
        .where(col(DeliveryAttempt.delivery_id).in_(ids))
        .order_by(col(DeliveryAttempt.id))
    )
    for attempt in session.exec(query).all():
        found.setdefault(attempt.delivery_id, []).append(attempt)
    return found
