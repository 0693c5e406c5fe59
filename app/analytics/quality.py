"""Share-worthiness and the share rate: shown only once they are about at least k people.

Answers carry no time and no name in any report. Two reports a moment apart can still
differ by one answer, and so show how the newest answer went, but never whose it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import and_, case, exists, func, or_
from sqlmodel import Session, col, select

from app.analytics.figures import Counts, RankedItem, Ratings
from app.analytics.periods import Period
from app.consent.texts import current_text_version
from app.models import AmbassadorProfile, AnalyticsDay, ConsentStatus, ContentItem, Employee, Rating

Order = Literal["worth_sharing", "share_rate"]
ORDERS: tuple[Order, ...] = ("worth_sharing", "share_rate")
RANKED_DEFAULT, RANKED_MAX = 50, 200
TAKING_PART = "ambassador"
# Ratings are counted for this many items per statement.
RATINGS_CHUNK = 500


def ambassadors(*, session: Session) -> int:
    """Active people taking part now, leaving out those who said they use no social networks."""
    current = current_text_version(session=session, purpose=TAKING_PART)
    if current is None:
        return 0
    no_networks = exists().where(
        col(AmbassadorProfile.employee_id) == col(Employee.id),
        col(AmbassadorProfile.no_social_networks).is_(True),
    )
    count = session.exec(
        select(func.count())
        .select_from(ConsentStatus)
        .join(Employee, col(Employee.subject_key) == col(ConsentStatus.subject_key))
        .where(
            col(ConsentStatus.purpose) == TAKING_PART,
            col(ConsentStatus.granted).is_(True),
            col(ConsentStatus.text_version) == current,
            col(Employee.active).is_(True),
            ~no_networks,
        )
    ).one()
    return int(count)


def share_rate(shares: int, ambassadors: int, *, k: int) -> float | None:
    """Shares per 100 people taking part; None while fewer than k take part."""
    if ambassadors < k:
        return None
    return round(shares * 100 / ambassadors, 2)


def ratings_of(*, session: Session, content_ids: Iterable[str], k: int) -> dict[str, Ratings]:
    """Each item's answers: their number, and the share of yes once k people answered."""
    ids = list(content_ids)
    found: dict[str, Ratings] = {}
    yes = func.sum(case((col(Rating.worth_sharing).is_(True), 1), else_=0))
    for start in range(0, len(ids), RATINGS_CHUNK):
        rows = session.exec(
            select(col(Rating.content_id), func.count(), yes)
            .where(col(Rating.content_id).in_(ids[start : start + RATINGS_CHUNK]))
            .group_by(col(Rating.content_id))
        ).all()
        for content_id, count, agreed in rows:
            share = round(int(agreed) / int(count), 3) if count >= k else None
            found[content_id] = Ratings(int(count), share)
    return found


def ranked_items(
    *,
    session: Session,
    period: Period,
    counts: dict[str, Counts],
    k: int,
    order: Order,
    limit: int,
) -> list[RankedItem]:
    """The period's items, best first, at most `limit` of them."""
    published_at = func.coalesce(col(ContentItem.publish_at), col(ContentItem.created_at))
    published = and_(
        col(ContentItem.status) == "published",
        published_at >= period.starts(),
        published_at < period.ends(),
    )
    # The ids of the period's roll-up rows again, read in the database: no long IN list.
    in_period = and_(col(AnalyticsDay.day) >= period.first, col(AnalyticsDay.day) <= period.last)
    active = col(ContentItem.id).in_(
        select(col(AnalyticsDay.content_id)).where(in_period).distinct()
    )
    items = session.exec(
        select(col(ContentItem.id), col(ContentItem.title), col(ContentItem.status)).where(
            col(ContentItem.deleted_at).is_(None), or_(published, active)
        )
    ).all()
    ratings = ratings_of(session=session, content_ids=[row[0] for row in items], k=k)
    taking_part = ambassadors(session=session)
    ranked = [
        RankedItem(
            content_id,
            title,
            status,
            counts.get(content_id, Counts()),
            ratings.get(content_id, Ratings(0, None)),
            share_rate(counts.get(content_id, Counts()).shares, taking_part, k=k),
        )
        for content_id, title, status in items
    ]
    ranked.sort(key=_worth_first if order == "worth_sharing" else _rate_first)
    return ranked[:limit]


def _worth_first(item: RankedItem) -> tuple[Any, ...]:
    worth = item.ratings.worth_sharing
    return (worth is None, -(worth or 0.0), -item.ratings.count, -item.totals.shares, item.title)


def _rate_first(item: RankedItem) -> tuple[Any, ...]:
    return (-item.totals.shares, item.ratings.worth_sharing is None, item.title, item.content_id)
