"""What an employee sees of their own data through /api/v1/me: consent, profile, export."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Self

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from app.consent.changes import system_status
from app.consent.schemas import ConsentHistoryEntry
from app.models import PublicModel
from app.models.consent import ConsentAction, Purpose, SystemStatus
from app.people.schemas import EmployeePublic

if TYPE_CHECKING:
    from app.consent.ledger import ConsentView
    from app.models import ConsentText, ContentItem, Employee, Rating, ShareEvent, ShortLink


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


class MyConsentText(PublicModel):
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

    @classmethod
    def of(cls, view: ConsentView, text: ConsentText | None) -> Self:
        """A purpose's status as its employee sees it, with the current text to agree to."""
        current_text = MyConsentText.of(text) if text else None
        return cls.model_validate(
            view, update={"status": system_status(view.granted), "current_text": current_text}
        )


class MyConsentChanged(MyConsent):
    """The answer to POST /me/consents: the purpose's new status."""

    purpose: Purpose


class Me(EmployeePublic):
    """GET /me: my profile and my consent per purpose."""

    consents: dict[str, MyConsent]

    # Me is never built from the record alone, so it takes its consents as well.
    @classmethod
    def of(cls, employee: Employee, consents: Mapping[str, MyConsent]) -> Me:  # type: ignore[override]
        """My HR record and my consent per purpose."""
        return cls.model_validate(employee, update={"consents": dict(consents)})


class MyAmbassadorProfile(PublicModel):
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
    show_drafts: bool = Field(description="Shown drafts to give my opinion (the preview circle).")
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

    @classmethod
    def of(cls, share: ShareEvent, item: ContentItem, link: ShortLink) -> MyShare:
        """A share with the item it passed on and its link's clicks."""
        return cls.model_validate(
            share,
            update={"content_title": item.title, "content_url": item.url, "clicks": link.clicks},
        )


class MyRating(SQLModel):
    """My answer to "Would you share this with friends?"."""

    content_id: str
    content_title: str
    worth_sharing: bool
    reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, rating: Rating, item: ContentItem) -> MyRating:
        """My rating of an item, with the item's title."""
        return cls.model_validate(rating, update={"content_title": item.title})


class MyProfile(EmployeePublic):
    """Everything gladshare holds about me as a person."""

    roles: list[str]


class MyLeaderShare(SQLModel):
    """An item I shared as a leader holding recognition: "shared by leadership" names me on it."""

    content_id: str
    content_title: str
    created_at: datetime


class MyExport(SQLModel):
    """GET /me/export: my data, machine-readable (GDPR Art. 20)."""

    exported_at: datetime
    profile: MyProfile
    ambassador_profile: MyAmbassadorProfile | None
    consents: dict[str, MyConsent]
    consent_history: list[ConsentHistoryEntry]
    shares: list[MyShare]
    ratings: list[MyRating]
    shared_as_leader: list[MyLeaderShare] = Field(
        default_factory=list,
        description='Items whose "shared by leadership" counts and may name me (recognition).',
    )
