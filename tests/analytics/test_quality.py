"""Share-worthiness from k answers on, and the share rate over the people taking part."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.analytics.figures import Ratings
from app.analytics.quality import ambassadors, ratings_of, share_rate
from app.analytics.reports import content_report
from app.analytics.rollup import share_counted
from app.db import transaction
from app.models import AmbassadorProfile, Employee, Rating, utcnow
from tests.factories.analytics import make_department
from tests.factories.consent import grant_on, publish_all
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
K = 5


def answers(session: Session, content_id: str, yes: int, no: int) -> None:
    for worth in [True] * yes + [False] * no:
        session.add(Rating(content_id=content_id, worth_sharing=worth))
    session.flush()


def test_share_worthiness_shows_from_k_answers_on(engine: Engine) -> None:
    with transaction(engine) as session:
        few, enough = make_item(session).id, make_item(session).id
        answers(session, few, yes=4, no=0)
        answers(session, enough, yes=4, no=1)
    with transaction(engine, write=False) as session:
        found = ratings_of(session=session, content_ids=[few, enough, "01unrated"], k=K)
    assert found == {few: Ratings(4, None), enough: Ratings(5, 0.8)}  # four yes say nothing yet


def test_the_share_rate_counts_people_taking_part_but_not_those_without_networks(
    engine: Engine,
) -> None:
    with transaction(engine) as session:
        publish_all(session)
        item = make_item(session).id
        for _ in range(3):
            share_counted(
                session=session,
                content_id=item,
                network="x",
                department=None,
                day=utcnow().date(),
                k=K,
            )
        people = [session.get_one(Employee, p.id) for p in make_department(session, "Werk", 6)]
        for person in people[:4]:
            grant_on(session, person, "ambassador")
        session.add(AmbassadorProfile(employee_id=people[0].id, no_social_networks=True))
    with transaction(engine, write=False) as session:
        assert ambassadors(session=session) == 3
        assert content_report(session=session, content_id=item, k=K).share_rate is None
    with transaction(engine) as session:
        for person in people[4:]:
            grant_on(session, person, "ambassador")  # five take part, one of six has no networks
    with transaction(engine, write=False) as session:
        assert ambassadors(session=session) == 5
        assert content_report(session=session, content_id=item, k=K).share_rate == 60.0
    assert share_rate(3, 5, k=K) == 60.0
    assert share_rate(3, 4, k=K) is None
