"""Signing in as one of the demo organisation's sample people (demo mode only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.demo.seed import DEMO_PEOPLE
from app.errors import NotFound
from app.models import Employee
from app.people.web_sessions import session_start
from app.web.i18n import N_


@dataclass(frozen=True)
class DemoPerson:
    """One entry of the demo sign-in page."""

    external_id: str
    display_name: str
    department: str | None
    role: str


def demo_people_listing(*, session: Session) -> list[DemoPerson]:
    """The sample people to sign in as, in the order of DEMO_PEOPLE."""
    roles = dict(DEMO_PEOPLE)
    employees = session.exec(
        select(Employee).where(col(Employee.external_id).in_(roles), col(Employee.active))
    ).all()
    by_id = {e.external_id: e for e in employees}
    return [
        DemoPerson(eid, by_id[eid].display_name, by_id[eid].department, role)
        for eid, role in DEMO_PEOPLE
        if eid in by_id
    ]


def demo_sign_in(*, session: Session, external_id: str) -> str:
    """Start a session for a demo person; anyone else cannot be signed in this way."""
    if external_id not in dict(DEMO_PEOPLE):
        raise NotFound(N_("There is no demo person with that name."))
    employee = session.exec(select(Employee).where(Employee.external_id == external_id)).first()
    if employee is None or not employee.active:
        raise NotFound(N_("There is no demo person with that name."))
    return session_start(session=session, employee=employee)
