"""/feed over HTTP for leaders first and the preview circle: who sees what, and when."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.db import transaction
from app.models import ContentItem, Employee, ShareEvent, ShortLink, utcnow
from tests.factories.consent import Browser, grant, publish_all, sign_in
from tests.factories.feed import make_item, make_profile

pytestmark = pytest.mark.db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def texts(engine: Engine) -> None:
    """Every consent text published, so consent can be granted."""
    with transaction(engine) as session:
        publish_all(session)


def person(
    engine: Engine, *purposes: str, leader: bool = False, name: str = "", **profile: Any
) -> Browser:
    """A signed-in English reader on LinkedIn, with `purposes` granted."""
    browser = sign_in(engine, leader=leader)
    grant(engine, browser.external_id, *purposes)
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        employee.locale = "en"
        employee.display_name = name or employee.display_name
        make_profile(session, browser.employee_id, networks=["linkedin"], **profile)
    return browser


def item(engine: Engine, **fields: Any) -> ContentItem:
    with transaction(engine) as session:
        return make_item(session, **fields)


def share(client: httpx.Client, browser: Browser, content_id: str) -> httpx.Response:
    return client.post(
        f"/feed/{content_id}/share",
        data={"network": "linkedin", "text": "Lest das"},
        headers={**browser.headers, **HTMX},
    )


def withdraw(client: httpx.Client, browser: Browser, purpose: str) -> None:
    form = {"csrf_token": browser.csrf_token, "purpose": purpose, "action": "withdraw"}
    response = client.post("/me/consents", data=form, headers=browser.cookie)
    assert response.status_code == 303


def test_leaders_see_and_share_an_item_early_and_others_do_not(
    client: httpx.Client, engine: Engine
) -> None:
    now = utcnow()
    early = item(
        engine,
        title="Erst für Führungskräfte",
        publish_at=now + timedelta(hours=4),
        leaders_from=now - timedelta(minutes=5),
    )
    leader = person(engine, "ambassador", leader=True)
    colleague = person(engine, "ambassador")
    page = client.get("/feed", headers=leader.cookie).text
    assert "Erst für Führungskräfte" in page
    assert "Leaders first: your colleagues see this from" in page
    assert "Erst für Führungskräfte" not in client.get("/feed", headers=colleague.cookie).text
    assert client.get(f"/feed/{early.id}", headers=colleague.cookie).status_code == 404
    assert share(client, colleague, early.id).status_code == 404
    assert share(client, leader, early.id).status_code == 200
    with transaction(engine) as session:
        assert len(session.exec(select(ShareEvent)).all()) == 1
    # The API's share names nobody it could tell is a leader: refused until publish_at.


def test_shared_by_leadership_counts_only_recognition_and_a_withdrawal_shows_at_once(
    client: httpx.Client, engine: Engine
) -> None:
    shared = item(engine, title="Neues Werk")
    lea = person(engine, "ambassador", "recognition", leader=True, name="Lea Leitner")
    ole = person(engine, "ambassador", "recognition", leader=True, name="Ole Obermann")
    quiet = person(engine, "ambassador", leader=True, name="Quentin Quiet")
    reader = person(engine)
    for leader in (lea, ole, quiet):
        assert share(client, leader, shared.id).status_code == 200
    page = client.get("/feed", headers=reader.cookie).text
    assert "Shared by 2 people from leadership" in page
    assert "Lea Leitner, Ole Obermann" in page
    assert "Quentin Quiet" not in page
    withdraw(client, lea, "recognition")
    page = client.get("/feed", headers=reader.cookie).text  # no second's wait: at once
    assert "Shared by 1 person from leadership" in page
    assert "Lea Leitner" not in page
    withdraw(client, ole, "recognition")
    assert "from leadership" not in client.get("/feed", headers=reader.cookie).text


def test_circle_members_see_sent_drafts_marked_and_cannot_share_them(
    client: httpx.Client, engine: Engine
) -> None:
    sent = item(engine, title="Entwurf fürs Team", status="draft", circle_at=utcnow())
    kept = item(engine, title="Geheimer Entwurf", status="draft")
    member = person(engine, "ambassador", show_drafts=True)
    unticked = person(engine, "ambassador")
    ticked_not_taking_part = person(engine, show_drafts=True)
    page = client.get("/feed", headers=member.cookie).text
    assert "Entwurf fürs Team" in page
    assert "Geheimer Entwurf" not in page
    assert "Comms would like your opinion on a draft" in page
    card = page.split(f'id="item-{sent.id}"', 1)[1].split("</article>", 1)[0]
    assert "Draft" in card
    assert "Would you share this with friends?" in card
    assert "data-share-form" not in card
    for other in (unticked, ticked_not_taking_part):
        assert "Entwurf" not in client.get("/feed", headers=other.cookie).text
        assert client.get(f"/feed/{sent.id}", headers=other.cookie).status_code == 404
    assert client.get(f"/feed/{kept.id}", headers=member.cookie).status_code == 404
    refused = share(client, member, sent.id)
    assert refused.status_code == 409
    assert "cannot be shared before it is published" in refused.text
    with transaction(engine) as session:
        assert session.exec(select(ShareEvent)).all() == []
        assert session.exec(select(ShortLink)).all() == []


def test_a_member_answers_for_a_draft_and_others_may_not(
    client: httpx.Client, engine: Engine
) -> None:
    sent = item(engine, status="draft", circle_at=utcnow())
    member = person(engine, "ambassador", show_drafts=True)
    unticked = person(engine, "ambassador")
    form = {"answer": "yes", "csrf_token": member.csrf_token}
    answered = client.post(f"/feed/{sent.id}/rating", data=form, headers=member.cookie)
    assert answered.status_code == 303
    assert "Your answer: yes." in client.get(f"/feed/{sent.id}", headers=member.cookie).text
    form = {"answer": "yes", "csrf_token": unticked.csrf_token}
    refused = client.post(f"/feed/{sent.id}/rating", data=form, headers=unticked.cookie)
    assert refused.status_code == 404


def test_the_profile_asks_for_drafts_off_by_default_and_the_export_says_so(
    client: httpx.Client, engine: Engine
) -> None:
    me = person(engine, "ambassador")
    page = client.get("/me", headers=me.cookie).text
    assert "Show me drafts to give my opinion" in page
    assert "checked" not in page.split('id="show_drafts"', 1)[1].split(">", 1)[0]
    form = {
        "csrf_token": me.csrf_token,
        "show_drafts": "on",
        "networks": "linkedin",
        "asks_per_quarter": "1",
    }
    assert client.post("/me/profile", data=form, headers=me.cookie).status_code == 303
    box = client.get("/me", headers=me.cookie).text.split('id="show_drafts"', 1)[1]
    assert "checked" in box.split(">", 1)[0]
    export = client.get("/me/data/export", headers=me.cookie).json()
    assert export["ambassador_profile"]["show_drafts"] is True
    form.pop("show_drafts")
    client.post("/me/profile", data=form, headers=me.cookie)
    assert (
        client.get("/me/data/export", headers=me.cookie).json()["ambassador_profile"]["show_drafts"]
        is False
    )


def test_more_than_three_leaders_are_counted_and_three_named(
    client: httpx.Client, engine: Engine
) -> None:
    shared = item(engine)
    names = ["Ada Arndt", "Bea Brandt", "Cem Celik", "Dora Dietz"]
    for name in names:
        leader = person(engine, "ambassador", "recognition", leader=True, name=name)
        assert share(client, leader, shared.id).status_code == 200
    page = client.get("/feed", headers=person(engine).cookie).text
    assert (
        "Shared by 4 people from leadership, among them Ada Arndt, Bea Brandt, Cem Celik." in page
    )
    assert "Dora Dietz" not in page


def test_a_leader_finds_what_names_them_in_their_data_until_they_withdraw(
    client: httpx.Client, engine: Engine
) -> None:
    shared = item(engine, title="Neues Werk")
    leader = person(engine, "ambassador", "recognition", leader=True)
    assert share(client, leader, shared.id).status_code == 200
    export = client.get("/me/data/export", headers=leader.cookie).json()
    assert [s["content_title"] for s in export["shared_as_leader"]] == ["Neues Werk"]
    withdraw(client, leader, "recognition")
    export = client.get("/me/data/export", headers=leader.cookie).json()
    assert export["shared_as_leader"] == []
