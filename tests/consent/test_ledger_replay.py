"""The status cache is never the truth: for any history it equals a replay of the ledger."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from app.consent.ledger import consent_views, consent_withdraw
from app.consent.proof import consent_replay
from app.consent.texts import consent_text_publish
from app.db import writer
from app.errors import Conflict
from app.models import PURPOSES, ConsentStatus, Employee
from tests.factories.consent import grant_on
from tests.factories.people import make_employee

pytestmark = pytest.mark.db
PEOPLE = 3
KINDS = ("grant", "grant_stale", "withdraw", "publish", "translate")
operations = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, PEOPLE - 1), st.sampled_from(PURPOSES)),
    max_size=30,
)


class Model:
    """What the ledger should say, kept in plain Python: granted version per person and purpose."""

    def __init__(self) -> None:
        self.current: dict[str, int] = {}
        self.translated: set[tuple[str, int]] = set()
        self.granted: dict[tuple[int, str], int] = {}

    def expect(self, person: int, purpose: str) -> tuple[bool, bool]:
        """(granted, renewal_required) as the employee should see them."""
        version = self.granted.get((person, purpose))
        current = self.current.get(purpose)
        return version is not None and version == current, version not in (None, current)


def apply(session: Session, model: Model, people: list[Employee], op: tuple[str, int, str]) -> None:
    """Run one operation on the database and on the model; refusals must agree."""
    kind, person, purpose = op
    current = model.current.get(purpose)
    employee = people[person]
    if kind == "publish":
        consent_text_publish(session=session, purpose=purpose, language="en", title="t", body="b")
        model.current[purpose] = (current or 0) + 1
    elif kind == "translate":
        refused = current is None or (purpose, current) in model.translated
        with _refusal(refused):
            consent_text_publish(
                session=session,
                purpose=purpose,
                language="de",
                title="t",
                body="b",
                translation=True,
            )
        if not refused and current is not None:
            model.translated.add((purpose, current))
    elif kind == "withdraw":
        consent_withdraw(session=session, employee=employee, purpose=purpose, source="ui")
        model.granted.pop((person, purpose), None)
    else:
        version = (current or 1) - (kind == "grant_stale")
        with _refusal(current is None or version != current):
            grant_on(session, employee, purpose, version=version)
            model.granted[(person, purpose)] = version


class _refusal:
    """Expect a Conflict exactly when the model says the operation must be refused."""

    def __init__(self, expected: bool) -> None:
        self.expected = expected

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        assert (kind is Conflict) == self.expected, f"refused={kind}, expected={self.expected}"
        return kind is Conflict


def _cached(status: ConsentStatus | None) -> tuple[object, ...] | None:
    if status is None:
        return None
    return (status.granted, status.text_version, status.since, status.changed_at)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_the_status_cache_always_equals_a_replay_of_the_ledger(
    engine: Engine, ops: list[tuple[str, int, str]]
) -> None:
    # The ledger cannot be cleaned up (it refuses DELETE), so nothing is ever committed.
    with Session(writer(engine)) as session:
        try:
            # Leaders, so every purpose is theirs to grant (who may is test_ledger's concern).
            people = [make_employee(session, is_leader=True) for _ in range(PEOPLE)]
            model = Model()
            for op in ops:
                apply(session, model, people, op)
            for person, employee in enumerate(people):
                views = consent_views(session=session, subject_key=employee.subject_key)
                for purpose in PURPOSES:
                    key = employee.subject_key
                    cache = session.get(ConsentStatus, (key, purpose)) if key else None
                    replay = (
                        consent_replay(session=session, subject_key=key, purpose=purpose)
                        if key
                        else None
                    )
                    assert _cached(cache) == _cached(replay)
                    view = views[purpose]
                    assert (view.granted, view.renewal_required) == model.expect(person, purpose)
        finally:
            session.rollback()
