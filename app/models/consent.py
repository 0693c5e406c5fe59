"""Consent texts, the append-only consent ledger and its derived status cache."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, one_of, utcnow

Purpose = Literal["ambassador", "share_attribution", "recognition"]
PURPOSES: tuple[str, ...] = get_args(Purpose)
# What a system may see: "never", "declined" and "withdrawn" are one value on purpose.
SystemStatus = Literal["granted", "not_granted"]
PURPOSE_DESCRIPTIONS = {
    "ambassador": "Take part: profile, feed suggestions, asks.",
    "share_attribution": "My shares and their clicks are attributed to me, so I see my impact.",
    "recognition": 'My name may be shown, e.g. "shared by leadership".',
}
# The API's types and the ledger's check constraints both read these.
ConsentAction = Literal["grant", "withdraw"]
CONSENT_ACTIONS: tuple[str, ...] = get_args(ConsentAction)
ConsentSource = Literal["ui", "api", "system"]
CONSENT_SOURCES: tuple[str, ...] = get_args(ConsentSource)


class ConsentText(SQLModel, table=True):
    """The exact wording a person agrees to; immutable once published."""

    __tablename__ = "consent_text"
    __table_args__ = (UniqueConstraint("purpose", "version", "language"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    purpose: str = Field(max_length=40)
    version: int = Field(ge=1)
    language: str = Field(max_length=35)
    title: str = Field(max_length=200)
    body: str
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConsentEvent(SQLModel, table=True):
    """One grant or withdrawal. Rows are only ever inserted."""

    __tablename__ = "consent_event"
    __table_args__ = (
        CheckConstraint(one_of("action", CONSENT_ACTIONS), name="action"),
        CheckConstraint(one_of("source", CONSENT_SOURCES), name="source"),
        Index(None, "subject_key", "purpose", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject_key: str = Field(max_length=64)
    purpose: str = Field(max_length=40)
    action: str = Field(max_length=10)
    text_version: int | None = None
    text_language: str | None = Field(default=None, max_length=35)
    source: str = Field(max_length=10)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConsentStatus(SQLModel, table=True):
    """Cache of the current status per subject and purpose; the ledger is the truth."""

    __tablename__ = "consent_status"

    subject_key: str = Field(primary_key=True, max_length=64)
    purpose: str = Field(primary_key=True, max_length=40)
    granted: bool = False
    text_version: int | None = None
    since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
