"""Engine and sessions: the single transaction boundary for web, CLI and worker."""

from __future__ import annotations

import asyncio
import contextvars
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
M = TypeVar("M")
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Sessions that write on SQLite take the write lock at BEGIN: a deferred
# transaction that upgrades from read to write fails with "database is locked"
# instead of waiting, and BEGIN IMMEDIATE waits for busy_timeout instead.
WRITE_OPTIONS = {"sqlite_begin": "IMMEDIATE"}
# Set in a session's info by a service that erased someone; read by transaction().
CHECKPOINT_AFTER_COMMIT = "gladshare.wal_checkpoint"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine configured for SQLite (WAL, busy timeout, FKs) or PostgreSQL."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo)
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=10,
        pool_recycle=1800,
    )


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=8,
        max_overflow=24,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, so an erased name is not left
        # readable in free space of the database file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at once on SQLite."""
    if engine.dialect.name != "sqlite":
        return engine
    # Built once per engine: an option engine costs a copy of the engine's dispatch.
    writing: Engine | None = engine.__dict__.get("_gladshare_writer")
    if writing is None:
        writing = engine.__dict__["_gladshare_writer"] = engine.execution_options(**WRITE_OPTIONS)
    return writing


def checkpoint_after_commit(session: Session) -> None:
    """Empty SQLite's write-ahead log once this transaction has committed (after an erasure)."""
    # secure_delete zeroes the current pages, but the WAL keeps the older copies of
    # them, erased names included, until a checkpoint writes them back and truncates it.
    session.info[CHECKPOINT_AFTER_COMMIT] = True


def wal_checkpoint(engine: Engine) -> None:
    """Write SQLite's WAL back into the database and truncate it to zero bytes."""
    if engine.dialect.name != "sqlite":
        return
    # A raw connection: autocommit (see _on_connect), as a checkpoint cannot run inside
    # a transaction. TRUNCATE waits (busy_timeout) for readers of older snapshots.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.fetchall()
        cursor.close()
    finally:
        connection.close()


@contextmanager
def transaction(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error, always close."""
    bind = writer(engine) if write else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
    if session.info.pop(CHECKPOINT_AFTER_COMMIT, False):
        wal_checkpoint(engine)


# Set in a session's info by the listeners below and by insert_rows: the tables its
# transaction wrote, through the ORM or a statement run with session.exec/execute.
# Other statements sent on session.connection() directly (the click flush) are not
# seen: no cache holds clicks.
CHANGED_TABLES = "gladshare.changed_tables"


def insert_rows(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Plain INSERTs of complete rows, past the ORM's unit of work; caches still hear of them."""
    statement = _INSERTS.get(model)
    if statement is None:
        statement = _INSERTS[model] = model.__table__.insert()
    session.connection().execute(statement, rows)
    note_changed(session, model.__tablename__)


def note_changed(session: Session, table: str) -> None:
    """Tell the caches that this transaction writes `table` (for statements sent directly)."""
    session.info.setdefault(CHANGED_TABLES, set()).add(table)


_INSERTS: dict[type[Any], Any] = {}
# Set in a session's info by the SQLite writer while it runs a write of a batch: what
# that write asked run_soon for, by work, in the order asked.
BATCH_ROWS = "gladshare.batch_rows"
# The work of run_soon: it gets the session and every value asked for, in order.
Soon = Callable[[Session, list[Any]], None]


def insert_soon(session: Session, model: type[Any], row: dict[str, Any]) -> None:
    """Insert a complete row now, or with its batch on the SQLite writer.

    In a batch of the writer (see Database), the rows that the batch's writes ask for
    go in as one statement per table just before its commit, which also spares a
    write that touches nothing else its savepoint. Such a row is not seen by reads in
    the same batch: use it only for rows that no write reads back before committing.
    """
    inserting = _INSERTING.get(model)
    if inserting is None:
        inserting = _INSERTING[model] = partial(_insert_all, model)
    run_soon(session, inserting, row)


def _insert_all(model: type[Any], session: Session, rows: list[dict[str, Any]]) -> None:
    insert_rows(session, model, rows)


_INSERTING: dict[type[Any], Soon] = {}


def run_soon(session: Session, work: Soon, value: Any) -> None:
    """`work(session, [value])` now, or once with its batch on the SQLite writer.

    In a batch, `work` runs once just before the commit with the values every write of
    the batch asked it for (those of failed writes left out), after the work asked
    for before it: insert_soon's rows, or counts to add up (app/analytics/rollup.py).
    `work` must be the same object for every call that should share a run.
    """
    pending: dict[Soon, list[Any]] | None = session.info.get(BATCH_ROWS)
    if pending is None:
        work(session, [value])
    else:
        pending.setdefault(work, []).append(value)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context: Any) -> None:
    changed: set[str] = session.info.setdefault(CHANGED_TABLES, set())
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__tablename__", None)
        if isinstance(table, str):
            changed.add(table)


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None:
            state.session.info.setdefault(CHANGED_TABLES, set()).add(table.name)


# At most this many queued writes share one transaction on SQLite.
WRITE_BATCH = 64


