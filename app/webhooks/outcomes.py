"""What counts as delivered: a 2xx answer. Anything else, or no answer, is a failed attempt."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, exists, or_
from sqlmodel import col

from app.models import DeliveryAttempt, WebhookDelivery

AttemptStatus = Literal["succeeded", "failed"]


def attempt_status(status_code: int | None) -> AttemptStatus:
    """An attempt succeeded when the receiver answered 2xx; a timeout or refusal failed."""
    return "succeeded" if status_code is not None and 200 <= status_code < 300 else "failed"


def has_failed_attempt() -> ColumnElement[bool]:
    """Deliveries with at least one failed attempt, listed as failed from that attempt on."""
    code = col(DeliveryAttempt.status_code)
    return exists().where(
        col(DeliveryAttempt.delivery_id) == WebhookDelivery.id,
        or_(code.is_(None), code < 200, code >= 300),
    )
