"""Ratings: one changeable answer per person and item, and nobody else's answer in sight."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.db import transaction
from app.errors import Conflict, Invalid, NotFound
from app.models import Rating
from app.sharing.ratings import rating_get, rating_reason, rating_set, ratings_of
from tests.factories.feed import make_item
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One transaction for the whole test."""
    with transaction(engine) as session:
        yield session


def test_an_answer_can_be_changed_and_stays_one_row(session: Session) -> None:
    employee, item = make_employee(session), make_item(session)
    first = rating_set(
        session=session, employee=employee, content_id=item.id, worth_sharing=True, reason=None
    )
    second = rating_set(
        session=session,
        employee=employee,
        content_id=item.id,
        worth_sharing=False,
        reason="  Zu viel\nWerbung  ",
    )
    assert second.id == first.id
    assert (second.worth_sharing, second.reason) == (False, "Zu viel Werbung")
    assert second.updated_at >= second.created_at
    rows = session.exec(select(Rating).where(Rating.content_id == item.id)).all()
    assert len(rows) == 1


def test_each_person_sees_only_their_own_answer(session: Session) -> None:
    me, colleague, item = make_employee(session), make_employee(session), make_item(session)
    rating_set(
        session=session, employee=colleague, content_id=item.id, worth_sharing=True, reason="Ja"
    )
    assert rating_get(session=session, employee=me, content_id=item.id) is None
    assert ratings_of(session=session, employee=me, content_ids=[item.id]) == {}
    rating_set(session=session, employee=me, content_id=item.id, worth_sharing=False, reason="")
    mine = ratings_of(session=session, employee=me, content_ids=[item.id])
    assert (mine[item.id].worth_sharing, mine[item.id].reason) == (False, None)


def test_only_published_items_can_be_rated(session: Session) -> None:
    employee = make_employee(session)
    draft = make_item(session, status="draft")
    with pytest.raises(Conflict):
        rating_set(
            session=session, employee=employee, content_id=draft.id, worth_sharing=True, reason=None
        )
    with pytest.raises(NotFound):
        rating_set(
            session=session, employee=employee, content_id="nope", worth_sharing=True, reason=None
        )


def test_a_reason_is_one_line_of_at_most_200_characters() -> None:
    assert rating_reason("a\tb\r\nc\x00d") == "a b cd"
    assert rating_reason("   ") is None
    assert rating_reason("ä" * 200) == "ä" * 200
    with pytest.raises(Invalid):
        rating_reason("ä" * 201)
