"""Consent as HR systems see it: status, the listing, the audited proof, and nothing more."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.db import transaction
from app.models import AuditEvent, utcnow
from app.people.employees import employee_get
from tests.conftest import bearer
from tests.factories.consent import grant, people, publish
from tests.factories.people import make_employee, make_participant

pytestmark = pytest.mark.db
MakeKey = Callable[..., str]


@pytest.fixture
def reader(make_key: MakeKey) -> dict[str, str]:
    """Headers of an HR system's consents:read key."""
    return bearer(make_key("consents:read"))


def test_purposes_with_their_current_versions_for_any_key(
    client: httpx.Client, engine: Engine, make_key: MakeKey
) -> None:
    assert client.get("/api/v1/consent-purposes").status_code == 401
    people(engine)
    with transaction(engine) as session:
        publish(session, "recognition", "de")
    body = client.get("/api/v1/consent-purposes", headers=bearer(make_key("content:read"))).json()
    assert set(body["purposes"]) == {"ambassador", "share_attribution", "recognition"}
    assert body["purposes"]["ambassador"]["current_version"] == 1
    assert body["purposes"]["ambassador"]["languages"] == {"de": 1, "en": 1}
    # English still lags behind: the current text exists only in German.
    assert body["purposes"]["recognition"]["current_version"] == 2
    assert body["purposes"]["recognition"]["languages"] == {"de": 2, "en": 1}


def test_one_employees_status_only_granted_or_not(
    client: httpx.Client, engine: Engine, reader: dict[str, str], make_key: MakeKey
) -> None:
    people(engine, "E-1")
    grant(engine, "E-1", "ambassador")
    response = client.get("/api/v1/employees/E-1/consents", headers=reader)
    assert response.status_code == 200
    body = response.json()
    assert body["external_id"] == "E-1"
    assert body["purposes"]["ambassador"]["status"] == "granted"
    assert body["purposes"]["ambassador"]["text_version"] == 1
    assert body["purposes"]["ambassador"]["since"].endswith("Z")
    assert body["purposes"]["recognition"] == {
        "status": "not_granted",
        "text_version": None,
        "since": None,
    }
    assert client.get("/api/v1/employees/nobody/consents", headers=reader).status_code == 404
    for scopes in (("employees:write",), ("consents:audit",), ("content:read",)):
        other = bearer(make_key(*scopes))
        assert client.get("/api/v1/employees/E-1/consents", headers=other).status_code == 403


def test_the_listing_pages_with_stable_cursors(
    client: httpx.Client, engine: Engine, reader: dict[str, str]
) -> None:
    people(engine, "E-2", "E-4", "E-6")
    first = client.get("/api/v1/consents", params={"limit": 4}, headers=reader).json()
    assert [(i["external_id"], i["purpose"]) for i in first["items"]] == [
        ("E-2", "ambassador"),
        ("E-2", "recognition"),
        ("E-2", "share_attribution"),
        ("E-4", "ambassador"),
    ]
    people_added = ("E-1", "E-5")  # one before the cursor, one after
    with transaction(engine) as session:
        for external_id in people_added:
            make_employee(session, external_id)
    rest = client.get(
        "/api/v1/consents", params={"limit": 200, "cursor": first["next_cursor"]}, headers=reader
    ).json()
    assert rest["next_cursor"] is None
    seen = [(i["external_id"], i["purpose"]) for i in first["items"] + rest["items"]]
    assert len(seen) == len(set(seen)) == 4 + 2 + 3 + 3
    assert "E-1" not in {external_id for external_id, _ in seen}
    bad = client.get("/api/v1/consents", params={"cursor": "bm9wZQ"}, headers=reader)
    assert bad.status_code == 422


