"""The HR sync API as an HR system sees it: PUT, GET and offboarding DELETE."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import col, select

from app.db import transaction, wal_checkpoint
from app.models import AuditEvent, ConsentEvent, ConsentStatus, Employee, ShareEvent, WebSession
from app.people.employees import employee_get
from tests.conftest import bearer
from tests.factories.consent import sign_in
from tests.factories.people import DISPLAY_NAME, find_anywhere, make_participant, upsert_body

pytestmark = pytest.mark.db
PUBLIC_FIELDS = {
    "external_id",
    "email",
    "display_name",
    "department",
    "locale",
    "is_leader",
    "active",
    "created_at",
    "updated_at",
}
MakeKey = Callable[..., str]


@pytest.fixture
def hr(make_key: MakeKey) -> dict[str, str]:
    """Headers of the HR system's key."""
    return bearer(make_key("employees:write"))


def test_put_creates_then_answers_200_with_the_same_record(
    client: httpx.Client, engine: Engine, hr: dict[str, str]
) -> None:
    body = upsert_body()
    first = client.put("/api/v1/employees/E-1042", json=body, headers=hr)
    second = client.put("/api/v1/employees/E-1042", json=body, headers=hr)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.headers["location"] == "/api/v1/employees/E-1042"
    assert first.json() == second.json()
    assert set(first.json()) == PUBLIC_FIELDS
    assert first.json()["created_at"].endswith("Z")
    with transaction(engine, write=False) as session:
        assert session.exec(select(func.count()).select_from(Employee)).one() == 1


def test_put_replaces_fields_and_names_round_trip(
    client: httpx.Client, make_key: MakeKey, hr: dict[str, str]
) -> None:
    client.put("/api/v1/employees/E-7", json=upsert_body(), headers=hr)
    changed = upsert_body(department="Einkauf", locale="de_ch", is_leader=True)
    assert client.put("/api/v1/employees/E-7", json=changed, headers=hr).status_code == 200
    reader = bearer(make_key("consents:read"))
    got = client.get("/api/v1/employees/E-7", headers=reader)
    assert got.status_code == 200
    assert got.json()["display_name"] == DISPLAY_NAME
    assert (got.json()["department"], got.json()["locale"]) == ("Einkauf", "de-CH")
    assert got.json()["is_leader"] is True


@pytest.mark.parametrize(
    "change",
    [
        {"display_name": "   "},
        {"display_name": "x" * 201},
        {"email": "not-an-address"},
        {"locale": "Deutsch"},
        {"department": "d" * 201},
        {"is_leader": "perhaps"},
    ],
)
def test_put_refuses_invalid_bodies(
    client: httpx.Client, hr: dict[str, str], change: dict[str, object]
) -> None:
    response = client.put("/api/v1/employees/E-1", json=upsert_body(**change), headers=hr)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"][:2] == ["body", next(iter(change))]


@pytest.mark.parametrize("external_id", ["x" * 201, "with space", "-leading", "Jürgen"])
def test_put_refuses_unreasonable_external_ids(
    client: httpx.Client, hr: dict[str, str], external_id: str
) -> None:
    response = client.put(f"/api/v1/employees/{external_id}", json=upsert_body(), headers=hr)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["path", "external_id"]


def test_keys_are_checked_before_anything_else(client: httpx.Client, make_key: MakeKey) -> None:
    path = "/api/v1/employees/E-1"
    assert client.put(path, json=upsert_body()).status_code == 401
    assert client.get(path, headers=bearer("gs_" + "x" * 43)).status_code == 401
    content = bearer(make_key("content:read"))
    reader = bearer(make_key("consents:read"))
    assert client.put(path, json=upsert_body(), headers=content).status_code == 403
    assert client.put(path, json=upsert_body(), headers=reader).status_code == 403
    assert client.get(path, headers=content).status_code == 403
    assert client.delete(path, headers=reader).status_code == 403
    forbidden = client.get(path, headers=content)
    assert forbidden.headers["content-type"] == "application/problem+json"


