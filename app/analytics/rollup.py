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

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TypeVar

from sqlalchemy import Connection, Date, Integer, String, bindparam, case, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.expression import Insert
from sqlmodel import Session

from app.db import execute_soon
from app.models import NO_DEPARTMENT, AnalyticsDay, Employee

T = TypeVar("T")
_DAY = AnalyticsDay.__table__  # type: ignore[attr-defined]
_EMPLOYEE = Employee.__table__  # type: ignore[attr-defined]
KEY = ("content_id", "day", "network", "department")
# Rows a click statement carries: three parameters each, far below either engine's limit.
CHUNK = 2000


def _share_statement(dialect: str) -> Insert:
    """One share added to its item's day, under its department if that has >= k members."""
    k = bindparam("p_k", type_=Integer)
    asked = bindparam("p_department", type_=String)
    members = (
        select(literal(1))
        .select_from(_EMPLOYEE)
        .where(_EMPLOYEE.c.department == asked, _EMPLOYEE.c.active.is_(True))
        .limit(k)
        .subquery()
    )
    large = select(func.count()).select_from(members).scalar_subquery() >= k
    insert = postgresql.insert(_DAY) if dialect == "postgresql" else sqlite.insert(_DAY)
    statement = insert.values(
        content_id=bindparam("p_content", type_=String),
        day=bindparam("p_day", type_=Date),
        network=bindparam("p_network", type_=String),
        department=case((large, asked), else_=literal(NO_DEPARTMENT)),
        shares=1,
        clicks=0,
        previews=0,
    )
    return statement.on_conflict_do_update(
        index_elements=list(KEY), set_={"shares": _DAY.c.shares + statement.excluded.shares}
    )


_SHARE = {dialect: _share_statement(dialect) for dialect in ("sqlite", "postgresql")}


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
    statement = _SHARE[session.get_bind().dialect.name]
    params = {
        "p_content": content_id,
        "p_day": day,
        "p_network": network,
        "p_department": department,
        "p_k": k,
    }
    execute_soon(session, statement, params)


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
