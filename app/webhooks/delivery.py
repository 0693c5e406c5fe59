"""Webhook deliveries: claimed under a lease, sent outside any transaction, then recorded."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from app.models import DeliveryAttempt, OutboxMessage, WebhookDelivery, WebhookEndpoint, utcnow
from app.webhooks.endpoints import webhook_id
from app.webhooks.outbox import outbox_scrub_if_done
from app.webhooks.outcomes import attempt_status
from app.webhooks.sending import Outcome
from app.webhooks.signing import signing_secrets

# Waits after the 1st, 2nd … failed attempt: about three days in all, then the delivery fails.
SCHEDULE_SECONDS = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
JITTER = 0.1
MAX_RETRY_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Claim:
    """A delivery this worker holds until `lease`, with everything needed to send it."""

    delivery_id: str
    lease: datetime
    url: str
    secrets: list[str]
    webhook_id: str
    body: bytes


def retry_delay(*, attempts: int, retry_after: float | None) -> timedelta | None:
    """The wait before the next attempt after `attempts` failures; None means give up."""
    if attempts > len(SCHEDULE_SECONDS):
        return None
    # Jitter spreads the retries of many deliveries that failed together (a receiver outage).
    scheduled = SCHEDULE_SECONDS[attempts - 1] * random.uniform(1 - JITTER, 1 + JITTER)
    wait = timedelta(seconds=scheduled)
    if retry_after is not None:
        wait = max(wait, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return wait


def delivery_claim(*, session: Session, app_secret: str, lease_seconds: float) -> Claim | None:
    """Take the next due delivery for this worker, or None when nothing is due."""
    now = utcnow()
    free = or_(col(WebhookDelivery.locked_until).is_(None), col(WebhookDelivery.locked_until) < now)
    due = (
        select(WebhookDelivery, WebhookEndpoint, OutboxMessage)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == WebhookDelivery.endpoint_id)
        .join(OutboxMessage, col(OutboxMessage.id) == WebhookDelivery.message_id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now, free)
        .where(col(WebhookEndpoint.enabled))
        .order_by(col(WebhookDelivery.next_attempt_at))
        .limit(1)
        # PostgreSQL: workers pass over each other's rows. SQLite ignores this; there the
        # write transaction (BEGIN IMMEDIATE) makes the select and the update one step.
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    row = session.exec(due).first()
    if row is None:
        return None
    delivery, endpoint, message = row
    lease = now + timedelta(seconds=lease_seconds)
    delivery.locked_until = lease
    session.add(delivery)
    session.flush()
    return Claim(
        delivery_id=delivery.id,
        lease=lease,
        url=endpoint.url,
        secrets=signing_secrets(endpoint=endpoint, app_secret=app_secret, now=now),
        webhook_id=webhook_id(message.id),
        body=json.dumps(message.payload, separators=(",", ":"), ensure_ascii=False).encode(),
    )


def delivery_record(*, session: Session, claim: Claim, outcome: Outcome) -> str | None:
    """Record the attempt and what follows from it; the delivery's new status."""
    now = utcnow()
    delivery = session.get(WebhookDelivery, claim.delivery_id)
    if delivery is None:
        return None  # the endpoint was deleted meanwhile
    session.add(
        DeliveryAttempt(
            delivery_id=delivery.id,
            at=now,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
    )
    session.flush()
    if delivery.locked_until != claim.lease or delivery.status != "pending":
        return delivery.status  # the lease ran out and another worker took over
    _advance(session=session, delivery=delivery, outcome=outcome, now=now)
    return delivery.status


def _advance(
    *, session: Session, delivery: WebhookDelivery, outcome: Outcome, now: datetime
) -> None:
    code = outcome.status_code
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = code, outcome.error
    delivery.locked_until, delivery.updated_at = None, now
    if attempt_status(code) == "succeeded":
        delivery.status = "succeeded"
    elif code == 410:
        delivery.status = "failed"
        _disable(session=session, delivery=delivery, now=now)
    elif (wait := retry_delay(attempts=delivery.attempts, retry_after=outcome.retry_after)) is None:
        delivery.status = "failed"
    else:
        delivery.next_attempt_at = now + wait
    session.add(delivery)
    session.flush()
    if delivery.status == "succeeded":
        outbox_scrub_if_done(session=session, message_id=delivery.message_id, now=now)


def _disable(*, session: Session, delivery: WebhookDelivery, now: datetime) -> None:
    # 410 Gone: the receiver says it will never want these; stop, and say why.
    endpoint = session.get_one(WebhookEndpoint, delivery.endpoint_id)
    endpoint.enabled = False
    endpoint.disabled_reason = f"the receiver answered 410 Gone on {now:%Y-%m-%d %H:%M} UTC"
    session.add(endpoint)
    session.exec(
        update(WebhookDelivery)
        .where(
            col(WebhookDelivery.endpoint_id) == endpoint.id, col(WebhookDelivery.id) != delivery.id
        )
        .where(col(WebhookDelivery.status) == "pending")
        .values(status="failed", last_error="endpoint disabled", locked_until=None, updated_at=now)
    )
