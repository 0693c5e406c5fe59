"""The preview circle: who is in it, what members see and may do, and what comms learns."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.consent.ledger import consent_withdraw
from app.errors import Conflict
from app.models import Employee
from app.sharing.circle import circle_member, circle_send, circle_view
from app.sharing.feed import feed_drafts, feed_reader
from app.sharing.ratings import rating_set
from app.sharing.shares import shareable_item
from tests.factories.consent import consenting
from tests.factories.feed import make_item, make_profile
from tests.factories.people import make_employee

pytestmark = pytest.mark.db
K = 5


def _member(session: Session) -> Employee:
    employee = consenting(session, "ambassador")
    make_profile(session, employee.id, show_drafts=True)
    return employee


def _answer(session: Session, employee: Employee, content_id: str, yes: bool) -> None:
    rating_set(
        session=session, employee=employee, content_id=content_id, worth_sharing=yes, reason=None
    )


def test_the_circle_is_those_who_take_part_and_asked_for_drafts(session: Session) -> None:
    member = _member(session)
    unticked = consenting(session, "ambassador")
    make_profile(session, unticked.id)
    ticked_only = make_employee(session)  # asked for drafts, but does not take part
    make_profile(session, ticked_only.id, show_drafts=True)
    assert [
        circle_member(session=session, employee=e) for e in (member, unticked, ticked_only)
    ] == [
        True,
        False,
        False,
    ]
    consent_withdraw(session=session, employee=member, purpose="ambassador", source="ui")
    assert not circle_member(session=session, employee=member)


def test_members_see_only_sent_drafts_and_others_see_none(session: Session) -> None:
    sent, kept = make_item(session, status="draft"), make_item(session, status="draft")
    circle_send(session=session, content_id=sent.id, k=K)
    member, colleague = _member(session), consenting(session, "ambassador")
    drafts = feed_drafts(session=session, reader=feed_reader(session=session, employee=member))
    assert [(card.item.id, card.draft) for card in drafts] == [(sent.id, True)]
    assert (
        feed_drafts(session=session, reader=feed_reader(session=session, employee=colleague)) == []
    )
    assert kept.circle_at is None


def test_only_members_may_answer_for_a_draft_and_nobody_may_share_it(session: Session) -> None:
    draft = make_item(session, status="draft")
    circle_send(session=session, content_id=draft.id, k=K)
    _answer(session, _member(session), draft.id, True)
    with pytest.raises(Conflict):
        _answer(session, consenting(session, "ambassador"), draft.id, True)
    with pytest.raises(Conflict):
        shareable_item(session=session, content_id=draft.id, leader=True)


def test_answers_are_shown_from_k_on_and_the_size_only_roughly(session: Session) -> None:
    draft = make_item(session, status="draft")
    members = [_member(session) for _ in range(7)]
    view = circle_send(session=session, content_id=draft.id, k=K)
    assert (view.members, view.answers, view.shown) == (5, 0, False)
    for person, yes in zip(members[:4], (True, True, False, True), strict=True):
        _answer(session, person, draft.id, yes)
    view = circle_view(session=session, content_id=draft.id, k=K)
    assert (view.answers, view.yes, view.shown) == (4, None, False)
    _answer(session, members[4], draft.id, False)
    view = circle_view(session=session, content_id=draft.id, k=K)
    assert (view.answers, view.yes, view.yes_percent) == (5, 3, 60)


def test_a_small_circle_is_not_counted_and_a_published_item_is_not_sent(session: Session) -> None:
    draft, published = make_item(session, status="draft"), make_item(session)
    _member(session)
    assert circle_send(session=session, content_id=draft.id, k=K).members is None
    with pytest.raises(Conflict):
        circle_send(session=session, content_id=published.id, k=K)
    assert published.circle_at is None
