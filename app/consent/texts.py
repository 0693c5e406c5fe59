"""Consent texts: versioned per purpose, translated per language, never changed once published."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from app.consent.changes import consent_updated
from app.errors import Conflict, Invalid
from app.formats.languages import locale_tag
from app.models import PURPOSES, ConsentStatus, ConsentText, Employee

# Shown when a text is missing in the reader's language: English is the
# organisation-wide fallback; after it, any language, in a stable order.
FALLBACK_LANGUAGE = "en"


def purpose_check(purpose: str) -> str:
    """The purpose, if gladshare knows it; Invalid otherwise."""
    if purpose not in PURPOSES:
        raise Invalid(f"unknown purpose {purpose!r}; use one of {', '.join(PURPOSES)}")
    return purpose


def language_check(language: str) -> str:
    """The language as a BCP 47 tag in its usual case (de, de-CH, zh-Hant); Invalid otherwise."""
    try:
        return locale_tag(language)
    except ValueError:
        raise Invalid(f"{language!r} is not a language tag such as de, en or de-CH") from None


def current_text_version(*, session: Session, purpose: str) -> int | None:
    """The newest published version of a purpose's consent text (in any language)."""
    versions = session.exec(select(ConsentText.version).where(ConsentText.purpose == purpose)).all()
    return max(versions, default=None)


def newest_versions_by_language(*, session: Session, purpose: str) -> dict[str, int]:
    """For each language, the newest version published in it (it may lag the current one)."""
    rows = session.exec(
        select(ConsentText.language, func.max(ConsentText.version))
        .where(ConsentText.purpose == purpose)
        .group_by(col(ConsentText.language))
        .order_by(col(ConsentText.language))
    ).all()
    return {language: int(version) for language, version in rows}


def consent_texts(*, session: Session, purpose: str, version: int) -> Sequence[ConsentText]:
    """Every translation of one version of a purpose's text."""
    return session.exec(
        select(ConsentText)
        .where(ConsentText.purpose == purpose, ConsentText.version == version)
        .order_by(col(ConsentText.language))
    ).all()


def text_for_reader(texts: Sequence[ConsentText], locale: str) -> ConsentText | None:
    """The translation a reader of `locale` sees: exact, same language, English, else any."""
    primary = locale.split("-")[0].lower()
    ranked = sorted(
        texts,
        key=lambda t: (
            t.language.lower() != locale.lower(),
            t.language.split("-")[0].lower() != primary,
            t.language != FALLBACK_LANGUAGE,
            t.language,
        ),
    )
    return ranked[0] if ranked else None


def consent_text_publish(
    *,
    session: Session,
    purpose: str,
    language: str,
    title: str,
    body: str,
    translation: bool = False,
) -> ConsentText:
    """Publish a new version of a purpose's text, or with `translation` a new language of it."""
    purpose_check(purpose)
    language = language_check(language)
    if not title.strip() or not body.strip():
        raise Invalid("a consent text needs a title and a body")
    current = current_text_version(session=session, purpose=purpose)
    if translation:
        if current is None:
            raise Conflict(f"there is no {purpose} text yet to translate")
        known = {
            t.language for t in consent_texts(session=session, purpose=purpose, version=current)
        }
        if language in known:
            raise Conflict(f"{purpose} v{current} already exists in {language}")
        version = current
    else:
        version = (current or 0) + 1
    text = ConsentText(
        purpose=purpose, version=version, language=language, title=title.strip(), body=body
    )
    session.add(text)
    session.flush()
    if not translation and current is not None:
        _renewal_required(session=session, purpose=purpose, stale=current, text=text)
    return text


def _renewal_required(*, session: Session, purpose: str, stale: int, text: ConsentText) -> None:
    # Grants of the text just superseded stop counting: for systems the status
    # changes to not_granted now, so the change feed and webhooks must say so.
    statuses = session.exec(
        select(ConsentStatus).where(
            ConsentStatus.purpose == purpose,
            col(ConsentStatus.granted),
            ConsentStatus.text_version == stale,
        )
    ).all()
    for status in statuses:
        status.changed_at = text.published_at
        session.add(status)
        employee = session.exec(
            select(Employee).where(Employee.subject_key == status.subject_key)
        ).first()
        if employee is not None:
            consent_updated(
                session=session, external_id=employee.external_id, purpose=purpose, granted=False
            )
    session.flush()
