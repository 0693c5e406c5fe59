"""The demo's past: shares with their clicks per day, and ratings, drawn from a seeded source.

The same seed draws the same plan on every run, so seeding twice adds nothing new.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlmodel import Session

from app.analytics.rollup import clicks_counted, share_counted
from app.demo.content import ITEMS, DemoItem
from app.demo.organisation import NOT_WORTH_REASONS, PEOPLE, DemoPerson
from app.models import (
    ClickDay,
    ContentItem,
    Employee,
    LeaderShare,
    Rating,
    ShareEvent,
    ShortLink,
)
from app.short_links.codes import new_short_code

# About three shares a day over the three months of items, and most items answered
# by at least k people: enough for the analytics to look like a real month.
SHARE_COUNT = 300
RATING_COUNT = 240
# Items published in the last few days have had time for a few answers only.
FRESH_DAYS, FRESH_ANSWERS = 4, 3
LINK_CARDS = ("linkedin", "xing", "x", "mastodon", "bluesky", "threads", "whatsapp")
# The demo's k: the seed writes the roll-up as the live path does with the default.
DEMO_K_ANONYMITY = 5


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
    previews: int  # fetches by the network's link-preview bot, on the day of the share

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
                previews=self.previews,
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
                department=self.person.department if attributed else None,
                source="ui",
                created_at=self.at,
            )
        )
        if self.person.is_leader and self.person.holds("recognition"):
            # As share_create notes it: "shared by leadership" counts them once per item.
            if session.get(LeaderShare, (item.id, employee.id)) is None:
                session.add(
                    LeaderShare(content_id=item.id, employee_id=employee.id, created_at=self.at)
                )
        # The roll-up as the share and the click flush would have written it then.
        share_counted(
            session=session,
            content_id=item.id,
            network=self.network,
            department=employee.department,
            day=self.at.date(),
            k=DEMO_K_ANONYMITY,
        )
        days = {offset: self.at.date() + timedelta(days=offset) for offset in self.clicks_per_day}
        for offset, count in sorted(self.clicks_per_day.items()):
            session.add(ClickDay(code=code, day=days[offset], clicks=count))
        session.flush()
        connection = session.connection()
        clicks_counted(connection, [(code, days[o], n) for o, n in self.clicks_per_day.items()])
        if self.previews:
            clicks_counted(connection, [(code, self.at.date(), self.previews)], column="previews")
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


def _everyone_sees(item: DemoItem) -> bool:
    # A leaders-first item is seeded in its leaders' hours: nobody else has seen it yet.
    return item.status == "published" and not item.leaders_hours


def _plan_leaders_first(*, now: datetime) -> list[PlannedShare]:
    """The leaders holding recognition share each leaders-first item in their early hours."""
    plan = []
    for item in ITEMS:
        if item.leaders_hours:
            released, _ = leaders_window(now=now, hours=item.leaders_hours)
            early = released - timedelta(hours=item.leaders_hours - 1)
            for person in PEOPLE:
                if person.is_leader and person.holds("recognition") and person.share_networks:
                    plan.append(PlannedShare(item, person, person.share_networks[0], early, {}, 0))
    return plan


def _plan_circle(*, now: datetime) -> list[PlannedRating]:
    """Three of the preview circle answered for each draft sent to it: below k, not shown."""
    circle = [p for p in PEOPLE if p.profile and p.profile.show_drafts and p.holds("ambassador")]
    answers = (True, True, False)
    return [
        PlannedRating(item, person, worth, None, now - timedelta(hours=1))
        for item in ITEMS
        if item.circle
        for person, worth in zip(circle, answers, strict=False)
    ]


def leaders_window(*, now: datetime, hours: int) -> tuple[datetime, datetime]:
    """A leaders-first item's publish_at and leaders_from, `now` halfway between them."""
    half = timedelta(hours=hours / 2)
    return now + half, now - half


def _plan_shares(*, rng: random.Random, now: datetime) -> list[PlannedShare]:
    published = [item for item in ITEMS if _everyone_sees(item)]
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
        # The networks that draw a link card fetch the page once or twice as it is posted.
        previews = rng.choice((0, 1, 1, 2)) if network in LINK_CARDS else 0
        plan.append(PlannedShare(item, person, network, at, dict(per_day), previews))
    return plan


def _plan_ratings(*, rng: random.Random, now: datetime) -> list[PlannedRating]:
    published = [item for item in ITEMS if _everyone_sees(item)]
    raters = [person for person in PEOPLE if person.profile and person.holds("ambassador")]
    pairs = [(item, person) for item in published for person in raters]
    plan = []
    answered: Counter[str] = Counter()
    for item, person in rng.sample(pairs, RATING_COUNT):
        answered[item.url] += 1
        if item.days_ago <= FRESH_DAYS and answered[item.url] > FRESH_ANSWERS:
            continue  # a new item has few answers yet: below k, its score is not shown
        worth = rng.random() < item.appeal
        reason = None
        if not worth and rng.random() < 0.6:
            reason = rng.choice(NOT_WORTH_REASONS[person.locale])
        at = _soon_after_publishing(rng=rng, now=now, item=item)
        plan.append(PlannedRating(item, person, worth, reason, at))
    return plan


def activity_plan(*, rng: random.Random, now: datetime) -> list[PlannedShare | PlannedRating]:
    """Every share and rating of the demo's past, shares first, as `rng` draws them."""
    shares = [*_plan_shares(rng=rng, now=now), *_plan_leaders_first(now=now)]
    return [*shares, *_plan_ratings(rng=rng, now=now), *_plan_circle(now=now)]


def _soon_after_publishing(*, rng: random.Random, now: datetime, item: DemoItem) -> datetime:
    # Within ten days of publishing (and before today), in working hours or the evening.
    return day_at(now, item.days_ago) + timedelta(
        days=rng.uniform(0, min(item.days_ago - 1, 10)), hours=rng.uniform(0, 12)
    )


def day_at(now: datetime, days_ago: int) -> datetime:
    """Nine o'clock UTC, `days_ago` days before now: when comms usually publishes."""
    return (now - timedelta(days=days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
