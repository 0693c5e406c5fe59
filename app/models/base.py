"""Shared column types, identifiers, the metadata naming convention and the API's row views."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from typing import Any, Literal, Self

from sqlalchemy import Column, DateTime, Dialect, ForeignKey, String, TypeDecorator
from sqlmodel import Field, SQLModel

# Constraint names are deterministic, so migrations can drop what they created.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The condition of a check constraint that holds `column` to one of `values`."""
    # The values are our own identifiers, never input: plain quoting is enough.
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def new_id() -> str:
    """An opaque, time-ordered identifier (48-bit milliseconds + 80 random bits, base32)."""
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    chars = []
    for _ in range(26):
        value, index = divmod(value, 32)
        chars.append(_CROCKFORD[index])
    return "".join(reversed(chars))


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored and returned as UTC, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def reference(
    target: str,
    *,
    ondelete: Literal["CASCADE", "SET NULL"],
    length: int = 26,
    primary_key: bool = False,
    nullable: bool = False,
    index: bool = False,
) -> Any:
    """A string column referring to `target` ("table.column"), with what a delete does to it.

    The database enforces `ondelete`, so deleting (or erasing) the target needs no
    second pass over the rows that refer to it.
    """
    column = Column(
        String(length),
        ForeignKey(target, ondelete=ondelete),
        primary_key=primary_key,
        nullable=nullable,
        index=index or None,
    )
    return Field(default=None, sa_column=column) if nullable else Field(sa_column=column)


class PublicModel(SQLModel):
    """An API schema read from the attributes of the same names on one stored row."""

    @classmethod
    def of(cls, row: object) -> Self:
        """The row as the API shows it."""
        return cls.model_validate(row)
