"""Keyset pagination: one paginate() for every listing, with opaque cursors stable under inserts."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar, TypeVarTuple, overload

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, TypeDecorator, tuple_
from sqlalchemy.types import TypeEngine
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import Invalid

if TYPE_CHECKING:
    from sqlalchemy.sql._typing import _ColumnExpressionArgument as Column

T = TypeVar("T")
Ts = TypeVarTuple("Ts")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
INVALID = "The cursor is not valid; start again without it."


class Page(BaseModel, Generic[T]):
    """One page of a listing; `next_cursor` is null on the last page."""

    items: list[T]
    next_cursor: str | None


# A select of one entity pages through the entities, any other through tuples of columns.
@overload
def paginate(  # type: ignore[overload-overlap]
    *,
    session: Session,
    query: SelectOfScalar[T],
    key: Sequence[Column[Any]],
    limit: int,
    cursor: str | None,
    descending: bool = False,
) -> tuple[list[T], str | None]: ...


@overload
def paginate(
    *,
    session: Session,
    query: Select[*Ts],
    key: Sequence[Column[Any]],
    limit: int,
    cursor: str | None,
    descending: bool = False,
) -> tuple[list[tuple[*Ts]], str | None]: ...


def paginate(
    *,
    session: Session,
    query: Select[*tuple[Any, ...]],
    key: Sequence[Column[Any]],
    limit: int,
    cursor: str | None,
    descending: bool = False,
) -> tuple[list[Any], str | None]:
    """One page of `query` in the order of its unique `key`, and the next page's cursor."""
    as_row = tuple_(*key)
    columns: list[ColumnElement[Any]] = list(as_row.clauses)
    if cursor is not None:
        after = _decode(cursor, kinds=[_python_type(kind) for kind in as_row.type.types])
        query = query.where(*_seek(columns, after, descending=descending))
    # The key is selected with each row, so the cursor holds exactly the values the
    # database compares, never a Python re-computation of them.
    order = [column.desc() if descending else column.asc() for column in columns]
    keyed = query.add_columns(*columns).order_by(*order).limit(limit + 1)
    rows = session.execute(keyed).all()
    width = len(rows[0]) - len(key) if rows else 0
    scalar = isinstance(query, SelectOfScalar)
    items = [row[0] if scalar else tuple(row[:width]) for row in rows[:limit]]
    if len(rows) <= limit:
        return items, None
    return items, _encode(rows[limit - 1][width:])


def _seek(
    key: Sequence[ColumnElement[Any]], after: Sequence[Any], *, descending: bool
) -> list[ColumnElement[bool]]:
    # A row-value comparison, (a, b) > (x, y), not a > x OR (a = x AND b > y): the index
    # starts at the cursor instead of filtering from the first row. The redundant bound
    # on the first column lets an index on it seek even when the key spans two tables.
    if len(key) == 1:
        return [key[0] < after[0] if descending else key[0] > after[0]]
    if descending:
        return [key[0] <= after[0], tuple_(*key) < tuple(after)]
    return [key[0] >= after[0], tuple_(*key) > tuple(after)]


def _python_type(kind: TypeEngine[Any]) -> type:
    # A decorated type (UTCDateTime, AutoString) says `object`; what it stores says more.
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return kind.python_type


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, *, kinds: Sequence[type]) -> list[Any]:
    """The key inside a cursor, each value of its column's type; anything else is a 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid(INVALID) from None
    if not isinstance(values, list) or len(values) != len(kinds):
        raise Invalid(INVALID)
    return [_value(value, kind) for value, kind in zip(values, kinds, strict=True)]


def _value(value: Any, kind: type) -> Any:
    if kind is datetime and isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise Invalid(INVALID) from None
        if instant.tzinfo is not None:  # every stored time is UTC; a naive one was forged
            return instant
    elif kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    elif kind is str and isinstance(value, str):
        return value
    raise Invalid(INVALID)
