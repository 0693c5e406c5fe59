"""What readers see: an item is published now by its status, its deletion and its window.

The rule is written once, in SQL, for the feed and for sharing alike.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from app.models import ContentItem, utcnow


def published_now(now: datetime) -> ColumnElement[bool]:
    """Published, not deleted, and inside its window: after publish_at, before expires_at."""
    publish_at, expires_at = col(ContentItem.publish_at), col(ContentItem.expires_at)
    return and_(
        col(ContentItem.status) == "published",
        col(ContentItem.deleted_at).is_(None),
        or_(publish_at.is_(None), publish_at <= now),
        or_(expires_at.is_(None), expires_at > now),
    )


def published_item(*, session: Session, content_id: str) -> ContentItem | None:
    """The item, if readers see it now; None when it is unknown, deleted or not published."""
    return session.exec(
        select(ContentItem).where(col(ContentItem.id) == content_id, published_now(utcnow()))
    ).first()
