"""HR sync and offboarding, as services: upsert, read, and erase without a trace."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlmodel import col, select

from app.config import Settings
from app.consent.ledger import consent_withdraw_all
from app.db import transaction, wal_checkpoint
from app.errors import NotFound
from app.models import (
    AmbassadorProfile,
    AuditEvent,
    ConsentEvent,
    ConsentStatus,
    Employee,
    OutboxMessage,
    Rating,
    ShareEvent,
    WebhookDelivery,
    WebSession,
)
from app.people.employees import _insert, employee_get, employee_offboard, employee_upsert
from app.people.my_data import program_leave
from app.people.schemas import EmployeeUpsert
from app.people.web_sessions import session_lookup
from app.worker import worker_once
from tests.factories.people import (
    DISPLAY_NAME,
    find_anywhere,
    make_employee,
    make_participant,
    upsert_body,
)
from tests.factories.webhooks import make_endpoint
from tests.support.webhook_receiver import receiving

pytestmark = pytest.mark.db


def test_upsert_creates_then_updates_only_what_changed(engine: Engine) -> None:
    body = upsert_body()
    with transaction(engine) as session:
        data = EmployeeUpsert.model_validate(body)
        first, created = employee_upsert(session=session, external_id="E-1", data=data)
        stamp = first.updated_at
        again, created_again = employee_upsert(session=session, external_id="E-1", data=data)
        assert (created, created_again) == (True, False)
        assert again.updated_at == stamp
        moved = EmployeeUpsert.model_validate(body | {"department": "Einkauf"})
        changed, _ = employee_upsert(session=session, external_id="E-1", data=moved)
        assert changed.department == "Einkauf"
        assert changed.updated_at > changed.created_at
    with transaction(engine, write=False) as session:
        count = session.exec(select(func.count()).select_from(Employee)).one()
        assert count == 1
        assert employee_get(session=session, external_id="E-1").display_name == DISPLAY_NAME


def test_a_lost_insert_race_leaves_the_transaction_usable(engine: Engine) -> None:
    with transaction(engine) as session:
        make_employee(session, "E-race")
        data = EmployeeUpsert.model_validate(upsert_body())
        assert _insert(session=session, external_id="E-race", data=data) is None
        assert employee_get(session=session, external_id="E-race").external_id == "E-race"


def test_unknown_employees_are_not_found(engine: Engine) -> None:
    with transaction(engine) as session:
        with pytest.raises(NotFound):
            employee_get(session=session, external_id="nobody")
        with pytest.raises(NotFound):
            employee_offboard(session=session, external_id="nobody")


def test_withdraw_all_touches_only_granted_purposes(engine: Engine) -> None:
    with transaction(engine) as session:
        stranger = make_employee(session)
        assert consent_withdraw_all(session=session, employee=stranger, source="system") == []
        assert stranger.subject_key is None
        person = make_participant(session, make_employee(session))
        employee = employee_get(session=session, external_id=person.external_id)
        withdrawn = consent_withdraw_all(session=session, employee=employee, source="system")
        assert {event.purpose for event in withdrawn} == person.granted
        statuses = session.exec(
            select(ConsentStatus).where(ConsentStatus.subject_key == person.subject_key)
        ).all()
        assert not any(status.granted for status in statuses)


def test_offboarding_leaves_proof_and_counts_but_no_identity(engine: Engine) -> None:
    with transaction(engine) as session:
        person = make_participant(session, make_employee(session))
        events_before = session.exec(select(func.count()).select_from(ConsentEvent)).one()
    # As SQLite does by itself every 1000 pages: the person is in the database file too.
    wal_checkpoint(engine)
    assert find_anywhere(engine, person.needles())
    with transaction(engine) as session:
        employee_offboard(session=session, external_id=person.external_id, actor="api_key:k1")
    with transaction(engine, write=False) as session:
        with pytest.raises(NotFound):
            employee_get(session=session, external_id=person.external_id)
        assert session.get(AmbassadorProfile, person.employee_id) is None
        assert session_lookup(session=session, token=person.session_token) is None
        assert not session.exec(select(WebSession)).all()
        shares = session.exec(select(ShareEvent)).all()
        assert len(shares) == 2
        assert {share.employee_id for share in shares} == {None}
        # The answer stays for the aggregate, anonymous and without its reason.
        ratings = session.exec(select(Rating)).all()
        assert [(r.employee_id, r.worth_sharing, r.reason) for r in ratings] == [(None, True, None)]
        events = session.exec(select(ConsentEvent).order_by(col(ConsentEvent.id))).all()
        assert len(events) == events_before + len(person.granted)
        system = [e for e in events if e.source == "system"]
        assert {(e.purpose, e.action) for e in system} == {(p, "withdraw") for p in person.granted}
        assert {e.subject_key for e in events} == {person.subject_key}
        audit = session.exec(select(AuditEvent)).one()
        assert (audit.actor, audit.action) == ("api_key:k1", "employee.offboarded")
    assert find_anywhere(engine, person.needles()) == []


def test_an_offboarded_id_comes_back_as_a_new_person(engine: Engine) -> None:
    with transaction(engine) as session:
        person = make_participant(session, make_employee(session))
        employee_offboard(session=session, external_id=person.external_id)
    with transaction(engine) as session:
        data = EmployeeUpsert.model_validate(upsert_body())
        again, created = employee_upsert(session=session, external_id=person.external_id, data=data)
        assert created
        assert again.id != person.employee_id
        assert again.subject_key is None
        assert consent_withdraw_all(session=session, employee=again, source="system") == []


@pytest.mark.parametrize("erasure", ["offboarding", "leaving"])
def test_after_an_erasure_the_outbox_holds_only_what_subscribers_must_receive(
    engine: Engine, settings: Settings, erasure: str
) -> None:
    with receiving() as receiver:
        events = ("consent.updated", "employee.offboarded")
        make_endpoint(engine, receiver.url("/hr"), events)
        with transaction(engine) as session:
            person = make_participant(session, make_employee(session))
            # The first grant could not be delivered for three days: it failed for good.
            first = session.exec(select(WebhookDelivery).order_by(col(WebhookDelivery.id))).first()
            assert first is not None
            first.status = "failed"
        with transaction(engine) as session:
            if erasure == "offboarding":
                employee_offboard(session=session, external_id=person.external_id)
            else:
                employee = employee_get(session=session, external_id=person.external_id)
                program_leave(session=session, employee=employee)

        # Each purpose's status now, and that the person left; no older grant.
        owed: list[tuple[object, object, object]] = [
            ("consent.updated", purpose, "not_granted")
            for purpose in ("ambassador", "recognition", "share_attribution")
        ]
        if erasure == "offboarding":
            owed.append(("employee.offboarded", None, None))
        with transaction(engine, write=False) as session:
            kept = [m.payload for m in session.exec(select(OutboxMessage)) if m.payload]
            pending = session.exec(select(WebhookDelivery.status)).all()
        assert sorted(map(_what, kept), key=str) == owed
        assert pending == ["pending"] * len(owed)
        private = settings.model_copy(update={"webhook_allow_private": True})
        assert worker_once(private) == len(owed)
        assert len(receiver.to("/hr")) == len(owed)
    assert find_anywhere(engine, person.needles()) == []


def _what(payload: dict[str, object]) -> tuple[object, object, object]:
    data = payload["data"]
    assert isinstance(data, dict)
    return payload["type"], data.get("purpose"), data.get("status")
