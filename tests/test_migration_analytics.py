"""The roll-up migration fills analytics_day from the shares, clicks and previews already there."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import MetaData, Table, inspect
from sqlmodel import Session, SQLModel, select

from app.db import make_engine, transaction
from app.migrate import alembic_config, upgrade_head
from app.models import AnalyticsDay, ClickDay, ContentItem, Employee, ShareEvent, ShortLink

pytestmark = pytest.mark.db
BEFORE = "c4a7e91d2b60"  # the revision before the roll-up
LATE = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # late on Monday, UTC
TUESDAY = date(2026, 11, 24)


def _add(session: Session, row: SQLModel) -> None:
    """Insert a row with the columns its table had at BEFORE: later migrations add others."""
    model_table = getattr(type(row), "__table__")  # noqa: B009 - SQLModel's table, not typed
    present = {
        column["name"] for column in inspect(session.connection()).get_columns(model_table.name)
    }
    columns = [column._copy() for column in model_table.columns if column.name in present]
    table = Table(model_table.name, MetaData(), *columns)
    session.execute(table.insert().values({c.name: getattr(row, c.name) for c in columns}))


def test_the_roll_up_starts_with_every_share_click_and_preview(empty_database_url: str) -> None:
    config = alembic_config(empty_database_url)
    command.upgrade(config, BEFORE)
    engine = make_engine(empty_database_url)
    try:
        with transaction(engine) as session:
            item = ContentItem(kind="article", title="t", url="https://e.example/", language="en")
            _add(session, item)
            for n in range(6):
                _add(session, Employee(external_id=f"big-{n}", display_name="B", department="Big"))
            _add(session, Employee(external_id="small", display_name="S", department="Small"))
            shares = [("a", "linkedin", "Big"), ("b", "linkedin", "Small"), ("c", "xing", None)]
            for code, network, department in shares:
                _add(
                    session,
                    ShortLink(
                        code=f"code-{code}",
                        content_id=item.id,
                        network=network,
                        clicks=3,
                        previews=2 if code == "a" else 0,
                        created_at=LATE,
                    ),
                )
                _add(
                    session,
                    ShareEvent(
                        content_id=item.id,
                        network=network,
                        short_code=f"code-{code}",
                        department=department,
                        created_at=LATE,
                    ),
                )
                _add(session, ClickDay(code=f"code-{code}", day=TUESDAY, clicks=3))
        upgrade_head(empty_database_url)
        with transaction(engine, write=False) as session:
            rows = {
                (row.day, row.network, row.department): (row.shares, row.clicks, row.previews)
                for row in session.exec(select(AnalyticsDay)).all()
            }
        assert rows == {
            # A share counts on its UTC day, under a department of at least k people only.
            (LATE.date(), "linkedin", "Big"): (1, 0, 0),
            (LATE.date(), "linkedin", ""): (1, 0, 2),  # and previews on the link's day
            (LATE.date(), "xing", ""): (1, 0, 0),
            (TUESDAY, "linkedin", ""): (0, 6, 0),
            (TUESDAY, "xing", ""): (0, 3, 0),
        }
        command.downgrade(config, BEFORE)
        assert "analytics_day" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
