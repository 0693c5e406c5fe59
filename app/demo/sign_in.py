"""Signing in as one of the demo organisation's sample people (demo mode only)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.demo.organisation import COMPANY, PEOPLE, DemoPerson
from app.errors import NotFound
from app.models import Employee
from app.people.web_sessions import session_start
from app.web.i18n import N_

# The people offered on the demo sign-in page, in the order of organisation.toml.
SIGN_IN_PEOPLE = {person.external_id: person for person in PEOPLE if person.sign_in_as}


def demo_people_listing(*, session: Session) -> list[DemoPerson]:
    """The sample people to sign in as, those of them that exist and are active."""
    active = session.exec(
        select(Employee.external_id).where(
            col(Employee.external_id).in_(SIGN_IN_PEOPLE), col(Employee.active)
        )
    ).all()
    return [person for eid, person in SIGN_IN_PEOPLE.items() if eid in active]


def demo_sign_in(*, session: Session, external_id: str) -> str:
    """Start a session for a demo person; anyone else cannot be signed in this way."""
    if external_id not in SIGN_IN_PEOPLE:
        raise NotFound(N_("There is no demo person with that name."))
    employee = session.exec(select(Employee).where(Employee.external_id == external_id)).first()
    if employee is None or not employee.active:
        raise NotFound(N_("There is no demo person with that name."))
    return session_start(session=session, employee=employee)


def demo_sign_in_invitation(*, base_url: str) -> str:
    """One line for the server's start-up: whom the demo lets you sign in as, and where."""
    offered = [f"{person.display_name} ({person.sign_in_as})" for person in SIGN_IN_PEOPLE.values()]
    people = f"{', '.join(offered[:-1])} or {offered[-1]}"
    return (
        f"Demo: sign in as {people}, {len(offered)} of the {len(PEOPLE)} {COMPANY} people, "
        f"at {base_url}/sign-in"
    )
