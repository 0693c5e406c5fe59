"""Cursor pagination: opaque, stable cursors over a unique, ordered key."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from app.errors import Invalid

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1–200).")]
Cursor = Annotated[
    str | None,
    Query(max_length=200, description="`next_cursor` of the previous page."),
]


class Page(BaseModel, Generic[T]):
    """One page of a listing; `next_cursor` is null on the last page."""

    items: list[T]
    next_cursor: str | None


def encode_cursor(*values: Any) -> str:
    """An opaque cursor naming the last item of a page by its sort key."""
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *, kinds: tuple[type, ...]) -> tuple[Any, ...]:
    """The sort key inside a cursor; anything else is a 422 naming the cursor."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError
        return tuple(
            datetime.fromisoformat(v) if kind is datetime else kind(v)
            for v, kind in zip(values, kinds, strict=True)
        )
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise Invalid("The cursor is not valid; start again without it.") from None
