"""What each purpose's text promises beyond the ledger: whom it is for, what withdrawing undoes."""

from __future__ import annotations

from sqlmodel import Session, col, delete, update

from app.errors import Forbidden
from app.models import Employee, LeaderShare, ShareEvent
from app.web.i18n import N_

ATTRIBUTION = "share_attribution"
RECOGNITION = "recognition"
# "This is for people who lead a team": colleagues see the name as "shared by leadership".
LEADERS_ONLY = frozenset({RECOGNITION})
NOT_A_LEADER = N_("“Be named” is for people who lead a team, so it is not open to you.")


def purpose_offered(*, employee: Employee, purpose: str) -> bool:
    """Whether the purpose is for this person: recognition only for those who lead a team."""
    return purpose not in LEADERS_ONLY or employee.is_leader


def purpose_open(*, employee: Employee, purpose: str) -> None:
    """Refuse a grant of a purpose that is not for this person (Forbidden, with the reason)."""
    if not purpose_offered(employee=employee, purpose=purpose):
        raise Forbidden(NOT_A_LEADER, slug="purpose-not-offered")


def shares_deattribute(*, session: Session, employee_id: str) -> int:
    """Take the person's name off every share they made; the shares and clicks still count."""
    # The clicks hang off the share's short link, so with the name gone they are anonymous too.
    result = session.exec(
        update(ShareEvent)
        .where(col(ShareEvent.employee_id) == employee_id)
        .values(employee_id=None)
    )
    session.flush()
    return result.rowcount


def withdrawal_effects(*, session: Session, employee: Employee, purpose: str) -> None:
    """Undo what the purpose's text says a withdrawal undoes, in the withdrawal's transaction."""
    if purpose == ATTRIBUTION:
        # "If you withdraw, your name is removed from your shares and they are counted
        # anonymously from then on."
        shares_deattribute(session=session, employee_id=employee.id)
    elif purpose == RECOGNITION:
        # "My name may be shown": withdrawn, no item counts or names them as leadership.
        session.exec(delete(LeaderShare).where(col(LeaderShare.employee_id) == employee.id))
        session.flush()