def test_unknown_employees_are_404(
    client: httpx.Client, make_key: MakeKey, hr: dict[str, str]
) -> None:
    reader = bearer(make_key("consents:read"))
    missing = client.get("/api/v1/employees/nobody", headers=reader)
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("not-found")
    assert client.delete("/api/v1/employees/nobody", headers=hr).status_code == 404


def test_deactivation_ends_every_session_for_good(
    client: httpx.Client, engine: Engine, hr: dict[str, str]
) -> None:
    browser = sign_in(engine, "E-5")
    body = upsert_body()
    assert client.get("/api/v1/me", headers=browser.cookie).status_code == 200

    paused = client.put("/api/v1/employees/E-5", json=body | {"active": False}, headers=hr)
    assert paused.status_code == 200
    assert client.get("/api/v1/me", headers=browser.cookie).status_code == 401
    back = client.put("/api/v1/employees/E-5", json=body | {"active": True}, headers=hr)

    assert back.json()["active"] is True
    assert client.get("/api/v1/me", headers=browser.cookie).status_code == 401
    with transaction(engine, write=False) as session:
        assert session.exec(select(WebSession)).all() == []


def test_offboarding_erases_the_person_and_keeps_the_proof(
    client: httpx.Client, engine: Engine, hr: dict[str, str]
) -> None:
    assert (
        client.put("/api/v1/employees/hr-4711", json=upsert_body(), headers=hr).status_code == 201
    )
    with transaction(engine) as session:
        employee = employee_get(session=session, external_id="hr-4711")
        person = make_participant(session, employee)
        events_before = session.exec(select(func.count()).select_from(ConsentEvent)).one()
    # As SQLite does by itself every 1000 pages: the person is in the database file too.
    wal_checkpoint(engine)
    assert find_anywhere(engine, person.needles())

    assert client.delete("/api/v1/employees/hr-4711", headers=hr).status_code == 204

    assert client.get("/api/v1/employees/hr-4711", headers=hr).status_code == 404
    assert client.delete("/api/v1/employees/hr-4711", headers=hr).status_code == 404
    assert find_anywhere(engine, person.needles()) == []
    with transaction(engine, write=False) as session:
        shares = session.exec(select(ShareEvent.employee_id)).all()
        assert shares == [None, None]
        events = session.exec(select(ConsentEvent).order_by(col(ConsentEvent.id))).all()
        assert len(events) == events_before + len(person.granted)
        withdrawals = {e.purpose for e in events[events_before:] if e.source == "system"}
        assert withdrawals == person.granted
        audit = session.exec(select(AuditEvent)).one()
        assert audit.action == "employee.offboarded"
        assert audit.actor.startswith("api_key:")


def test_a_returning_external_id_starts_without_consents(
    client: httpx.Client, engine: Engine, hr: dict[str, str]
) -> None:
    client.put("/api/v1/employees/hr-9", json=upsert_body(), headers=hr)
    with transaction(engine) as session:
        make_participant(session, employee_get(session=session, external_id="hr-9"))
    client.delete("/api/v1/employees/hr-9", headers=hr)
    assert client.put("/api/v1/employees/hr-9", json=upsert_body(), headers=hr).status_code == 201
    with transaction(engine, write=False) as session:
        again = employee_get(session=session, external_id="hr-9")
        assert again.subject_key is None
        granted = session.exec(select(ConsentStatus).where(col(ConsentStatus.granted))).all()
        assert granted == []


def test_openapi_documents_every_error(client: httpx.Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = paths["/api/v1/employees/{external_id}"]
    for method, extra in (("put", {"201"}), ("get", {"404"}), ("delete", {"404"})):
        documented = set(operations[method]["responses"])
        assert {"401", "403", "422"} | extra <= documented, method
