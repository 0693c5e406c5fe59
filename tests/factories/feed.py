"""Test data for the feed: content items as comms publishes them, and ambassador profiles."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from app.models import AmbassadorProfile, ContentItem, ShareText, utcnow


def make_item(
    session: Session, *, texts: dict[str, str] | None = None, **fields: Any
) -> ContentItem:
    """A published item (German, no topics), published a minute ago unless told otherwise."""
    values: dict[str, Any] = {
        "kind": "article",
        "title": "Unser neues Werk in Kassel",
        "summary": "Wie wir bauen, und warum.",
        "url": "https://www.example.com/werk",
        "language": "de",
        "status": "published",
        "publish_at": utcnow() - timedelta(minutes=1),
    }
    item = ContentItem(**(values | fields))
    session.add(item)
    session.flush()
    for network, text in (texts or {}).items():
        session.add(ShareText(content_id=item.id, network=network, text=text))
    session.flush()
    return item


def make_items(session: Session, count: int, *, at: datetime | None = None) -> list[ContentItem]:
    """`count` published items, all with the same publish time (the worst case for paging)."""
    when = at or utcnow() - timedelta(hours=1)
    return [make_item(session, title=f"Beitrag {n}", publish_at=when) for n in range(count)]


def make_profile(session: Session, employee_id: str, **fields: Any) -> AmbassadorProfile:
    """An ambassador profile: LinkedIn and Mastodon, German, unless told otherwise."""
    values: dict[str, Any] = {
        "networks": ["linkedin", "mastodon"],
        "mastodon_instance": "social.example",
        "languages": ["de"],
    }
    profile = AmbassadorProfile(employee_id=employee_id, **(values | fields))
    session.add(profile)
    session.flush()
    return profile
