"""POST /api/v1/shares: a short link per share, attributed only with a current consent."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.models import (
    AmbassadorProfile,
    ConsentText,
    ContentItem,
    Employee,
    ShareEvent,
    ShareText,
    ShortLink,
    utcnow,
)
from app.sharing.shares import share_create, shareable
from tests.conftest import bearer
from tests.factories.people import ledger_entry

pytestmark = pytest.mark.db
PURPOSE = "share_attribution"
RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


@pytest.fixture
def token(make_key: Callable[..., str]) -> str:
    """A key allowed to record shares."""
    return make_key("shares:write")


@pytest.fixture
def post(client: httpx.Client, token: str) -> Callable[..., httpx.Response]:
    """POST a share with the shares:write key."""

    def send(body: dict[str, Any], **headers: str) -> httpx.Response:
        return client.post("/api/v1/shares", json=body, headers={**bearer(token), **headers})

    return send


def add_item(engine: Engine, **fields: Any) -> str:
    """A content item, published unless told otherwise; returns its id."""
    with transaction(engine) as session:
        item = ContentItem(
            **{
                "kind": "article",
                "title": "Halle 3 ist fertig",
                "url": "https://example.com/news/halle-3",
                "language": "de",
                "status": "published",
                **fields,
            }
        )
        session.add(item)
        session.flush()
        return item.id


def add_consent_text(engine: Engine, version: int) -> None:
    with transaction(engine) as session:
        session.add(
            ConsentText(purpose=PURPOSE, version=version, language="de", title="t", body="b")
        )


def add_employee(
    engine: Engine, *, grant: int | None = None, withdraw: bool = False, **fields: Any
) -> str:
    """An employee, optionally granting share_attribution on text `grant`; returns external_id."""
    with transaction(engine) as session:
        employee = Employee(
            **{"external_id": "e-1", "display_name": "Ada", "department": "Bau", **fields}
        )
        session.add(employee)
        session.flush()
        if grant is not None:
            ledger_entry(session, employee, PURPOSE, "grant", version=grant)
        if withdraw:
            ledger_entry(session, employee, PURPOSE, "withdraw")
        return employee.external_id


def shares(engine: Engine) -> list[ShareEvent]:
    with transaction(engine, write=False) as session:
        return list(session.exec(select(ShareEvent)).all())


def test_a_share_answers_201_with_its_short_link_and_share_dialog(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    item = add_item(engine)
    response = post({"content_id": item, "network": "linkedin"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "id",
        "content_id",
        "network",
        "short_url",
        "share_url",
        "attributed",
        "created_at",
    }
    assert (body["content_id"], body["network"], body["attributed"]) == (item, "linkedin", False)
    assert RFC3339_UTC.fullmatch(body["created_at"])
    code = body["short_url"].removeprefix("http://testserver/s/")
    assert re.fullmatch(r"[A-Za-z0-9_-]{11,}", code)
    dialog = urlsplit(body["share_url"])
    assert (dialog.netloc, dialog.path) == ("www.linkedin.com", "/sharing/share-offsite/")
    assert parse_qs(dialog.query) == {"url": [body["short_url"]]}
    [event] = shares(engine)
    assert (event.id, event.short_code, event.source) == (body["id"], code, "api")
    assert (event.employee_id, event.department) == (None, None)
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, code)
        assert link is not None
        assert (link.content_id, link.network) == (item, "linkedin")


def test_the_short_url_a_share_carries_leads_to_the_item(
    engine: Engine, client: httpx.Client, post: Callable[..., httpx.Response]
) -> None:
    short_url = post({"content_id": add_item(engine), "network": "x"}).json()["short_url"]
    response = client.get(urlsplit(short_url).path)
    assert response.status_code == 302
    target = urlsplit(response.headers["location"])
    assert (target.netloc, target.path) == ("example.com", "/news/halle-3")
    assert parse_qs(target.query)["utm_source"] == ["x"]


def test_the_share_text_is_the_items_text_for_the_network_else_its_title(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    item = add_item(engine)
    with transaction(engine) as session:
        session.add(ShareText(content_id=item, network="bluesky", text="Endlich! #Kassel"))
    sky = post({"content_id": item, "network": "bluesky"}).json()
    assert parse_qs(urlsplit(sky["share_url"]).query)["text"] == [
        f"Endlich! #Kassel {sky['short_url']}"
    ]
    whatsapp = post({"content_id": item, "network": "whatsapp"}).json()
    assert parse_qs(urlsplit(whatsapp["share_url"]).query)["text"] == [
        f"Halle 3 ist fertig {whatsapp['short_url']}"
    ]
    own = post({"content_id": item, "network": "bluesky", "text": "Meine Worte"}).json()
    assert parse_qs(urlsplit(own["share_url"]).query)["text"] == [f"Meine Worte {own['short_url']}"]


def test_short_codes_are_unique_across_1000_shares(engine: Engine, settings: Settings) -> None:
    item = add_item(engine)
    with transaction(engine) as session:
        codes = {
            share_create(
                session=session,
                settings=settings,
                item=shareable(session=session, content_id=item),
                network="x",
            ).event.short_code
            for _ in range(1000)
        }
    assert len(codes) == 1000
    assert all(len(code) >= 11 for code in codes)
    with transaction(engine, write=False) as session:
        assert session.exec(select(func.count()).select_from(ShortLink)).one() == 1000


@pytest.mark.parametrize(
    ("texts", "employee", "attributed"),
    [
        ([1], {"grant": 1}, True),
        ([1, 2], {"grant": 2}, True),
        ([1], {}, False),
        ([1], {"grant": 1, "withdraw": True}, False),
        ([1, 2], {"grant": 1}, False),
        ([1], {"grant": 1, "active": False}, False),
        ([], {"grant": 1}, False),
    ],
    ids=["granted", "renewed", "never", "withdrawn", "outdated-text", "inactive", "no-text"],
)
def test_a_share_is_attributed_only_with_a_current_share_attribution_consent(
    engine: Engine,
    post: Callable[..., httpx.Response],
    texts: list[int],
    employee: dict[str, Any],
    attributed: bool,
) -> None:
    for version in texts:
        add_consent_text(engine, version)
    external_id = add_employee(engine, **employee)
    response = post(
        {"content_id": add_item(engine), "network": "x", "employee_external_id": external_id}
    )
    assert response.status_code == 201
    assert response.json()["attributed"] is attributed
    [event] = shares(engine)
    if attributed:
        assert event.employee_id is not None
        assert event.department == "Bau"
    else:
        assert (event.employee_id, event.department) == (None, None)


def test_an_unknown_employee_gives_an_unattributed_share_not_an_error(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    response = post(
        {"content_id": add_item(engine), "network": "x", "employee_external_id": "nobody"}
    )
    assert response.status_code == 201
    assert response.json()["attributed"] is False


def test_unknown_or_deleted_content_is_404(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    deleted = add_item(engine, deleted_at=utcnow())
    for content_id in ("01jx0000000000000000000000", deleted):
        response = post({"content_id": content_id, "network": "x"})
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
    assert shares(engine) == []


@pytest.mark.parametrize("length", [1, 27, 300, 5000])
def test_an_unknown_content_id_of_any_length_is_404(
    engine: Engine, post: Callable[..., httpx.Response], length: int
) -> None:
    """Ids are opaque strings: a long one is an id that does not exist, not a malformed one."""
    response = post({"content_id": "z" * length, "network": "x"})
    assert response.status_code == 404
    assert shares(engine) == []


def test_an_unknown_employee_id_of_any_length_gives_an_unattributed_share(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    body = {"content_id": add_item(engine), "network": "x", "employee_external_id": "e" * 500}
    response = post(body)
    assert response.status_code == 201
    assert response.json()["attributed"] is False


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"status": "archived"},
        {"publish_at": utcnow() + timedelta(hours=1)},
        {"expires_at": utcnow() - timedelta(seconds=1)},
    ],
    ids=["draft", "archived", "future", "expired"],
)
def test_unpublished_content_is_409(
    engine: Engine, post: Callable[..., httpx.Response], fields: dict[str, Any]
) -> None:
    response = post({"content_id": add_item(engine, **fields), "network": "x"})
    assert response.status_code == 409
    assert response.json()["type"].endswith("content-not-published")
    assert shares(engine) == []


def test_an_item_shared_a_moment_ago_is_refused_once_deleted_or_unpublished(
    client: httpx.Client,
    engine: Engine,
    post: Callable[..., httpx.Response],
    make_key: Callable[..., str],
) -> None:
    writer = bearer(make_key("content:write")) | {"If-Match": "*"}
    gone, withdrawn = add_item(engine), add_item(engine)
    for item in (gone, withdrawn):  # each is kept in memory for the next share now
        assert post({"content_id": item, "network": "x"}).status_code == 201
    assert client.delete(f"/api/v1/content/{gone}", headers=writer).status_code == 204
    archived = client.patch(
        f"/api/v1/content/{withdrawn}", json={"status": "archived"}, headers=writer
    )
    assert archived.status_code == 200
    # At once, not a second later: the writes cleared what was kept.
    assert post({"content_id": gone, "network": "x"}).status_code == 404
    assert post({"content_id": withdrawn, "network": "x"}).status_code == 409
    assert len(shares(engine)) == 2


def test_an_item_deleted_by_another_process_is_refused_within_a_second(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    item = add_item(engine)
    assert post({"content_id": item, "network": "x"}).status_code == 201
    with transaction(engine) as session:  # the CLI or another worker, not this server
        row = session.get_one(ContentItem, item)
        row.deleted_at = utcnow()
        session.add(row)
    deleted = time.monotonic()
    while (status := post({"content_id": item, "network": "x"}).status_code) == 201:
        assert time.monotonic() - deleted < 1.5, "still recording shares after the cache's second"
        time.sleep(0.05)
    assert status == 404


def test_published_content_inside_its_window_can_be_shared(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    now = utcnow()
    item = add_item(engine, publish_at=now - timedelta(days=1), expires_at=now + timedelta(days=1))
    assert post({"content_id": item, "network": "x"}).status_code == 201


def test_an_unknown_network_is_422(engine: Engine, post: Callable[..., httpx.Response]) -> None:
    response = post({"content_id": add_item(engine), "network": "myspace"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "network"]
    assert shares(engine) == []


@pytest.mark.parametrize("instance", [None, "https://social.example", "social.example/@ada"])
def test_mastodon_needs_a_bare_instance_host(
    engine: Engine, post: Callable[..., httpx.Response], instance: str | None
) -> None:
    body = {"content_id": add_item(engine), "network": "mastodon", "mastodon_instance": instance}
    response = post({k: v for k, v in body.items() if v is not None})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "mastodon_instance"]
    assert shares(engine) == []


def test_mastodon_shares_open_the_instance_named_in_the_request(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    body = {
        "content_id": add_item(engine),
        "network": "mastodon",
        "mastodon_instance": "Chaos.Social",
    }
    response = post(body)
    assert response.status_code == 201
    dialog = urlsplit(response.json()["share_url"])
    assert (dialog.scheme, dialog.netloc, dialog.path) == ("https", "chaos.social", "/share")


@pytest.mark.parametrize(("grant", "status"), [(1, 201), (None, 422)])
def test_the_profile_instance_is_used_only_for_an_attributed_employee(
    engine: Engine, post: Callable[..., httpx.Response], grant: int | None, status: int
) -> None:
    # Otherwise 201-versus-422 would tell the caller who exists and what their profile says.
    add_consent_text(engine, 1)
    external_id = add_employee(engine, grant=grant)
    with transaction(engine) as session:
        employee = session.exec(select(Employee)).one()
        session.add(AmbassadorProfile(employee_id=employee.id, mastodon_instance="bonn.social"))
    body = {
        "content_id": add_item(engine),
        "network": "mastodon",
        "employee_external_id": external_id,
    }
    response = post(body)
    assert response.status_code == status
    if status == 201:
        assert urlsplit(response.json()["share_url"]).netloc == "bonn.social"


def test_without_a_key_it_is_401_and_without_the_scope_403(
    engine: Engine, client: httpx.Client, make_key: Callable[..., str]
) -> None:
    body = {"content_id": add_item(engine), "network": "x"}
    assert client.post("/api/v1/shares", json=body).status_code == 401
    wrong = bearer("gs_" + "x" * 40)
    assert client.post("/api/v1/shares", json=body, headers=wrong).status_code == 401
    reader = bearer(make_key("content:read"))
    response = client.post("/api/v1/shares", json=body, headers=reader)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert shares(engine) == []


def test_an_idempotent_retry_replays_the_first_share(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    body = {"content_id": add_item(engine), "network": "threads"}
    first = post(body, **{"Idempotency-Key": "share-1"})
    again = post(body, **{"Idempotency-Key": "share-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(shares(engine)) == 1
    other = post({**body, "network": "x"}, **{"Idempotency-Key": "share-1"})
    assert other.status_code == 422
    assert (
        post(body, **{"Idempotency-Key": "share-2"}).json()["short_url"]
        != first.json()["short_url"]
    )
    assert len(shares(engine)) == 2


def test_a_failed_request_leaves_its_key_free_for_the_retry(
    engine: Engine, post: Callable[..., httpx.Response]
) -> None:
    body = {"content_id": "no-such-item", "network": "threads"}
    assert post(body, **{"Idempotency-Key": "share-3"}).status_code == 404
    # The claim went with the failed write: the same key may now carry another body.
    retried = post({**body, "content_id": add_item(engine)}, **{"Idempotency-Key": "share-3"})
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers


def test_concurrent_duplicates_store_one_share(
    engine: Engine, client: httpx.Client, token: str
) -> None:
    body = {"content_id": add_item(engine), "network": "threads"}
    headers = {**bearer(token), "Idempotency-Key": "share-burst"}

    def send() -> httpx.Response:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            return own.post("/api/v1/shares", json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: send(), range(8)))
    created = [a for a in answers if a.status_code == 201]
    assert {a.status_code for a in answers} <= {201, 409}
    assert created
    assert all(a.json() == created[0].json() for a in created)
    assert len(shares(engine)) == 1


def test_the_openapi_document_lists_the_errors_of_a_share(client: httpx.Client) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/shares"]["post"]
    assert {"201", "401", "403", "404", "409", "422", "429"} <= set(operation["responses"])


@pytest.mark.parametrize(("length", "status"), [(256, 201), (257, 422)])
def test_an_own_text_must_fit_the_network_with_the_short_link(
    engine: Engine, post: Callable[..., httpx.Response], length: int, status: int
) -> None:
    # X counts the short link as 23 and the space before it as 1: 256 + 24 = 280.
    response = post({"content_id": add_item(engine), "network": "x", "text": "a" * length})
    assert response.status_code == status
    if status == 422:
        assert response.json()["errors"][0]["loc"] == ["body", "text"]
        assert shares(engine) == []
    else:
        assert parse_qs(urlsplit(response.json()["share_url"]).query)["text"] == ["a" * length]


def test_a_blank_own_text_is_422(engine: Engine, post: Callable[..., httpx.Response]) -> None:
    response = post({"content_id": add_item(engine), "network": "linkedin", "text": "  \n "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "text"]
