"""The topic list over HTTP, as comms' tools and intranet systems see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import AmbassadorProfile
from tests.conftest import bearer
from tests.factories.content import CONTENT, created
from tests.factories.people import make_employee

pytestmark = pytest.mark.db
TOPICS = "/api/v1/topics"
HEAT_PUMPS = {"en": "Heat pumps", "de": "Wärmepumpen", "fr": "Pompes à chaleur"}


@pytest.fixture
def auth(make_key: Callable[..., str]) -> dict[str, str]:
    """Headers of a key that may read and maintain the list (and content)."""
    return bearer(make_key("content:read", "content:write"))


def topic(
    client: httpx.Client, auth: dict[str, str], topic_id: str, **names: str
) -> dict[str, Any]:
    response = client.post(
        TOPICS, json={"id": topic_id, "names": names or {"en": topic_id}}, headers=auth
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_a_topic_is_created_read_back_and_listed(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    response = client.post(TOPICS, json={"id": " Heat-Pumps ", "names": HEAT_PUMPS}, headers=auth)
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == "heat-pumps"  # the slug content items carry
    assert body["names"] == HEAT_PUMPS
    assert (body["version"], body["created_at"][-1]) == (1, "Z")
    assert response.headers["location"] == f"{TOPICS}/heat-pumps"
    read = client.get(response.headers["location"], headers=auth)
    assert read.json() == body
    assert read.headers["etag"] == response.headers["etag"]
    page = client.get(TOPICS, headers=auth).json()
    assert page == {"items": [body], "next_cursor": None}


def test_the_list_pages_by_id_and_a_topic_added_meanwhile_is_not_skipped(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    for slug in ("careers", "culture", "engineering", "product", "sustainability"):
        topic(client, auth, slug)
    first = client.get(TOPICS, params={"limit": 2}, headers=auth).json()
    assert [t["id"] for t in first["items"]] == ["careers", "culture"]
    topic(client, auth, "community")  # sorts before the cursor: belongs to a page already read
    topic(client, auth, "events")  # sorts after it: the next pages must show it
    seen, cursor = [t["id"] for t in first["items"]], first["next_cursor"]
    while cursor is not None:
        page = client.get(TOPICS, params={"limit": 2, "cursor": cursor}, headers=auth).json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
    assert seen == ["careers", "culture", "engineering", "events", "product", "sustainability"]
    for params in ({"limit": 0}, {"limit": 201}, {"cursor": "not-a-cursor"}):
        problem(client.get(TOPICS, params=params, headers=auth), 422)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"id": "heat-pumps", "names": {"de": "Wärmepumpen"}}, ["body", "names"]),
        ({"id": "heat-pumps", "names": {"en": "Heat pumps", "it": "Pompe"}}, ["body", "names"]),
        ({"id": "heat-pumps", "names": {"en": "   "}}, ["body", "names"]),
        ({"id": "heat-pumps", "names": {"en": "x" * 61}}, ["body", "names"]),
        ({"id": "heat-pumps", "names": {"en": "Heat\u0000pumps"}}, ["body", "names"]),
        ({"id": "heat-pumps", "names": {"en": "Heat\u202epumps"}}, ["body", "names"]),
        ({"id": "Wärmepumpe", "names": {"en": "Heat pumps"}}, ["body", "id"]),
        ({"id": "heat pumps", "names": {"en": "Heat pumps"}}, ["body", "id"]),
        ({"id": "h" * 41, "names": {"en": "Heat pumps"}}, ["body", "id"]),
        ({"names": {"en": "Heat pumps"}}, ["body", "id"]),
        ({"id": "heat-pumps", "names": {"en": "Heat pumps"}, "colour": "red"}, ["body", "colour"]),
    ],
)
def test_invalid_topics_are_422_naming_the_field(
    client: httpx.Client, auth: dict[str, str], body: dict[str, Any], where: list[str]
) -> None:
    refused = problem(client.post(TOPICS, json=body, headers=auth), 422)
    assert refused["errors"][0]["loc"][:2] == where
    assert client.get(TOPICS, headers=auth).json()["items"] == []


def test_a_taken_id_is_409_and_the_first_names_stay(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    topic(client, auth, "heat-pumps", **HEAT_PUMPS)
    again = client.post(TOPICS, json={"id": "HEAT-PUMPS", "names": {"en": "Other"}}, headers=auth)
    assert problem(again, 409)["type"].endswith("topic-exists")
    assert client.get(f"{TOPICS}/heat-pumps", headers=auth).json()["names"] == HEAT_PUMPS


def test_a_retried_create_answers_the_first_response(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    headers = auth | {"Idempotency-Key": "topic-heat-pumps"}
    body = {"id": "heat-pumps", "names": HEAT_PUMPS}
    first = client.post(TOPICS, json=body, headers=headers)
    retried = client.post(TOPICS, json=body, headers=headers)
    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.json() == first.json()
    assert retried.headers["etag"] == first.headers["etag"]
    other = client.post(TOPICS, json={**body, "names": {"en": "Other"}}, headers=headers)
    assert other.status_code == 422


def test_renaming_needs_the_current_etag_and_replaces_every_name(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    created_etag = client.post(
        TOPICS, json={"id": "heat-pumps", "names": HEAT_PUMPS}, headers=auth
    ).headers["etag"]
    url, names = f"{TOPICS}/heat-pumps", {"en": "Heat pumps", "de": "Wärmepumpe"}
    problem(client.patch(url, json={"names": names}, headers=auth), 428)
    renamed = client.patch(url, json={"names": names}, headers=auth | {"If-Match": created_etag})
    assert renamed.status_code == 200
    assert (renamed.json()["names"], renamed.json()["version"]) == (names, 2)
    assert renamed.headers["etag"] != created_etag
    stale = client.patch(url, json={"names": HEAT_PUMPS}, headers=auth | {"If-Match": created_etag})
    problem(stale, 412)
    current = auth | {"If-Match": renamed.headers["etag"]}
    for bad in ({"names": None}, {"names": {"fr": "Pompes"}}, {"id": "other"}):
        problem(client.patch(url, json=bad, headers=current), 422)
    problem(client.patch(f"{TOPICS}/nothing", json={}, headers=auth | {"If-Match": "*"}), 404)
    assert client.get(url, headers=auth).json()["names"] == names


def test_deleting_a_topic_takes_it_out_of_profiles_and_content_keeps_its_slug(
    client: httpx.Client, auth: dict[str, str], engine: Engine
) -> None:
    topic(client, auth, "heat-pumps", **HEAT_PUMPS)
    topic(client, auth, "careers")
    item = created(client, auth, topics=["heat-pumps", "careers"])
    with transaction(engine) as session:
        both, only = make_employee(session), make_employee(session)
        session.add(AmbassadorProfile(employee_id=both.id, topics=["careers", "heat-pumps"]))
        session.add(AmbassadorProfile(employee_id=only.id, topics=["heat-pumps"]))
    url = f"{TOPICS}/heat-pumps"
    problem(client.delete(url, headers=auth | {"If-Match": '"heat-pumps.0"'}), 412)
    assert client.delete(url, headers=auth).status_code == 204
    problem(client.get(url, headers=auth), 404)
    problem(client.delete(url, headers=auth), 404)
    assert [t["id"] for t in client.get(TOPICS, headers=auth).json()["items"]] == ["careers"]
    with transaction(engine, write=False) as session:
        profiles = {
            p.employee_id: p.topics
            for p in (session.get(AmbassadorProfile, e.id) for e in (both, only))
            if p
        }
    assert profiles == {both.id: ["careers"], only.id: []}
    found = client.get(CONTENT, params={"topic": "heat-pumps"}, headers=auth).json()["items"]
    assert [(i["id"], i["topics"]) for i in found] == [(item["id"], ["heat-pumps", "careers"])]


def test_reading_and_maintaining_the_list_are_separate_grants(
    client: httpx.Client, make_key: Callable[..., str]
) -> None:
    reader, writer = bearer(make_key("content:read")), bearer(make_key("content:write"))
    body = {"id": "heat-pumps", "names": HEAT_PUMPS}
    problem(client.get(TOPICS), 401)
    assert "content:write" in problem(client.post(TOPICS, json=body, headers=reader), 403)["detail"]
    assert client.post(TOPICS, json=body, headers=writer).status_code == 201
    problem(client.get(TOPICS, headers=writer), 403)
    assert [t["id"] for t in client.get(TOPICS, headers=reader).json()["items"]] == ["heat-pumps"]
    url = f"{TOPICS}/heat-pumps"
    problem(client.patch(url, json={}, headers=reader | {"If-Match": "*"}), 403)
    problem(client.delete(url, headers=reader), 403)
    assert client.get(url, headers=reader).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("get", TOPICS, {"200", "401", "403", "422"}),
        ("post", TOPICS, {"201", "401", "403", "409", "422"}),
        ("get", TOPICS + "/{topic_id}", {"200", "401", "403", "404"}),
        ("patch", TOPICS + "/{topic_id}", {"200", "401", "404", "412", "422", "428"}),
        ("delete", TOPICS + "/{topic_id}", {"204", "401", "403", "404", "412"}),
    ],
)
def test_openapi_documents_every_status(
    client: httpx.Client, method: str, path: str, statuses: set[str]
) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"][path][method]
    assert statuses <= set(operation["responses"])
    assert operation["security"]


def test_openapi_says_what_deleting_does_to_profiles_and_content(client: httpx.Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    description = document["paths"][TOPICS + "/{topic_id}"]["delete"]["description"]
    assert "removed from every employee's profile" in description
    assert "Content items keep the slug" in description
    names = document["components"]["schemas"]["TopicCreate"]["properties"]["names"]
    assert set(names["propertyNames"]["enum"]) == {"en", "de", "fr"}
