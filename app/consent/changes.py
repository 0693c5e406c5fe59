"""What systems hear of consent: granted or not_granted, and the `consent.updated` event.

"Never asked", "declined", "withdrawn" and "needs renewal" are one value on purpose.
"""

from __future__ import annotations

from sqlmodel import Session

from app.models import OutboxMessage
from app.models.consent import SystemStatus
from app.webhooks.outbox import outbox_emit


def system_status(granted: bool) -> SystemStatus:
    """The one status a system (or the person's own export) sees for a purpose."""
    return "granted" if granted else "not_granted"


def consent_updated(
    *, session: Session, external_id: str, purpose: str, granted: bool
) -> OutboxMessage | None:
    """Queue `consent.updated` (if anyone listens): whose purpose it is and its status now."""
    data = {"external_id": external_id, "purpose": purpose, "status": system_status(granted)}
    return outbox_emit(session=session, event_type="consent.updated", data=data)
