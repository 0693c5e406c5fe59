"""REST API v1: analytics, aggregates only; no answer names, counts or identifies a person."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BeforeValidator

from app.analytics.periods import DEFAULT_SUMMARY_DAYS, MAX_PERIOD_DAYS
from app.analytics.quality import RANKED_DEFAULT, RANKED_MAX, Order
from app.analytics.reports import content_report
from app.analytics.reports import summary_report as summary_of
from app.analytics.schemas import AnalyticsSummaryPublic, ContentAnalyticsPublic
from app.dependencies import DatabaseDep, SettingsDep
from app.web.api_auth import RequireScope
from app.web.openapi import problems

router = APIRouter(tags=["analytics"], dependencies=[Depends(RequireScope("analytics:read"))])
PERIOD = (
    f"Periods are whole UTC days, both ends included, at most {MAX_PERIOD_DAYS} days long; "
    "`from` after `to`, a longer period or a malformed date is answered 422."
)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: object) -> object:
    """A day written YYYY-MM-DD and nothing else: no timestamps, no times of day."""
    if isinstance(value, str) and not _DAY.fullmatch(value):
        raise ValueError("Write a day as YYYY-MM-DD.")
    return value


Day = Annotated[date, BeforeValidator(_day)]
From = Annotated[
    Day | None, Query(alias="from", description="First day (YYYY-MM-DD, UTC), included.")
]
To = Annotated[
    Day | None, Query(description="Last day (YYYY-MM-DD, UTC), included; today if left out.")
]

CONTENT = (
    "One item's shares, clicks and link previews, by network and by department, and its "
    "share-worthiness. Without `from`, the period starts when the item was made, at most "
    f"{MAX_PERIOD_DAYS} days before `to`. {PERIOD} Share-worthiness (`ratings.worth_sharing`) "
    "is null until at least `k_anonymity` people answered; `ratings.count` is always shown."
)
SUMMARY = (
    "A period's totals, a count for every day, counts by network, shares by department and "
    f"the items ranked by share-worthiness. Without `from`, the last {DEFAULT_SUMMARY_DAYS} "
    f"days up to `to`. {PERIOD} Share-worthiness is null for an item until at least "
    "`k_anonymity` people answered."
)


@router.get("/analytics/content/{content_id}", responses=problems(404), description=CONTENT)
async def analytics_content_get(
    content_id: str,
    db: DatabaseDep,
    settings: SettingsDep,
    start: From = None,
    to: To = None,
) -> ContentAnalyticsPublic:
    """One item's counts by network and department, and its share-worthiness."""
    report = await db.read(
        content_report, content_id=content_id, k=settings.k_anonymity, start=start, end=to
    )
    return ContentAnalyticsPublic.of(report)


@router.get("/analytics/summary", responses=problems(), description=SUMMARY)
async def analytics_summary_get(
    db: DatabaseDep,
    settings: SettingsDep,
    start: From = None,
    to: To = None,
    order: Annotated[Order, Query(description="How items are ranked.")] = "worth_sharing",
    limit: Annotated[int, Query(ge=1, le=RANKED_MAX, description="Items ranked.")] = RANKED_DEFAULT,
) -> AnalyticsSummaryPublic:
    """A period's totals and days, by network and department, and its items ranked."""
    report = await db.read(
        summary_of, k=settings.k_anonymity, start=start, end=to, order=order, limit=limit
    )
    return AnalyticsSummaryPublic.of(report)


routers = (router,)
