"""Leaders first over the Content API: leaders_from is stored, read back and checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.db import transaction
from app.models import LeaderShare, ShareEvent, utcnow
from tests.conftest import bearer
from tests.factories.consent import grant_on, publish_all
from tests.factories.content import CONTENT, created, post
from tests.factories.feed import make_item
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


@pytest.fixture
def auth(make_key: Callable[..., str]) -> dict[str, str]:
    """Headers of a key that may read and write content."""
    return bearer(make_key("content:read", "content:write"))


def test_leaders_from_is_stored_in_utc_and_read_back(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    body = created(
        client,
        auth,
        publish_at="2026-12-10T09:00:00+01:00",
        leaders_from="2026-12-10T05:00:00+01:00",
    )
    assert body["leaders_from"] == "2026-12-10T04:00:00Z"
    read = client.get(f"{CONTENT}/{body['id']}", headers=auth)
    assert read.json()["leaders_from"] == "2026-12-10T04:00:00Z"


def test_without_leaders_from_there_is_no_early_release(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    assert created(client, auth)["leaders_from"] is None


@pytest.mark.parametrize("leaders_from", ["2026-12-10T08:00:00Z", "2026-12-10T09:30:00Z"])
def test_leaders_from_must_come_before_publish_at(
    client: httpx.Client, auth: dict[str, str], leaders_from: str
) -> None:
    response = post(client, auth, publish_at="2026-12-10T08:00:00Z", leaders_from=leaders_from)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "leaders_from"]
    assert client.get(CONTENT, headers=auth).json()["items"] == []


def test_a_change_is_checked_against_the_stored_publish_at(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    body = created(client, auth, status="draft", publish_at="2026-12-10T08:00:00Z")
    url = f"{CONTENT}/{body['id']}"
    read = client.get(url, headers=auth)
    etag = {"If-Match": read.headers["etag"]}
    late = client.patch(url, json={"leaders_from": "2026-12-10T09:00:00Z"}, headers=auth | etag)
    assert late.status_code == 422
    early = client.patch(url, json={"leaders_from": "2026-12-10T06:00:00Z"}, headers=auth | etag)
    assert early.status_code == 200, early.text
    assert early.json()["leaders_from"] == "2026-12-10T06:00:00Z"
    cleared = client.patch(
        url, json={"leaders_from": None}, headers=auth | {"If-Match": early.headers["etag"]}
    )
    assert cleared.json()["leaders_from"] is None


@pytest.mark.parametrize("value", ["tomorrow", "2026-12-10", 5])
def test_a_malformed_leaders_from_is_422(
    client: httpx.Client, auth: dict[str, str], value: object
) -> None:
    response = post(client, auth, publish_at="2026-12-10T08:00:00Z", leaders_from=value)
    assert response.status_code == 422


@pytest.mark.parametrize("circle", [False, True], ids=["leaders-only hours", "circle draft"])
def test_the_share_api_refuses_leaders_hours_and_drafts_even_naming_a_leader(
    client: httpx.Client, engine: Engine, make_key: Callable[..., str], circle: bool
) -> None:
    now = utcnow()
    with transaction(engine) as session:
        publish_all(session)
        leader = make_employee(session, is_leader=True)
        grant_on(session, leader, "ambassador", "share_attribution", "recognition")
        fields = (
            {"status": "draft", "circle_at": now}
            if circle
            else {"publish_at": now + timedelta(hours=2), "leaders_from": now - timedelta(hours=1)}
        )
        content_id, external_id = make_item(session, **fields).id, leader.external_id
    body = {"content_id": content_id, "network": "x", "employee_external_id": external_id}
    response = client.post("/api/v1/shares", json=body, headers=bearer(make_key("shares:write")))
    assert response.status_code == 409
    assert response.json()["type"].endswith("content-not-published")
    with transaction(engine) as session:
        assert session.exec(select(ShareEvent)).all() == []
        assert session.exec(select(LeaderShare)).all() == []
