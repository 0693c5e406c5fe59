"""The studio's analytics as CSV: the same numbers the page shows, one section per part.

Titles are written as comms typed them, except that a leading =, +, - or @ gets an
apostrophe: a spreadsheet would otherwise run the cell as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from app.analytics.figures import RankedItem, SummaryReport

HEADER = (
    "section",
    "key",
    "label",
    "shares",
    "clicks",
    "previews",
    "answers",
    "worth_sharing",
    "share_rate",
)


def _cell(value: str) -> str:
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def analytics_csv(
    *,
    report: SummaryReport,
    share_rate: float | None,
    by_worth: Sequence[RankedItem],
    by_rate: Sequence[RankedItem],
) -> str:
    """The period's totals, days, networks and both rankings, as one CSV document."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    period = f"{report.period.first.isoformat()}/{report.period.last.isoformat()}"
    totals = report.totals
    writer.writerow(
        (
            "total",
            period,
            "",
            totals.shares,
            totals.clicks,
            totals.previews,
            "",
            "",
            _number(share_rate),
        )
    )
    for day in report.days:
        writer.writerow(("day", day.day.isoformat(), "", day.shares, day.clicks, day.previews))
    breakdown = report.breakdown
    networks = {**breakdown.shares_by_network, **breakdown.clicks_by_network}
    networks |= breakdown.previews_by_network
    for network in sorted(networks):
        writer.writerow(
            (
                "network",
                network,
                "",
                breakdown.shares_by_network.get(network, 0),
                breakdown.clicks_by_network.get(network, 0),
                breakdown.previews_by_network.get(network, 0),
            )
        )
    for section, items in (("rank_worth_sharing", by_worth), ("rank_share_rate", by_rate)):
        for item in items:
            writer.writerow(
                (
                    section,
                    item.content_id,
                    _cell(item.title),
                    item.totals.shares,
                    item.totals.clicks,
                    item.totals.previews,
                    item.ratings.count,
                    _number(item.ratings.worth_sharing),
                    _number(item.share_rate),
                )
            )
    return out.getvalue()
