"""What HR systems may see of consent: granted or not, per employee and purpose, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    literal,
    not_,
    true,
    union_all,
)
from sqlmodel import Session, col, func, select

from app.consent.ledger import consent_views
from app.consent.texts import current_text_version, newest_versions_by_language, purpose_check
from app.models import PURPOSES, ConsentStatus, Employee, UTCDateTime
from app.web.pagination import paginate


@dataclass(frozen=True)
class ConsentRow:
    """One employee and purpose as a system sees it: `text_version`/`since` only when granted."""

    external_id: str
    purpose: str
    granted: bool
    text_version: int | None
    since: datetime | None


@dataclass(frozen=True)
class PurposeRow:
    """A purpose with its current text version and the newest version in each language."""

    purpose: str
    current_version: int | None
    languages: dict[str, int]


def purpose_rows(*, session: Session) -> list[PurposeRow]:
    """Every purpose one can consent to, with the versions of its text."""
    return [
        PurposeRow(
            purpose=purpose,
            current_version=current_text_version(session=session, purpose=purpose),
            languages=newest_versions_by_language(session=session, purpose=purpose),
        )
        for purpose in PURPOSES
    ]


def consent_listing(
    *,
    session: Session,
    limit: int,
    cursor: str | None,
    purpose: str | None = None,
    granted: bool | None = None,
    changed_since: datetime | None = None,
) -> tuple[list[ConsentRow], str | None]:
    """Every existing employee and purpose, ordered by (external_id, purpose), filtered."""
    purposes = _purposes_table(session=session, only=purpose)
    is_granted = and_(
        col(ConsentStatus.granted).is_(True),
        func.coalesce(ConsentStatus.text_version, -1) == purposes.c.current_version,
    )
    query = _every_pair(purposes, is_granted)
    if granted is not None:
        query = query.where(is_granted if granted else not_(is_granted))
    if changed_since is not None:
        # Someone who never consented last "changed" when HR created them, so that
        # the feed treats them exactly like a person whose status changed then.
        changed = func.coalesce(ConsentStatus.changed_at, Employee.created_at, type_=UTCDateTime)
        query = query.where(changed >= bindparam("changed_since", changed_since, UTCDateTime))
    rows, next_cursor = paginate(
        session=session,
        query=query,
        key=[col(Employee.external_id), purposes.c.purpose],
        limit=limit,
        cursor=cursor,
    )
    return [_row(*row) for row in rows], next_cursor


def _every_pair(purposes: Subquery, is_granted: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """Every employee with every purpose, with the cached status where there is one."""
    return (
        select(col(Employee.external_id), purposes.c.purpose, is_granted.label("granted"))
        .add_columns(col(ConsentStatus.text_version), col(ConsentStatus.since))
        .select_from(Employee)
        .join(purposes, true())
        .outerjoin(
            ConsentStatus,
            and_(
                col(ConsentStatus.subject_key) == Employee.subject_key,
                col(ConsentStatus.purpose) == purposes.c.purpose,
            ),
        )
    )


def _row(
    external_id: str,
    purpose: str,
    granted: bool | None,
    version: int | None,
    since: datetime | None,
) -> ConsentRow:
    # Only a valid grant shows its version and time; every other state looks the same.
    if not granted:
        return ConsentRow(external_id, purpose, False, None, None)
    return ConsentRow(external_id, purpose, True, version, since)


def _purposes_table(*, session: Session, only: str | None) -> Subquery:
    """The purposes with their current text version, as a tiny inline table."""
    names = [purpose_check(only)] if only else list(PURPOSES)
    rows = [
        select(
            literal(name, String).label("purpose"),
            literal(current_text_version(session=session, purpose=name) or 0, Integer).label(
                "current_version"
            ),
        )
        for name in names
    ]
    return union_all(*rows).subquery("purposes") if len(rows) > 1 else rows[0].subquery("purposes")


def employee_consent_rows(*, session: Session, employee: Employee) -> list[ConsentRow]:
    """One employee's status per purpose, as a system sees it."""
    views = consent_views(session=session, subject_key=employee.subject_key)
    return [
        _row(employee.external_id, v.purpose, v.granted, v.text_version, v.since)
        for v in views.values()
    ]
