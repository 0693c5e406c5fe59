"""Content items that comms publishes, with a share text per network, and comms' topic list."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, reference, utcnow

Kind = Literal["article", "job", "event", "video", "photo", "other"]
Status = Literal["draft", "published", "archived"]
Network = Literal[
    "linkedin", "xing", "x", "facebook", "mastodon", "bluesky", "threads", "whatsapp", "email"
]
# The tuples come from the Literals, so the API's enums and the rules cannot drift apart.
KINDS: tuple[str, ...] = get_args(Kind)
STATUSES: tuple[str, ...] = get_args(Status)
NETWORKS: tuple[str, ...] = get_args(Network)


class ContentItem(SQLModel, table=True):
    """Something comms would like people to pass on, if they find it worth it."""

    __tablename__ = "content_item"
    __table_args__ = (
        Index(None, "status", "created_at", "id"),
        Index(None, "is_ask", "publish_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=300)
    summary: str = Field(default="", max_length=2000)
    url: str = Field(max_length=2048)
    image_url: str | None = Field(default=None, max_length=2048)
    # Our stored, re-encoded copy of the image, served from our own origin.
    image_key: str | None = Field(default=None, max_length=80)
    language: str = Field(max_length=35)
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    # Short points an employee may put in their own words, shown in the share panel.
    talking_points: list[str] = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default="draft", max_length=20)
    is_ask: bool = False
    publish_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Leaders first: people with is_leader see a published item from here, before publish_at.
    leaders_from: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # When comms sent the draft to the preview circle; None while it never was.
    circle_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Soft delete: the item disappears from reads, its share aggregates remain.
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = 1


class ShareText(SQLModel, table=True):
    """The suggested text for one network; the employee may edit it before sharing."""

    __tablename__ = "share_text"

    content_id: str = reference("content_item.id", ondelete="CASCADE", primary_key=True)
    network: str = Field(primary_key=True, max_length=20)
    text: str = Field(max_length=3000)


class Topic(SQLModel, table=True):
    """One entry of comms' topic list: the slug items carry in `topics`, named per UI language."""

    __tablename__ = "topic"

    id: str = Field(primary_key=True, max_length=40)
    # Language → name; English is always there, the reader's language when comms gave it.
    names: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1
