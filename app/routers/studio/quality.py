"""One item's quality loop: share-worthiness, reasons after k answers, shares, clicks."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.analytics.figures import ContentReport
from app.analytics.reasons import reasons_of
from app.analytics.reports import content_report
from app.dependencies import DatabaseDep, RequireRole, SettingsDep, VisitorDep
from app.models import ContentItem
from app.web.i18n import NETWORK_LABELS
from app.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])


@dataclass(frozen=True)
class NetworkRow:
    """One network's line of the table: shares, clicks, and link previews apart."""

    network: str
    shares: int
    clicks: int
    previews: int


@dataclass(frozen=True)
class QualityPage:
    """What studio/quality.html shows: counts and answers about the item, never about a person."""

    item: ContentItem
    report: ContentReport
    networks: list[NetworkRow]
    reasons: list[str] | None  # None until k people answered
    k: int
    network_labels: dict[str, str]


def _quality(*, session: Session, content_id: str, k: int) -> QualityPage:
    """The item's report over its whole life, its networks, and its reasons once allowed."""
    report = content_report(session=session, content_id=content_id, k=k)
    item = session.get_one(ContentItem, content_id)
    breakdown = report.breakdown
    names = {**breakdown.shares_by_network, **breakdown.clicks_by_network}
    names |= breakdown.previews_by_network
    networks = [
        NetworkRow(
            network,
            breakdown.shares_by_network.get(network, 0),
            breakdown.clicks_by_network.get(network, 0),
            breakdown.previews_by_network.get(network, 0),
        )
        for network in names
    ]
    networks.sort(key=lambda row: (-row.shares, -row.clicks, row.network))
    reasons = reasons_of(session=session, content_id=content_id, k=k)
    return QualityPage(item, report, networks, reasons, k, NETWORK_LABELS)


@router.get("/studio/content/{content_id:item}/quality", response_class=HTMLResponse)
async def studio_content_quality_get(
    request: Request, visitor: VisitorDep, db: DatabaseDep, settings: SettingsDep, content_id: str
) -> HTMLResponse:
    """How the item does: share of yes, reasons (from k answers on), shares and clicks."""
    page = await db.read(_quality, content_id=content_id, k=settings.k_anonymity)
    return render(request, "studio/quality.html", page, visitor=visitor, studio_section="content")
