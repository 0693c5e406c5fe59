"""Test data for consent: published texts and an employee signed in with a browser session."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.consent.ledger import consent_grant
from app.consent.texts import consent_text_publish
from app.db import transaction
from app.models import PURPOSES, ConsentText, Employee, ShortLink, WebhookEndpoint, WebSession
from app.people.employees import employee_get
from app.people.web_sessions import session_start, token_hash
from tests.factories.people import Participant, make_employee, make_participant


def publish_all(session: Session, *, languages: tuple[str, ...] = ("en", "de")) -> None:
    """Version 1 of every purpose's text, in each of `languages`."""
    for purpose in PURPOSES:
        first, *others = languages
        publish(session, purpose, first)
        for language in others:
            publish(session, purpose, language, translation=True)


def publish(
    session: Session, purpose: str, language: str, *, translation: bool = False
) -> ConsentText:
    """One text, new version or translation, with a recognisable body."""
    return consent_text_publish(
        session=session,
        purpose=purpose,
        language=language,
        title=f"{purpose} ({language})",
        body=f"I agree to {purpose}, said in {language}.",
        translation=translation,
    )


def listen_to_webhooks(session: Session, *events: str) -> WebhookEndpoint:
    """An enabled endpoint subscribed to `events`, so the outbox keeps their messages."""
    endpoint = WebhookEndpoint(
        url="https://hr.example.com/hooks", events=list(events), secret_encrypted="unused"
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def grant_on(session: Session, employee: Employee, *purposes: str, version: int = 1) -> None:
    """The employee grants `purposes` in the UI, on text `version` (a Conflict when not current)."""
    for purpose in purposes:
        consent_grant(
            session=session, employee=employee, purpose=purpose, text_version=version, source="ui"
        )


def consenting(session: Session, *purposes: str) -> Employee:
    """A new employee who granted `purposes` on the current texts."""
    employee = make_employee(session)
    grant_on(session, employee, *purposes)
    return employee


def grant(engine: Engine, external_id: str, *purposes: str, version: int = 1) -> None:
    """The employee with `external_id` grants `purposes` in the UI, in a transaction of its own."""
    with transaction(engine) as session:
        employee = employee_get(session=session, external_id=external_id)
        grant_on(session, employee, *purposes, version=version)


def people(engine: Engine, *external_ids: str, leaders: bool = False) -> None:
    """Texts in en and de, and an employee per id (each leading a team when `leaders`)."""
    with transaction(engine) as session:
        publish_all(session)
        for external_id in external_ids:
            make_employee(session, external_id, is_leader=leaders)


@dataclass(frozen=True)
class Browser:
    """An employee signed in: the cookie and CSRF header their browser would send."""

    external_id: str
    employee_id: str
    token: str
    csrf_token: str

    @property
    def cookie(self) -> dict[str, str]:
        """Headers of a read: the session cookie alone."""
        return {"Cookie": f"gladshare_session={self.token}"}

    @property
    def headers(self) -> dict[str, str]:
        """Headers of a write: the session cookie and the CSRF token."""
        return {**self.cookie, "X-CSRF-Token": self.csrf_token}


def sign_in(engine: Engine, external_id: str | None = None, *, leader: bool = False) -> Browser:
    """Create an employee (locale de-CH, leading a team if `leader`) and a browser session."""
    with transaction(engine) as session:
        employee = make_employee(session, external_id, is_leader=leader)
        token = session_start(session=session, employee=employee)
        web_session = session.get(WebSession, token_hash(token))
        assert web_session is not None
        return Browser(employee.external_id, employee.id, token, web_session.csrf_token)


def sign_in_english(engine: Engine, client: httpx.Client, external_id: str) -> Browser:
    """Every text published in en and de; an English-speaking employee signed in on `client`."""
    with transaction(engine) as session:
        publish_all(session)
    browser = sign_in(engine, external_id)
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        employee.locale = "en"
    client.cookies.set("gladshare_session", browser.token)
    return browser


def participating(engine: Engine, browser: Browser, *, clicks: int = 0) -> Participant:
    """The signed-in employee with make_participant's traces, every short link clicked `clicks`."""
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        person = make_participant(session, employee)
        for link in session.exec(select(ShortLink)).all():
            link.clicks = clicks
            session.add(link)
    return person
