"""Employees as HR syncs them, and offboarding that leaves nothing identifying behind."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from app.consent.ledger import consent_withdraw_all
from app.db import checkpoint_after_commit
from app.errors import NotFound
from app.models import PURPOSES, AmbassadorProfile, AuditEvent, Employee, ShareEvent, utcnow
from app.people.schemas import EmployeeUpsert
from app.people.web_sessions import sessions_revoke
from app.sharing.ratings import ratings_erase
from app.webhooks.outbox import outbox_emit, outbox_supersede


def _find(*, session: Session, external_id: str) -> Employee | None:
    return session.exec(select(Employee).where(Employee.external_id == external_id)).first()


def employee_get(*, session: Session, external_id: str) -> Employee:
    """The employee HR knows by this id; NotFound otherwise."""
    employee = _find(session=session, external_id=external_id)
    if employee is None:
        raise NotFound("There is no employee with this external id.")
    return employee


def employee_upsert(
    *, session: Session, external_id: str, data: EmployeeUpsert
) -> tuple[Employee, bool]:
    """Create or replace an employee's HR record; returns it and whether it was created."""
    employee = _find(session=session, external_id=external_id)
    if employee is None:
        created = _insert(session=session, external_id=external_id, data=data)
        if created is not None:
            return created, True
        employee = employee_get(session=session, external_id=external_id)
    changes = {
        name: value for name, value in data.model_dump().items() if getattr(employee, name) != value
    }
    if changes:
        # Only a real change moves updated_at, so repeating a PUT changes nothing.
        employee.sqlmodel_update({**changes, "updated_at": utcnow()})
        session.add(employee)
        session.flush()
    if changes.get("active") is False:
        # Deactivation ends sessions rather than pausing them: reactivating someone
        # must not bring an old cookie (on a shared or lost device) back to life.
        sessions_revoke(session=session, employee=employee)
    return employee, False


def _insert(*, session: Session, external_id: str, data: EmployeeUpsert) -> Employee | None:
    # A concurrent PUT of the same new id wins the unique constraint; the loser
    # then updates the winner's row instead of failing with a 500.
    now = utcnow()
    employee = Employee(
        external_id=external_id, created_at=now, updated_at=now, **data.model_dump()
    )
    try:
        with session.begin_nested():
            session.add(employee)
    except IntegrityError:
        return None
    return employee


def employee_offboard(*, session: Session, external_id: str, actor: str = "system") -> None:
    """Offboard: withdraw every consent, end sessions, erase and de-attribute, delete the person."""
    employee = employee_get(session=session, external_id=external_id)
    employee_forget(
        session=session, employee=employee, source="system", actor=actor,
        action="employee.offboarded",
    )  # fmt: skip
    outbox_emit(
        session=session, event_type="employee.offboarded", data={"external_id": external_id}
    )
    session.flush()


def employee_forget(
    *, session: Session, employee: Employee, source: str, actor: str, action: str
) -> None:
    """Withdraw every consent, end sessions, erase and de-attribute, then delete the person.

    Deleting the row removes the only link to the subject key: the consent ledger
    stays as pseudonymised proof, and nothing identifies the person any more.
    """
    withdrawn = consent_withdraw_all(session=session, employee=employee, source=source)
    for purpose in PURPOSES:
        # Subscribers still get each purpose's status now, and no older one about the person.
        about = {"external_id": employee.external_id, "purpose": purpose}
        outbox_supersede(session=session, event_type="consent.updated", about=about, now=utcnow())
    revoked = sessions_revoke(session=session, employee=employee)
    counts = participation_erase(session=session, employee=employee)
    subject_key = employee.subject_key
    session.delete(employee)
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            # The consent subject, never a name, email or HR id: the proof stays pseudonymous.
            target=f"consent_subject:{subject_key}" if subject_key else None,
            detail={"consents_withdrawn": len(withdrawn), "sessions_revoked": revoked, **counts},
        )
    )
    session.flush()
    checkpoint_after_commit(session)


def participation_erase(*, session: Session, employee: Employee) -> dict[str, int]:
    """Erase the profile and rating reasons, de-attribute shares and ratings; counts stay."""
    profile = session.get(AmbassadorProfile, employee.id)
    if profile is not None:
        session.delete(profile)
    shares = session.exec(
        update(ShareEvent)
        .where(col(ShareEvent.employee_id) == employee.id)
        .values(employee_id=None)
    )
    ratings = ratings_erase(session=session, employee=employee)
    session.flush()
    return {
        "profiles_erased": int(profile is not None),
        "shares_deattributed": shares.rowcount,
        "ratings_deattributed": ratings,
    }
