"""/me/data: my shares, my consent history, the download and leaving the program."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.db import transaction
from app.models import Employee, ShareEvent
from tests.factories.consent import Browser, participating
from tests.factories.people import Participant, ledger_entry

pytestmark = pytest.mark.db
HX = {"HX-Request": "true"}


@pytest.fixture
def participant(engine: Engine, me: Browser) -> Participant:
    """`me` with consents (ambassador and share_attribution granted), shares clicked 7 times."""
    return participating(engine, me, clicks=7)


def test_my_shares_show_clicks_with_share_attribution(
    client: httpx.Client, participant: Participant
) -> None:
    page = client.get("/me/data")
    assert page.status_code == 200
    assert page.text.count("Unser neues Werk") == 2
    assert "LinkedIn" in page.text
    assert "Mastodon" in page.text
    assert '<th scope="col">Clicks</th>' in page.text
    assert '<td data-label="Clicks">7</td>' in page.text  # labelled for the phone cards
    assert "not attributed to you" not in page.text


def test_without_share_attribution_there_are_no_clicks(
    client: httpx.Client, engine: Engine, participant: Participant
) -> None:
    with transaction(engine) as session:
        employee = session.get(Employee, participant.employee_id)
        assert employee is not None
        ledger_entry(session, employee, "share_attribution", "withdraw")
    page = client.get("/me/data")
    assert "Your shares are not attributed to you" in page.text
    assert "Clicks" not in page.text
    assert ">7</td>" not in page.text


def test_a_newcomer_sees_that_nothing_is_attributed(client: httpx.Client, me: Browser) -> None:
    page = client.get("/me/data")
    assert "Your shares are not attributed to you" in page.text
    assert "You have not made any choice yet." in page.text
    assert "<table>" not in page.text


def test_history_shows_the_text_agreed_to(
    client: httpx.Client, participant: Participant, me: Browser
) -> None:
    page = client.get("/me/data")
    assert page.text.count("you said yes") == 3
    assert page.text.count("you took your yes back") == 1
    # make_participant agreed to the German texts: those are the ones shown as proof.
    assert "I agree to ambassador, said in de." in page.text
    assert "The text you agreed to, version 1" in page.text
    assert 'lang="de"' in page.text


def test_export_downloads_the_same_json_as_the_api(
    client: httpx.Client, participant: Participant, me: Browser
) -> None:
    download = client.get("/me/data/export")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/json"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["cache-control"] == "no-store"
    api = client.get("/api/v1/me/export").json()
    mine = download.json()
    assert {k: v for k, v in mine.items() if k != "exported_at"} == {
        k: v for k, v in api.items() if k != "exported_at"
    }
    assert [s["clicks"] for s in mine["shares"]] == [7, 7]


def test_leaving_needs_a_confirmation_then_erases_me(
    client: httpx.Client, engine: Engine, participant: Participant, me: Browser
) -> None:
    data = client.get("/me/data")
    assert 'href="/me/leave"' in data.text
    confirm = client.get("/me/leave")
    assert confirm.status_code == 200
    for promise in ("withdrawn", "erased", "no longer point to you", "pseudonymised", "signed out"):
        assert promise in confirm.text
    assert 'action="/me/leave"' in confirm.text
    with transaction(engine, write=False) as session:
        assert session.get(Employee, me.employee_id) is not None  # looking changes nothing

    left = client.post("/me/leave", data={"csrf_token": me.csrf_token})
    assert left.status_code == 303
    assert left.headers["location"] == "/?left=true"
    assert 'gladshare_session=""' in left.headers["set-cookie"]
    goodbye = client.get(left.headers["location"])
    assert "You have left the program" in goodbye.text
    assert client.get("/home").headers["location"] == "/sign-in"
    client.cookies.set("gladshare_session", me.token)  # a copy of the old cookie does nothing
    assert client.get("/home").headers["location"] == "/sign-in"
    with transaction(engine, write=False) as session:
        assert session.get(Employee, me.employee_id) is None
        assert session.exec(select(ShareEvent.employee_id)).all() == [None, None]


def test_leaving_with_htmx_redirects_with_hx_redirect(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    left = client.post("/me/leave", data={"csrf_token": me.csrf_token}, headers=HX)
    assert left.status_code == 204
    assert left.headers["hx-redirect"] == "/?left=true"
    with transaction(engine, write=False) as session:
        assert session.get(Employee, me.employee_id) is None


def test_my_data_needs_sign_in(client: httpx.Client) -> None:
    for path in ("/me/data", "/me/data/export", "/me/leave"):
        assert client.get(path).headers["location"] == "/sign-in"
