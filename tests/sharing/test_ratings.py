"""Ratings: one changeable answer per person and item, only while taking part, kept private."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.consent.ledger import consent_withdraw
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.models import Rating
from app.sharing.ratings import rating_get, rating_reason, rating_set, ratings_of
from tests.factories.consent import consenting
from tests.factories.feed import make_item
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


def test_an_answer_can_be_changed_and_stays_one_row(session: Session) -> None:
    employee, item = consenting(session, "ambassador"), make_item(session)
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
    me, colleague = consenting(session, "ambassador"), consenting(session, "ambassador")
    item = make_item(session)
    rating_set(
        session=session, employee=colleague, content_id=item.id, worth_sharing=True, reason="Ja"
    )
    assert rating_get(session=session, employee=me, content_id=item.id) is None
    assert ratings_of(session=session, employee=me, content_ids=[item.id]) == {}
    rating_set(session=session, employee=me, content_id=item.id, worth_sharing=False, reason="")
    mine = ratings_of(session=session, employee=me, content_ids=[item.id])
    assert (mine[item.id].worth_sharing, mine[item.id].reason) == (False, None)


def test_only_published_items_can_be_rated(session: Session) -> None:
    employee = consenting(session, "ambassador")
    draft = make_item(session, status="draft")
    with pytest.raises(Conflict):
        rating_set(
            session=session, employee=employee, content_id=draft.id, worth_sharing=True, reason=None
        )
    with pytest.raises(NotFound):
        rating_set(
            session=session, employee=employee, content_id="nope", worth_sharing=True, reason=None
        )


def test_only_people_who_take_part_can_rate(session: Session) -> None:
    item, never = make_item(session), make_employee(session)
    withdrew = consenting(session, "ambassador")
    never.roles = ["hr", "admin"]  # a role is no yes
    rating_set(
        session=session, employee=withdrew, content_id=item.id, worth_sharing=True, reason=""
    )
    consent_withdraw(session=session, employee=withdrew, purpose="ambassador", source="ui")
    for employee in (never, withdrew):
        with pytest.raises(Forbidden, match="part of taking part") as refused:
            rating_set(
                session=session,
                employee=employee,
                content_id=item.id,
                worth_sharing=False,
                reason="nein",
            )
        assert refused.value.type_slug == "not-taking-part"
    rows = session.exec(select(Rating)).all()
    assert [(r.employee_id, r.worth_sharing, r.reason) for r in rows] == [(withdrew.id, True, None)]


def test_a_reason_is_one_line_of_at_most_200_characters() -> None:
    assert rating_reason("a\tb\r\nc\x00d") == "a b cd"
    assert rating_reason("   ") is None
    assert rating_reason("ä" * 200) == "ä" * 200
    with pytest.raises(Invalid):
        rating_reason("ä" * 201)
