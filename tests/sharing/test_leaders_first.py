"""Leaders first: leaders see an item early, and "shared by leadership" counts only those
who hold recognition now."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from app.config import Settings
from app.consent.ledger import consent_withdraw
from app.errors import Conflict, NotFound
from app.models import Employee, utcnow
from app.sharing.feed import feed_card, feed_page, feed_reader
from app.sharing.leadership import leadership_of
from app.sharing.shares import Shareable, share_create, shareable_item
from tests.factories.consent import grant_on
from tests.factories.feed import make_item
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


def _leader(session: Session, name: str, *purposes: str) -> Employee:
    leader = make_employee(session, is_leader=True)
    leader.display_name = name
    grant_on(session, leader, "ambassador", *purposes)
    return leader


def _share(session: Session, settings: Settings, *, by: Employee, content_id: str) -> None:
    share_create(
        session=session,
        settings=settings,
        item=Shareable(content_id, "Titel", {}),
        network="linkedin",
        employee_external_id=by.external_id,
        source="ui",
    )


def test_leaders_see_an_item_from_leaders_from_and_everyone_from_publish_at(
    session: Session,
) -> None:
    now = utcnow()
    early = make_item(
        session, publish_at=now + timedelta(hours=3), leaders_from=now - timedelta(hours=1)
    )
    later = make_item(
        session, publish_at=now + timedelta(hours=3), leaders_from=now + timedelta(hours=1)
    )
    leader, colleague = _leader(session, "Lea"), make_employee(session)
    as_leader = feed_reader(session=session, employee=leader)
    as_colleague = feed_reader(session=session, employee=colleague)
    shown = [c.item.id for c in feed_page(session=session, reader=as_leader, cursor=None)[0]]
    assert early.id in shown
    assert later.id not in shown
    assert feed_card(session=session, reader=as_leader, content_id=early.id).early
    assert feed_page(session=session, reader=as_colleague, cursor=None)[0] == []
    with pytest.raises(NotFound):
        feed_card(session=session, reader=as_colleague, content_id=early.id)
    # Only the feed's own share (a signed-in leader) passes; the API's check never does.
    assert shareable_item(session=session, content_id=early.id, leader=True) == early
    with pytest.raises(Conflict):
        shareable_item(session=session, content_id=early.id)


def test_only_leaders_holding_recognition_are_counted_and_named(
    session: Session, settings: Settings
) -> None:
    item = make_item(session)
    named = [_leader(session, f"Leader {n}", "recognition") for n in range(5)]
    unnamed = _leader(session, "Ohne Namen")  # a leader without recognition
    colleague = make_employee(session)
    grant_on(session, colleague, "ambassador", "share_attribution")
    for person in [*named, unnamed, colleague, named[0]]:
        _share(session, settings, by=person, content_id=item.id)
    leadership = leadership_of(session=session, content_ids=[item.id])[item.id]
    assert (leadership.count, leadership.more) == (5, 2)
    assert leadership.names == ("Leader 0", "Leader 1", "Leader 2")


def test_a_withdrawal_of_recognition_takes_the_leader_off_every_item_at_once(
    session: Session, settings: Settings
) -> None:
    items = [make_item(session), make_item(session)]
    leader, other = _leader(session, "Lea", "recognition"), _leader(session, "Ole", "recognition")
    for item in items:
        _share(session, settings, by=leader, content_id=item.id)
    _share(session, settings, by=other, content_id=items[0].id)
    consent_withdraw(session=session, employee=leader, purpose="recognition", source="ui")
    leadership = leadership_of(session=session, content_ids=[i.id for i in items])
    assert items[1].id not in leadership
    assert (leadership[items[0].id].count, leadership[items[0].id].names) == (1, ("Ole",))
    reader = feed_reader(session=session, employee=make_employee(session))
    cards = feed_page(session=session, reader=reader, cursor=None)[0]
    shown = {c.item.id: c.leadership.names if c.leadership else () for c in cards}
    assert shown == {items[0].id: ("Ole",), items[1].id: ()}


def test_a_leader_who_no_longer_leads_is_not_counted(session: Session, settings: Settings) -> None:
    item = make_item(session)
    leader = _leader(session, "Lea", "recognition")
    _share(session, settings, by=leader, content_id=item.id)
    assert leadership_of(session=session, content_ids=[item.id])[item.id].count == 1
    leader.is_leader = False
    session.add(leader)
    session.flush()
    assert leadership_of(session=session, content_ids=[item.id]) == {}
