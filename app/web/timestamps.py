"""Timestamps as the contract writes them: RFC 3339 text in, UTC with a "Z" out."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, PlainSerializer

RFC3339_START = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _rfc3339_text(value: object) -> object:
    # pydantic would also read a number of seconds ("0.5", 1700000000) as a time,
    # which the OpenAPI document does not allow.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not RFC3339_START.match(value):
        raise ValueError("must be an RFC 3339 timestamp such as 2026-11-27T14:05:00Z")
    return value


def _in_utc(value: datetime) -> datetime:
    # 9999-12-31T23:59:59-05:00 is a valid RFC 3339 time whose UTC instant has no year.
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must lie between the years 1 and 9999 in UTC") from None


def rfc3339(value: datetime) -> str:
    """A timestamp in UTC with a "Z", as the API promises (2026-11-27T14:05:00Z)."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


# Any offset is accepted and kept as the same instant in UTC; naive times are refused.
Instant = Annotated[
    AwareDatetime,
    BeforeValidator(_rfc3339_text),
    AfterValidator(_in_utc),
]
Timestamp = Annotated[datetime, PlainSerializer(rfc3339, return_type=str, when_used="json")]
