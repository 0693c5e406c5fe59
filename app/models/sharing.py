"""Shares, their short links and click counts, and share-worthiness ratings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, reference, utcnow


class ShortLink(SQLModel, table=True):
    """A public /s/{code} link; it counts clicks and nothing about the visitor."""

    __tablename__ = "short_link"

    code: str = Field(primary_key=True, max_length=32)
    content_id: str = Field(foreign_key="content_item.id", index=True, max_length=26)
    network: str = Field(max_length=20)
    clicks: int = 0
    # Fetches by link-preview bots (app/short_links/previews.py): not clicks, never per day.
    previews: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClickDay(SQLModel, table=True):
    """Clicks of one short link on one UTC day."""

    __tablename__ = "click_day"

    code: str = reference("short_link.code", ondelete="CASCADE", length=32, primary_key=True)
    day: date = Field(primary_key=True)
    clicks: int = 0


class ShareEvent(SQLModel, table=True):
    """One share; it names the employee only while they hold share_attribution."""

    __tablename__ = "share_event"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    content_id: str = Field(foreign_key="content_item.id", index=True, max_length=26)
    network: str = Field(max_length=20)
    short_code: str = Field(foreign_key="short_link.code", unique=True, max_length=32)
    employee_id: str | None = reference(
        "employee.id", ondelete="SET NULL", nullable=True, index=True
    )
    department: str | None = Field(default=None, max_length=200)
    source: str = Field(default="api", max_length=10)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class LeaderShare(SQLModel, table=True):
    """A leader holding recognition shared an item: what "shared by leadership" counts.

    Kept apart from share_event, which names nobody without share_attribution; a
    withdrawal of recognition deletes the person's rows (app/consent/purposes.py).
    """

    __tablename__ = "leader_share"

    content_id: str = reference("content_item.id", ondelete="CASCADE", primary_key=True)
    employee_id: str = reference("employee.id", ondelete="CASCADE", primary_key=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Rating(SQLModel, table=True):
    """An answer to "Would you share this with friends?"; analytics see only aggregates."""

    __table_args__ = (UniqueConstraint("employee_id", "content_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    content_id: str = Field(foreign_key="content_item.id", index=True, max_length=26)
    employee_id: str | None = reference("employee.id", ondelete="SET NULL", nullable=True)
    worth_sharing: bool
    reason: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
