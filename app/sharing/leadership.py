"""Leaders first: "shared by N people from leadership", counting only leaders who hold
recognition now, and naming a few of them.

A share by a leader holding recognition leaves a leader_share row; the share_event
itself names nobody without share_attribution. Every read checks recognition, the
leader mark and the account again, so a withdrawal (which also deletes the rows)
takes the person off every item at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.consent.ledger import consent_holds
from app.consent.purposes import RECOGNITION
from app.consent.texts import current_text_version
from app.models import ConsentStatus, Employee, LeaderShare, utcnow

# At most this many names on a card; the rest are counted as "and N more".
NAMES_SHOWN = 3


@dataclass(frozen=True)
class Leadership:
    """The leaders holding recognition who shared an item: how many, and the first names."""

    count: int
    names: tuple[str, ...]

    @property
    def more(self) -> int:
        """How many are counted but not named."""
        return self.count - len(self.names)


def leader_share_note(*, session: Session, sharer: Employee | None, content_id: str) -> None:
    """Note a share by a leader who holds recognition now; anyone else leaves no trace here."""
    if sharer is None or not sharer.is_leader:
        return
    if not consent_holds(session=session, employee=sharer, purpose=RECOGNITION):
        return
    if session.get(LeaderShare, (content_id, sharer.id)) is not None:
        return  # counted once per item, however often they share it
    try:
        # The same leader's two shares at once: the second finds the first's row.
        with session.begin_nested():
            session.add(
                LeaderShare(content_id=content_id, employee_id=sharer.id, created_at=utcnow())
            )
    except IntegrityError:
        pass


def leadership_of(*, session: Session, content_ids: Iterable[str]) -> dict[str, Leadership]:
    """Per item, the leaders who shared it and hold recognition on its current text now."""
    ids = list(content_ids)
    current = current_text_version(session=session, purpose=RECOGNITION)
    if not ids or current is None:
        return {}
    rows = session.exec(
        select(LeaderShare.content_id, Employee.display_name)
        .join(Employee, col(Employee.id) == col(LeaderShare.employee_id))
        .join(
            ConsentStatus,
            and_(
                col(ConsentStatus.subject_key) == col(Employee.subject_key),
                col(ConsentStatus.purpose) == RECOGNITION,
            ),
        )
        .where(
            col(LeaderShare.content_id).in_(ids),
            col(Employee.is_leader).is_(True),
            col(Employee.active).is_(True),
            col(ConsentStatus.granted).is_(True),
            col(ConsentStatus.text_version) == current,
        )
        .order_by(col(LeaderShare.created_at), col(LeaderShare.employee_id))
    ).all()
    names: dict[str, list[str]] = {}
    for content_id, name in rows:
        names.setdefault(content_id, []).append(name)
    return {
        content_id: Leadership(len(found), tuple(found[:NAMES_SHOWN]))
        for content_id, found in names.items()
    }
