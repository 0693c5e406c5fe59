"""The embedded SQLite database under concurrent writers, through the app's own sessions."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, text
from sqlmodel import Session, col, delete, select

from app.db import (
    Database,
    checkpoint_after_commit,
    insert_soon,
    make_engine,
    transaction,
    wal_checkpoint,
)
from app.migrate import upgrade_head
from app.models import AuditEvent, ContentItem, ShortLink, utcnow

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


def _audit(*, session: Session, target: str, fail: bool = False) -> str:
    session.add(AuditEvent(actor="test", action="group commit", target=target))
    session.flush()
    if fail:
        raise ValueError(f"refused {target}")
    return target


def _held(*, session: Session, started: threading.Event, release: threading.Event) -> str:
    # Keeps the writer busy, so the writes sent meanwhile queue up behind it.
    started.set()
    release.wait(timeout=10)
    return _audit(session=session, target="first")


def _queued_behind_a_held_write(
    database: Database, work: Callable[..., str], *, count: int, failing: int
) -> list[object]:
    """The outcomes of a held write and `count` writes of `work` queued behind it."""
    started, release = threading.Event(), threading.Event()

    async def main() -> list[object]:
        first = asyncio.ensure_future(database.write(_held, started=started, release=release))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
        queued = [
            asyncio.ensure_future(database.write(work, target=str(n), fail=n == failing))
            for n in range(count)
        ]
        await asyncio.sleep(0.05)  # all of them wait in the writer's queue now
        release.set()
        return await asyncio.gather(first, *queued, return_exceptions=True)

    return asyncio.run(main())


def test_writes_queued_together_commit_together_and_fail_alone(database_url: str) -> None:
    engine = make_engine(database_url)
    database = Database(engine)
    try:
        outcomes = _queued_behind_a_held_write(database, _audit, count=20, failing=7)
        assert outcomes[0] == "first"
        assert [o for o in outcomes[1:] if not isinstance(o, ValueError)] == [
            str(n) for n in range(20) if n != 7
        ]
        assert str(outcomes[8]) == "refused 7"  # the failing write's caller hears why
        with transaction(engine, write=False) as session:
            stored = session.exec(select(AuditEvent.target)).all()
        assert sorted(stored, key=str) == sorted(
            ["first", *(str(n) for n in range(20) if n != 7)], key=str
        )
    finally:
        database.close()
        engine.dispose()


def test_a_write_is_answered_only_once_it_is_committed(database_url: str) -> None:
    engine = make_engine(database_url)
    database = Database(engine)
    other = make_engine(database_url)  # another process's view of the database

    async def main() -> list[int]:
        seen = []
        for n in range(5):
            await database.write(_audit, target=str(n))
            with transaction(other, write=False) as session:
                seen.append(session.exec(select(func.count()).select_from(AuditEvent)).one())
        return seen

    try:
        assert asyncio.run(main()) == [1, 2, 3, 4, 5]
    finally:
        database.close()
        engine.dispose()
        other.dispose()


def _audit_soon(*, session: Session, target: str, fail: bool = False) -> str:
    row = {"actor": "test", "action": "soon", "target": target, "at": utcnow(), "detail": {}}
    insert_soon(session, AuditEvent, row)
    if fail:
        raise ValueError(f"refused {target}")
    return target


def test_rows_asked_for_soon_go_in_with_their_batch_but_not_for_a_write_that_failed(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    database = Database(engine)
    try:
        outcomes = _queued_behind_a_held_write(database, _audit_soon, count=10, failing=3)
        assert isinstance(outcomes[4], ValueError)
        with transaction(engine, write=False) as session:
            soon = session.exec(select(AuditEvent.target).where(AuditEvent.action == "soon"))
            assert sorted(soon.all(), key=str) == [str(n) for n in range(10) if n != 3]
    finally:
        database.close()
        engine.dispose()
