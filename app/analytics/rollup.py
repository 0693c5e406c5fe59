"""The daily roll-up (analytics_day), kept as shares and clicks arrive; reports read nothing else.

How a department enters it, without storing who shared:

- A share row names its employee only with `share_attribution`, and an unattributed
  share names nobody. The roll-up never names anyone either: it holds counts per
  item, network, UTC day and department, and nothing else.
- What a department's count reveals is that someone among its members shared. For a
  department of three, that is one of three people; for a department of one, it is
  that person. So a share is counted under its department only when the department
  has at least k active members at that moment (one statement reads at most k index
  entries); otherwise, and whenever the sharer is unknown, under NO_DEPARTMENT. The
  roll-up therefore never holds a group smaller than k, whatever happens later;
  reports check the group sizes again as they are now (app/analytics/groups.py).
- The department of every share whose person is known is counted, attributed or not.
  Counting only attributed shares would make a department's number the work of the
  few in it who hold share_attribution (one of forty, perhaps), under the name of all
  forty; counting everybody keeps each number about the whole group.
- A group's size is its membership, the org chart HR already publishes, not how many
  of them shared: the number who shared cannot be known without storing who shared,
  and a group shown or hidden by its activity would itself tell, between two answers,
  that its activity changed.
- Clicks and previews come from the public, through a link; they are counted per item,
  network and day under NO_DEPARTMENT, never per department: how far one group's
  posts reach is a measure of people, not of content.

The click flush writes on its own connection, past the Database's change tracking: a
cache of reports must expire by its age, not wait to be cleared by analytics_day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TypeVar

from sqlalchemy import Connection
from sqlmodel import Session

from app.db import note_changed, run_soon

T = TypeVar("T")
# Rows a click statement carries: three parameters each, far below either engine's limit.
CHUNK = 2000


# One share added to its item's day, under its department when that has >= k members;
# rendered once, past SQLAlchemy's compiler: this runs with every share.
_SHARE_SQL = (
    "INSERT INTO analytics_day (content_id, day, network, department, shares, clicks, previews) "
    "VALUES ({p}, {day}, {p}, CASE WHEN (SELECT COUNT(*) FROM (SELECT 1 FROM employee "
    "WHERE department = {p} AND active LIMIT {p}) AS members) >= {p} THEN {p} ELSE '' END, "
    "{p}, 0, 0) ON CONFLICT (content_id, day, network, department) "
    "DO UPDATE SET shares = analytics_day.shares + excluded.shares"
)
SHARE_SQL = {
    "sqlite": _SHARE_SQL.format(p="?", day="?"),
    "postgresql": _SHARE_SQL.format(p="%s", day="CAST(%s AS DATE)"),
}
Share = tuple[str, date, str, str | None, int]


def share_counted(
    *,
    session: Session,
    content_id: str,
    network: str,
    department: str | None,
    day: date,
    k: int,
) -> None:
    """Add one share to the roll-up, with its batch on the SQLite writer (see app/db.py)."""
    run_soon(session, _add_shares, (content_id, day, network, department, k))


def _add_shares(session: Session, shares: list[Share]) -> None:
    """The shares a write (or a batch of writes) made, added up per row of the roll-up."""
    connection = session.connection()
    sqlite_db = connection.dialect.name == "sqlite"
    counted = sorted(Counter(shares).items(), key=lambda share: _order(share[0]))
    # Parameters as SHARE_SQL places them: the department is asked twice, and k too.
    rows = [
        (
            content_id,
            day.isoformat() if sqlite_db else day,
            network,
            department,
            k,
            k,
            department,
            n,
        )
        for (content_id, day, network, department, k), n in counted
    ]
    connection.exec_driver_sql(SHARE_SQL[connection.dialect.name], rows)
    note_changed(session, "analytics_day")


def _order(share: Share) -> tuple[str, date, str, str]:
    # Rows in one order for every writer, so concurrent writes lock them alike.
    content_id, day, network, department, _k = share
    return content_id, day, network, department or ""


def clicks_counted(
    connection: Connection, clicks: Iterable[tuple[str, date, int]], *, column: str = "clicks"
) -> None:
    """Add (code, day, n) counts to their links' items and networks: clicks, or previews.

    Run by the click flush inside its own transaction, a statement per chunk of codes;
    rows are added in key order, so flushes of several processes lock them in one order.
    """
    if column not in ("clicks", "previews"):
        raise ValueError(column)
    sqlite_db = connection.dialect.name == "sqlite"
    # SQLite keeps a date as its ISO text, as SQLAlchemy's Date type writes it.
    row = "(?, ?, ?)" if sqlite_db else "(%s, CAST(%s AS DATE), CAST(%s AS INTEGER))"
    for chunk in _chunks(sorted(clicks)):
        values = ", ".join([row] * len(chunk))
        connection.exec_driver_sql(
            f"WITH v(code, day, n) AS (VALUES {values}) "
            "INSERT INTO analytics_day "
            "(content_id, day, network, department, shares, clicks, previews) "
            f"SELECT s.content_id, v.day, s.network, '', 0, "
            f"{'SUM(v.n)' if column == 'clicks' else '0'}, "
            f"{'SUM(v.n)' if column == 'previews' else '0'} "
            "FROM v JOIN short_link s ON s.code = v.code WHERE true "
            "GROUP BY s.content_id, v.day, s.network "
            "ORDER BY s.content_id, v.day, s.network "
            "ON CONFLICT (content_id, day, network, department) "
            f"DO UPDATE SET {column} = analytics_day.{column} + excluded.{column}",
            tuple(
                value
                for code, day, n in chunk
                for value in (code, day.isoformat() if sqlite_db else day, n)
            ),
        )


def _chunks(rows: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]
