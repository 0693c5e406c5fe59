"""The test PostgreSQL server: throw-away databases, named per test process, dropped off the clock.

Under pytest-xdist every worker is a process of its own with its own template and copies;
the worker's id in each name keeps them apart (and says whose a database left behind is).
"""

from __future__ import annotations

import os
import queue
import secrets
import threading

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from app.db import normalise_url

# "gw0", "gw1", … under pytest-xdist; "main" in a run without workers.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


class PostgresServer:
    """Creates and drops throw-away databases on the test PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(normalise_url(url))
        self.admin: Engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self._doomed: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._dropper: threading.Thread | None = None
        self._failure: BaseException | None = None

    def create(self, *, template: str | None = None) -> str:
        """A new database (a copy of `template` if given); its URL."""
        name = f"gs_test_{WORKER}_{secrets.token_hex(6)}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop the database of `url` now, closing whatever is still connected to it."""
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_later(self, url: str) -> None:
        """Drop the database of `url` on a thread of this server's, while the next test runs."""
        # A DROP DATABASE waits for a checkpoint of the whole server (about half a second
        # after a test that wrote); no test needs to wait for another's database to go.
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_queued, daemon=True)
            self._dropper.start()
        self._doomed.put(url)

    def _drop_queued(self) -> None:
        while (url := self._doomed.get()) is not None:
            try:
                self.drop(url)
            except Exception as error:  # reported by close(), at the end of the run
                self._failure = self._failure or error

    def close(self) -> None:
        """Finish the queued drops, then let go of the server; a drop that failed fails here."""
        if self._dropper is not None:
            self._doomed.put(None)
            self._dropper.join()
            self._dropper = None
        self.admin.dispose()
        if self._failure is not None:
            raise RuntimeError("a test database could not be dropped") from self._failure
