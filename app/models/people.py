"""Employees, their ambassador profiles and their web sessions."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, reference, utcnow

EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


class EmployeeBase(SQLModel):
    """What HR knows about a person; shared by the table and the API schemas."""

    email: str | None = Field(default=None, max_length=320, index=True)
    display_name: str = Field(max_length=200)
    # Indexed: analytics asks how many active people a department has (app/analytics/).
    department: str | None = Field(default=None, max_length=200, index=True)
    locale: str = Field(default="en", max_length=35)
    is_leader: bool = False
    active: bool = True


class Employee(EmployeeBase, table=True):
    """A person in the organisation, synced by HR or created at first sign-in."""

    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=26)
    external_id: str = Field(max_length=200, unique=True)
    oidc_issuer: str | None = Field(default=None, max_length=500)
    oidc_subject: str | None = Field(default=None, max_length=255)
    roles: list[str] = Field(default_factory=list, sa_type=JSON)
    # Pseudonymous key under which consent events are recorded; erasure removes
    # this link so that the proof survives without identifying anyone.
    subject_key: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AmbassadorProfile(SQLModel, table=True):
    """How one employee wants to take part; only they see or change it."""

    __tablename__ = "ambassador_profile"

    employee_id: str = reference("employee.id", ondelete="CASCADE", primary_key=True)
    networks: list[str] = Field(default_factory=list, sa_type=JSON)
    mastodon_instance: str | None = Field(default=None, max_length=253)
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    languages: list[str] = Field(default_factory=list, sa_type=JSON)
    asks_per_quarter: int = Field(default=1, ge=0, le=12)
    quiet_hours_start: int | None = Field(default=None, ge=0, le=23)
    quiet_hours_end: int | None = Field(default=None, ge=0, le=23)
    paused: bool = False
    no_social_networks: bool = False
    # "Show me drafts to give my opinion": the preview circle; off by default.
    show_drafts: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A server-side browser session; the cookie carries only an opaque token."""

    __tablename__ = "web_session"

    # sha256 of the cookie token: a leaked table does not yield usable cookies.
    id: str = Field(primary_key=True, max_length=64)
    employee_id: str | None = reference(
        "employee.id", ondelete="CASCADE", nullable=True, index=True
    )
    csrf_token: str = Field(max_length=64)
    data: dict[str, object] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