def test_the_listing_filters(client: httpx.Client, engine: Engine, reader: dict[str, str]) -> None:
    people(engine, "E-1", "E-2", "E-3", leaders=True)
    grant(engine, "E-1", "ambassador", "recognition")
    between = utcnow()
    grant(engine, "E-2", "ambassador")

    def listed(**params: str) -> list[tuple[str, str, str]]:
        response = client.get("/api/v1/consents", params=params, headers=reader)
        assert response.status_code == 200, response.text
        return [(i["external_id"], i["purpose"], i["status"]) for i in response.json()["items"]]

    granted = listed(status="granted")
    assert granted == [
        ("E-1", "ambassador", "granted"),
        ("E-1", "recognition", "granted"),
        ("E-2", "ambassador", "granted"),
    ]
    assert listed(purpose="ambassador", status="not_granted") == [
        ("E-3", "ambassador", "not_granted")
    ]
    assert listed(changed_since=between.isoformat()) == [("E-2", "ambassador", "granted")]
    future = (utcnow() + timedelta(days=1)).isoformat()
    assert listed(changed_since=future) == []
    for invalid in ({"changed_since": "2026-11-27T14:05:00"}, {"status": "withdrawn"}):
        assert client.get("/api/v1/consents", params=invalid, headers=reader).status_code == 422


def test_a_new_text_version_shows_as_a_change_to_not_granted(
    client: httpx.Client, engine: Engine, reader: dict[str, str]
) -> None:
    people(engine, "E-1")
    grant(engine, "E-1", "share_attribution")
    before = utcnow()
    with transaction(engine) as session:
        publish(session, "share_attribution", "en")
    changed = client.get(
        "/api/v1/consents", params={"changed_since": before.isoformat()}, headers=reader
    ).json()["items"]
    assert changed == [
        {
            "external_id": "E-1",
            "purpose": "share_attribution",
            "status": "not_granted",
            "text_version": None,
            "since": None,
        }
    ]


def test_offboarded_employees_are_not_listed(
    client: httpx.Client, engine: Engine, reader: dict[str, str], make_key: MakeKey
) -> None:
    people(engine, "E-1", "E-2")
    grant(engine, "E-1", "ambassador")
    hr = bearer(make_key("employees:write"))
    assert client.delete("/api/v1/employees/E-1", headers=hr).status_code == 204
    items = client.get("/api/v1/consents", headers=reader).json()["items"]
    assert {i["external_id"] for i in items} == {"E-2"}


def test_proof_needs_the_audit_scope_and_every_read_is_audited(
    client: httpx.Client, engine: Engine, reader: dict[str, str], make_key: MakeKey
) -> None:
    people(engine, "E-1")
    with transaction(engine) as session:
        person = make_participant(session, employee_get(session=session, external_id="E-1"))
    path = "/api/v1/employees/E-1/consents/proof"
    assert client.get(path, headers=reader).status_code == 403
    auditor = bearer(make_key("consents:audit"))
    for _ in range(2):
        response = client.get(path, headers=auditor)
        assert response.status_code == 200
    events = response.json()["events"]
    assert [(e["purpose"], e["action"], e["source"]) for e in events] == [
        ("ambassador", "grant", "ui"),
        ("share_attribution", "grant", "ui"),
        ("recognition", "grant", "ui"),
        ("recognition", "withdraw", "ui"),
    ]
    assert events[0]["text"]["title"] == "ambassador (de)"
    assert events[0]["text"]["body"] == "I agree to ambassador, said in de."
    assert events[-1]["text"] is None
    assert client.get("/api/v1/employees/nobody/consents/proof", headers=auditor).status_code == 404
    with transaction(engine, write=False) as session:
        audits = session.exec(select(AuditEvent)).all()
    assert [a.action for a in audits] == ["consent.proof_read"] * 2
    assert {a.target for a in audits} == {f"consent_subject:{person.subject_key}"}
    assert all(a.actor.startswith("api_key:") for a in audits)
    assert not any(n in str(a.model_dump()) for a in audits for n in person.needles())
