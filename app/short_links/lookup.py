"""Finding a short link's target without the ORM or a thread hop, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from typing import Protocol

from psycopg_pool import AsyncConnectionPool
from sqlalchemy.engine import make_url

from app.db import SQLITE_BUSY_TIMEOUT_MS, normalise_url
from app.short_links.clicks import LOOKUP_SQL, LinkTarget, link_target


class LinkLookup(Protocol):
    async def find(self, code: str) -> LinkTarget | None: ...

    async def close(self) -> None: ...


class SqliteLinkLookup:
    """One read-only connection used from the event loop thread.

    A primary-key read from a WAL database in the page cache takes microseconds,
    less than handing it to a thread would cost, so it runs inline.
    """

    def __init__(self, database: str) -> None:
        self._database = database
        self._connection: sqlite3.Connection | None = None
        self._sql = LOOKUP_SQL.format(param="?")

    def _connect(self) -> sqlite3.Connection:
        # Opened on first use: the database file may not exist before migrations ran.
        connection = sqlite3.connect(
            f"file:{self._database}?mode=ro",
            uri=True,
            check_same_thread=False,
            isolation_level=None,
        )
        connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        self._connection = connection
        return connection

    async def find(self, code: str) -> LinkTarget | None:
        connection = self._connection or self._connect()
        return link_target(connection.execute(self._sql, (code,)).fetchone())

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


class PostgresLinkLookup:
    """An asyncio connection pool: the lookup awaits the network instead of blocking."""

    def __init__(self, url: str) -> None:
        parsed = make_url(normalise_url(url)).set(drivername="postgresql")
        self._pool = AsyncConnectionPool(
            parsed.render_as_string(hide_password=False), min_size=1, max_size=8, open=False
        )
        self._sql = LOOKUP_SQL.format(param="%s")

    async def open(self) -> None:
        await self._pool.open()

    async def find(self, code: str) -> LinkTarget | None:
        async with self._pool.connection() as conn:
            cursor = await conn.execute(self._sql, (code,), prepare=True)
            row = await cursor.fetchone()
        return link_target(row)

    async def close(self) -> None:
        await self._pool.close()


async def open_link_lookup(database_url: str) -> LinkLookup:
    """The lookup that fits the configured database."""
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite":
        return SqliteLinkLookup(url.database or "")
    lookup = PostgresLinkLookup(database_url)
    await lookup.open()
    return lookup
