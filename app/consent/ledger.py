"""The consent ledger: append-only events, and the status derived from them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.consent.changes import consent_updated
from app.consent.purposes import purpose_open, withdrawal_effects
from app.consent.texts import consent_texts, current_text_version, purpose_check, text_for_reader
from app.errors import Conflict
from app.models import PURPOSES, ConsentEvent, ConsentStatus, Employee, utcnow

__all__ = [
    "ConsentView",
    "consent_grant",
    "consent_holds",
    "consent_lock",
    "consent_record",
    "consent_view",
    "consent_views",
    "consent_withdraw",
    "consent_withdraw_all",
    "current_text_version",
    "subject_key_for",
]


@dataclass(frozen=True)
class ConsentView:
    """One purpose's status as it counts now: granted only on the current text."""

    purpose: str
    granted: bool
    renewal_required: bool
    text_version: int | None
    since: datetime | None


def consent_lock(*, session: Session, employee: Employee) -> Employee:
    """Serialise one person's consent changes; returns their freshly read row."""
    # Without it two changes at once could leave the cache on the older event, or
    # mint two subject keys. SQLite has no row locks; its writers are serial anyway.
    locked = session.exec(
        select(Employee)
        .where(Employee.id == employee.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    employee.subject_key = locked.subject_key
    return locked


def subject_key_for(*, session: Session, employee: Employee) -> str:
    """The employee's pseudonymous consent subject, created on first use."""
    if employee.subject_key is None:
        employee.subject_key = secrets.token_hex(16)
        session.add(employee)
        session.flush()
    return employee.subject_key


def consent_view(status: ConsentStatus | None, *, purpose: str, current: int | None) -> ConsentView:
    """Turn the cached ledger state into the status that counts, given the current text."""
    if status is None or not status.granted:
        return ConsentView(purpose, False, False, None, None)
    if status.text_version != current:
        return ConsentView(purpose, False, True, status.text_version, status.since)
    return ConsentView(purpose, True, False, status.text_version, status.since)


def consent_views(*, session: Session, subject_key: str | None) -> dict[str, ConsentView]:
    """Every purpose's current status for one subject (not granted without a subject)."""
    views = {}
    for purpose in PURPOSES:
        status = session.get(ConsentStatus, (subject_key, purpose)) if subject_key else None
        current = current_text_version(session=session, purpose=purpose)
        views[purpose] = consent_view(status, purpose=purpose, current=current)
    return views


def consent_holds(*, session: Session, employee: Employee, purpose: str) -> bool:
    """Whether the person's consent to `purpose` counts now: granted on the current text."""
    if employee.subject_key is None:
        return False
    status = session.get(ConsentStatus, (employee.subject_key, purpose))
    current = current_text_version(session=session, purpose=purpose)
    return consent_view(status, purpose=purpose, current=current).granted


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
    """Append one grant or withdrawal, update the status cache and queue `consent.updated`."""
    employee = consent_lock(session=session, employee=employee)
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
    # The cache changes in the same transaction as the ledger, so a withdrawal
    # stops attribution and recognition the moment it is committed; so does what
    # the text says a withdrawal undoes (the name on past shares).
    status = session.get(ConsentStatus, (key, purpose)) or ConsentStatus(
        subject_key=key, purpose=purpose
    )
    status.granted = action == "grant"
    status.text_version = event.text_version
    status.since = event.at if status.granted else None
    status.changed_at = event.at
    session.add(status)
    session.flush()
    if action == "withdraw":
        withdrawal_effects(session=session, employee=employee, purpose=purpose)
    view = consent_view(
        status, purpose=purpose, current=current_text_version(session=session, purpose=purpose)
    )
    consent_updated(
        session=session, external_id=employee.external_id, purpose=purpose, granted=view.granted
    )
    return event


def consent_grant(
    *, session: Session, employee: Employee, purpose: str, text_version: int, source: str
) -> ConsentView:
    """Grant a purpose on the text version the person saw; a stale version is a Conflict."""
    purpose_check(purpose)
    purpose_open(employee=employee, purpose=purpose)
    current = current_text_version(session=session, purpose=purpose)
    if current is None:
        raise Conflict(f"No {purpose} consent text is published yet.", slug="no-consent-text")
    if text_version != current:
        raise Conflict(
            f"The {purpose} text has changed (now version {current}); please read it again.",
            slug="stale-consent-text",
            current_text_version=current,
        )
    locked = consent_lock(session=session, employee=employee)
    view = consent_views(session=session, subject_key=locked.subject_key)[purpose]
    if view.granted:
        return view  # granting again changes nothing and records nothing
    shown = text_for_reader(
        consent_texts(session=session, purpose=purpose, version=current), locked.locale
    )
    consent_record(
        session=session,
        employee=locked,
        purpose=purpose,
        action="grant",
        source=source,
        text_version=current,
        text_language=shown.language if shown else None,
    )
    # The row passed in may be a copy (a request's signed-in employee): it learns the key too.
    employee.subject_key = locked.subject_key
    return consent_views(session=session, subject_key=locked.subject_key)[purpose]


def consent_withdraw(
    *, session: Session, employee: Employee, purpose: str, source: str
) -> ConsentView:
    """Withdraw a purpose at once; withdrawing what is not granted records nothing."""
    purpose_check(purpose)
    employee = consent_lock(session=session, employee=employee)
    key = employee.subject_key
    status = session.get(ConsentStatus, (key, purpose)) if key else None
    # A grant that needs renewal is still on record, so it is withdrawn explicitly.
    if status is not None and status.granted:
        consent_record(
            session=session, employee=employee, purpose=purpose, action="withdraw", source=source
        )
    return consent_views(session=session, subject_key=employee.subject_key)[purpose]


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
