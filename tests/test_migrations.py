"""The schema changes only through Alembic, identically on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import SQLModel

from app.db import make_engine, transaction
from app.migrate import alembic_config, head_revisions, schema_revisions, upgrade_head
from app.models import CONSENT_ACTIONS, CONSENT_SOURCES

pytestmark = pytest.mark.db


def test_upgrade_creates_every_table_of_the_model(empty_database_url: str) -> None:
    upgrade_head(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert set(SQLModel.metadata.tables) <= tables
        with transaction(engine, write=False) as session:
            assert schema_revisions(session=session) == head_revisions(empty_database_url)
    finally:
        engine.dispose()


def test_models_and_migrations_agree(empty_database_url: str) -> None:
    upgrade_head(empty_database_url)
    # `alembic check` raises when autogenerate would write a new migration.
    command.check(alembic_config(empty_database_url))


def test_downgrade_to_base_removes_everything(empty_database_url: str) -> None:
    upgrade_head(empty_database_url)
    command.downgrade(alembic_config(empty_database_url), "base")
    engine = make_engine(empty_database_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    upgrade_head(empty_database_url)  # and back up again, cleanly


@pytest.mark.parametrize(
    "statement", ["UPDATE consent_event SET purpose = 'x'", "DELETE FROM consent_event"]
)
def test_consent_ledger_refuses_rewrites(database_url: str, statement: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO consent_event (subject_key, purpose, action, source, at) "
                    "VALUES ('k', 'ambassador', 'grant', 'ui', CURRENT_TIMESTAMP)"
                )
            )
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT purpose FROM consent_event")).scalars().all() == [
                "ambassador"
            ]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("column", "allowed"), [("action", CONSENT_ACTIONS), ("source", CONSENT_SOURCES)]
)
def test_the_ledger_stores_exactly_the_actions_and_sources_the_code_names(
    database_url: str, column: str, allowed: tuple[str, ...]
) -> None:
    insert = text(
        "INSERT INTO consent_event (subject_key, purpose, action, source, at) "
        "VALUES ('k', 'ambassador', :action, :source, CURRENT_TIMESTAMP)"
    )
    engine = make_engine(database_url)
    try:
        for value in allowed:
            with engine.begin() as conn:
                conn.execute(insert, {"action": "grant", "source": "ui", column: value})
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(insert, {"action": "grant", "source": "ui", column: "elsewhere"})
    finally:
        engine.dispose()
