"""Proof of consent: the ledger replayed, with the exact texts agreed to, and audited reads."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from app.models import AuditEvent, ConsentEvent, ConsentStatus, ConsentText, Employee
from app.people.employees import employee_get


@dataclass(frozen=True)
class ProofEntry:
    """One ledger event and, for a grant, the text version the person agreed to."""

    event: ConsentEvent
    text: ConsentText | None


def consent_history(*, session: Session, subject_key: str | None) -> list[ProofEntry]:
    """A subject's whole ledger in the order it was written, with the texts agreed to."""
    if subject_key is None:
        return []
    events = session.exec(
        select(ConsentEvent)
        .where(ConsentEvent.subject_key == subject_key)
        .order_by(col(ConsentEvent.id))
    ).all()
    return [ProofEntry(event, _text_of(session=session, event=event)) for event in events]


def _text_of(*, session: Session, event: ConsentEvent) -> ConsentText | None:
    if event.action != "grant" or event.text_version is None:
        return None
    return session.exec(
        select(ConsentText).where(
            ConsentText.purpose == event.purpose,
            ConsentText.version == event.text_version,
            ConsentText.language == event.text_language,
        )
    ).first()


def consent_proof_read(
    *, session: Session, external_id: str, actor: str
) -> tuple[Employee, list[ProofEntry]]:
    """An employee's full consent history for an auditor; every read is audited."""
    employee = employee_get(session=session, external_id=external_id)
    history = consent_history(session=session, subject_key=employee.subject_key)
    session.add(
        AuditEvent(
            actor=actor,
            action="consent.proof_read",
            # The pseudonymous subject, never a name, email or HR id: the audit log
            # itself must not become a register of who consented to what.
            target=f"consent_subject:{employee.subject_key}" if employee.subject_key else None,
            detail={"events": len(history)},
        )
    )
    session.flush()
    return employee, history


def consent_replay(*, session: Session, subject_key: str, purpose: str) -> ConsentStatus | None:
    """What the status cache must hold, computed from the ledger and the texts alone."""
    events = session.exec(
        select(ConsentEvent)
        .where(ConsentEvent.subject_key == subject_key, ConsentEvent.purpose == purpose)
        .order_by(col(ConsentEvent.id))
    ).all()
    if not events:
        return None
    last = events[-1]
    granted = last.action == "grant"
    status = ConsentStatus(
        subject_key=subject_key,
        purpose=purpose,
        granted=granted,
        text_version=last.text_version,
        since=last.at if granted else None,
        changed_at=last.at,
    )
    if granted and last.text_version is not None:
        # A newer text ends the grant's validity for systems when it is published.
        superseded_at = session.exec(
            select(func.min(ConsentText.published_at)).where(
                ConsentText.purpose == purpose, ConsentText.version == last.text_version + 1
            )
        ).one()
        if superseded_at is not None and superseded_at > last.at:
            status.changed_at = superseded_at
    return status
