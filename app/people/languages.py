"""The language a person chose in the header, kept on their employee record.

The record's locale is what every page, error page and consent text is shown in, so the
choice made in the header is the same one everywhere.
"""

from __future__ import annotations

from sqlmodel import Session

from app.models import Employee, utcnow
from app.web.i18n import LANGUAGES, profile_language


def employee_language_set(*, session: Session, employee_id: str, language: str) -> None:
    """Keep `language` as the person's locale; a regional form of it they have (de-CH) stays."""
    if language not in LANGUAGES:
        raise ValueError(f"not a language of the pages: {language!r}")
    employee = session.get(Employee, employee_id)
    if employee is None or profile_language(employee.locale) == language:
        return
    employee.locale = language
    employee.updated_at = utcnow()
    session.add(employee)
    session.flush()
