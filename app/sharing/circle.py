"""The preview circle: drafts comms sends to the colleagues who asked to give their opinion.

Members hold `ambassador` and ticked "Show me drafts to give my opinion". They see a
sent draft marked as a draft and may answer the share-worthiness question; nobody can
share a draft. Comms sees the circle's size only roughly and the answers only once at
least k people gave one, and never who.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from app.consent.ledger import consent_holds
from app.consent.texts import current_text_version
from app.errors import Conflict, NotFound
from app.models import AmbassadorProfile, ConsentStatus, ContentItem, Employee, Rating, utcnow
from app.web.i18n import N_

CIRCLE_PURPOSE = "ambassador"
DRAFTS_SHOWN = 10
# The circle's size is told in steps of this many, so one person ticking the box
# cannot be seen by watching the number change.
SIZE_STEP = 5
ONLY_DRAFTS = N_("Only a draft can go to the preview circle: this item is no longer a draft.")
NO_ITEM = N_("There is no content item with this id.")


@dataclass(frozen=True)
class CircleView:
    """What comms sees of a draft's preview circle: sizes and answers, never names."""

    content_id: str
    draft: bool
    sent_at: datetime | None
    members: int | None  # rounded down to SIZE_STEP; None while fewer than k
    answers: int
    yes: int | None  # None until at least k people answered
    k: int

    @property
    def shown(self) -> bool:
        """Whether the answers are shown: at least k of them."""
        return self.yes is not None

    @property
    def yes_percent(self) -> int:
        """The share of "yes" among the answers, in whole percent."""
        return round(100 * (self.yes or 0) / self.answers) if self.answers else 0


def circle_member(*, session: Session, employee: Employee) -> bool:
    """Whether the person is in the preview circle: they asked for drafts and take part."""
    profile = session.get(AmbassadorProfile, employee.id)
    if profile is None or not profile.show_drafts or not employee.active:
        return False
    return consent_holds(session=session, employee=employee, purpose=CIRCLE_PURPOSE)


def circle_draft(*, session: Session, content_id: str) -> ContentItem | None:
    """The item, if it is a live draft that comms sent to the circle."""
    return session.exec(
        select(ContentItem).where(
            col(ContentItem.id) == content_id,
            col(ContentItem.status) == "draft",
            col(ContentItem.deleted_at).is_(None),
            col(ContentItem.circle_at).is_not(None),
        )
    ).first()


def circle_drafts(*, session: Session, limit: int = DRAFTS_SHOWN) -> list[ContentItem]:
    """The drafts sent to the circle, the most recently sent first."""
    return list(
        session.exec(
            select(ContentItem)
            .where(
                col(ContentItem.status) == "draft",
                col(ContentItem.deleted_at).is_(None),
                col(ContentItem.circle_at).is_not(None),
            )
            .order_by(col(ContentItem.circle_at).desc(), col(ContentItem.id))
            .limit(limit)
        ).all()
    )


def circle_size(*, session: Session) -> int:
    """How many active people are in the circle now (exact: for rounding, never shown)."""
    current = current_text_version(session=session, purpose=CIRCLE_PURPOSE)
    if current is None:
        return 0
    statement = (
        select(func.count())
        .select_from(AmbassadorProfile)
        .join(Employee, col(Employee.id) == col(AmbassadorProfile.employee_id))
        .join(
            ConsentStatus,
            and_(
                col(ConsentStatus.subject_key) == col(Employee.subject_key),
                col(ConsentStatus.purpose) == CIRCLE_PURPOSE,
            ),
        )
        .where(
            col(AmbassadorProfile.show_drafts).is_(True),
            col(Employee.active).is_(True),
            col(ConsentStatus.granted).is_(True),
            col(ConsentStatus.text_version) == current,
        )
    )
    return int(session.exec(statement).one())


def _live(*, session: Session, content_id: str) -> ContentItem:
    item = session.get(ContentItem, content_id)
    if item is None or item.deleted_at is not None:
        raise NotFound(NO_ITEM)
    return item


def circle_view(*, session: Session, content_id: str, k: int) -> CircleView:
    """The circle of one item as comms may see it: rounded size, answers from k on."""
    item = _live(session=session, content_id=content_id)
    size = circle_size(session=session)
    yes_answer = case((col(Rating.worth_sharing).is_(True), 1), else_=0)
    answers, yes = session.exec(
        select(func.count(), func.coalesce(func.sum(yes_answer), 0)).where(
            col(Rating.content_id) == item.id
        )
    ).one()
    return CircleView(
        content_id=item.id,
        draft=item.status == "draft",
        sent_at=item.circle_at,
        members=size // SIZE_STEP * SIZE_STEP if size >= k else None,
        answers=int(answers),
        yes=int(yes) if answers >= k else None,
        k=k,
    )


def circle_send(*, session: Session, content_id: str, k: int) -> CircleView:
    """Send a draft to the circle (again: its members see it as newly sent); only drafts."""
    item = _live(session=session, content_id=content_id)
    if item.status != "draft":
        raise Conflict(ONLY_DRAFTS, slug="not-a-draft")
    # Not a new version: the editor's ETag stays valid, nobody's text changed.
    item.circle_at = utcnow()
    session.add(item)
    session.flush()
    return circle_view(session=session, content_id=content_id, k=k)
