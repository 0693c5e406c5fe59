"""The embedded SQLite database under concurrent writers, through the app's own sessions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from app.db import make_engine, transaction
from app.migrate import upgrade_head
from app.models import AuditEvent, ContentItem, ShortLink

pytestmark = pytest.mark.db
THREADS = 16
WRITES = 100


def test_sixteen_threads_write_without_database_is_locked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'concurrent.db'}"
    upgrade_head(url)
    engine = make_engine(url)
    with transaction(engine) as session:
        item = ContentItem(kind="article", title="t", url="https://example.com/", language="en")
        session.add(item)
        session.flush()
        session.add(ShortLink(code="abc", content_id=item.id, network="linkedin"))
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        for i in range(WRITES):
            try:
                with transaction(engine) as session:
                    session.add(AuditEvent(actor=f"thread-{n}", action="test", target=str(i)))
                    # Read, then write: without BEGIN IMMEDIATE this upgrade from a
                    # read lock to a write lock is what fails with "database is locked".
                    link = session.get(ShortLink, "abc")
                    assert link is not None
                    link.clicks += 1
                    session.add(link)
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        with transaction(engine, write=False) as session:
            assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 1600
            link = session.get(ShortLink, "abc")
            assert link is not None
            assert link.clicks == THREADS * WRITES  # no lost update either
    finally:
        engine.dispose()


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    finally:
        engine.dispose()


def test_a_failed_unit_of_work_leaves_nothing_behind(database_url: str) -> None:
    engine = make_engine(database_url)
    try:

        def failing_unit_of_work() -> None:
            with transaction(engine) as session:
                session.add(AuditEvent(actor="test", action="rolled back"))
                session.flush()
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            failing_unit_of_work()
        with transaction(engine, write=False) as session:
            assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 0
    finally:
        engine.dispose()
