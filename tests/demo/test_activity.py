"""The demo's past fills the roll-up as live shares and clicks would: a month worth reading."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from app.analytics.groups import OTHER
from app.analytics.reports import summary_report
from app.db import transaction
from app.demo.seed import seed_demo
from app.models import AnalyticsDay, ClickDay, ShareEvent, ShortLink

pytestmark = pytest.mark.db


def test_the_roll_up_holds_every_share_click_and_preview_of_the_demo(engine: Engine) -> None:
    with transaction(engine) as session:
        seed_demo(session=session)
    with transaction(engine, write=False) as session:
        rolled = session.exec(
            select(
                func.sum(AnalyticsDay.shares),
                func.sum(AnalyticsDay.clicks),
                func.sum(AnalyticsDay.previews),
            )
        ).one()
        raw = (
            session.exec(select(func.count()).select_from(ShareEvent)).one(),
            session.exec(select(func.sum(ClickDay.clicks))).one(),
            session.exec(select(func.sum(ShortLink.previews))).one(),
        )
    assert tuple(rolled) == raw
    assert all(n > 0 for n in raw)


def test_the_last_month_of_the_demo_looks_like_a_real_one(engine: Engine) -> None:
    with transaction(engine) as session:
        seed_demo(session=session)
    with transaction(engine, write=False) as session:
        month = summary_report(session=session, k=5)
    busy_days = [day for day in month.days if day.shares > 0]
    assert month.totals.shares >= 60
    assert len(busy_days) >= 20
    assert month.totals.clicks > 10 * month.totals.shares > 0
    assert len(month.breakdown.shares_by_network) >= 4
    named = [group.department for group in month.breakdown.departments]
    assert len(named) >= 4
    assert OTHER not in named  # every demo department has at least five people
    scores = [item.ratings.worth_sharing for item in month.items]
    assert len([score for score in scores if score is not None]) >= 8
    assert None in scores  # a new item, answered by fewer than k people so far
