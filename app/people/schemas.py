"""HR's employee record as the API reads and writes it (my own data: people/my_data_schemas)."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from pydantic import StrictBool, field_validator
from sqlmodel import Field

from app.formats.languages import locale_tag
from app.models import PublicModel
from app.models.people import EMAIL_SHAPE, EmployeeBase


class EmployeeUpsert(EmployeeBase):
    """The HR sync body of PUT /employees/{external_id}: the whole record, replaced."""

    display_name: str = Field(
        min_length=1, max_length=200, regex=r"\S", schema_extra={"pattern": r"\S"}
    )
    email: str | None = Field(
        default=None,
        max_length=320,
        regex=r"^$|^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$",
        schema_extra={"pattern": r"^$|^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$"},
    )
    locale: str = Field(
        default="en",
        max_length=35,
        regex=r"^\s*[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*\s*$",
        schema_extra={"pattern": r"^\s*[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*\s*$"},
    )
    # Strict: an HR system sending 0 or "yes" has a bug worth hearing about.
    is_leader: StrictBool = False
    active: StrictBool = True

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        if not EMAIL_SHAPE.fullmatch(value) or _has_control(value):
            raise ValueError("must look like name@example.com")
        local, domain = value.rsplit("@", 1)
        return f"{local}@{domain.lower()}"

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str) -> str:
        value = value.strip()
        if not value or _has_control(value):
            raise ValueError("must be a printable, non-blank name")
        return value

    @field_validator("department")
    @classmethod
    def _department(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if _has_control(value):
            raise ValueError("must be printable text")
        return value or None

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        return locale_tag(value)


class EmployeePublic(EmployeeBase, PublicModel):
    """An employee as other systems see them: no consent history, no internal keys."""

    external_id: str
    created_at: datetime
    updated_at: datetime


def _has_control(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)