@dataclass
class _Write:
    """A write waiting for the SQLite writer thread, and where its outcome goes."""

    work: Callable[..., Any]
    kwargs: dict[str, Any]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]
    context: contextvars.Context = field(default_factory=contextvars.copy_context)


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return  # its request went away; the write itself stands
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class Database:
    """Where a request does its database work: one worker-thread hop, one transaction.

    `read(work, **kwargs)` runs `work(session=…, **kwargs)` in a reading transaction on
    the thread pool, `write` in a writing one, committed before it returns. Services keep
    their keyword-only `session` parameter.

    On SQLite every write goes through one writer thread, so writers queue in order here
    instead of sleeping in SQLite's busy handler, which is what turns many concurrent
    writers into second-long waits. The writer commits the writes that queued up while
    it was busy together (group commit): each runs in a savepoint of its own inside one
    transaction, so one that fails is rolled back alone, and every caller hears of its
    write only after the commit that made it durable. Rows asked for with insert_soon
    go in together just before that commit.

    Caches registered with `clear_on` are cleared after every commit that wrote one of
    their tables, whichever service wrote it.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._caches: list[tuple[frozenset[str], _Clearable]] = []
        self._queue: queue.SimpleQueue[_Write | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        if engine.dialect.name == "sqlite":
            self._writer = threading.Thread(
                target=self._write_queued, name="gladshare-writer", daemon=True
            )
            self._writer.start()

    def clear_on(self, cache: _Clearable, *tables: str) -> None:
        """Clear `cache` whenever a transaction here commits a change to one of `tables`."""
        self._caches.append((frozenset(tables), cache))

    async def read(self, work: Callable[..., T], /, **kwargs: Any) -> T:
        """The result of `work` run in a reading transaction, off the event loop."""
        return await run_in_threadpool(self.run, work, write=False, **kwargs)

    async def write(self, work: Callable[..., T], /, **kwargs: Any) -> T:
        """The result of `work` run in a writing transaction, committed before it returns."""
        if self._writer is None:
            return await run_in_threadpool(self.run, work, write=True, **kwargs)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put(_Write(work, kwargs, loop, future))
        return await future

    def run(self, work: Callable[..., T], /, *, write: bool, **kwargs: Any) -> T:
        """`work` in a transaction of its own, on the calling thread."""
        with self.transaction(write=write) as session:
            return work(session=session, **kwargs)

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """A transaction on this database; the caches its changes outdate are cleared after it."""
        with transaction(self.engine, write=write) as session:
            yield session
        changed = session.info.pop(CHANGED_TABLES, None)
        if changed:
            for tables, cache in self._caches:
                if tables & changed:
                    cache.clear()

    def _write_queued(self) -> None:
        """The SQLite writer thread: the queued writes, in order, a batch per commit."""
        while (first := self._queue.get()) is not None:
            batch = [first]
            stop = False
            while len(batch) < WRITE_BATCH:
                try:
                    queued = self._queue.get_nowait()
                except queue.Empty:
                    break
                if queued is None:
                    stop = True
                    break
                batch.append(queued)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[_Write]) -> None:
        """Run `batch` in one transaction, each write in its own savepoint; then settle each."""
        outcomes: list[tuple[Any, BaseException | None]] = []
        rows: dict[Soon, list[Any]] = {}
        try:
            with self.transaction(write=True) as session:
                for write in batch:
                    asked: dict[Soon, list[Any]] = {}
                    session.info[BATCH_ROWS] = asked
                    # A savepoint costs nothing until the write touches the database;
                    # a write alone needs none, its transaction is its own.
                    savepoint = session.begin_nested() if len(batch) > 1 else None
                    try:
                        result = write.context.run(_call, write, session)
                    except Exception as error:  # that write's answer
                        if savepoint is None:
                            raise
                        savepoint.rollback()
                        outcomes.append((None, error))
                        continue
                    if savepoint is not None:
                        savepoint.commit()
                    outcomes.append((result, None))
                    for work, added in asked.items():
                        rows.setdefault(work, []).extend(added)
                del session.info[BATCH_ROWS]
                for work, added in rows.items():
                    work(session, added)
        except BaseException as error:  # nothing committed: every write fails
            outcomes = [(None, error)] * len(batch)
        for write, (result, failure) in zip(batch, outcomes, strict=True):
            try:
                write.loop.call_soon_threadsafe(_settle, write.future, result, failure)
            except RuntimeError:
                pass  # the event loop has closed; nobody is waiting any more

    def close(self) -> None:
        """Let the queued writes finish, then stop the writer thread."""
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = None


def _call(write: _Write, session: Session) -> Any:
    return write.work(session=session, **write.kwargs)


def detached(model: type[M], values: dict[str, Any]) -> M:
    """A fresh detached instance of a stored row from a snapshot of its columns.

    Cheaper than a query and than the model's validating constructor; a session it is
    added to treats it as the stored row, so changed attributes become an UPDATE.
    """
    instance: M = inspect(model).class_manager.new_instance()
    for name, value in values.items():
        set_committed_value(instance, name, value)
    make_transient_to_detached(instance)
    return instance


class _Clearable(Protocol):
    def clear(self) -> None: ...
