"""What the employee sees of their own data under /api/v1/me, and what they send."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from app.models.consent import ConsentHistoryEntry, Purpose, SystemStatus
from app.models.people import EmployeePublic


class ConsentChange(SQLModel):
    """POST /me/consents: grant on the text version read, or withdraw."""

    purpose: Purpose
    action: Literal["grant", "withdraw"]
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
