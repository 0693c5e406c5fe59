"""What readers see: an item is published now by its status, its deletion and its window.

The rule is written once, in SQL, for the feed and for sharing alike. Leaders first:
people marked as leaders see a published item from its leaders_from, everyone else
from its publish_at.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from app.models import ContentItem, utcnow


def published_now(now: datetime, *, leader: bool = False) -> ColumnElement[bool]:
    """Published, not deleted, and inside its window: after publish_at (for a leader,
    after leaders_from), before expires_at."""
    publish_at, expires_at = col(ContentItem.publish_at), col(ContentItem.expires_at)
    released = or_(publish_at.is_(None), publish_at <= now)
    if leader:
        leaders_from = col(ContentItem.leaders_from)
        released = or_(released, and_(leaders_from.is_not(None), leaders_from <= now))
    return and_(
        col(ContentItem.status) == "published",
        col(ContentItem.deleted_at).is_(None),
        released,
        or_(expires_at.is_(None), expires_at > now),
    )


def published_item(
    *, session: Session, content_id: str, leader: bool = False
) -> ContentItem | None:
    """The item, if readers (or, with `leader`, leaders) see it now; None when it is
    unknown, deleted or not published."""
    return session.exec(
        select(ContentItem).where(
            col(ContentItem.id) == content_id, published_now(utcnow(), leader=leader)
        )
    ).first()


def leaders_only(item: ContentItem, *, now: datetime) -> bool:
    """Whether the item is still in its leaders-only hours: leaders see it, others not yet."""
    return (
        item.leaders_from is not None
        and item.publish_at is not None
        and item.leaders_from <= now < item.publish_at
    )
