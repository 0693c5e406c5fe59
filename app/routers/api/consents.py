"""REST API v1: consent as HR systems may see it — granted or not_granted, and audited proof."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from app.consent.proof import consent_proof_read
from app.consent.reports import consent_listing, employee_consent_rows, purpose_rows
from app.consent.schemas import ConsentListItem, ConsentProof, ConsentPurposes, EmployeeConsents
from app.dependencies import DatabaseDep
from app.models.consent import Purpose
from app.people.employees import employee_get
from app.routers.api.employees import ExternalId
from app.routers.paging import Cursor, Limit
from app.web.api_auth import ApiPrincipalDep, RequireScope, get_api_principal
from app.web.openapi import problems
from app.web.pagination import DEFAULT_LIMIT, Page
from app.web.timestamps import Instant

# One router per scope: the purposes are public to any key, proof needs its own scope.
any_key = APIRouter(tags=["consents"], dependencies=[Depends(get_api_principal)])
readers = APIRouter(tags=["consents"], dependencies=[Depends(RequireScope("consents:read"))])
auditors = APIRouter(tags=["consents"], dependencies=[Depends(RequireScope("consents:audit"))])


def _purposes(*, session: Session) -> ConsentPurposes:
    return ConsentPurposes.of(purpose_rows(session=session))


@any_key.get("/consent-purposes", response_model=ConsentPurposes, responses=problems())
async def consent_purposes_get(db: DatabaseDep) -> ConsentPurposes:
    """The purposes one can consent to, with the current text version and each language's."""
    return await db.read(_purposes)


def _employee_consents(*, session: Session, external_id: str) -> EmployeeConsents:
    employee = employee_get(session=session, external_id=external_id)
    return EmployeeConsents.of(employee, employee_consent_rows(session=session, employee=employee))


@readers.get(
    "/employees/{external_id}/consents", response_model=EmployeeConsents, responses=problems(404)
)
async def employee_consents_get(external_id: ExternalId, db: DatabaseDep) -> EmployeeConsents:
    """One employee's status per purpose: granted or not_granted, nothing about why."""
    return await db.read(_employee_consents, external_id=external_id)


def _listing(
    *,
    session: Session,
    limit: int,
    cursor: str | None,
    purpose: Purpose | None,
    granted: bool | None,
    changed_since: datetime | None,
) -> Page[ConsentListItem]:
    rows, next_cursor = consent_listing(
        session=session,
        limit=limit,
        cursor=cursor,
        purpose=purpose,
        granted=granted,
        changed_since=changed_since,
    )
    return Page(items=[ConsentListItem.of(row) for row in rows], next_cursor=next_cursor)


@readers.get("/consents", response_model=Page[ConsentListItem], responses=problems())
async def consents_list(
    db: DatabaseDep,
    purpose: Annotated[Purpose | None, Query(description="Only this purpose.")] = None,
    status: Annotated[
        Literal["granted", "not_granted"] | None, Query(description="Only this status.")
    ] = None,
    changed_since: Annotated[
        Instant | None,
        Query(description="Only statuses that changed at or after this time (RFC 3339)."),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ConsentListItem]:
    """Every employee and purpose, ordered by external id and purpose, with stable cursors."""
    return await db.read(
        _listing,
        limit=limit,
        cursor=cursor,
        purpose=purpose,
        granted=None if status is None else status == "granted",
        changed_since=changed_since,
    )


def _proof(*, session: Session, external_id: str, actor: str) -> ConsentProof:
    employee, history = consent_proof_read(session=session, external_id=external_id, actor=actor)
    return ConsentProof.of(employee, history)


@auditors.get(
    "/employees/{external_id}/consents/proof",
    response_model=ConsentProof,
    responses=problems(404),
)
async def employee_consents_proof_get(
    external_id: ExternalId, db: DatabaseDep, principal: ApiPrincipalDep
) -> ConsentProof:
    """The full append-only history with the texts agreed to (GDPR Art. 7(1)); audited."""
    # A read that leaves an audit record: a write.
    return await db.write(_proof, external_id=external_id, actor=f"api_key:{principal.key_id}")


routers = (any_key, readers, auditors)
