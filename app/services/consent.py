"""The consent ledger: append-only events, and the status derived from them."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlmodel import Session, col, select

from app.models import ConsentEvent, ConsentStatus, ConsentText, Employee, utcnow


def subject_key_for(*, session: Session, employee: Employee) -> str:
    """The employee's pseudonymous consent subject, created on first use."""
    if employee.subject_key is None:
        employee.subject_key = secrets.token_hex(16)
        session.add(employee)
        session.flush()
    return employee.subject_key


def current_text_version(*, session: Session, purpose: str) -> int | None:
    """The newest published version of a purpose's consent text."""
    versions = session.exec(select(ConsentText.version).where(ConsentText.purpose == purpose)).all()
    return max(versions, default=None)


def consent_record(
    *,
    session: Session,
    employee: Employee,
    purpose: str,
    action: str,
    source: str,
    text_version: int | None = None,
    text_language: str | None = None,
    at: datetime | None = None,
) -> ConsentEvent:
    """Append one grant or withdrawal and bring the status cache up to date."""
    key = subject_key_for(session=session, employee=employee)
    event = ConsentEvent(
        subject_key=key,
        purpose=purpose,
        action=action,
        text_version=text_version if action == "grant" else None,
        text_language=text_language if action == "grant" else None,
        source=source,
        at=at or utcnow(),
    )
    session.add(event)
    status = session.get(ConsentStatus, (key, purpose)) or ConsentStatus(
        subject_key=key, purpose=purpose
    )
    status.granted = action == "grant"
    status.text_version = event.text_version
    status.since = event.at if status.granted else None
    status.changed_at = event.at
    session.add(status)
    session.flush()
    return event


def consent_withdraw_all(
    *, session: Session, employee: Employee, source: str
) -> list[ConsentEvent]:
    """Withdraw every purpose the ledger shows as granted; returns the new withdrawals."""
    if employee.subject_key is None:
        return []
    events = session.exec(
        select(ConsentEvent)
        .where(ConsentEvent.subject_key == employee.subject_key)
        .order_by(col(ConsentEvent.id))
    ).all()
    latest = {event.purpose: event.action for event in events}
    return [
        consent_record(
            session=session, employee=employee, purpose=purpose, action="withdraw", source=source
        )
        for purpose, action in sorted(latest.items())
        if action == "grant"
    ]
