"""What comms learns about content: counts from the roll-up, ratings in aggregate, never a person.

Every count comes from analytics_day (app/analytics/rollup.py), over a bounded period:
no report reads share, click or short-link rows. Department breakdowns go through
app/analytics/groups.py. Share-worthiness is shown only once at least k people have
answered; below that, the number of answers alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select, and_, case, exists, func, or_
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from app.analytics.groups import Groups, department_groups, shares_by_group
from app.analytics.periods import DEFAULT_SUMMARY_DAYS, MAX_PERIOD_DAYS, Period, period_of
from app.consent.texts import current_text_version
from app.errors import NotFound
from app.models import (
    AmbassadorProfile,
    AnalyticsDay,
    ConsentStatus,
    ContentItem,
    Employee,
    Rating,
    utcnow,
)
from app.web.i18n import N_

Order = Literal["worth_sharing", "share_rate"]
ORDERS: tuple[Order, ...] = ("worth_sharing", "share_rate")
RANKED_DEFAULT, RANKED_MAX = 50, 200
TAKING_PART = "ambassador"
NO_ITEM = N_("There is no content item with this id.")
_DAY = AnalyticsDay
_SUMS = (
    func.sum(col(_DAY.shares)).label("shares"),
    func.sum(col(_DAY.clicks)).label("clicks"),
    func.sum(col(_DAY.previews)).label("previews"),
)


@dataclass(frozen=True)
class Counts:
    """Shares, clicks, and fetches by link-preview bots (not clicks)."""

    shares: int = 0
    clicks: int = 0
    previews: int = 0


@dataclass(frozen=True)
class Ratings:
    """Answers to "Would you share this with friends?": how many, and the share of yes."""

    count: int
    worth_sharing: float | None  # None until at least k people answered


@dataclass(frozen=True)
class GroupShares:
    department: str
    shares: int


@dataclass(frozen=True)
class NetworkGroupShares:
    network: str
    department: str
    shares: int


@dataclass(frozen=True)
class Breakdown:
    """A period's counts by network, and its shares by department group."""

    shares_by_network: dict[str, int]
    clicks_by_network: dict[str, int]
    previews_by_network: dict[str, int]
    departments: list[GroupShares]
    departments_by_network: list[NetworkGroupShares]


@dataclass(frozen=True)
class ContentReport:
    content_id: str
    period: Period
    totals: Counts
    breakdown: Breakdown
    ratings: Ratings
    share_rate: float | None
    k_anonymity: int


@dataclass(frozen=True)
class DayCounts:
    day: date
    shares: int
    clicks: int
    previews: int


@dataclass(frozen=True)
class RankedItem:
    content_id: str
    title: str
    status: str
    totals: Counts
    ratings: Ratings
    share_rate: float | None


@dataclass(frozen=True)
class SummaryReport:
    period: Period
    totals: Counts
    days: list[DayCounts]
    breakdown: Breakdown
    items: list[RankedItem]
    k_anonymity: int


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
    ambassadors = _ambassadors(session=session)
    ratings = _ratings(session=session, content_ids=[item.id], k=k).get(item.id, Ratings(0, None))
    rate = _share_rate(totals.shares, ambassadors, k=k)
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
    items = _ranked(
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


def _ambassadors(*, session: Session) -> int:
    """Active people taking part now, leaving out those who said they use no social networks."""
    current = current_text_version(session=session, purpose=TAKING_PART)
    if current is None:
        return 0
    no_networks = exists().where(
        col(AmbassadorProfile.employee_id) == col(Employee.id),
        col(AmbassadorProfile.no_social_networks).is_(True),
    )
    count = session.exec(
        select(func.count())
        .select_from(ConsentStatus)
        .join(Employee, col(Employee.subject_key) == col(ConsentStatus.subject_key))
        .where(
            col(ConsentStatus.purpose) == TAKING_PART,
            col(ConsentStatus.granted).is_(True),
            col(ConsentStatus.text_version) == current,
            col(Employee.active).is_(True),
            ~no_networks,
        )
    ).one()
    return int(count)


def _share_rate(shares: int, ambassadors: int, *, k: int) -> float | None:
    """Shares per 100 people taking part; None while fewer than k take part."""
    if ambassadors < k:
        return None
    return round(shares * 100 / ambassadors, 2)


def _ratings(*, session: Session, content_ids: Iterable[str], k: int) -> dict[str, Ratings]:
    """Each item's answers: their number, and the share of yes once k people answered."""
    ids = list(content_ids)
    found: dict[str, Ratings] = {}
    yes = func.sum(case((col(Rating.worth_sharing).is_(True), 1), else_=0))
    for start in range(0, len(ids), 500):
        rows = session.exec(
            select(col(Rating.content_id), func.count(), yes)
            .where(col(Rating.content_id).in_(ids[start : start + 500]))
            .group_by(col(Rating.content_id))
        ).all()
        for content_id, count, agreed in rows:
            share = round(int(agreed) / int(count), 3) if count >= k else None
            found[content_id] = Ratings(int(count), share)
    return found


def _ranked(
    *,
    session: Session,
    period: Period,
    counts: dict[str, Counts],
    k: int,
    order: Order,
    limit: int,
) -> list[RankedItem]:
    """The period's items, best first, at most `limit` of them."""
    published_at = func.coalesce(col(ContentItem.publish_at), col(ContentItem.created_at))
    published = and_(
        col(ContentItem.status) == "published",
        published_at >= period.starts(),
        published_at < period.ends(),
    )
    # The ids of the period's roll-up rows again, read in the database: no long IN list.
    in_period = and_(col(_DAY.day) >= period.first, col(_DAY.day) <= period.last)
    active = col(ContentItem.id).in_(select(col(_DAY.content_id)).where(in_period).distinct())
    items = session.exec(
        select(col(ContentItem.id), col(ContentItem.title), col(ContentItem.status)).where(
            col(ContentItem.deleted_at).is_(None), or_(published, active)
        )
    ).all()
    ratings = _ratings(session=session, content_ids=[row[0] for row in items], k=k)
    ambassadors = _ambassadors(session=session)
    ranked = [
        RankedItem(
            content_id,
            title,
            status,
            counts.get(content_id, Counts()),
            ratings.get(content_id, Ratings(0, None)),
            _share_rate(counts.get(content_id, Counts()).shares, ambassadors, k=k),
        )
        for content_id, title, status in items
    ]
    ranked.sort(key=_worth_first if order == "worth_sharing" else _rate_first)
    return ranked[:limit]


def _worth_first(item: RankedItem) -> tuple[Any, ...]:
    worth = item.ratings.worth_sharing
    return (worth is None, -(worth or 0.0), -item.ratings.count, -item.totals.shares, item.title)


def _rate_first(item: RankedItem) -> tuple[Any, ...]:
    return (-item.totals.shares, item.ratings.worth_sharing is None, item.title, item.content_id)
