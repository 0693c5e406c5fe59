"""The Content API as an intranet or CMS integration sees it over HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.config import Settings
from app.content.items import PAGE_CACHE_SECONDS
from app.db import transaction
from app.models import ContentItem, ShareText
from app.web.api_auth import KEY_CACHE_SECONDS
from app.web.api_keys import api_key_authenticate, api_key_revoke
from tests.conftest import bearer
from tests.factories.content import CONTENT, FAMILY, created, item, listed, post

pytestmark = pytest.mark.db

LONG_LINK = "https://jobs.example.com/stellen/" + "s" * 200


@pytest.fixture
def auth(make_key: Callable[..., str]) -> dict[str, str]:
    """Headers of a key that may read and write content."""
    return bearer(make_key("content:read", "content:write"))


def test_an_item_is_created_and_read_back_unchanged(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    response = post(client, auth, publish_at="2026-11-27T15:05:00+01:00")
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"{CONTENT}/{body['id']}"
    read = client.get(response.headers["location"], headers=auth)
    assert read.status_code == 200
    assert read.json() == body
    assert read.headers["etag"] == response.headers["etag"]
    assert body["title"] == "Grüße aus Köln 🎉"
    assert body["summary"] == "Straße, Maß und Ölfass – 日本語 auch."
    assert body["share_texts"]["bluesky"] == FAMILY
    assert body["publish_at"] == "2026-11-27T14:05:00Z"
    assert body["created_at"].endswith("Z")
    assert (body["version"], body["is_ask"], body["image_url"]) == (1, False, None)


def test_keys_without_content_scopes_are_turned_away(
    client: httpx.Client, engine: Engine, make_key: Callable[..., str]
) -> None:
    reader, writer = make_key("content:read"), make_key("content:write", "shares:write")
    assert client.get(CONTENT).status_code == 401
    assert client.get(CONTENT, headers=bearer("gs_" + "x" * 43)).status_code == 401
    denied = client.post(CONTENT, json=item(), headers=bearer(reader))
    assert denied.status_code == 403
    assert denied.headers["content-type"] == "application/problem+json"
    assert client.get(CONTENT, headers=bearer(writer)).status_code == 403
    with transaction(engine) as session:
        key = api_key_authenticate(session=session, plaintext=reader)
        assert key is not None
        api_key_revoke(session=session, key_id=key.id)
    time.sleep(KEY_CACHE_SECONDS)  # a revoked key is refused within a second
    assert client.get(CONTENT, headers=bearer(reader)).status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "//evil.example",
        "https://user:pw@evil.example/",
        "https://exa mple.com",
        "data:text/html,<script>alert(1)</script>",
        "http:///nohost",
        "https://example.com/\nLocation: https://evil.example",
    ],
)
def test_links_that_could_redirect_anywhere_are_refused(
    client: httpx.Client, auth: dict[str, str], url: str
) -> None:
    response = post(client, auth, url=url)
    assert response.status_code == 422
    assert {"loc": ["body", "url"]}.items() <= response.json()["errors"][0].items()
    assert "alert" not in response.text
    assert "evil" not in response.text
    assert post(client, auth, image_url=url).status_code == 422


def test_content_hosts_admit_only_their_hosts(
    client: httpx.Client, settings: Settings, auth: dict[str, str]
) -> None:
    settings.content_hosts = ["example.com", "jobs.example.com"]
    refused = post(client, auth, url="https://www.example.com/news")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "url"]
    assert created(client, auth, url="https://Jobs.Example.COM/x")["url"] == (
        "https://jobs.example.com/x"
    )


def test_share_texts_are_measured_as_each_network_does(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    x_text = "a" * 256 + " " + LONG_LINK  # 256 + 1 + 23 = 280
    assert len(x_text) > 280
    assert created(client, auth, share_texts={"x": x_text, "bluesky": FAMILY * 300})
    too_long = post(client, auth, share_texts={"linkedin": "ok", "x": "b" + x_text})
    assert too_long.status_code == 422
    assert "x" in too_long.json()["detail"].split()
    assert too_long.json()["errors"][0]["loc"] == ["body", "share_texts", "x"]
    bluesky = post(client, auth, share_texts={"bluesky": FAMILY * 301})
    assert bluesky.status_code == 422
    assert "bluesky" in bluesky.json()["detail"]
    unknown = post(client, auth, share_texts={"myspace": "hi"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"][:3] == ["body", "share_texts", "myspace"]


def test_talking_points_are_stored_in_order_listed_and_replaced_whole(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    points = ["  Halle 3 spart 40 % Energie ", "Wir suchen 12 Leute für die Montage"]
    body = created(client, auth, status="published", talking_points=points)
    assert body["talking_points"] == [point.strip() for point in points]
    listing = client.get(CONTENT, headers=auth).json()["items"]
    assert [i["talking_points"] for i in listing if i["id"] == body["id"]] == [
        body["talking_points"]
    ]
    url = f"{CONTENT}/{body['id']}"
    fresh = auth | {"If-Match": client.get(url, headers=auth).headers["etag"]}
    changed = client.patch(url, json={"talking_points": ["Nur einer"]}, headers=fresh)
    assert changed.status_code == 200
    assert changed.json()["talking_points"] == ["Nur einer"]
    assert changed.json()["title"] == body["title"]
    fresh = auth | {"If-Match": changed.headers["etag"]}
    refused = client.patch(url, json={"talking_points": None}, headers=fresh)
    assert refused.status_code == 422
    assert client.get(url, headers=auth).json()["talking_points"] == ["Nur einer"]
    assert created(client, auth)["talking_points"] == []  # none unless given
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    field = schema["ContentCreate"]["properties"]["talking_points"]
    assert (field["maxItems"], field["items"]["maxLength"]) == (10, 280)
    assert "talking_points" in schema["ContentPublic"]["required"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("publish_at", "2026-11-27T14:05:00"),
        ("language", "de_DE"),
        ("kind", "podcast"),
        ("status", "live"),
        ("topics", ["Two Words"]),
        ("title", "   "),
        ("title", "a\x00b"),
        ("talking_points", ["   "]),
        ("talking_points", ["x" * 281]),
        ("talking_points", ["a point"] * 11),
        ("talking_points", "one text, not a list"),
        ("talking_points", [1]),
        ("talking_points", ["a\x00b"]),
        ("unknown_field", 1),
    ],
)
def test_invalid_fields_are_422_naming_the_field(
    client: httpx.Client, auth: dict[str, str], field: str, value: Any
) -> None:
    response = post(client, auth, **{field: value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][:2] == ["body", field]


def test_a_lone_surrogate_is_refused_not_stored(client: httpx.Client, auth: dict[str, str]) -> None:
    body = json.dumps(item(title="lone \ud800 surrogate"))  # ASCII, with a \ud800 escape
    response = client.post(
        CONTENT, content=body, headers=auth | {"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "title"]


def test_language_tags_are_stored_in_their_usual_case(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    assert created(client, auth, language="PT-br")["language"] == "pt-BR"


def test_the_listing_filters_and_refuses_bad_filters(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    job = created(client, auth, kind="job", language="de-CH", topics=["jobs"], title="Lehre 2027")
    draft = created(client, auth, status="draft")
    assert listed(client, auth) == [job["id"]]
    assert listed(client, auth, status="draft") == [draft["id"]]
    assert listed(client, auth, topic="jobs", language="de", kind="job", q="LEHRE") == [job["id"]]
    assert listed(client, auth, q="köln") == []
    for params in ({"status": "all"}, {"kind": "x"}, {"language": "?"}, {"topic": "A B"},
                   {"limit": 0}, {"limit": 201}, {"cursor": "not-a-cursor"}):  # fmt: skip
        assert client.get(CONTENT, params=params, headers=auth).status_code == 422, params


def test_a_deleted_item_is_gone_from_reads_but_not_from_history(
    client: httpx.Client, auth: dict[str, str], engine: Engine
) -> None:
    content_id = created(client, auth)["id"]
    url = f"{CONTENT}/{content_id}"
    stale = auth | {"If-Match": '"' + content_id + '.0"'}
    assert client.delete(url, headers=stale).status_code == 412
    assert client.delete(url, headers=auth).status_code == 204
    assert client.get(url, headers=auth).status_code == 404
    assert client.patch(url, json={}, headers=auth | {"If-Match": "*"}).status_code == 404
    assert client.delete(url, headers=auth).status_code == 404
    assert content_id not in listed(client, auth)
    with transaction(engine, write=False) as session:
        assert session.exec(select(ShareText).where(ShareText.content_id == content_id)).all()


def test_unknown_items_are_404_without_echoing_the_id(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    response = client.get(f"{CONTENT}/nothing-like-this", headers=auth)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "nothing-like-this" not in response.text


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("get", CONTENT, {"200", "401", "403", "422"}),
        ("post", CONTENT, {"201", "401", "403", "409", "422"}),
        ("get", CONTENT + "/{content_id}", {"200", "401", "403", "404"}),
        ("patch", CONTENT + "/{content_id}", {"200", "404", "409", "412", "422", "428"}),
        ("delete", CONTENT + "/{content_id}", {"204", "401", "403", "404"}),
    ],
)
def test_openapi_documents_every_status(
    client: httpx.Client, method: str, path: str, statuses: set[str]
) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"][path][method]
    assert statuses <= set(operation["responses"])
    assert operation["security"]


def test_the_listing_shows_every_change_at_once_and_another_process_within_a_second(
    client: httpx.Client, engine: Engine, auth: dict[str, str]
) -> None:
    first = created(client, auth)
    assert listed(client, auth) == [first["id"]]  # this page is now held in memory
    second = created(client, auth)
    assert listed(client, auth) == [second["id"], first["id"]]
    with transaction(engine) as session:  # as the CLI or another worker would
        row = session.get(ContentItem, first["id"])
        assert row is not None
        row.title = "Changed elsewhere"
        session.add(row)
    time.sleep(PAGE_CACHE_SECONDS)
    titles = [i["title"] for i in client.get(CONTENT, headers=auth).json()["items"]]
    assert titles[1] == "Changed elsewhere"
