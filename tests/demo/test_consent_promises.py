"""The demo's consent texts, read as the people agreeing to them read them: each promise holds."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.consent.texts import consent_text_publish
from app.db import transaction
from app.demo.organisation import CONSENT_TEXTS, PEOPLE
from app.models import PURPOSES, ContentItem, Employee, ShareEvent
from app.routers.ui.me import PURPOSE_COPY
from app.web.i18n import LANGUAGES, gettext, language_of_page
from tests.conftest import bearer
from tests.factories.consent import Browser, sign_in
from tests.factories.feed import make_item, make_profile

pytestmark = pytest.mark.db
MakeKey = Callable[..., str]
TITLE = "Tag der offenen Tür im Werk"


def promise(purpose: str, **said: str) -> None:
    """The purpose's demo text makes this promise in every language of the pages."""
    bodies = {t.language: t.body for t in CONSENT_TEXTS if t.purpose == purpose}
    assert set(said) == set(LANGUAGES)
    for language, words in said.items():
        assert words in bodies[language], (purpose, language)


@pytest.fixture
def item(engine: Engine) -> ContentItem:
    """The demo's consent texts published as version 1, and one published item."""
    with transaction(engine) as session:
        for text in sorted(CONSENT_TEXTS, key=lambda t: (t.purpose, t.language != "en")):
            consent_text_publish(
                session=session,
                purpose=text.purpose,
                language=text.language,
                title=text.title,
                body=text.body,
                translation=text.language != "en",
            )
        return make_item(session, title=TITLE)


def choose(client: httpx.Client, browser: Browser, purpose: str, action: str) -> httpx.Response:
    """Say yes to a purpose, or take it back, on /me as a plain form."""
    form = {"csrf_token": browser.csrf_token, "purpose": purpose, "action": action}
    return client.post("/me/consents", data={**form, "text_version": "1"}, headers=browser.cookie)


def test_every_purpose_has_a_demo_text_in_every_language() -> None:
    assert {(t.purpose, t.language) for t in CONSENT_TEXTS} == {
        (purpose, language) for purpose in PURPOSES for language in LANGUAGES
    }


@pytest.mark.parametrize("withdrawn_in", ["ui", "api"])
def test_share_attribution_withdrawn_removes_my_name_from_my_shares(
    client: httpx.Client, engine: Engine, make_key: MakeKey, item: ContentItem, withdrawn_in: str
) -> None:
    promise(
        "share_attribution",
        en="If you withdraw, your name is removed from your shares and they are counted "
        "anonymously from then on.",
        de="Wenn du widerrufst, wird dein Name von deinen Shares entfernt und sie zählen ab "
        "dann anonym.",
        fr="Si vous retirez votre accord, votre nom est retiré de vos partages, qui sont "
        "ensuite comptés de façon anonyme.",
    )
    promise(
        "share_attribution",
        en="Without this consent your shares still count, but anonymously.",
        de="Ohne diese Einwilligung zählen deine Shares trotzdem, aber anonym.",
        fr="Sans ce consentement, vos partages comptent quand même, mais de façon anonyme.",
    )
    me = sign_in(engine)
    key = bearer(make_key("shares:write"))

    def share() -> bool:
        body = {
            "content_id": item.id,
            "network": "linkedin",
            "employee_external_id": me.external_id,
        }
        response = client.post("/api/v1/shares", json=body, headers=key)
        assert response.status_code == 201, response.text
        return bool(response.json()["attributed"])

    def my_shares() -> list[str]:
        export = client.get("/api/v1/me/export", headers=me.cookie).json()
        assert client.get("/me/data", headers=me.cookie).text.count(TITLE) == len(export["shares"])
        return [s["id"] for s in export["shares"]]

    assert choose(client, me, "share_attribution", "grant").status_code == 303
    assert [share(), share()] == [True, True]
    assert len(my_shares()) == 2
    if withdrawn_in == "ui":
        assert choose(client, me, "share_attribution", "withdraw").status_code == 303
    else:
        change = {"purpose": "share_attribution", "action": "withdraw"}
        assert client.post("/api/v1/me/consents", json=change, headers=me.headers).is_success
    assert my_shares() == []
    assert share() is False
    with transaction(engine, write=False) as session:
        counted = session.exec(select(ShareEvent).where(ShareEvent.content_id == item.id)).all()
    assert [s.employee_id for s in counted] == [None, None, None]  # counted, anonymously
    assert choose(client, me, "share_attribution", "grant").status_code == 303
    assert share() is True
    assert len(my_shares()) == 1  # granting again attributes only what comes after


