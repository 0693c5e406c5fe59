"""Reports read the roll-up only, show share-worthiness from k answers on, and rank the items."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, text
from sqlmodel import Session

from app.analytics.periods import Period
from app.analytics.reports import content_report, summary_queries, summary_report
from app.analytics.rollup import share_counted
from app.db import transaction
from app.errors import NotFound
from app.models import AnalyticsDay, Rating, utcnow
from tests.factories.analytics import make_department
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
K = 5
TODAY = utcnow().date()
RAW_TABLES = re.compile(r"\b(share_event|click_day|short_link)\b", re.IGNORECASE)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement the engine sends while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def shares(session: Session, content_id: str, day: date, count: int, *, network: str = "x") -> None:
    for _ in range(count):
        share_counted(
            session=session, content_id=content_id, network=network, department=None, day=day, k=K
        )


def answers(session: Session, content_id: str, yes: int, no: int) -> None:
    for worth in [True] * yes + [False] * no:
        session.add(Rating(content_id=content_id, worth_sharing=worth))
    session.flush()


def test_an_unknown_or_deleted_item_has_no_report(engine: Engine) -> None:
    with transaction(engine) as session:
        gone = make_item(session, deleted_at=utcnow()).id
    with transaction(engine, write=False) as session:
        for content_id in (gone, "01nothing0000000000000000x"):
            with pytest.raises(NotFound):
                content_report(session=session, content_id=content_id, k=K)


def test_the_content_period_starts_when_the_item_was_made(engine: Engine) -> None:
    with transaction(engine) as session:
        item = make_item(session, created_at=utcnow() - timedelta(days=400)).id
        shares(session, item, TODAY - timedelta(days=380), 1)  # more than a year ago
        shares(session, item, TODAY - timedelta(days=3), 2)
        recent = make_item(session).id
        shares(session, recent, TODAY, 1)
    with transaction(engine, write=False) as session:
        old = content_report(session=session, content_id=item, k=K)
        first = content_report(
            session=session,
            content_id=item,
            k=K,
            start=TODAY - timedelta(days=390),
            end=TODAY - timedelta(days=300),
        )
        new = content_report(session=session, content_id=recent, k=K)
    assert (old.period.days, old.totals.shares) == (366, 2)
    assert (first.period.days, first.totals.shares) == (91, 1)
    assert new.period == Period(TODAY, TODAY)


def test_the_summary_has_every_day_and_ranks_items_by_share_worthiness(engine: Engine) -> None:
    start = TODAY - timedelta(days=6)
    with transaction(engine) as session:
        loved, liked, unsure = (make_item(session, title=t).id for t in ("loved", "liked", "?"))
        quiet = make_item(session, title="published, unshared").id
        make_item(session, title="published long ago", publish_at=utcnow() - timedelta(days=60))
        gone = make_item(session, title="deleted", deleted_at=utcnow()).id
        answers(session, loved, yes=5, no=0)
        answers(session, liked, yes=4, no=2)
        answers(session, unsure, yes=4, no=0)  # below k: last, whatever it says
        shares(session, liked, start, 2)
        shares(session, liked, TODAY, 1, network="linkedin")
        shares(session, unsure, start + timedelta(days=2), 4)
        shares(session, gone, TODAY, 5)
        shares(session, loved, start - timedelta(days=1), 9)  # the day before the period
    with transaction(engine, write=False) as session:
        report = summary_report(session=session, k=K, start=start, end=TODAY)
        by_rate = summary_report(session=session, k=K, start=start, order="share_rate", limit=2)
    assert [day.day for day in report.days] == [start + timedelta(days=n) for n in range(7)]
    assert [day.shares for day in report.days] == [2, 0, 4, 0, 0, 0, 6]
    # A deleted item's shares still count; the item itself is not listed.
    assert report.totals.shares == sum(day.shares for day in report.days) == 12
    assert report.breakdown.shares_by_network == {"x": 11, "linkedin": 1}
    ranked = [(item.content_id, item.ratings.worth_sharing) for item in report.items]
    assert ranked == [(loved, 1.0), (liked, 0.667), (unsure, None), (quiet, None)]
    assert [item.content_id for item in by_rate.items] == [unsure, liked]


def test_no_report_reads_a_share_click_or_link_row(engine: Engine) -> None:
    with transaction(engine) as session:
        item = make_item(session).id
        make_department(session, "Werk", 6)
        shares(session, item, TODAY, 2)
    with statements(engine) as sent, transaction(engine, write=False) as session:
        content_report(session=session, content_id=item, k=K)
        summary_report(session=session, k=K)
    assert any("analytics_day" in statement for statement in sent)
    assert [statement for statement in sent if RAW_TABLES.search(statement)] == []


def test_the_summary_reads_the_roll_up_by_its_day_index(engine: Engine) -> None:
    """EXPLAIN on a year of roll-up rows: a month's summary is read from analytics_day alone."""
    with transaction(engine) as session:
        items = [make_item(session).id for _ in range(40)]
        rows = [
            {"content_id": content_id, "day": TODAY - timedelta(days=d), "network": "x",
             "department": "", "shares": 1, "clicks": 3, "previews": 0}
            for content_id in items
            for d in range(365)
        ]  # fmt: skip
        session.execute(insert(AnalyticsDay), rows)
        session.execute(text("ANALYZE analytics_day"))
    period = Period(TODAY - timedelta(days=29), TODAY)
    with transaction(engine, write=False) as session:
        connection = session.connection()
        for query in summary_queries(period):
            compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
            if engine.dialect.name == "postgresql":
                (plan,) = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}").one()
                document = json.dumps(plan)
                assert set(re.findall(r'"Relation Name": "(\w+)"', document)) == {"analytics_day"}
                assert "ix_analytics_day_day_content_id" in document, document
            else:
                plan = " ".join(
                    str(row[-1])
                    for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
                )
                # An index search bounded by the period's days, never a scan of the table.
                assert re.search(r"SEARCH analytics_day USING .*day>\? AND day<\?", plan), plan
                assert "SCAN analytics_day" not in plan, plan
            assert not RAW_TABLES.search(str(compiled))
