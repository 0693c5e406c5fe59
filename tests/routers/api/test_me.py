"""The employee's own data API, used as their browser would: session cookie plus CSRF header."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from app.db import transaction, wal_checkpoint
from app.models import AuditEvent, ConsentEvent, ShareEvent, WebSession
from app.sharing.shares import attributable_employee
from tests.conftest import bearer
from tests.factories.consent import Browser, participating, publish, publish_all, sign_in
from tests.factories.people import find_anywhere, make_employee, make_participant

pytestmark = pytest.mark.db
MakeKey = Callable[..., str]
ME_PATHS = [("GET", "/api/v1/me"), ("GET", "/api/v1/me/export"), ("DELETE", "/api/v1/me")]
GRANT = {"purpose": "share_attribution", "action": "grant", "text_version": 1}


@pytest.fixture
def me(engine: Engine) -> Browser:
    """A signed-in employee (locale de-CH), with every text published in en and de."""
    with transaction(engine) as session:
        publish_all(session)
    return sign_in(engine, "E-1001")


def test_api_keys_cannot_act_for_an_employee(
    client: httpx.Client, make_key: MakeKey, me: Browser
) -> None:
    key = bearer(make_key(*["consents:read", "consents:audit", "employees:write"]))
    requests = [*ME_PATHS, ("POST", "/api/v1/me/consents")]
    for method, path in requests:
        for headers in (key, {**me.headers, **key}, {"Authorization": "Bearer nonsense"}):
            response = client.request(method, path, headers=headers, json=GRANT)
            assert response.status_code == 403, (method, path)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["detail"] == "API keys cannot act for an employee."
    assert client.get("/api/v1/me", headers=me.cookie).status_code == 200


def test_without_a_session_there_is_no_me(client: httpx.Client, me: Browser) -> None:
    for method, path in ME_PATHS:
        response = client.request(method, path, headers={"X-CSRF-Token": me.csrf_token})
        assert response.status_code == 401
        assert response.json()["type"].endswith("unauthorized")
    stale = {"Cookie": "gladshare_session=not-a-session"}
    assert client.get("/api/v1/me", headers=stale).status_code == 401


def test_changes_need_the_csrf_header(client: httpx.Client, me: Browser) -> None:
    post = "/api/v1/me/consents"
    assert client.post(post, json=GRANT, headers=me.cookie).status_code == 403
    wrong = {**me.cookie, "X-CSRF-Token": "x" * 43}
    assert client.post(post, json=GRANT, headers=wrong).status_code == 403
    cross = {**me.headers, "Sec-Fetch-Site": "cross-site"}
    assert client.post(post, json=GRANT, headers=cross).status_code == 403
    assert client.delete("/api/v1/me", headers=me.cookie).status_code == 403
    assert client.post(post, json=GRANT, headers=me.headers).status_code == 200


def test_me_shows_every_purpose_with_the_text_to_read(client: httpx.Client, me: Browser) -> None:
    body = client.get("/api/v1/me", headers=me.cookie).json()
    assert body["external_id"] == "E-1001"
    assert set(body["consents"]) == {"ambassador", "share_attribution", "recognition"}
    ambassador = body["consents"]["ambassador"]
    assert ambassador["status"] == "not_granted"
    assert ambassador["renewal_required"] is False
    assert (ambassador["text_version"], ambassador["since"]) == (None, None)
    assert ambassador["current_text"]["version"] == 1
    assert ambassador["current_text"]["language"] == "de"  # the reader's locale is de-CH
    assert "said in de" in ambassador["current_text"]["body"]


def test_grant_then_withdraw_takes_effect_at_once(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    granted = client.post("/api/v1/me/consents", json=GRANT, headers=me.headers)
    assert granted.status_code == 200
    assert granted.json()["purpose"] == "share_attribution"
    assert granted.json()["status"] == "granted"
    assert granted.json()["text_version"] == 1
    assert granted.json()["since"].endswith("Z")
    with transaction(engine, write=False) as session:
        assert attributable_employee(session=session, external_id=me.external_id) is not None
    withdraw = {"purpose": "share_attribution", "action": "withdraw"}
    withdrawn = client.post("/api/v1/me/consents", json=withdraw, headers=me.headers)
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["status"], withdrawn.json()["since"]) == ("not_granted", None)
    with transaction(engine, write=False) as session:
        assert attributable_employee(session=session, external_id=me.external_id) is None
        events = session.exec(select(ConsentEvent).order_by(col(ConsentEvent.id))).all()
    assert [(e.action, e.source, e.text_version) for e in events] == [
        ("grant", "ui", 1),
        ("withdraw", "ui", None),
    ]


def test_a_stale_or_missing_version_is_refused(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    with transaction(engine) as session:
        publish(session, "share_attribution", "en")
    stale = client.post("/api/v1/me/consents", json=GRANT, headers=me.headers)
    assert stale.status_code == 409
    assert stale.json()["type"].endswith("stale-consent-text")
    assert stale.json()["current_text_version"] == 2
    for body in (
        {"purpose": "share_attribution", "action": "grant"},
        {**GRANT, "purpose": "marketing"},
        {**GRANT, "action": "decline"},
        {**GRANT, "text_version": 0},
    ):
        invalid = client.post("/api/v1/me/consents", json=body, headers=me.headers)
        assert invalid.status_code == 422, body
        assert invalid.headers["content-type"] == "application/problem+json"


def test_a_new_text_asks_the_employee_to_renew(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    client.post("/api/v1/me/consents", json=GRANT, headers=me.headers)
    with transaction(engine) as session:
        publish(session, "share_attribution", "de")
    mine = client.get("/api/v1/me", headers=me.cookie).json()["consents"]["share_attribution"]
    assert (mine["status"], mine["renewal_required"], mine["text_version"]) == (
        "not_granted",
        True,
        1,
    )
    assert mine["current_text"]["version"] == 2
    renewed = client.post(
        "/api/v1/me/consents", json={**GRANT, "text_version": 2}, headers=me.headers
    )
    assert (renewed.json()["status"], renewed.json()["renewal_required"]) == ("granted", False)


def test_export_is_a_download_of_everything_about_me(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    person = participating(engine, me, clicks=7)
    with transaction(engine) as session:
        other = make_participant(session, make_employee(session))
    response = client.get("/api/v1/me/export", headers=me.cookie)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    export = response.json()
    assert export["profile"]["external_id"] == me.external_id
    assert export["profile"]["email"] == person.email
    assert export["ambassador_profile"]["networks"] == ["linkedin", "mastodon"]
    history = export["consent_history"]
    assert [(e["purpose"], e["action"]) for e in history][-1] == ("recognition", "withdraw")
    assert history[0]["text"]["body"] == "I agree to ambassador, said in de."
    assert [(s["network"], s["clicks"]) for s in export["shares"]] == [
        ("linkedin", 7),
        ("mastodon", 7),
    ]
    assert {s["content_id"] for s in export["shares"]} == {person.content_id}
    assert [r["content_id"] for r in export["ratings"]] == [person.content_id]
    assert other.external_id not in response.text


def test_leaving_erases_me_and_keeps_pseudonymous_proof(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    person = participating(engine, me)
    # As SQLite does by itself every 1000 pages: the person is in the database file too.
    wal_checkpoint(engine)
    assert find_anywhere(engine, person.needles())

    left = client.delete("/api/v1/me", headers=me.headers)

    assert left.status_code == 204
    assert "gladshare_session=" in left.headers["set-cookie"]
    assert client.get("/api/v1/me", headers=me.cookie).status_code == 401
    assert find_anywhere(engine, person.needles()) == []
    with transaction(engine, write=False) as session:
        assert session.exec(select(WebSession)).all() == []
        assert session.exec(select(ShareEvent.employee_id)).all() == [None, None]
        events = session.exec(select(ConsentEvent).order_by(col(ConsentEvent.id))).all()
        assert {e.subject_key for e in events} == {person.subject_key}
        withdrawals = {e.purpose for e in events[-len(person.granted) :]}
        assert withdrawals == person.granted
        assert {e.source for e in events[-len(person.granted) :]} == {"ui"}
        audit = session.exec(select(AuditEvent)).one()
    assert (audit.actor, audit.action) == ("employee:self", "employee.left_program")
    assert audit.target == f"consent_subject:{person.subject_key}"


def test_openapi_documents_the_me_api(client: httpx.Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"401", "403"} <= set(paths["/api/v1/me"]["get"]["responses"])
    assert {"401", "403"} <= set(paths["/api/v1/me"]["delete"]["responses"])
    assert {"403", "409", "422"} <= set(paths["/api/v1/me/consents"]["post"]["responses"])
    assert "X-CSRF-Token" in paths["/api/v1/me/consents"]["post"]["description"]
