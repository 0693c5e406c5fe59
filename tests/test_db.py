"""The embedded SQLite database under concurrent writers, through the app's own sessions."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, text
from sqlmodel import col, delete, select

from app.db import checkpoint_after_commit, make_engine, transaction, wal_checkpoint
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


def test_erased_rows_leave_no_bytes_in_the_database_file_or_its_log(tmp_path: Path) -> None:
    path = tmp_path / "erased.db"
    upgrade_head(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    # Emulate a SQLite built without SECURE_DELETE (Debian's has it on): the setting
    # must come from gladshare, not from how the library happened to be compiled.
    event.listen(engine, "connect", _insecure_default, insert=True)
    secret = "Jürgen Groß, Veloclub Winterthur".encode()
    try:
        with transaction(engine) as session:
            session.add_all(AuditEvent(actor=f"a{n}", action="kept") for n in range(20))
            session.add(AuditEvent(actor="test", action="erased", target=secret.decode()))
        wal_checkpoint(engine)  # as SQLite does by itself every 1000 pages
        assert secret in path.read_bytes()
        with transaction(engine) as session:
            session.exec(delete(AuditEvent).where(col(AuditEvent.action) == "erased"))
            checkpoint_after_commit(session)
        wal = path.with_name(path.name + "-wal")
        assert (secret in path.read_bytes(), wal.stat().st_size) == (False, 0)
        with transaction(engine, write=False) as session:
            assert session.exec(select(func.count()).select_from(AuditEvent)).one() == 20
    finally:
        engine.dispose()


def _insecure_default(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.execute("PRAGMA secure_delete=OFF")
