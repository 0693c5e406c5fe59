"""Asks: the rare items comms explicitly asks people to share, limited by a yearly budget."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from app.config import Settings
from app.errors import Conflict
from app.models import ContentItem, utcnow

ASK_WINDOW = timedelta(days=365)
# Serialises budget checks on PostgreSQL; SQLite writers are serialised already.
_ASK_BUDGET_LOCK = 0x676C_6164_6173_6B  # "gladask"


def asks_published_since(*, session: Session, since: datetime, exclude_id: str) -> int:
    """Asks that went out after `since`, other than `exclude_id`.

    Archived and deleted asks count too: an ask once made was made, and
    withdrawing it must not free room for another.
    """
    statement = select(func.count()).where(
        col(ContentItem.is_ask).is_(True),
        col(ContentItem.status).in_(("published", "archived")),
        col(ContentItem.publish_at) > since,
        ContentItem.id != exclude_id,
    )
    return session.exec(statement).one()


def ask_budget_check(*, session: Session, settings: Settings, item: ContentItem) -> None:
    """409 when publishing `item` as an ask would exceed settings.ask_budget per 365 days."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ASK_BUDGET_LOCK})
    used = asks_published_since(session=session, since=utcnow() - ASK_WINDOW, exclude_id=item.id)
    if used >= settings.ask_budget:
        raise Conflict(
            f"The ask budget of {settings.ask_budget} per 365 days is used up; "
            "publish this item without asking, or wait until an earlier ask is a year old.",
            slug="ask-budget-exceeded",
        )
