"""The webhooks API as an HR system uses it: register, list, rotate, inspect, retry, delete."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, inspect, text, update

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import WebhookEndpoint, utcnow
from app.worker import worker_once
from tests.conftest import bearer, serving
from tests.factories.webhooks import emit
from tests.support.webhook_receiver import Receiver, receiving

pytestmark = pytest.mark.db
PROBLEM = "application/problem+json"
MakeKey = Callable[..., str]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test settings: the receiver on loopback allowed, deliveries one at a time, in order."""
    return settings.model_copy(update={"webhook_allow_private": True, "worker_concurrency": 1})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real webhook receiver on loopback."""
    with receiving() as running:
        yield running


@pytest.fixture
def admin(make_key: MakeKey) -> dict[str, str]:
    """Headers of a key that manages webhooks."""
    return bearer(make_key("webhooks:manage"))


def register(
    client: httpx.Client, admin: dict[str, str], url: str, **body: object
) -> dict[str, Any]:
    """POST an endpoint for consent.updated; the 201 answer."""
    response = client.post(
        "/api/v1/webhooks", json={"url": url, "events": ["consent.updated"], **body}, headers=admin
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_registering_answers_201_with_the_secret_once(
    client: httpx.Client, admin: dict[str, str], receiver: Receiver
) -> None:
    created = register(client, admin, receiver.url("/hook"), description="HR system")
    assert created["secret"].startswith("whsec_")
    assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) >= 24
    assert created["events"] == ["consent.updated"]
    assert created["enabled"] is True
    assert created["description"] == "HR system"
    listed = client.get("/api/v1/webhooks", headers=admin)
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()["items"]] == [created["id"]]
    assert '"secret"' not in listed.text
    assert created["secret"] not in listed.text


@pytest.mark.parametrize(
    "body",
    [
        {"events": ["employee.renamed"]},
        {"events": []},
        {"events": None},
        {"url": "ftp://example.com/hook"},
        {"url": ""},
        {"description": "nul \x00 byte"},
        {"secret": "whsec_chosen"},
    ],
)
def test_invalid_registrations_are_422_problems(
    client: httpx.Client, admin: dict[str, str], body: dict[str, object]
) -> None:
    payload = {"url": "https://93.184.215.14/hook", "events": ["consent.updated"], **body}
    response = client.post("/api/v1/webhooks", json=payload, headers=admin)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.215.14/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.5/hook",
        "https://169.254.169.254/hook",
        "https://[::1]/hook",
        "https://[fc00::5]/hook",
        "https://localhost/hook",
    ],
)
def test_private_and_plain_http_urls_are_refused_unless_allowed(
    settings: Settings, make_key: MakeKey, url: str
) -> None:
    strict = settings.model_copy(update={"webhook_allow_private": False})
    headers = bearer(make_key("webhooks:manage"))
    with serving(create_app(strict)) as base, httpx.Client(base_url=base) as client:
        body = {"url": url, "events": ["consent.updated"]}
        refused = client.post("/api/v1/webhooks", json=body, headers=headers)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["loc"] == ["body", "url"]
        public = {"url": "https://93.184.215.14/hook", "events": ["consent.updated"]}
        assert client.post("/api/v1/webhooks", json=public, headers=headers).status_code == 201


def test_secrets_are_stored_only_encrypted(
    client: httpx.Client, admin: dict[str, str], engine: Engine, receiver: Receiver
) -> None:
    headers = {**admin, "Idempotency-Key": "register-1"}
    body = {"url": receiver.url("/hook"), "events": ["consent.updated"]}
    first = client.post("/api/v1/webhooks", json=body, headers=headers)
    again = client.post("/api/v1/webhooks", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    rotated = client.post(f"/api/v1/webhooks/{first.json()['id']}/rotate-secret", headers=admin)
    for secret in (first.json()["secret"], rotated.json()["secret"]):
        raw = secret.removeprefix("whsec_")
        assert not _anywhere_in_database(engine, raw)
        assert not _anywhere_in_database(engine, base64.b64decode(raw).hex())


def test_a_key_without_the_scope_is_403(client: httpx.Client, make_key: MakeKey) -> None:
    response = client.get("/api/v1/webhooks", headers=bearer(make_key("consents:read")))
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM


def test_deleting_an_endpoint_stops_its_deliveries(
    client: httpx.Client,
    admin: dict[str, str],
    engine: Engine,
    settings: Settings,
    receiver: Receiver,
) -> None:
    created = register(client, admin, receiver.url("/hook"))
    emit(engine)
    assert client.delete(f"/api/v1/webhooks/{created['id']}", headers=admin).status_code == 204
    assert client.delete(f"/api/v1/webhooks/{created['id']}", headers=admin).status_code == 404
    assert worker_once(settings) == 0
    assert receiver.requests == []


def test_after_rotation_deliveries_verify_with_the_old_and_the_new_secret(
    client: httpx.Client,
    admin: dict[str, str],
    engine: Engine,
    settings: Settings,
    receiver: Receiver,
) -> None:
    created = register(client, admin, receiver.url("/hook"))
    rotated = client.post(f"/api/v1/webhooks/{created['id']}/rotate-secret", headers=admin)
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created["secret"]
    assert rotated.json()["previous_secret_expires_at"].endswith("Z")
    emit(engine)
    worker_once(settings)
    (request,) = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert request.verify(created["secret"]) == request.verify(rotated.json()["secret"])
    with transaction(engine) as session:
        session.exec(update(WebhookEndpoint).values(previous_secret_expires_at=utcnow()))
    emit(engine)
    worker_once(settings)
    later = receiver.requests[1]
    assert len(later.headers["webhook-signature"].split(" ")) == 1
    later.verify(rotated.json()["secret"])
    with pytest.raises(Exception, match="No matching signature"):
        later.verify(created["secret"])


def one_delivered_one_refused(
    client: httpx.Client,
    admin: dict[str, str],
    engine: Engine,
    settings: Settings,
    receiver: Receiver,
    *,
    refusal: int,
) -> tuple[str, str, str]:
    """An endpoint that took one event and answered `refusal` to the next, after one round."""
    created = register(client, admin, receiver.url("/hook"))
    ok, broken = emit(engine), emit(engine)
    receiver.answer("/hook", 200)
    receiver.answer("/hook", refusal)
    worker_once(settings)
    return f"/api/v1/webhooks/{created['id']}/deliveries", ok, broken


def test_deliveries_list_attempts_filter_failed_and_retry_with_the_same_webhook_id(
    client: httpx.Client,
    admin: dict[str, str],
    engine: Engine,
    settings: Settings,
    receiver: Receiver,
) -> None:
    base, ok, broken = one_delivered_one_refused(
        client, admin, engine, settings, receiver, refusal=500
    )
    listed = client.get(base, headers=admin).json()["items"]
    assert [(d["message_id"], d["status"]) for d in listed] == [
        (broken, "pending"),
        (ok, "succeeded"),
    ]
    assert listed[0]["attempts"][0]["status_code"] == 500
    assert listed[0]["webhook_id"] == f"msg_{broken}"
    page = client.get(base, params={"limit": 1}, headers=admin).json()
    rest = client.get(base, params={"cursor": page["next_cursor"]}, headers=admin).json()
    assert [d["message_id"] for d in page["items"] + rest["items"]] == [broken, ok]
    with transaction(engine) as session:  # the retries ran out
        session.execute(text("UPDATE webhook_delivery SET status = 'failed'"))
    failed = client.get(base, params={"status": "failed"}, headers=admin).json()["items"]
    assert [d["message_id"] for d in failed] == [broken, ok]
    retried = client.post(f"{base}/{broken}/retry", headers=admin)
    assert retried.status_code == 202
    assert retried.json()["status"] == "pending"
    worker_once(settings)
    ids = [r.webhook_id for r in receiver.requests]
    assert ids == [f"msg_{ok}", f"msg_{broken}", f"msg_{broken}"]
    assert client.post(f"{base}/{ok}/retry", headers=admin).status_code == 409  # erased
    assert client.post(f"{base}/nope/retry", headers=admin).status_code == 404


def test_a_delivery_is_listed_as_failed_as_soon_as_one_attempt_failed(
    client: httpx.Client,
    admin: dict[str, str],
    engine: Engine,
    settings: Settings,
    receiver: Receiver,
) -> None:
    """Every attempt says succeeded or failed; ?status=failed does not wait three days."""
    base, ok, broken = one_delivered_one_refused(
        client, admin, engine, settings, receiver, refusal=503
    )
    listed = {d["message_id"]: d for d in client.get(base, headers=admin).json()["items"]}
    assert [a["status"] for a in listed[ok]["attempts"]] == ["succeeded"]
    assert [a["status"] for a in listed[broken]["attempts"]] == ["failed"]
    assert listed[broken]["status"] == "pending"  # still being retried
    failed = client.get(base, params={"status": "failed"}, headers=admin).json()["items"]
    assert [d["message_id"] for d in failed] == [broken]
    pending = client.get(base, params={"status": "pending"}, headers=admin).json()["items"]
    assert [d["message_id"] for d in pending] == [broken]
    done = client.get(base, params={"status": "succeeded"}, headers=admin).json()["items"]
    assert [d["message_id"] for d in done] == [ok]


def _anywhere_in_database(engine: Engine, needle: str) -> bool:
    """Whether `needle` occurs in any column of any row of any table."""
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                if any(needle in str(value) for value in row):
                    return True
    return False
