"""Principle 2 over HTTP: no API key can tell a withdrawal from never having consented."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.consent.ledger import consent_withdraw
from app.db import transaction
from app.models import Employee
from app.people.employees import employee_get
from tests.conftest import bearer
from tests.factories.consent import grant, people
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
MakeKey = Callable[..., str]


def test_withdrawn_and_never_consented_look_the_same_to_every_key(
    client: httpx.Client, engine: Engine, make_key: MakeKey
) -> None:
    people(engine, "E-WITHDREW", "E-NEVERDID", "E-GRANTED1", leaders=True)
    grant(engine, "E-WITHDREW", "ambassador", "share_attribution", "recognition")
    grant(engine, "E-GRANTED1", "ambassador")
    with transaction(engine) as session:
        employee = employee_get(session=session, external_id="E-WITHDREW")
        for purpose in ("ambassador", "share_attribution", "recognition"):
            consent_withdraw(session=session, employee=employee, purpose=purpose, source="ui")
        # Same HR record and timestamps, so that only the consent history differs.
        never = employee_get(session=session, external_id="E-NEVERDID")
        never.sqlmodel_update(employee.model_dump(include={"email", "created_at", "updated_at"}))
        session.add(never)
        item = make_item(session)
    key = bearer(make_key("consents:read", "employees:write", "content:read", "shares:write"))
    withdrew, neverdid = (
        _everything_a_key_sees(client, key, external_id, item.id)
        for external_id in ("E-WITHDREW", "E-NEVERDID")
    )
    assert withdrew.keys() == neverdid.keys()
    for name, body in withdrew.items():
        assert body.replace("E-WITHDREW", "E-NEVERDID") == neverdid[name], name
    with transaction(engine, write=False) as session:
        never_key = select(Employee.subject_key).where(Employee.external_id == "E-NEVERDID")
        assert session.exec(never_key).one() is None  # really never consented


def _everything_a_key_sees(
    client: httpx.Client, key: dict[str, str], external_id: str, content_id: str
) -> dict[str, str]:
    """Every API-key response about one person (proof aside: it is the auditor's history)."""
    seen = {
        "employee": client.get(f"/api/v1/employees/{external_id}", headers=key),
        "consents": client.get(f"/api/v1/employees/{external_id}/consents", headers=key),
    }
    for params in (
        {},
        {"status": "not_granted"},
        {"status": "granted"},
        {"purpose": "recognition"},
        {"changed_since": "2000-01-01T00:00:00Z"},
        {"changed_since": "2999-01-01T00:00:00Z"},
    ):
        listing = client.get("/api/v1/consents", params={**params, "limit": 200}, headers=key)
        items = [i for i in listing.json()["items"] if i["external_id"] == external_id]
        seen[f"listing {params}"] = httpx.Response(200, json=items)
    share = {"content_id": content_id, "network": "linkedin", "employee_external_id": external_id}
    shared = client.post("/api/v1/shares", json=share, headers=key)
    assert shared.status_code == 201, shared.text
    # Every share gets its own id and short link; everything else must be the same.
    masked = {**shared.json(), "id": "-", "short_url": "-", "share_url": "-", "created_at": "-"}
    seen["share"] = httpx.Response(200, json=masked)
    for name, response in seen.items():
        assert response.status_code == 200, name
    return {name: response.text for name, response in seen.items()}
