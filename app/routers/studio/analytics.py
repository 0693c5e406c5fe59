"""/studio/analytics: totals, per-day charts, rankings and a CSV of what is shown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.analytics.charts import DayChart, NetworkChart, day_chart, network_chart
from app.analytics.export import analytics_csv
from app.analytics.figures import RankedItem, SummaryReport
from app.analytics.quality import RANKED_MAX, ambassadors, share_rate
from app.analytics.reports import summary_report
from app.dependencies import DatabaseDep, RequireRole, SettingsDep, VisitorDep
from app.errors import Invalid
from app.web.i18n import N_, NETWORK_LABELS
from app.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
RANKED_SHOWN = 10
BAD_DAY = N_("Write a day as YYYY-MM-DD, for example 2026-03-31.")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Day = Annotated[str, Query(max_length=40)]


@dataclass(frozen=True)
class AnalyticsPage:
    """What studio/analytics.html shows, and what the CSV holds."""

    report: SummaryReport | None  # None when the period asked for is not one
    share_rate: float | None = None
    days: DayChart | None = None
    networks: NetworkChart | None = None
    by_worth: list[RankedItem] = field(default_factory=list)
    by_rate: list[RankedItem] = field(default_factory=list)
    typed: Mapping[str, str] = field(default_factory=dict)  # the period's form as typed
    errors: Mapping[str, str] = field(default_factory=dict)
    k: int = 5
    network_labels: Mapping[str, str] = field(default_factory=lambda: NETWORK_LABELS)


def _day(value: str, name: str, errors: dict[str, str]) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    errors[name] = BAD_DAY
    return None


def _analytics(*, session: Session, start: str, end: str, k: int) -> AnalyticsPage:
    """The period's summary with its charts and rankings, or the form's mistakes."""
    typed = {"from": start, "to": end}
    errors: dict[str, str] = {}
    first, last = _day(start, "from", errors), _day(end, "to", errors)
    if errors:
        return AnalyticsPage(None, typed=typed, errors=errors, k=k)
    try:
        report = summary_report(session=session, k=k, start=first, end=last, limit=RANKED_MAX)
    except Invalid as invalid:
        return AnalyticsPage(None, typed=typed, errors={"from": invalid.detail}, k=k)
    # Both rankings from one read: the share-rate order is the order of shares.
    by_rate = sorted(
        report.items,
        key=lambda i: (-i.totals.shares, i.ratings.worth_sharing is None, i.title, i.content_id),
    )
    return AnalyticsPage(
        report,
        share_rate=share_rate(report.totals.shares, ambassadors(session=session), k=k),
        days=day_chart([(d.day, d.shares, d.clicks) for d in report.days]),
        networks=network_chart(report.breakdown.clicks_by_network),
        by_worth=report.items[:RANKED_SHOWN],
        by_rate=by_rate[:RANKED_SHOWN],
        typed={"from": report.period.first.isoformat(), "to": report.period.last.isoformat()},
        k=k,
    )


@router.get("/studio/analytics", response_class=HTMLResponse)
async def studio_analytics_get(
    request: Request,
    visitor: VisitorDep,
    db: DatabaseDep,
    settings: SettingsDep,
    start: Annotated[str, Query(alias="from", max_length=40)] = "",
    to: Day = "",
) -> HTMLResponse:
    """A period's totals, charts of days and networks, and the items ranked; last 30 days."""
    page = await db.read(_analytics, start=start, end=to, k=settings.k_anonymity)
    return render(
        request,
        "studio/analytics.html",
        page,
        visitor=visitor,
        studio_section="analytics",
        status=422 if page.errors else 200,
    )


@router.get("/studio/analytics.csv", response_class=Response)
async def studio_analytics_csv_get(
    request: Request,
    visitor: VisitorDep,
    db: DatabaseDep,
    settings: SettingsDep,
    start: Annotated[str, Query(alias="from", max_length=40)] = "",
    to: Day = "",
) -> Response:
    """What the page shows for the same period, as CSV; a bad period gets the page's 422."""
    page = await db.read(_analytics, start=start, end=to, k=settings.k_anonymity)
    if page.report is None:
        return render(
            request,
            "studio/analytics.html",
            page,
            visitor=visitor,
            studio_section="analytics",
            status=422,
        )
    body = analytics_csv(
        report=page.report, share_rate=page.share_rate, by_worth=page.by_worth, by_rate=page.by_rate
    )
    period = f"{page.report.period.first.isoformat()}_{page.report.period.last.isoformat()}"
    disposition = f'attachment; filename="gladshare-analytics-{period}.csv"'
    return Response(
        body.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
