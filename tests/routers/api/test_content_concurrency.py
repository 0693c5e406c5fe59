"""Content API under concurrency and retries: cursors, ETags, Idempotency-Key, ask budget."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.config import Settings
from tests.conftest import bearer
from tests.factories.content import CONTENT, created, item, listed, post

pytestmark = pytest.mark.db


@pytest.fixture
def auth(make_key: Callable[..., str]) -> dict[str, str]:
    """Headers of a key that may read and write content."""
    return bearer(make_key("content:read", "content:write"))


def test_pages_stay_stable_while_items_are_added(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    originals = {created(client, auth, title=f"Original {i}")["id"] for i in range(120)}
    first_page_read, inserting, failures = threading.Event(), threading.Event(), []

    def insert_more() -> None:
        first_page_read.wait(timeout=10)
        with httpx.Client(base_url=client.base_url) as other:
            for i in range(50):
                response = other.post(CONTENT, json=item(title=f"Neu {i}"), headers=auth)
                if response.status_code != 201:
                    failures.append(response.text)
                inserting.set()

    inserter = threading.Thread(target=insert_more)
    inserter.start()
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 7}
    while True:
        page = client.get(CONTENT, params=params, headers=auth).json()
        seen += [i["id"] for i in page["items"]]
        first_page_read.set()
        inserting.wait(timeout=10)  # every later page is read while items are being added
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    inserter.join()
    assert not failures
    assert len(seen) == len(originals)
    assert set(seen) == originals
    assert len(listed(client, auth, limit=200)) == 170


def test_two_writers_with_the_same_etag_cannot_both_win(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    url = f"{CONTENT}/{created(client, auth)['id']}"
    tag = client.get(url, headers=auth).headers["etag"]
    first = client.patch(url, json={"title": "Erste"}, headers=auth | {"If-Match": tag})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert first.headers["etag"] not in (tag, "")
    second = client.patch(url, json={"title": "Zweite"}, headers=auth | {"If-Match": tag})
    assert second.status_code == 412
    assert client.patch(url, json={"title": "Ohne"}, headers=auth).status_code == 428
    assert client.get(url, headers=auth).json()["title"] == "Erste"


def test_a_patch_changes_only_what_it_sends(client: httpx.Client, auth: dict[str, str]) -> None:
    before = created(client, auth, image_url="https://www.example.com/i.png")
    url = f"{CONTENT}/{before['id']}"
    headers = auth | {"If-Match": client.get(url, headers=auth).headers["etag"]}
    body = {"image_url": None, "share_texts": {"mastodon": "Moin 🎉"}, "topics": ["Neu"]}
    after = client.patch(url, json=body, headers=headers).json()
    assert (after["image_url"], after["share_texts"], after["topics"]) == (
        None,
        {"mastodon": "Moin 🎉"},
        ["neu"],
    )
    assert (after["title"], after["created_at"]) == (before["title"], before["created_at"])
    assert after["updated_at"] > before["updated_at"]
    refused = client.patch(url, json={"title": None}, headers=auth | {"If-Match": "*"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "title"]


def test_publishing_an_ask_beyond_the_budget_is_409(
    client: httpx.Client, settings: Settings, auth: dict[str, str]
) -> None:
    settings.ask_budget = 1
    created(client, auth, is_ask=True)
    refused = post(client, auth, is_ask=True)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("ask-budget-exceeded")
    url = f"{CONTENT}/{created(client, auth, is_ask=True, status='draft')['id']}"
    publish = client.patch(url, json={"status": "published"}, headers=auth | {"If-Match": "*"})
    assert publish.status_code == 409
    assert publish.json()["type"].endswith("ask-budget-exceeded")
    assert client.get(url, headers=auth).json()["status"] == "draft"


def test_a_retried_create_returns_the_first_answer(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    headers = auth | {"Idempotency-Key": "cms-item-4711"}
    first = client.post(CONTENT, json=item(), headers=headers)
    again = client.post(CONTENT, json=item(), headers=headers)
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["etag"] == first.headers["etag"]
    assert listed(client, auth) == [first.json()["id"]]
    other = client.post(CONTENT, json=item(title="Anders"), headers=headers)
    assert other.status_code == 422
    assert other.json()["type"].endswith("idempotency-key-reused")


def test_a_failed_create_frees_its_idempotency_key(
    client: httpx.Client, settings: Settings, auth: dict[str, str]
) -> None:
    settings.content_hosts = ["www.example.com"]
    headers = auth | {"Idempotency-Key": "cms-item-4712"}
    failed = client.post(CONTENT, json=item(url="https://elsewhere.example/"), headers=headers)
    assert failed.status_code == 422
    retried = client.post(CONTENT, json=item(), headers=headers)
    assert retried.status_code == 201
    assert listed(client, auth) == [retried.json()["id"]]
