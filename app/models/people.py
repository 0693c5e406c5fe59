"""Employees, their ambassador profiles and their web sessions."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from pydantic import StrictBool, field_validator
from sqlalchemy import JSON, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, new_id, utcnow

EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
LOCALE_SHAPE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


class EmployeeBase(SQLModel):
    """What HR knows about a person; shared by the table and the API schemas."""

    email: str | None = Field(default=None, max_length=320, index=True)
    display_name: str = Field(max_length=200)
    department: str | None = Field(default=None, max_length=200)
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


class EmployeeUpsert(EmployeeBase):
    """The HR sync body of PUT /employees/{external_id}: the whole record, replaced."""

    display_name: str = Field(
        min_length=1, max_length=200, regex=r"\S", schema_extra={"pattern": r"\S"}
    )
    email: str | None = Field(
        default=None,
        max_length=320,
        regex=r"^$|^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$",
        schema_extra={"pattern": r"^$|^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$"},
    )
    locale: str = Field(
        default="en",
        max_length=35,
        regex=r"^\s*[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*\s*$",
        schema_extra={"pattern": r"^\s*[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*\s*$"},
    )
    # Strict: an HR system sending 0 or "yes" has a bug worth hearing about.
    is_leader: StrictBool = False
    active: StrictBool = True

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        if not EMAIL_SHAPE.fullmatch(value) or _has_control(value):
            raise ValueError("must look like name@example.com")
        local, domain = value.rsplit("@", 1)
        return f"{local}@{domain.lower()}"

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str) -> str:
        value = value.strip()
        if not value or _has_control(value):
            raise ValueError("must be a printable, non-blank name")
        return value

    @field_validator("department")
    @classmethod
    def _department(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if _has_control(value):
            raise ValueError("must be printable text")
        return value or None

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        value = value.strip().replace("_", "-")
        if not LOCALE_SHAPE.fullmatch(value):
            raise ValueError("must be a language tag such as de, en or de-CH")
        language, *rest = value.split("-")
        return "-".join([language.lower(), *(_subtag(part) for part in rest)])


class EmployeePublic(EmployeeBase):
    """An employee as other systems see them: no consent history, no internal keys."""

    external_id: str
    created_at: datetime
    updated_at: datetime


def _has_control(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)


def _subtag(part: str) -> str:
    # BCP 47 case conventions: regions upper (CH), scripts title (Hant), the rest lower.
    if len(part) == 2 and part.isalpha():
        return part.upper()
    return part.title() if len(part) == 4 and part.isalpha() else part.lower()


class AmbassadorProfile(SQLModel, table=True):
    """How one employee wants to take part; only they see or change it."""

    __tablename__ = "ambassador_profile"

    employee_id: str = Field(
        sa_column=Column(
            String(26), ForeignKey("employee.id", ondelete="CASCADE"), primary_key=True
        )
    )
    networks: list[str] = Field(default_factory=list, sa_type=JSON)
    mastodon_instance: str | None = Field(default=None, max_length=253)
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    languages: list[str] = Field(default_factory=list, sa_type=JSON)
    asks_per_quarter: int = Field(default=1, ge=0, le=12)
    quiet_hours_start: int | None = Field(default=None, ge=0, le=23)
    quiet_hours_end: int | None = Field(default=None, ge=0, le=23)
    paused: bool = False
    no_social_networks: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A server-side browser session; the cookie carries only an opaque token."""

    __tablename__ = "web_session"

    # sha256 of the cookie token: a leaked table does not yield usable cookies.
    id: str = Field(primary_key=True, max_length=64)
    employee_id: str | None = Field(
        default=None,
        sa_column=Column(
            String(26), ForeignKey("employee.id", ondelete="CASCADE"), index=True, nullable=True
        ),
    )
    csrf_token: str = Field(max_length=64)
    data: dict[str, object] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
