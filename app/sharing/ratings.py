"""Share-worthiness ratings: one answer per person and item, changeable, never shown to others."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from app.consent.ledger import consent_holds
from app.errors import Conflict, Forbidden, Invalid
from app.models import ContentItem, Employee, Rating, utcnow
from app.sharing.circle import circle_draft, circle_member
from app.sharing.shares import shareable_item
from app.web.i18n import N_

REASON_MAX_LENGTH = 200
# The ambassador text lists answering the question as part of taking part, so only then.
RATING_PURPOSE = "ambassador"
NOT_TAKING_PART = N_(
    "Answering whether an item is worth sharing is part of taking part. "
    "If you like, say yes to “Take part” on your page first."
)


def rating_reason(reason: str | None) -> str | None:
    """The optional reason on one line, whitespace collapsed; Invalid when it is too long."""
    visible = "".join(ch for ch in reason or "" if unicodedata.category(ch) != "Cc" or ch.isspace())
    line = " ".join(visible.split())
    if len(line) > REASON_MAX_LENGTH:
        raise Invalid(f"The reason has at most {REASON_MAX_LENGTH} characters.")
    return line or None


def rating_open(*, session: Session, employee: Employee) -> None:
    """Refuse (Forbidden, with the reason) unless the person takes part."""
    if not consent_holds(session=session, employee=employee, purpose=RATING_PURPOSE):
        raise Forbidden(NOT_TAKING_PART, slug="not-taking-part")


def rating_get(*, session: Session, employee: Employee, content_id: str) -> Rating | None:
    """The person's own answer for one item, if they gave one."""
    return session.exec(
        select(Rating).where(Rating.employee_id == employee.id, Rating.content_id == content_id)
    ).first()


def ratings_of(
    *, session: Session, employee: Employee, content_ids: Iterable[str]
) -> dict[str, Rating]:
    """The person's own answers for several items, by item id."""
    ids = list(content_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Rating).where(Rating.employee_id == employee.id, col(Rating.content_id).in_(ids))
    )
    return {rating.content_id: rating for rating in rows}


def rateable_item(*, session: Session, employee: Employee, content_id: str) -> ContentItem:
    """The item the person may answer for: one they can read now (leaders first included),
    or a draft sent to the preview circle if they are in it; else as shareable_item refuses."""
    draft = circle_draft(session=session, content_id=content_id)
    if draft is not None and circle_member(session=session, employee=employee):
        return draft
    return shareable_item(session=session, content_id=content_id, leader=employee.is_leader)


def rating_set(
    *,
    session: Session,
    employee: Employee,
    content_id: str,
    worth_sharing: bool,
    reason: str | None,
) -> Rating:
    """Answer "Would you share this with friends?" for an item the person may read (a
    published one, or a circle draft for its members), or change the answer."""
    rating_open(session=session, employee=employee)
    item = rateable_item(session=session, employee=employee, content_id=content_id)
    line = rating_reason(reason)
    rating = rating_get(session=session, employee=employee, content_id=item.id)
    if rating is None:
        rating = Rating(content_id=item.id, employee_id=employee.id, worth_sharing=worth_sharing)
        try:
            # The same person's double submit may insert first; then this one updates.
            with session.begin_nested():
                session.add(rating)
        except IntegrityError:
            rating = rating_get(session=session, employee=employee, content_id=item.id)
            if rating is None:
                raise Conflict(N_("Your answer could not be saved. Please try again.")) from None
    rating.worth_sharing = worth_sharing
    rating.reason = line
    rating.updated_at = utcnow()
    session.add(rating)
    session.flush()
    return rating


def ratings_erase(*, session: Session, employee: Employee) -> int:
    """Forget whose answers these were and what they wrote; the yes/no stays, anonymous.

    The answer alone feeds the share-worthiness aggregate; a free-text reason may say
    anything about its author, so it goes with them.
    """
    result = session.exec(
        update(Rating)
        .where(col(Rating.employee_id) == employee.id)
        .values(employee_id=None, reason=None)
    )
    session.flush()
    return int(result.rowcount)
