"""The analytics API's answers: counts and shares of groups, never a person."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from app.analytics.figures import (
    Breakdown,
    ContentReport,
    Counts,
    RankedItem,
    Ratings,
    SummaryReport,
)

RATINGS_RULE = (
    "Answers to “Would you share this with friends?”: `count` is how many people answered; "
    "`worth_sharing` is the share of them who said yes (0–1), shown only once at least "
    "`k_anonymity` people answered and null before, so that a few answers never tell "
    "what one person said."
)
GROUPS_RULE = (
    "Shares by department. A department is named only when it has at least `k_anonymity` "
    "active members; the shares of smaller departments, of departments that no longer "
    "exist and of people not known to gladshare are summed as `other`. When that would "
    "be one small department alone, or fewer than `k_anonymity` people, the smallest "
    "named departments are merged into `other` as well. The same departments are named "
    "in every answer. Clicks and previews are never broken down by department."
)
RATE_RULE = (
    "Shares per 100 people taking part now (holding `ambassador`, not counting those who "
    "said they use no social networks); null while fewer than `k_anonymity` take part."
)


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AnalyticsCounts(_Public):
    shares: int
    clicks: int
    previews: int = Field(description="Fetches by link-preview bots: counted apart, not clicks.")


class AnalyticsRatings(_Public):
    count: int
    worth_sharing: float | None = Field(ge=0, le=1, description=RATINGS_RULE)


class DepartmentShares(_Public):
    department: str = Field(description="A department's name, or `other`.")
    shares: int


class NetworkDepartmentShares(_Public):
    network: str
    department: str = Field(description="A department's name, or `other`.")
    shares: int


class _Period(_Public):
    from_: date = Field(serialization_alias="from", description="First day (UTC), included.")
    to: date = Field(description="Last day (UTC), included.")


class _Breakdown(_Public):
    shares_by_network: dict[str, int]
    clicks_by_network: dict[str, int]
    previews_by_network: dict[str, int]
    departments: list[DepartmentShares] = Field(description=GROUPS_RULE)
    departments_by_network: list[NetworkDepartmentShares] = Field(
        description="Shares by network and department, grouped by the same rule."
    )
    k_anonymity: int = Field(description="The smallest group shown: GLADSHARE_K_ANONYMITY.")


def _breakdown(breakdown: Breakdown) -> dict[str, object]:
    return {
        "shares_by_network": breakdown.shares_by_network,
        "clicks_by_network": breakdown.clicks_by_network,
        "previews_by_network": breakdown.previews_by_network,
        "departments": [DepartmentShares.model_validate(d) for d in breakdown.departments],
        "departments_by_network": [
            NetworkDepartmentShares.model_validate(d) for d in breakdown.departments_by_network
        ],
    }


def _ratings(ratings: Ratings) -> AnalyticsRatings:
    return AnalyticsRatings(count=ratings.count, worth_sharing=ratings.worth_sharing)


class ContentAnalyticsPublic(_Period, _Breakdown):
    """One item in a period: its counts by network and department, and its ratings."""

    content_id: str
    shares: int
    clicks: int
    previews: int = Field(description="Fetches by link-preview bots: counted apart, not clicks.")
    ratings: AnalyticsRatings
    share_rate: float | None = Field(description=RATE_RULE)

    @classmethod
    def of(cls, report: ContentReport) -> Self:
        """The report as the API shows it."""
        return cls(
            content_id=report.content_id,
            from_=report.period.first,
            to=report.period.last,
            shares=report.totals.shares,
            clicks=report.totals.clicks,
            previews=report.totals.previews,
            ratings=_ratings(report.ratings),
            share_rate=report.share_rate,
            k_anonymity=report.k_anonymity,
            **_breakdown(report.breakdown),
        )


class AnalyticsDayCounts(AnalyticsCounts):
    day: date


class RankedItemPublic(_Public):
    content_id: str
    title: str
    status: str
    shares: int
    clicks: int
    previews: int
    ratings: AnalyticsRatings
    share_rate: float | None = Field(description=RATE_RULE)

    @classmethod
    def of(cls, item: RankedItem) -> Self:
        """The item as the API shows it."""
        return cls(
            content_id=item.content_id,
            title=item.title,
            status=item.status,
            **_counts(item.totals),
            ratings=_ratings(item.ratings),
            share_rate=item.share_rate,
        )


def _counts(counts: Counts) -> dict[str, int]:
    return {"shares": counts.shares, "clicks": counts.clicks, "previews": counts.previews}


class AnalyticsSummaryPublic(_Period, _Breakdown):
    """A period: totals, every day, networks and departments, and the items ranked."""

    totals: AnalyticsCounts
    days: list[AnalyticsDayCounts] = Field(description="Every day of the period, in order.")
    items: list[RankedItemPublic] = Field(
        description="The items shared, clicked or previewed in the period or published "
        "during it, best first: by share-worthiness (items with fewer than `k_anonymity` "
        "answers last), or by share rate when `order=share_rate`."
    )

    @classmethod
    def of(cls, report: SummaryReport) -> Self:
        """The report as the API shows it."""
        return cls(
            from_=report.period.first,
            to=report.period.last,
            totals=AnalyticsCounts(**_counts(report.totals)),
            days=[AnalyticsDayCounts.model_validate(day) for day in report.days],
            items=[RankedItemPublic.of(item) for item in report.items],
            k_anonymity=report.k_anonymity,
            **_breakdown(report.breakdown),
        )