def test_ambassador_lets_me_tell_whether_an_item_is_worth_sharing(
    client: httpx.Client, engine: Engine, item: ContentItem
) -> None:
    promise(
        "ambassador",
        en="you can tell us anonymously whether an item is worth sharing",
        de="uns anonym sagen, ob ein Beitrag das Teilen wert ist",
        fr="nous dire anonymement si un contenu vaut la peine d’être partagé",
    )
    me = sign_in(engine)
    with transaction(engine) as session:
        make_profile(session, me.employee_id)
    rating = f"/feed/{item.id}/rating"
    form = {"csrf_token": me.csrf_token, "answer": "yes"}
    assert rating not in client.get(f"/feed/{item.id}", headers=me.cookie).text
    assert client.post(rating, data=form, headers=me.cookie).status_code == 403
    assert choose(client, me, "ambassador", "grant").status_code == 303
    assert rating in client.get(f"/feed/{item.id}", headers=me.cookie).text
    assert client.post(rating, data=form, headers=me.cookie).status_code == 303
    assert choose(client, me, "ambassador", "withdraw").status_code == 303
    assert rating not in client.get(f"/feed/{item.id}", headers=me.cookie).text
    assert client.post(rating, data=form, headers=me.cookie).status_code == 403


@pytest.mark.usefixtures("item")
def test_recognition_is_for_people_who_lead_a_team(client: httpx.Client, engine: Engine) -> None:
    promise(
        "recognition",
        en="This is for people who lead a team.",
        de="Das ist für Menschen, die ein Team führen.",
        fr="Ce choix s’adresse aux personnes qui dirigent une équipe.",
    )
    assert all(person.is_leader for person in PEOPLE if "recognition" in person.grants)
    member, leader = sign_in(engine), sign_in(engine, leader=True)
    assert 'id="consent-recognition"' not in client.get("/me", headers=member.cookie).text
    grant = {"purpose": "recognition", "action": "grant", "text_version": 1}
    refused = client.post("/api/v1/me/consents", json=grant, headers=member.headers)
    assert refused.status_code == 403
    assert "for people who lead a team" in refused.json()["detail"]
    assert 'id="consent-recognition"' in client.get("/me", headers=leader.cookie).text
    granted = client.post("/api/v1/me/consents", json=grant, headers=leader.headers)
    assert granted.status_code == 200
    assert granted.json()["status"] == "granted"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_purpose_has_one_name_in_the_texts_and_on_every_page(
    client: httpx.Client, engine: Engine, item: ContentItem, language: str
) -> None:
    """The demo's title of a purpose is the name /me and / give it; no raw code is shown."""
    browser = sign_in(engine, leader=True)
    headers = {**browser.cookie, "Accept-Language": language}
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        employee.locale = language
    with language_of_page(language):
        names = {purpose: gettext(copy[0]) for purpose, copy in PURPOSE_COPY.items()}
    me = client.get("/me", headers=headers).text
    about = client.get("/", headers=headers).text
    for text in (t for t in CONSENT_TEXTS if t.language == language):
        assert text.title == names[text.purpose], (text.purpose, language)
        heading = f'<h3 id="consent-{text.purpose}-title">{names[text.purpose]}</h3>'
        assert heading in me
        assert f"<h3>{names[text.purpose]}</h3>" in about
    for page in (me, about, client.get("/feed", headers=headers).text):
        # The words a reader sees, not ids or values: never a code, alone or in a sentence.
        nodes = {node.strip() for node in re.split(r"<[^>]+>", page)}
        assert not nodes & set(PURPOSES)
        assert "share_attribution" not in " ".join(nodes)
