"""Consent as the API shows it: HR's granted / not_granted view, purposes, texts and proof."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import SQLModel

from app.models.consent import ConsentAction, ConsentSource, Purpose, SystemStatus


class PurposeConsent(SQLModel):
    """One purpose of one employee, as HR sees it; version and time only when granted."""

    status: SystemStatus
    text_version: int | None = None
    since: datetime | None = None


class EmployeeConsents(SQLModel):
    """GET /employees/{external_id}/consents."""

    external_id: str
    purposes: dict[str, PurposeConsent]


class ConsentListItem(PurposeConsent):
    """One employee and purpose in GET /consents."""

    external_id: str
    purpose: Purpose


class PurposeTexts(SQLModel):
    """A purpose, its current text version and the newest version in each language."""

    description: str
    current_version: int | None
    languages: dict[str, int]


class ConsentPurposes(SQLModel):
    """GET /consent-purposes."""

    purposes: dict[str, PurposeTexts]


class ConsentTextPublic(SQLModel):
    """The exact wording of one version in one language."""

    purpose: str
    version: int
    language: str
    title: str
    body: str
    published_at: datetime


class ConsentHistoryEntry(SQLModel):
    """One ledger event; a grant carries the text agreed to."""

    purpose: str
    action: ConsentAction
    source: ConsentSource
    at: datetime
    text_version: int | None
    text_language: str | None
    text: ConsentTextPublic | None


class ConsentProof(SQLModel):
    """GET /employees/{external_id}/consents/proof: the append-only history (GDPR Art. 7(1))."""

    external_id: str
    events: list[ConsentHistoryEntry]
