"""What a report holds: counts of content, answers in aggregate, groups by name; no person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.analytics.periods import Period


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
    """Shares of one department group (a department's name, or "other")."""

    department: str
    shares: int


@dataclass(frozen=True)
class NetworkGroupShares:
    """Shares of one department group on one network."""

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
    """One item over a period."""

    content_id: str
    period: Period
    totals: Counts
    breakdown: Breakdown
    ratings: Ratings
    share_rate: float | None
    k_anonymity: int


@dataclass(frozen=True)
class DayCounts:
    """One day of a period."""

    day: date
    shares: int
    clicks: int
    previews: int


@dataclass(frozen=True)
class RankedItem:
    """An item in a period's ranking."""

    content_id: str
    title: str
    status: str
    totals: Counts
    ratings: Ratings
    share_rate: float | None


@dataclass(frozen=True)
class SummaryReport:
    """A period across every item."""

    period: Period
    totals: Counts
    days: list[DayCounts]
    breakdown: Breakdown
    items: list[RankedItem]
    k_anonymity: int
