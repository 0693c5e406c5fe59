"""The API's conventions that hold for every operation: keys, errors, rate limits, docs."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import ApiKey, utcnow
from app.web.api_auth import KEY_CACHE_SECONDS
from app.web.api_keys import api_key_revoke
from tests.conftest import bearer, serving
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer gs_" + "x" * 43, "Basic dXNlcjpwYXNz", "Bearer", "gs_nobearer"],
)
def test_missing_or_unknown_key_is_401(client: httpx.Client, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/api/v1/content", headers=headers)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_revoked_and_expired_keys_are_401(
    client: httpx.Client, engine: Engine, make_key: Callable[..., str]
) -> None:
    revoked, expired = make_key("content:read"), make_key("content:read")
    assert client.get("/api/v1/content", headers=bearer(revoked)).status_code == 200
    with transaction(engine) as session:
        keys = {k.key_hash: k for k in session.exec(select(ApiKey)).all()}
        by_token = {
            token: k for token in (revoked, expired) for k in keys.values() if k.prefix == token[:8]
        }
        api_key_revoke(session=session, key_id=by_token[revoked].id)
        by_token[expired].expires_at = utcnow() - timedelta(minutes=1)
        session.add(by_token[expired])
    time.sleep(KEY_CACHE_SECONDS)  # the promise: refused everywhere within a second
    assert_problem(client.get("/api/v1/content", headers=bearer(revoked)), 401)
    assert_problem(client.get("/api/v1/content", headers=bearer(expired)), 401)


def test_key_use_is_recorded(
    client: httpx.Client, engine: Engine, make_key: Callable[..., str]
) -> None:
    token = make_key("content:read")
    client.get("/api/v1/content", headers=bearer(token))
    deadline = time.monotonic() + 5  # written just after the response is sent
    while True:
        with transaction(engine, write=False) as session:
            (key,) = session.exec(select(ApiKey)).all()
        if key.last_used_at is not None or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert key.last_used_at is not None
    assert utcnow() - key.last_used_at < timedelta(minutes=1)


def test_wrong_scope_is_403(client: httpx.Client, make_key: Callable[..., str]) -> None:
    response = client.get("/api/v1/content", headers=bearer(make_key("shares:write")))
    body = assert_problem(response, 403)
    assert "content:read" in str(body["detail"])


def test_unknown_api_route_and_method_are_problems(
    client: httpx.Client, make_key: Callable[..., str]
) -> None:
    assert_problem(client.get("/api/v1/nothing-here"), 404)
    token = make_key("content:read")
    assert_problem(client.put("/api/v1/content", headers=bearer(token)), 405)


def test_validation_errors_list_locations_without_echoing_input(
    client: httpx.Client, make_key: Callable[..., str]
) -> None:
    response = client.get(
        "/api/v1/content?limit=<script>", headers=bearer(make_key("content:read"))
    )
    body = assert_problem(response, 422)
    assert body["errors"] == [{"loc": ["query", "limit"], "msg": body["errors"][0]["msg"]}]  # type: ignore[index]
    assert "<script>" not in response.text


def test_unexpected_errors_are_a_500_problem_without_internals(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/api/v1/explode")
    def explode() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    with serving(app) as url:
        response = httpx.get(url + "/api/v1/explode")
    assert_problem(response, 500)
    assert "secret internals" not in response.text


def test_rate_limit_per_api_key_is_429_with_retry_after(
    settings: Settings, make_key: Callable[..., str]
) -> None:
    limited = settings.model_copy(update={"rate_limits": True, "rate_limit_api": "2/minute"})
    token, other = make_key("content:read"), make_key("content:read")
    with serving(create_app(limited)) as url, httpx.Client(base_url=url) as client:
        statuses = [
            client.get("/api/v1/content", headers=bearer(token)).status_code for _ in range(3)
        ]
        refused = client.get("/api/v1/content", headers=bearer(token))
        other_key = client.get("/api/v1/content", headers=bearer(other))
    assert statuses == [200, 200, 429]
    assert_problem(refused, 429)
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert other_key.status_code == 200


def test_repeated_unknown_keys_from_one_address_get_429_even_with_a_valid_key(
    settings: Settings, make_key: Callable[..., str]
) -> None:
    limited = settings.model_copy(
        update={"rate_limits": True, "rate_limit_unknown_keys": "3/minute"}
    )
    valid, unknown = bearer(make_key("content:read")), bearer("gs_" + "x" * 43)
    # The test server believes X-Forwarded-For from loopback, as behind a proxy.
    elsewhere = {"X-Forwarded-For": "203.0.113.9"}
    with serving(create_app(limited)) as url, httpx.Client(base_url=url) as client:
        before = client.get("/api/v1/content", headers=valid)
        statuses = [client.get("/api/v1/content", headers=unknown).status_code for _ in range(4)]
        refused = client.get("/api/v1/content", headers=valid)
        other_address = client.get("/api/v1/content", headers={**unknown, **elsewhere})
        other_valid = client.get("/api/v1/content", headers={**valid, **elsewhere})
    assert before.status_code == 200
    assert statuses == [401, 401, 401, 429]
    assert_problem(refused, 429)
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert (other_address.status_code, other_valid.status_code) == (401, 200)


def test_openapi_documents_problems_and_docs_are_served(client: httpx.Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert "Problem" in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/api/v1"):
                continue
            assert "401" in operation["responses"], f"{method} {path} lacks 401"
    assert client.get("/api/docs").status_code == 200


def test_a_failed_idempotent_request_answers_at_once_and_frees_its_key(
    client: httpx.Client, engine: Engine, make_key: Callable[..., str]
) -> None:
    headers = bearer(make_key("shares:write")) | {"Idempotency-Key": "share-unknown-1"}
    body = {"content_id": "01unknownitem0000000000000", "network": "linkedin"}
    started = time.monotonic()
    missing = client.post("/api/v1/shares", json=body, headers=headers, timeout=20)
    assert missing.status_code == 404
    assert time.monotonic() - started < 5  # no wait on its own database lock
    with transaction(engine) as session:
        item = make_item(session)
    retried = client.post(
        "/api/v1/shares", json=body | {"content_id": item.id}, headers=headers, timeout=20
    )
    assert retried.status_code == 201
