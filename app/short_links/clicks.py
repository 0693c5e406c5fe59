"""Short links: where a code leads, and click counts that never describe the visitor."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection

from app.analytics.rollup import clicks_counted
from app.formats.hosts import host_ascii

T = TypeVar("T")
UTM_MEDIUM = "employee_share"
SECONDS_PER_DAY = 86_400
# The day slot of a pending preview (see ClickCounter.count): added to short_link.previews.
PREVIEW = -1
EPOCH = date(1970, 1, 1)
# Characters left as they are when percent-encoding a path or fragment.
URL_SAFE = "/:@!$&'()*+,;=%~-._"
# Rows a flush writes per statement: three parameters each stay far below SQLite's
# limit of 32 766 and PostgreSQL's of 65 535.
FLUSH_CHUNK = 2000
LOOKUP_SQL = (
    "SELECT c.url, s.network, c.id, c.deleted_at IS NOT NULL "
    "FROM short_link s JOIN content_item c ON c.id = s.content_id WHERE s.code = {param}"
)


@dataclass(frozen=True)
class LinkTarget:
    """Where a short link leads, or that its item was deleted."""

    location: str
    gone: bool


@lru_cache(maxsize=8192)
def with_utm(url: str, *, network: str, campaign: str) -> str:
    """The item's URL with our UTM parameters merged into its query; the fragment stays last."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in ("utm_source", "utm_medium", "utm_campaign")
    ]
    query += [("utm_source", network), ("utm_medium", UTM_MEDIUM), ("utm_campaign", campaign)]
    return urlunsplit(
        parts._replace(
            netloc=_ascii_host(parts.netloc),
            path=quote(parts.path, safe=URL_SAFE),
            query=urlencode(query),
            fragment=quote(parts.fragment, safe=URL_SAFE),
        )
    )


def _ascii_host(netloc: str) -> str:
    """Internationalised host names in their ASCII (IDNA) form: headers carry ASCII only."""
    try:
        return host_ascii(netloc)
    except ValueError:
        return quote(netloc, safe=URL_SAFE)


def link_target(row: tuple[str, str, str, object] | None) -> LinkTarget | None:
    """Interpret a LOOKUP_SQL row."""
    if row is None:
        return None
    url, network, content_id, deleted = row
    if deleted:
        return LinkTarget("", gone=True)
    return LinkTarget(with_utm(url, network=network, campaign=content_id), gone=False)


class ClickCounter:
    """Counts clicks in memory and adds them to the database in batches.

    The redirect only increments a counter; a background task flushes every
    fraction of a second and once more at shutdown, so a graceful stop loses
    nothing. Per-process counts are added with `clicks = clicks + n`, so any
    number of processes can share one database.
    """

    def __init__(self) -> None:
        self._pending: Counter[tuple[str, int]] = Counter()
        self._lock = threading.Lock()  # held only to add or to swap, never during I/O
        self._flushing = threading.Lock()

    def count(self, code: str, *, preview: bool = False) -> None:
        """One click on `code`, today (UTC); or one fetch by a link-preview bot."""
        # days since 1970-01-01, UTC; a preview is counted per link, never per day
        key = (code, PREVIEW if preview else int(time.time()) // SECONDS_PER_DAY)
        with self._lock:
            self._pending[key] += 1

    def pending(self) -> int:
        """Clicks and previews counted but not yet written."""
        with self._lock:
            return sum(self._pending.values())

    @contextmanager
    def taking(self) -> Iterator[Counter[tuple[str, int]]]:
        """The pending clicks, taken out to be written; put back when the block fails."""
        with self._flushing:
            with self._lock:
                batch, self._pending = self._pending, Counter()
            try:
                yield batch
            except BaseException:
                with self._lock:
                    self._pending.update(batch)  # kept for the next flush
                raise


def write_clicks(connection: Connection, batch: Counter[tuple[str, int]]) -> int:
    """Add a batch of per-day click counts to short_link and click_day, and the previews to
    short_link.previews, and both to the analytics roll-up; how many clicks were added.

    A few statements of many rows each, their values bound as one parameter list: the
    driver then runs each as one step with the interpreter released, so a flush of
    thousands of codes does not compete with the event loop serving /s/ (row by row,
    each row waited for the interpreter; a flush of 6 000 clicks took half a second
    under load). Rows are sorted so concurrent flushes from several processes lock in
    one order.
    """
    sqlite = connection.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    codes = sorted({code for code, _day in batch})
    # A code that is not (or no longer) in the table is dropped, not retried for ever.
    unknown: set[str] = set()
    for chunk in _chunks(codes):
        rows = ", ".join([f"({mark})"] * len(chunk))
        found = connection.exec_driver_sql(
            f"WITH v(code) AS (VALUES {rows}) SELECT code FROM v "
            "WHERE NOT EXISTS (SELECT 1 FROM short_link s WHERE s.code = v.code)",
            tuple(chunk),
        )
        unknown.update(row[0] for row in found)
    batch = Counter({key: n for key, n in batch.items() if key[0] not in unknown})
    previews = {code: n for (code, day), n in batch.items() if day == PREVIEW}
    batch = Counter({key: n for key, n in batch.items() if key[1] != PREVIEW})
    _add_per_code(connection, "previews", previews, mark=mark)
    # A preview is kept per link, never per day; the roll-up files it under the flush's day.
    today = EPOCH + timedelta(days=int(time.time()) // SECONDS_PER_DAY)
    clicks_counted(connection, [(c, today, n) for c, n in previews.items()], column="previews")
    if not batch:
        return 0
    per_code: Counter[str] = Counter()
    for (code, _day), n in batch.items():
        per_code[code] += n
    _add_per_code(connection, "clicks", per_code, mark=mark)
    # SQLite keeps a date as its ISO text, as SQLAlchemy's Date type writes it.
    days = {day: EPOCH + timedelta(days=day) for _code, day in batch}
    stored = {day: value.isoformat() if sqlite else value for day, value in days.items()}
    for counted in _chunks(sorted(batch.items())):
        rows = ", ".join([f"({mark}, {mark}, {mark})"] * len(counted))
        connection.exec_driver_sql(
            f"INSERT INTO click_day (code, day, clicks) VALUES {rows} "
            "ON CONFLICT (code, day) DO UPDATE SET clicks = click_day.clicks + excluded.clicks",
            tuple(value for (code, day), n in counted for value in (code, stored[day], n)),
        )
    clicks_counted(connection, [(code, days[day], n) for (code, day), n in batch.items()])
    return sum(batch.values())


def _add_per_code(
    connection: Connection, column: str, counts: Mapping[str, int], *, mark: str
) -> None:
    """`short_link.<column> += n` for each code's n, a few statements of many rows."""
    for added in _chunks(sorted(counts.items())):
        rows = ", ".join([f"({mark}, CAST({mark} AS INTEGER))"] * len(added))
        connection.exec_driver_sql(
            f"WITH v(code, n) AS (VALUES {rows}) "
            f"UPDATE short_link SET {column} = {column} + v.n FROM v "
            "WHERE short_link.code = v.code",
            tuple(value for pair in added for value in pair),
        )


def _chunks(rows: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(rows), FLUSH_CHUNK):
        yield rows[start : start + FLUSH_CHUNK]
