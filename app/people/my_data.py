"""The employee's own data: consent as they see it, export (Art. 20), leaving (Art. 17)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.consent.ledger import consent_views
from app.consent.proof import consent_history
from app.consent.schemas import ConsentHistoryEntry
from app.consent.texts import consent_texts, current_text_version, text_for_reader
from app.models import (
    AmbassadorProfile,
    ConsentText,
    ContentItem,
    Employee,
    LeaderShare,
    Rating,
    ShareEvent,
    ShortLink,
    utcnow,
)
from app.people.employees import employee_forget
from app.people.my_data_schemas import (
    MyAmbassadorProfile,
    MyConsent,
    MyExport,
    MyLeaderShare,
    MyProfile,
    MyRating,
    MyShare,
)


def my_consent_text(*, session: Session, employee: Employee, purpose: str) -> ConsentText | None:
    """The current text of a purpose in the person's language, the one they would agree to."""
    current = current_text_version(session=session, purpose=purpose)
    if current is None:
        return None
    texts = consent_texts(session=session, purpose=purpose, version=current)
    return text_for_reader(texts, employee.locale)


def my_consents(*, session: Session, employee: Employee) -> dict[str, MyConsent]:
    """Every purpose as the person sees it, with the current text to read and agree to."""
    views = consent_views(session=session, subject_key=employee.subject_key)
    return {
        purpose: MyConsent.of(
            view, my_consent_text(session=session, employee=employee, purpose=purpose)
        )
        for purpose, view in views.items()
    }


def my_export(*, session: Session, employee: Employee) -> MyExport:
    """Everything gladshare holds about the person, machine-readable."""
    profile = session.get(AmbassadorProfile, employee.id)
    history = consent_history(session=session, subject_key=employee.subject_key)
    return MyExport(
        exported_at=utcnow(),
        profile=MyProfile.of(employee),
        ambassador_profile=MyAmbassadorProfile.of(profile) if profile else None,
        consents=my_consents(session=session, employee=employee),
        consent_history=[ConsentHistoryEntry.of(entry) for entry in history],
        shares=_my_shares(session=session, employee=employee),
        ratings=_my_ratings(session=session, employee=employee),
        shared_as_leader=_my_leader_shares(session=session, employee=employee),
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
    return [MyShare.of(share, item, link) for share, item, link in rows]


def _my_leader_shares(*, session: Session, employee: Employee) -> list[MyLeaderShare]:
    rows = session.exec(
        select(LeaderShare, ContentItem.title)
        .join(ContentItem, col(ContentItem.id) == LeaderShare.content_id)
        .where(LeaderShare.employee_id == employee.id)
        .order_by(col(LeaderShare.created_at), col(LeaderShare.content_id))
    ).all()
    return [
        MyLeaderShare(content_id=s.content_id, content_title=t, created_at=s.created_at)
        for s, t in rows
    ]


def _my_ratings(*, session: Session, employee: Employee) -> list[MyRating]:
    rows = session.exec(
        select(Rating, ContentItem)
        .join(ContentItem, col(ContentItem.id) == Rating.content_id)
        .where(Rating.employee_id == employee.id)
        .order_by(col(Rating.created_at), col(Rating.id))
    ).all()
    return [MyRating.of(rating, item) for rating, item in rows]


def program_leave(*, session: Session, employee: Employee) -> None:
    """Leave the program: withdraw all, erase and de-attribute, end sessions, forget the person.

    HR's next sync creates a fresh record without consents.
    """
    employee_forget(
        session=session, employee=employee, source="ui", actor="employee:self",
        action="employee.left_program",
    )  # fmt: skip
