"""What comms learns about content: counts from the roll-up, ratings in aggregate, never a person.

Every count comes from analytics_day (app/analytics/rollup.py), over a bounded period:
no report reads share, click or short-link rows. Department breakdowns go through
app/analytics/groups.py. Share-worthiness is shown only once at least k people have
answered; below that, the number of answers alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from app.analytics.figures import (
    Breakdown,
    ContentReport,
    Counts,
    DayCounts,
    GroupShares,
    NetworkGroupShares,
    Ratings,
    SummaryReport,
)
from app.analytics.groups import Groups, department_groups, shares_by_group
from app.analytics.periods import DEFAULT_SUMMARY_DAYS, MAX_PERIOD_DAYS, Period, period_of
from app.analytics.quality import (
    RANKED_DEFAULT,
    Order,
    ambassadors,
    ranked_items,
    ratings_of,
    share_rate,
)
from app.errors import NotFound
from app.models import AnalyticsDay, ContentItem, Employee, utcnow
from app.web.i18n import N_

NO_ITEM = N_("There is no content item with this id.")
_DAY = AnalyticsDay
_SUMS = (
    func.sum(col(_DAY.shares)).label("shares"),
    func.sum(col(_DAY.clicks)).label("clicks"),
    func.sum(col(_DAY.previews)).label("previews"),
)


def content_report(
    *,
    session: Session,
    content_id: str,
    k: int,
    start: date | None = None,
    end: date | None = None,
) -> ContentReport:
    """One item's shares, clicks and previews in a period, its ratings and its departments.

    The period defaults to the item's last MAX_PERIOD_DAYS days up to today.
    """
    item = session.get(ContentItem, content_id)
    if item is None or item.deleted_at is not None:
        raise NotFound(NO_ITEM)
    period = period_of(
        start=start,
        end=end,
        today=utcnow().date(),
        default_days=MAX_PERIOD_DAYS,
        not_before=item.created_at.date(),
    )
    rows = session.execute(_by_network_and_department(period, content_id=item.id)).all()
    groups = _groups(session=session, k=k)
    breakdown = _breakdown(rows, groups)
    totals = _total(rows)
    taking_part = ambassadors(session=session)
    ratings = ratings_of(session=session, content_ids=[item.id], k=k).get(item.id, Ratings(0, None))
    rate = share_rate(totals.shares, taking_part, k=k)
    return ContentReport(item.id, period, totals, breakdown, ratings, rate, k)


def summary_report(
    *,
    session: Session,
    k: int,
    start: date | None = None,
    end: date | None = None,
    order: Order = "worth_sharing",
    limit: int = RANKED_DEFAULT,
) -> SummaryReport:
    """A period's totals, its days, its networks and departments, and its items ranked.

    The items are those shared, clicked or previewed in the period and those published
    in it (and published still); ranked by share-worthiness (items below k answers
    last) or by share rate.
    """
    period = period_of(
        start=start, end=end, today=utcnow().date(), default_days=DEFAULT_SUMMARY_DAYS
    )
    per_day, per_group, per_item = summary_queries(period)
    counted = {row[0]: Counts(*(int(n) for n in row[1:])) for row in session.execute(per_day).all()}
    days = [DayCounts(day, *_fields(counted.get(day, Counts()))) for day in period.each_day()]
    rows = session.execute(per_group).all()
    breakdown = _breakdown(rows, _groups(session=session, k=k))
    item_counts = {
        row[0]: Counts(*(int(n) for n in row[1:])) for row in session.execute(per_item).all()
    }
    items = ranked_items(
        session=session, period=period, counts=item_counts, k=k, order=order, limit=limit
    )
    return SummaryReport(period, _total(rows), days, breakdown, items, k)


def summary_queries(
    period: Period,
) -> tuple[
    Select[date, int, int, int], Select[str, str, int, int, int], Select[str, int, int, int]
]:
    """The summary's reads of the roll-up: by day, by network and department, by item."""
    in_period = and_(col(_DAY.day) >= period.first, col(_DAY.day) <= period.last)
    per_day = sql_select(col(_DAY.day), *_SUMS).where(in_period).group_by(col(_DAY.day))
    per_group = (
        sql_select(col(_DAY.network), col(_DAY.department), *_SUMS)
        .where(in_period)
        .group_by(col(_DAY.network), col(_DAY.department))
    )
    per_item = (
        sql_select(col(_DAY.content_id), *_SUMS).where(in_period).group_by(col(_DAY.content_id))
    )
    return per_day, per_group, per_item


def _by_network_and_department(
    period: Period, *, content_id: str
) -> Select[str, str, int, int, int]:
    return (
        sql_select(col(_DAY.network), col(_DAY.department), *_SUMS)
        .where(
            col(_DAY.content_id) == content_id,
            col(_DAY.day) >= period.first,
            col(_DAY.day) <= period.last,
        )
        .group_by(col(_DAY.network), col(_DAY.department))
    )


def _fields(counts: Counts) -> tuple[int, int, int]:
    return counts.shares, counts.clicks, counts.previews


def _total(rows: Sequence[Any]) -> Counts:
    """The sum of (network, department, shares, clicks, previews) rows."""
    return Counts(*(sum(int(row[n]) for row in rows) for n in (2, 3, 4)))


def _breakdown(rows: Sequence[Any], groups: Groups) -> Breakdown:
    by_network: list[Counter[str]] = [Counter(), Counter(), Counter()]
    for network, _department, *counts in rows:
        for tally, n in zip(by_network, counts, strict=True):
            tally[network] += int(n)
    networks = sorted({row[0] for row in rows})
    per_network = [
        NetworkGroupShares(network, department, shares)
        for network in networks
        for department, shares in shares_by_group(
            ((row[1], int(row[2])) for row in rows if row[0] == network), groups
        )
    ]
    departments = shares_by_group(((row[1], int(row[2])) for row in rows), groups)
    shares, clicks, previews = (_positive(tally) for tally in by_network)
    return Breakdown(
        shares,
        clicks,
        previews,
        [GroupShares(department, n) for department, n in departments],
        per_network,
    )


def _positive(tally: Counter[str]) -> dict[str, int]:
    return {key: n for key, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0}


def _groups(*, session: Session, k: int) -> Groups:
    """The departments a breakdown may name, from each department's active members now."""
    department = col(Employee.department)
    headcount = session.exec(
        select(department, func.count())
        .where(department.is_not(None), col(Employee.active).is_(True))
        .group_by(department)
    ).all()
    return department_groups({d: int(n) for d, n in headcount if d is not None}, k=k)
