"""Timestamps at the edge of the calendar are refused with 422, never a 500."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from pydantic import TypeAdapter, ValidationError

from app.web.timestamps import Instant
from tests.conftest import bearer

pytestmark = pytest.mark.db
OVERFLOWING = ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00")


@pytest.mark.parametrize("text", OVERFLOWING)
def test_a_time_whose_utc_instant_has_no_year_is_invalid(text: str) -> None:
    with pytest.raises(ValidationError, match="between the years 1 and 9999"):
        TypeAdapter(Instant).validate_python(text)


def test_the_last_representable_instant_is_kept() -> None:
    value = TypeAdapter(Instant).validate_python("9999-12-31T23:59:59Z")
    assert value.year == 9999


@pytest.mark.parametrize("text", OVERFLOWING)
def test_changed_since_publish_at_and_expires_at_answer_422(
    client: httpx.Client, make_key: Callable[..., str], text: str
) -> None:
    key = make_key("consents:read", "content:write")
    listing = client.get("/api/v1/consents", params={"changed_since": text}, headers=bearer(key))
    assert listing.status_code == 422
    for field in ("publish_at", "expires_at"):
        body = {
            "kind": "article",
            "title": "Edge of time",
            "url": "https://example.com/a",
            "language": "en",
            field: text,
        }
        created = client.post("/api/v1/content", json=body, headers=bearer(key))
        assert created.status_code == 422, created.text
        assert created.headers["content-type"] == "application/problem+json"
