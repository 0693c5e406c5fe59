"""What each purpose's text promises beyond the ledger: whom it is for, what withdrawing undoes."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.config import Settings
from app.consent.ledger import consent_views, consent_withdraw
from app.db import transaction
from app.errors import Forbidden
from app.models import ConsentEvent, Employee, Rating, ShareEvent, ShortLink
from app.sharing.shares import share_create, shareable
from tests.factories.consent import consenting, grant_on, publish_all
from tests.factories.people import make_employee, make_participant

pytestmark = pytest.mark.db


def share_names(session: Session) -> dict[str, str | None]:
    """Every share's short code and the employee it names, if any."""
    return {s.short_code: s.employee_id for s in session.exec(select(ShareEvent)).all()}


def attributed_participant(session: Session, *, clicks: int = 3) -> tuple[Employee, str]:
    """A person who shared twice with share_attribution, their links clicked; and one item."""
    publish_all(session)
    employee = make_employee(session)
    person = make_participant(session, employee)
    for link in session.exec(select(ShortLink)).all():
        link.clicks = clicks
        session.add(link)
    session.flush()
    return employee, person.content_id


def test_withdrawing_attribution_takes_the_name_off_every_past_share(
    engine: Engine, settings: Settings
) -> None:
    with transaction(engine) as session:
        me, content_id = attributed_participant(session)
        colleague = consenting(session, "share_attribution")
        theirs = share_create(
            session=session,
            settings=settings,
            item=shareable(session=session, content_id=content_id),
            network="xing",
            employee_external_id=colleague.external_id,
        )
        assert list(share_names(session).values()).count(me.id) == 2
    with transaction(engine) as session:
        consent_withdraw(session=session, employee=me, purpose="share_attribution", source="ui")
    with transaction(engine, write=False) as session:
        names = share_names(session)
        # The shares and their clicks still count for the content; only the name is gone.
        assert len(names) == 3
        assert me.id not in names.values()
        assert names[theirs.event.short_code] == colleague.id
        assert sum(link.clicks for link in session.exec(select(ShortLink)).all()) == 2 * 3
        ratings = session.exec(select(Rating).where(Rating.employee_id == me.id)).all()
        assert len(ratings) == 1  # the rating belongs to taking part, not to attribution


def test_the_name_goes_only_with_the_withdrawal_that_commits(engine: Engine) -> None:
    with transaction(engine) as session:
        me, _ = attributed_participant(session)

    def withdraw_then_fail() -> None:
        with transaction(engine) as session:
            consent_withdraw(session=session, employee=me, purpose="share_attribution", source="ui")
            assert me.id not in share_names(session).values()
            raise RuntimeError("the withdrawal is rolled back, and the de-attribution with it")

    with pytest.raises(RuntimeError):
        withdraw_then_fail()
    with transaction(engine, write=False) as session:
        assert list(share_names(session).values()).count(me.id) == 2
        views = consent_views(session=session, subject_key=me.subject_key)
        assert views["share_attribution"].granted


def test_granting_again_attributes_only_new_shares(engine: Engine, settings: Settings) -> None:
    with transaction(engine) as session:
        me, content_id = attributed_participant(session)
        consent_withdraw(session=session, employee=me, purpose="share_attribution", source="ui")
        grant_on(session, me, "share_attribution")
        new = share_create(
            session=session,
            settings=settings,
            item=shareable(session=session, content_id=content_id),
            network="linkedin",
            employee_external_id=me.external_id,
        )
        assert new.attributed
        mine = session.exec(select(ShareEvent).where(ShareEvent.employee_id == me.id)).all()
        assert [share.id for share in mine] == [new.event.id]


def test_withdrawing_another_purpose_keeps_the_name_on_shares(engine: Engine) -> None:
    with transaction(engine) as session:
        me, _ = attributed_participant(session)
        consent_withdraw(session=session, employee=me, purpose="ambassador", source="ui")
        assert list(share_names(session).values()).count(me.id) == 2


def test_recognition_is_open_only_to_people_who_lead_a_team(engine: Engine) -> None:
    with transaction(engine) as session:
        publish_all(session)
        member, leader = make_employee(session), make_employee(session, is_leader=True)
        with pytest.raises(Forbidden, match="for people who lead a team") as refused:
            grant_on(session, member, "recognition")
        assert refused.value.type_slug == "purpose-not-offered"
        grant_on(session, member, "ambassador", "share_attribution")
        grant_on(session, leader, "recognition")
        purposes = session.exec(select(ConsentEvent.purpose).order_by(col(ConsentEvent.id))).all()
        assert purposes == ["ambassador", "share_attribution", "recognition"]
        # Someone who stops leading a team can still take their yes back.
        leader.is_leader = False
        session.add(leader)
        consent_withdraw(session=session, employee=leader, purpose="recognition", source="ui")
        assert not consent_views(session=session, subject_key=leader.subject_key)[
            "recognition"
        ].granted
