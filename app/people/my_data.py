"""The employee's own data: consent as they see it, export (Art. 20), leaving (Art. 17)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.consent.changes import system_status
from app.consent.ledger import ConsentView, consent_views
from app.consent.proof import consent_history, history_public
from app.consent.texts import consent_texts, current_text_version, text_for_reader
from app.models import (
    AmbassadorProfile,
    ContentItem,
    Employee,
    Rating,
    ShareEvent,
    ShortLink,
    utcnow,
)
from app.people.employees import employee_forget
from app.people.schemas import (
    MyAmbassadorProfile,
    MyConsent,
    MyConsentText,
    MyExport,
    MyProfile,
    MyRating,
    MyShare,
)


def my_consent(*, session: Session, employee: Employee, view: ConsentView) -> MyConsent:
    """One purpose as the person sees it, with the current text to read and agree to."""
    current = current_text_version(session=session, purpose=view.purpose)
    text = None
    if current is not None:
        shown = text_for_reader(
            consent_texts(session=session, purpose=view.purpose, version=current), employee.locale
        )
        text = MyConsentText.model_validate(shown) if shown else None
    return MyConsent(
        status=system_status(view.granted),
        renewal_required=view.renewal_required,
        text_version=view.text_version,
        since=view.since,
        current_text=text,
    )


def my_consents(*, session: Session, employee: Employee) -> dict[str, MyConsent]:
    """Every purpose as the person sees it."""
    views = consent_views(session=session, subject_key=employee.subject_key)
    return {
        purpose: my_consent(session=session, employee=employee, view=view)
        for purpose, view in views.items()
    }


def my_export(*, session: Session, employee: Employee) -> MyExport:
    """Everything gladshare holds about the person, machine-readable."""
    profile = session.get(AmbassadorProfile, employee.id)
    history = consent_history(session=session, subject_key=employee.subject_key)
    return MyExport(
        exported_at=utcnow(),
        profile=MyProfile.model_validate(employee),
        ambassador_profile=MyAmbassadorProfile.model_validate(profile) if profile else None,
        consents=my_consents(session=session, employee=employee),
        consent_history=history_public(history),
        shares=_my_shares(session=session, employee=employee),
        ratings=_my_ratings(session=session, employee=employee),
    )


def _my_shares(*, session: Session, employee: Employee) -> list[MyShare]:
    # Only shares attributed to the person carry their id, so only those are theirs.
    rows = session.exec(
        select(ShareEvent, ContentItem, ShortLink)
        .join(ContentItem, col(ContentItem.id) == ShareEvent.content_id)
        .join(ShortLink, col(ShortLink.code) == ShareEvent.short_code)
        .where(ShareEvent.employee_id == employee.id)
        .order_by(col(ShareEvent.created_at), col(ShareEvent.id))
    ).all()
    return [
        MyShare(
            id=share.id,
            content_id=item.id,
            content_title=item.title,
            content_url=item.url,
            network=share.network,
            short_code=share.short_code,
            clicks=link.clicks,
            created_at=share.created_at,
        )
        for share, item, link in rows
    ]


def _my_ratings(*, session: Session, employee: Employee) -> list[MyRating]:
    rows = session.exec(
        select(Rating, ContentItem)
        .join(ContentItem, col(ContentItem.id) == Rating.content_id)
        .where(Rating.employee_id == employee.id)
        .order_by(col(Rating.created_at), col(Rating.id))
    ).all()
    return [
        MyRating(
            content_id=item.id,
            content_title=item.title,
            worth_sharing=rating.worth_sharing,
            reason=rating.reason,
            created_at=rating.created_at,
            updated_at=rating.updated_at,
        )
        for rating, item in rows
    ]


def program_leave(*, session: Session, employee: Employee) -> None:
    """Leave the program: withdraw all, erase and de-attribute, end sessions, forget the person.

    HR's next sync creates a fresh record without consents.
    """
    employee_forget(
        session=session, employee=employee, source="ui", actor="employee:self",
        action="employee.left_program",
    )  # fmt: skip
