"""The demo's past: shares with their clicks per day, and ratings, drawn from a seeded source.

The same seed draws the same plan on every run, so seeding twice adds nothing new.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlmodel import Session

from app.demo.content import ITEMS, DemoItem
from app.demo.organisation import NOT_WORTH_REASONS, PEOPLE, DemoPerson
from app.models import ClickDay, ContentItem, Employee, Rating, ShareEvent, ShortLink
from app.short_links.codes import new_short_code

SHARE_COUNT = 60
RATING_COUNT = 80


@dataclass
class DemoSummary:
    """Rows this run created; all zero when the demo organisation was already there."""

    employees: int = 0
    consent_texts: int = 0
    consent_events: int = 0
    ambassador_profiles: int = 0
    topics: int = 0
    content_items: int = 0
    share_texts: int = 0
    shares: int = 0
    clicks: int = 0
    ratings: int = 0

    def __str__(self) -> str:
        parts = [f"{getattr(self, f.name)} {f.name.replace('_', ' ')}" for f in fields(self)]
        return ", ".join(parts) + " added"


@dataclass(frozen=True)
class PlannedShare:
    """A share someone made in the demo's past, and the clicks it got day by day."""

    item: DemoItem
    person: DemoPerson
    network: str
    at: datetime
    clicks_per_day: dict[int, int]  # days after the share -> clicks

    def add(
        self, *, session: Session, item: ContentItem, employee: Employee, summary: DemoSummary
    ) -> None:
        """Add the share with its short link and its clicks per day."""
        code = new_short_code()
        clicks = sum(self.clicks_per_day.values())
        session.add(
            ShortLink(
                code=code,
                content_id=item.id,
                network=self.network,
                clicks=clicks,
                created_at=self.at,
            )
        )
        session.flush()
        attributed = self.person.holds("share_attribution")
        session.add(
            ShareEvent(
                content_id=item.id,
                network=self.network,
                short_code=code,
                employee_id=employee.id if attributed else None,
                department=self.person.department,
                source="ui",
                created_at=self.at,
            )
        )
        for offset, count in sorted(self.clicks_per_day.items()):
            day = self.at.date() + timedelta(days=offset)
            session.add(ClickDay(code=code, day=day, clicks=count))
        summary.shares += 1
        summary.clicks += clicks


@dataclass(frozen=True)
class PlannedRating:
    """An answer someone gave to "Would you share this with friends?"."""

    item: DemoItem
    person: DemoPerson
    worth_sharing: bool
    reason: str | None
    at: datetime

    def add(
        self, *, session: Session, item: ContentItem, employee: Employee, summary: DemoSummary
    ) -> None:
        """Add the rating, as the person gave it then."""
        session.add(
            Rating(
                content_id=item.id,
                employee_id=employee.id,
                worth_sharing=self.worth_sharing,
                reason=self.reason,
                created_at=self.at,
                updated_at=self.at,
            )
        )
        summary.ratings += 1


def _plan_shares(*, rng: random.Random, now: datetime) -> list[PlannedShare]:
    published = [item for item in ITEMS if item.status == "published"]
    sharers = [person for person in PEOPLE if person.share_networks]
    plan = []
    for _ in range(SHARE_COUNT):
        item = rng.choices(published, weights=[item.appeal for item in published])[0]
        speakers = [p for p in sharers if p.profile and item.language in p.profile.languages]
        person = rng.choice(speakers or sharers)
        network = rng.choice(person.share_networks)
        at = _soon_after_publishing(rng=rng, now=now, item=item)
        days_open = min((now.date() - at.date()).days, 13)
        clicks = int(rng.expovariate(1 / (20 * item.appeal)))
        weights = [1 / (day + 1) ** 1.5 for day in range(days_open + 1)]
        per_day = Counter(rng.choices(range(days_open + 1), weights=weights, k=clicks))
        plan.append(PlannedShare(item, person, network, at, dict(per_day)))
    return plan


def _plan_ratings(*, rng: random.Random, now: datetime) -> list[PlannedRating]:
    published = [item for item in ITEMS if item.status == "published"]
    raters = [person for person in PEOPLE if person.profile and person.holds("ambassador")]
    pairs = [(item, person) for item in published for person in raters]
    plan = []
    for item, person in rng.sample(pairs, RATING_COUNT):
        worth = rng.random() < item.appeal
        reason = None
        if not worth and rng.random() < 0.6:
            reason = rng.choice(NOT_WORTH_REASONS[person.locale])
        at = _soon_after_publishing(rng=rng, now=now, item=item)
        plan.append(PlannedRating(item, person, worth, reason, at))
    return plan


def activity_plan(*, rng: random.Random, now: datetime) -> list[PlannedShare | PlannedRating]:
    """Every share and rating of the demo's past, shares first, as `rng` draws them."""
    return [*_plan_shares(rng=rng, now=now), *_plan_ratings(rng=rng, now=now)]


def _soon_after_publishing(*, rng: random.Random, now: datetime, item: DemoItem) -> datetime:
    # Within ten days of publishing (and before today), in working hours or the evening.
    return day_at(now, item.days_ago) + timedelta(
        days=rng.uniform(0, min(item.days_ago - 1, 10)), hours=rng.uniform(0, 12)
    )


def day_at(now: datetime, days_ago: int) -> datetime:
    """Nine o'clock UTC, `days_ago` days before now: when comms usually publishes."""
    return (now - timedelta(days=days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
