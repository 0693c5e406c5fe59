"""The roll-up is kept as shares and clicks arrive, and never holds a group smaller than k."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from app.config import Settings
from app.db import Database, transaction
from app.models import AnalyticsDay, ClickDay, Employee, ShareEvent, ShortLink, utcnow
from app.sharing.shares import share_create, shareable
from app.short_links.clicks import EPOCH, ClickCounter, write_clicks
from app.short_links.redirect import flush_clicks
from tests.factories.analytics import make_department
from tests.factories.consent import grant_on, publish_all
from tests.factories.feed import make_item

pytestmark = pytest.mark.db


def rolled_up(engine: Engine) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(network, department) → (shares, clicks, previews), over every item and day."""
    with transaction(engine, write=False) as session:
        rows = session.exec(select(AnalyticsDay)).all()
    found: dict[tuple[str, str], tuple[int, int, int]] = {}
    for row in rows:
        shares, clicks, previews = found.get((row.network, row.department), (0, 0, 0))
        found[(row.network, row.department)] = (
            shares + row.shares,
            clicks + row.clicks,
            previews + row.previews,
        )
    return found


def share(session: Session, settings: Settings, item_id: str, external_id: str | None) -> str:
    created = share_create(
        session=session,
        settings=settings,
        item=shareable(session=session, content_id=item_id),
        network="linkedin",
        employee_external_id=external_id,
    )
    return created.event.short_code


def test_a_share_counts_under_its_department_only_when_k_people_are_in_it(
    engine: Engine, settings: Settings
) -> None:
    with transaction(engine) as session:
        publish_all(session)
        item = make_item(session).id
        five = make_department(session, "Vertrieb", 5)
        four = make_department(session, "Recht", 4)
        grant_on(session, session.get_one(Employee, five[0].id), "share_attribution")
        for person in (*five[:3], four[0]):
            share(session, settings, item, person.external_id)
        share(session, settings, item, None)  # nobody named
        share(session, settings, item, "hr-nobody-we-know")
    assert rolled_up(engine) == {
        # Attributed or not: the department of everyone we know, if it hides them.
        ("linkedin", "Vertrieb"): (3, 0, 0),
        ("linkedin", ""): (3, 0, 0),  # the department of four, nobody, somebody unknown
    }
    with transaction(engine, write=False) as session:
        # The share rows themselves name a department only with attribution, as before.
        named = session.exec(select(ShareEvent.department).where(ShareEvent.department != None))  # noqa: E711
        assert named.all() == ["Vertrieb"]


def test_an_inactive_member_does_not_make_a_department_large_enough(
    engine: Engine, settings: Settings
) -> None:
    with transaction(engine) as session:
        item = make_item(session).id
        people = make_department(session, "Einkauf", 5)
        session.get_one(Employee, people[4].id).active = False
        session.flush()
        share(session, settings, item, people[0].external_id)
    assert rolled_up(engine) == {("linkedin", ""): (1, 0, 0)}


def test_shares_queued_on_the_writer_go_in_with_their_batch_but_not_a_failed_one(
    engine: Engine, settings: Settings
) -> None:
    with transaction(engine) as session:
        item = make_item(session).id
        people = make_department(session, "Montage", 6)
    database = Database(engine)
    started, release = threading.Event(), threading.Event()

    def held(*, session: Session) -> None:
        started.set()
        release.wait(10)

    def write(*, session: Session, external_id: str, fail: bool) -> str:
        code = share(session, settings, item, external_id)
        if fail:
            raise ValueError("refused")
        return code

    async def main() -> list[object]:
        first = asyncio.ensure_future(database.write(held))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
        queued = [
            asyncio.ensure_future(
                database.write(write, external_id=people[n % 6].external_id, fail=n == 3)
            )
            for n in range(12)
        ]
        await asyncio.sleep(0.05)
        release.set()
        return await asyncio.gather(first, *queued, return_exceptions=True)

    try:
        outcomes = asyncio.run(main())
    finally:
        database.close()
    assert isinstance(outcomes[4], ValueError)
    assert rolled_up(engine) == {("linkedin", "Montage"): (11, 0, 0)}
    with transaction(engine, write=False) as session:
        assert session.exec(select(func.count()).select_from(ShareEvent)).one() == 11


def test_the_click_flush_adds_clicks_and_previews_to_the_roll_up(
    engine: Engine, settings: Settings
) -> None:
    with transaction(engine) as session:
        item = make_item(session).id
        people = make_department(session, "Labor", 5)
        codes = [share(session, settings, item, people[0].external_id) for _ in range(2)]
    counter = ClickCounter()
    for code in (codes[0], codes[0], codes[1]):
        counter.count(code)
    counter.count(codes[1], preview=True)
    counter.count("not-a-known-code", preview=True)
    assert flush_clicks(counter=counter, engine=engine) == 3
    # Clicks belong to a link, not to a person: never under a department.
    assert rolled_up(engine) == {("linkedin", "Labor"): (2, 0, 0), ("linkedin", ""): (0, 3, 1)}
    with transaction(engine, write=False) as session:
        days = session.exec(select(ClickDay.clicks)).all()
        (stored,) = session.exec(select(AnalyticsDay).where(AnalyticsDay.clicks > 0)).all()
    assert sum(days) == stored.clicks == 3
    assert stored.day == utcnow().date()


def test_clicks_land_on_their_own_day_and_add_up_over_flushes(engine: Engine) -> None:
    with transaction(engine) as session:
        item = make_item(session)
        session.add(ShortLink(code="code-roll-up-1", content_id=item.id, network="xing"))
        session.add(ShortLink(code="code-roll-up-2", content_id=item.id, network="xing"))
    monday = date(2026, 11, 23)
    tuesday = monday + timedelta(days=1)
    mon, tue = (monday - EPOCH).days, (tuesday - EPOCH).days
    for batch in (
        Counter({("code-roll-up-1", mon): 3, ("code-roll-up-2", mon): 2}),
        Counter({("code-roll-up-1", tue): 4}),
        Counter({("code-roll-up-2", tue): 1}),
    ):
        with transaction(engine) as session:
            write_clicks(session.connection(), batch)
    with transaction(engine, write=False) as session:
        days = {row.day: row.clicks for row in session.exec(select(AnalyticsDay)).all()}
    assert days == {monday: 5, tuesday: 5}
