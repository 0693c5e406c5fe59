"""People as the API shows them: HR's employee record, and what I see of my own data."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from pydantic import StrictBool, field_validator, model_validator
from sqlmodel import Field, SQLModel

from app.consent.schemas import ConsentHistoryEntry
from app.formats.languages import locale_tag
from app.models.consent import ConsentAction, Purpose, SystemStatus
from app.models.people import EMAIL_SHAPE, EmployeeBase


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
        return locale_tag(value)


class EmployeePublic(EmployeeBase):
    """An employee as other systems see them: no consent history, no internal keys."""

    external_id: str
    created_at: datetime
    updated_at: datetime


def _has_control(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)


class ConsentChange(SQLModel):
    """POST /me/consents: grant on the text version read, or withdraw."""

    purpose: Purpose
    action: ConsentAction
    text_version: int | None = Field(
        default=None, ge=1, description="The version of the text the person read; needed to grant."
    )

    @model_validator(mode="after")
    def _grant_names_a_version(self) -> ConsentChange:
        if self.action == "grant" and self.text_version is None:
            raise ValueError("a grant names the text_version that was read")
        return self


class MyConsentText(SQLModel):
    """The current text of a purpose, in the reader's language where there is one."""

    version: int
    language: str
    title: str
    body: str


class MyConsent(SQLModel):
    """One purpose as the employee sees it, including whether a new text awaits them."""

    status: SystemStatus
    renewal_required: bool
    text_version: int | None
    since: datetime | None
    current_text: MyConsentText | None


class MyConsentChanged(MyConsent):
    """The answer to POST /me/consents: the purpose's new status."""

    purpose: Purpose


class Me(EmployeePublic):
    """GET /me: my profile and my consent per purpose."""

    consents: dict[str, MyConsent]


class MyAmbassadorProfile(SQLModel):
    """How I take part."""

    networks: list[str]
    mastodon_instance: str | None
    topics: list[str]
    languages: list[str]
    asks_per_quarter: int
    quiet_hours_start: int | None
    quiet_hours_end: int | None
    paused: bool
    no_social_networks: bool
    updated_at: datetime


class MyShare(SQLModel):
    """A share attributed to me, and how often its short link was clicked."""

    id: str
    content_id: str
    content_title: str
    content_url: str
    network: str
    short_code: str
    clicks: int
    created_at: datetime


class MyRating(SQLModel):
    """My answer to "Would you share this with friends?"."""

    content_id: str
    content_title: str
    worth_sharing: bool
    reason: str | None
    created_at: datetime
    updated_at: datetime


class MyProfile(EmployeePublic):
    """Everything gladshare holds about me as a person."""

    roles: list[str]


class MyExport(SQLModel):
    """GET /me/export: my data, machine-readable (GDPR Art. 20)."""

    exported_at: datetime
    profile: MyProfile
    ambassador_profile: MyAmbassadorProfile | None
    consents: dict[str, MyConsent]
    consent_history: list[ConsentHistoryEntry]
    shares: list[MyShare]
    ratings: list[MyRating]
