"""Consent as the API shows it: HR's granted / not_granted view, purposes, texts and proof."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Self

from sqlmodel import SQLModel

from app.consent.changes import system_status
from app.models import PublicModel
from app.models.consent import (
    PURPOSE_DESCRIPTIONS,
    ConsentAction,
    ConsentSource,
    Purpose,
    SystemStatus,
)

if TYPE_CHECKING:
    from app.consent.proof import ProofEntry
    from app.consent.reports import ConsentRow, PurposeRow
    from app.models import Employee


class PurposeConsent(SQLModel):
    """One purpose of one employee, as HR sees it; version and time only when granted."""

    status: SystemStatus
    text_version: int | None = None
    since: datetime | None = None

    @classmethod
    def of(cls, row: ConsentRow) -> Self:
        """A purpose's status as a system may see it."""
        return cls.model_validate(row, update={"status": system_status(row.granted)})


class EmployeeConsents(SQLModel):
    """GET /employees/{external_id}/consents."""

    external_id: str
    purposes: dict[str, PurposeConsent]

    @classmethod
    def of(cls, employee: Employee, rows: Iterable[ConsentRow]) -> EmployeeConsents:
        """An employee's status per purpose."""
        return cls(
            external_id=employee.external_id,
            purposes={row.purpose: PurposeConsent.of(row) for row in rows},
        )


class ConsentListItem(PurposeConsent):
    """One employee and purpose in GET /consents."""

    external_id: str
    purpose: Purpose


class PurposeTexts(SQLModel):
    """A purpose, its current text version and the newest version in each language."""

    description: str
    current_version: int | None
    languages: dict[str, int]

    @classmethod
    def of(cls, row: PurposeRow) -> PurposeTexts:
        """A purpose with what it is for and the versions of its text."""
        return cls(
            description=PURPOSE_DESCRIPTIONS[row.purpose],
            current_version=row.current_version,
            languages=row.languages,
        )


class ConsentPurposes(SQLModel):
    """GET /consent-purposes."""

    purposes: dict[str, PurposeTexts]

    @classmethod
    def of(cls, rows: Iterable[PurposeRow]) -> ConsentPurposes:
        """Every purpose by name."""
        return cls(purposes={row.purpose: PurposeTexts.of(row) for row in rows})


class ConsentTextPublic(PublicModel):
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

    @classmethod
    def of(cls, entry: ProofEntry) -> ConsentHistoryEntry:
        """A ledger event and the text it agreed to."""
        text = ConsentTextPublic.of(entry.text) if entry.text else None
        return cls.model_validate(entry.event, update={"text": text})


class ConsentProof(SQLModel):
    """GET /employees/{external_id}/consents/proof: the append-only history (GDPR Art. 7(1))."""

    external_id: str
    events: list[ConsentHistoryEntry]

    @classmethod
    def of(cls, employee: Employee, history: Iterable[ProofEntry]) -> ConsentProof:
        """An employee's whole history, for an auditor."""
        return cls(
            external_id=employee.external_id,
            events=[ConsentHistoryEntry.of(entry) for entry in history],
        )
