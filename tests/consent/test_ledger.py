"""The consent ledger as services: texts, grants, withdrawals, renewal and the outbox."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select, text

from app.consent.ledger import consent_views, consent_withdraw
from app.consent.texts import (
    consent_texts,
    current_text_version,
    language_check,
    text_for_reader,
)
from app.db import transaction
from app.errors import Conflict, Invalid
from app.models import ConsentEvent, ConsentStatus, ConsentText, OutboxMessage
from app.people.employees import employee_offboard
from app.sharing.shares import attributable_employee
from tests.factories.consent import grant_on, listen_to_webhooks, publish, publish_all
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


@pytest.mark.parametrize("table", ["consent_event", "consent_text"])
@pytest.mark.parametrize("verb", ["UPDATE", "DELETE"])
def test_the_ledger_and_its_texts_refuse_raw_update_and_delete(
    engine: Engine, table: str, verb: str
) -> None:
    with transaction(engine) as session:
        publish_all(session)
        grant_on(session, make_employee(session), "ambassador", version=1)
    statement = {
        "UPDATE": f"UPDATE {table} SET purpose = 'recognition'",
        "DELETE": f"DELETE FROM {table}",
    }[verb]
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(
            text(f"SELECT count(*) FROM {table} WHERE purpose = 'ambassador'")
        ).one()


@pytest.mark.parametrize("model", [ConsentEvent, ConsentText])
def test_the_ledger_and_its_texts_refuse_orm_update_and_delete(
    engine: Engine, model: type[ConsentEvent] | type[ConsentText]
) -> None:
    with transaction(engine) as session:
        publish_all(session)
        grant_on(session, make_employee(session), "ambassador", version=1)
    with Session(engine) as session:
        row = session.exec(select(model)).first()
        assert row is not None
        row.purpose = "recognition"
        session.add(row)
        with pytest.raises(DBAPIError, match="append-only"):
            session.flush()
        session.rollback()
        row = session.exec(select(model)).first()
        session.delete(row)
        with pytest.raises(DBAPIError, match="append-only"):
            session.flush()
        session.rollback()


def test_events_record_only_the_pseudonymous_subject_and_the_facts(engine: Engine) -> None:
    assert set(ConsentEvent.model_fields) == {
        "id", "subject_key", "purpose", "action", "text_version", "text_language", "source", "at"
    }  # fmt: skip
    with transaction(engine) as session:
        publish_all(session)
        employee = make_employee(session)
        grant_on(session, employee, "ambassador", version=1)
        event = session.exec(select(ConsentEvent)).one()
        assert event.subject_key == employee.subject_key != employee.id
        # The reader's locale is de-CH: they saw, and agreed to, the German text.
        assert (event.action, event.text_version, event.text_language) == ("grant", 1, "de")
        assert event.source == "ui"


def test_versions_count_per_purpose_across_languages(engine: Engine) -> None:
    with transaction(engine) as session:
        assert publish(session, "ambassador", "en").version == 1
        assert publish(session, "ambassador", "DE", translation=True).version == 1
        assert publish(session, "ambassador", "de").version == 2
        assert publish(session, "recognition", "de").version == 1
        assert current_text_version(session=session, purpose="ambassador") == 2
        v2 = consent_texts(session=session, purpose="ambassador", version=2)
        # No English v2 yet: an English reader sees the German text of the current version.
        assert text_for_reader(v2, "en").language == "de"  # type: ignore[union-attr]
        publish(session, "ambassador", "en", translation=True)
        v2 = consent_texts(session=session, purpose="ambassador", version=2)
        assert text_for_reader(v2, "fr").language == "en"  # type: ignore[union-attr]
        assert text_for_reader(v2, "de-AT").language == "de"  # type: ignore[union-attr]


def test_publishing_refuses_what_cannot_be_a_text(engine: Engine) -> None:
    with transaction(engine) as session:
        with pytest.raises(Invalid, match="unknown purpose"):
            publish(session, "marketing", "en")
        with pytest.raises(Conflict, match="no ambassador text yet"):
            publish(session, "ambassador", "en", translation=True)
        publish(session, "ambassador", "en")
        with pytest.raises(Conflict, match="already exists"):
            publish(session, "ambassador", "en", translation=True)
        with pytest.raises(Invalid, match="language tag"):
            publish(session, "recognition", "Deutsch")
    assert language_check("de_ch") == "de-CH"
    assert language_check("ZH-hant") == "zh-Hant"


def test_grants_name_the_current_version(engine: Engine) -> None:
    with transaction(engine) as session:
        employee = make_employee(session)
        with pytest.raises(Conflict, match="No ambassador consent text"):
            grant_on(session, employee, "ambassador", version=1)
        publish_all(session)
        publish(session, "ambassador", "en")
        with pytest.raises(Conflict, match="now version 2") as stale:
            grant_on(session, employee, "ambassador", version=1)
        assert stale.value.type_slug == "stale-consent-text"
        grant_on(session, employee, "ambassador", version=2)
        grant_on(session, employee, "ambassador", version=2)
        consent_withdraw(session=session, employee=employee, purpose="recognition", source="ui")
        actions = session.exec(select(ConsentEvent.action)).all()
        # Granting twice and withdrawing what was never granted record nothing.
        assert actions == ["grant"]


def test_a_new_text_makes_earlier_grants_need_renewal(engine: Engine) -> None:
    with transaction(engine) as session:
        publish_all(session)
        employee = make_employee(session)
        grant_on(session, employee, "share_attribution", version=1)
        before = session.get(ConsentStatus, (employee.subject_key, "share_attribution"))
        assert before is not None
        granted_at = before.changed_at
        assert attributable_employee(session=session, external_id=employee.external_id)
        new = publish(session, "share_attribution", "en")
        view = consent_views(session=session, subject_key=employee.subject_key)
        assert view["share_attribution"].granted is False
        assert view["share_attribution"].renewal_required is True
        assert view["share_attribution"].text_version == 1
        assert attributable_employee(session=session, external_id=employee.external_id) is None
        # The status that systems see changed, so the change feed must report it.
        after = session.get(ConsentStatus, (employee.subject_key, "share_attribution"))
        assert after is not None
        assert after.changed_at == new.published_at > granted_at
        grant_on(session, employee, "share_attribution", version=2)
        view = consent_views(session=session, subject_key=employee.subject_key)
        assert (view["share_attribution"].granted, view["share_attribution"].renewal_required) == (
            True,
            False,
        )


def test_withdrawal_stops_attribution_at_once(engine: Engine) -> None:
    with transaction(engine) as session:
        publish_all(session)
        employee = make_employee(session)
        grant_on(session, employee, "share_attribution", version=1)
        external_id = employee.external_id
    with transaction(engine) as session:
        assert attributable_employee(session=session, external_id=external_id) is not None
        consent_withdraw(
            session=session, employee=employee, purpose="share_attribution", source="ui"
        )
    with transaction(engine, write=False) as session:
        assert attributable_employee(session=session, external_id=external_id) is None


def test_changes_are_queued_for_webhooks_in_the_same_transaction(engine: Engine) -> None:
    with transaction(engine) as session:
        publish_all(session)
        listen_to_webhooks(session, "consent.updated", "employee.offboarded")
        employee = make_employee(session, is_leader=True)
        external_id = employee.external_id
        grant_on(session, employee, "recognition", version=1)
        consent_withdraw(session=session, employee=employee, purpose="recognition", source="ui")
        grant_on(session, employee, "ambassador", version=1)
        publish(session, "ambassador", "de")

    def grant_then_fail() -> None:
        with transaction(engine) as session:
            grant_on(session, employee, "recognition", version=1)
            raise RuntimeError("the change is rolled back, and its message with it")

    with pytest.raises(RuntimeError):
        grant_then_fail()
    with transaction(engine, write=False) as session:
        messages = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.created_at))).all()
    assert [m.payload["data"] for m in messages] == [
        {"external_id": external_id, "purpose": "recognition", "status": "granted"},
        {"external_id": external_id, "purpose": "recognition", "status": "not_granted"},
        {"external_id": external_id, "purpose": "ambassador", "status": "granted"},
        # v2 of the ambassador text ended the grant for systems.
        {"external_id": external_id, "purpose": "ambassador", "status": "not_granted"},
    ]
    with transaction(engine) as session:
        employee_offboard(session=session, external_id=external_id)
        messages = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.created_at))).all()
    # Offboarding withdrew the grant still on record; of the older events about the
    # person only each purpose's newest is still owed to the subscriber.
    assert [(m.event_type, m.payload["data"]) for m in messages if m.payload] == [
        (
            "consent.updated",
            {"external_id": external_id, "purpose": "recognition", "status": "not_granted"},
        ),
        (
            "consent.updated",
            {"external_id": external_id, "purpose": "ambassador", "status": "not_granted"},
        ),
        ("employee.offboarded", {"external_id": external_id}),
    ]
