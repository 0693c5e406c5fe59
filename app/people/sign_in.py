"""Who signed in: the employee behind an identity provider's (issuer, subject), found or linked."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.config import ROLES
from app.errors import Conflict, Forbidden
from app.models import AuditEvent, Employee, utcnow
from app.models.people import EMAIL_SHAPE
from app.web.i18n import DEFAULT_LANGUAGE, N_

FALLBACK_NAME = "Colleague"


@dataclass(frozen=True)
class Identity:
    """What a validated ID token (and userinfo) says about the person signing in."""

    issuer: str
    subject: str
    name: str | None = None
    email: str | None = None
    email_verified: bool = False
    groups: list[str] = field(default_factory=list)


def roles_for_groups(*, groups: list[str], role_map: Mapping[str, str]) -> list[str]:
    """gladshare roles for the provider's groups: mapped, else same-named; everyone is employee."""
    found = {"employee"}
    for group in groups:
        name = group.strip().lower()
        role = role_map.get(name, name if name in ROLES else None)
        if role is not None:
            found.add(role)
    return [role for role in ROLES if role in found]


def employee_for_identity(
    *,
    session: Session,
    identity: Identity,
    role_map: Mapping[str, str],
    language: str | None = None,
) -> Employee:
    """The employee who signed in: known by identity, else linked to HR's record, else created.

    `language` is what the browser chose before signing in (the language cookie, else its
    preference); a record created here starts in it, one HR keeps stays in HR's locale."""
    employee = _by_identity(session=session, identity=identity) or _link(
        session=session, identity=identity
    )
    if employee is None:
        employee = _create(session=session, identity=identity, language=language)
    if not employee.active:
        raise Forbidden(N_("Your gladshare account is not active. Please ask HR."))
    _refresh(
        employee,
        identity=identity,
        roles=roles_for_groups(groups=identity.groups, role_map=role_map),
    )
    session.add(employee)
    session.flush()
    return employee


def _by_identity(*, session: Session, identity: Identity) -> Employee | None:
    query = select(Employee).where(
        Employee.oidc_issuer == identity.issuer, Employee.oidc_subject == identity.subject
    )
    return session.exec(query).first()


def _link(*, session: Session, identity: Identity) -> Employee | None:
    # Only records no one has signed in to yet may be claimed, and an email
    # address only counts when the provider vouches for it.
    unlinked = select(Employee).where(col(Employee.oidc_subject).is_(None))
    employee = session.exec(unlinked.where(Employee.external_id == identity.subject)).first()
    how = "external_id"
    if employee is None and identity.email_verified and identity.email:
        same_email = func.lower(col(Employee.email)) == identity.email.lower()
        matches = session.exec(unlinked.where(same_email).limit(2)).all()
        employee, how = (matches[0] if len(matches) == 1 else None), "email"
    if employee is None:
        return None
    employee.oidc_issuer, employee.oidc_subject = identity.issuer, identity.subject
    session.add(
        AuditEvent(
            actor="oidc",
            action="employee.identity_linked",
            target=f"employee:{employee.id}",
            detail={"matched_by": how},
        )
    )
    return employee


def _create(*, session: Session, identity: Identity, language: str | None) -> Employee:
    if session.exec(select(Employee.id).where(Employee.external_id == identity.subject)).first():
        raise Conflict(N_("Your account matches another person's record here. Please ask HR."))
    employee = Employee(
        external_id=identity.subject,
        display_name=_clean_name(identity.name) or FALLBACK_NAME,
        oidc_issuer=identity.issuer,
        oidc_subject=identity.subject,
        locale=language or DEFAULT_LANGUAGE,
    )
    try:
        with session.begin_nested():
            session.add(employee)
    except IntegrityError:
        # The same person signing in twice at once: the other request created them.
        existing = _by_identity(session=session, identity=identity)
        if existing is None:
            raise
        return existing
    return employee


def _refresh(employee: Employee, *, identity: Identity, roles: list[str]) -> None:
    # Roles follow the provider at every sign-in, so removing a group takes effect.
    changes: dict[str, object] = {"roles": roles}
    name = _clean_name(identity.name)
    if name:
        changes["display_name"] = name
    email = _clean_email(identity.email) if identity.email_verified else None
    if email:
        changes["email"] = email
    changes = {key: value for key, value in changes.items() if getattr(employee, key) != value}
    if changes:
        employee.sqlmodel_update({**changes, "updated_at": utcnow()})


def _clean_name(value: str | None) -> str | None:
    text = "".join(c for c in (value or "") if unicodedata.category(c) != "Cc").strip()
    return text[:200] or None


def _clean_email(value: str | None) -> str | None:
    value = (value or "").strip()
    if len(value) > 320 or not EMAIL_SHAPE.fullmatch(value):
        return None
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"
