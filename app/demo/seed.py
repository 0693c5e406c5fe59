"""The demo organisation: seeded once, and running the seed again adds nothing."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.consent.ledger import consent_record
from app.demo.content import ITEMS, DemoItem
from app.demo.organisation import (
    CONSENT_TEXTS,
    DEMO_PEOPLE,
    DEMO_SEED,
    EMAIL_DOMAIN,
    NOT_WORTH_REASONS,
    PEOPLE,
    PROFILES,
    DemoPerson,
)
from app.models import (
    AmbassadorProfile,
    ClickDay,
    ConsentText,
    ContentItem,
    Employee,
    Rating,
    ShareEvent,
    ShareText,
    ShortLink,
    utcnow,
)
from app.short_links.codes import new_short_code

__all__ = ["DEMO_PEOPLE", "DemoSummary", "seed_demo"]

SHARE_NETWORKS = ("linkedin", "xing", "x", "mastodon", "bluesky", "threads")
SHARE_COUNT = 60
RATING_COUNT = 80
# gladshare went live at the demo company before the oldest item was published.
LAUNCHED_DAYS_AGO = 130
# Letters that Unicode does not decompose into ASCII, spelled as German addresses do.
_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "oe", "\u0131": "i", "'": None}
)


@dataclass
class DemoSummary:
    """Rows this run created; all zero when the demo organisation was already there."""

    employees: int = 0
    consent_texts: int = 0
    consent_events: int = 0
    ambassador_profiles: int = 0
    content_items: int = 0
    share_texts: int = 0
    shares: int = 0
    clicks: int = 0
    ratings: int = 0

    def __str__(self) -> str:
        parts = [f"{getattr(self, f.name)} {f.name.replace('_', ' ')}" for f in fields(self)]
        return ", ".join(parts) + " added"


@dataclass(frozen=True)
class _PlannedShare:
    item: DemoItem
    person: DemoPerson
    network: str
    at: datetime
    clicks_per_day: dict[int, int]  # days after the share -> clicks


@dataclass(frozen=True)
class _PlannedRating:
    item: DemoItem
    person: DemoPerson
    worth_sharing: bool
    reason: str | None
    at: datetime


def seed_demo(*, session: Session, base_url: str = "http://127.0.0.1:8000") -> DemoSummary:
    """Seed the Lindenhof Werke demo organisation, adding only what is not there yet."""
    rng = random.Random(DEMO_SEED)
    now = utcnow()
    summary = DemoSummary()
    _seed_consent_texts(session=session, now=now, summary=summary)
    employees = _seed_people(session=session, rng=rng, now=now, summary=summary)
    new_items = _seed_content(session=session, now=now, summary=summary, base_url=base_url)
    # Plans are drawn in full on every run, so the same data results whatever exists.
    shares = _plan_shares(rng=rng, now=now)
    ratings = _plan_ratings(rng=rng, now=now)
    for share in shares:
        if share.item.url in new_items:
            _add_share(
                session=session,
                share=share,
                item=new_items[share.item.url],
                employee=employees[share.person.external_id],
                summary=summary,
            )
    for rating in ratings:
        if rating.item.url in new_items:
            _add_rating(
                session=session,
                rating=rating,
                item=new_items[rating.item.url],
                employee=employees[rating.person.external_id],
                summary=summary,
            )
    session.flush()
    return summary


def _seed_consent_texts(*, session: Session, now: datetime, summary: DemoSummary) -> None:
    for text in CONSENT_TEXTS:
        existing = session.exec(
            select(ConsentText).where(
                ConsentText.purpose == text.purpose,
                ConsentText.version == 1,
                ConsentText.language == text.language,
            )
        ).first()
        if existing is None:
            session.add(
                ConsentText(
                    purpose=text.purpose,
                    version=1,
                    language=text.language,
                    title=text.title,
                    body=text.body,
                    published_at=now - timedelta(days=LAUNCHED_DAYS_AGO),
                )
            )
            summary.consent_texts += 1
    session.flush()


def _seed_people(
    *, session: Session, rng: random.Random, now: datetime, summary: DemoSummary
) -> dict[str, Employee]:
    employees: dict[str, Employee] = {}
    for person in PEOPLE:
        granted_at = now - timedelta(days=rng.uniform(92, 125))
        withdrawn_at = now - timedelta(days=rng.uniform(8, 60))
        existing = session.exec(
            select(Employee).where(Employee.external_id == person.external_id)
        ).first()
        if existing is not None:
            employees[person.external_id] = existing
            continue
        employee = Employee(
            external_id=person.external_id,
            email=f"{_email_local_part(person.display_name)}@{EMAIL_DOMAIN}",
            display_name=person.display_name,
            department=person.department,
            locale=person.locale,
            is_leader=person.is_leader,
            roles=list(person.roles),
            created_at=now - timedelta(days=LAUNCHED_DAYS_AGO + 10),
        )
        session.add(employee)
        session.flush()
        employees[person.external_id] = employee
        summary.employees += 1
        _record_consents(
            session=session,
            person=person,
            employee=employee,
            granted_at=granted_at,
            withdrawn_at=withdrawn_at,
            summary=summary,
        )
        if person.external_id in PROFILES:
            _add_profile(session=session, person=person, employee=employee, at=granted_at)
            summary.ambassador_profiles += 1
    return employees


def _record_consents(
    *,
    session: Session,
    person: DemoPerson,
    employee: Employee,
    granted_at: datetime,
    withdrawn_at: datetime,
    summary: DemoSummary,
) -> None:
    for step, purpose in enumerate(person.grants):
        consent_record(
            session=session,
            employee=employee,
            purpose=purpose,
            action="grant",
            source="ui",
            text_version=1,
            text_language=person.locale,
            at=granted_at + timedelta(minutes=step),
        )
        summary.consent_events += 1
    for purpose in person.withdrew:
        consent_record(
            session=session,
            employee=employee,
            purpose=purpose,
            action="withdraw",
            source="ui",
            at=withdrawn_at,
        )
        summary.consent_events += 1


def _add_profile(*, session: Session, person: DemoPerson, employee: Employee, at: datetime) -> None:
    profile = PROFILES[person.external_id]
    quiet_start, quiet_end = profile.quiet_hours or (None, None)
    session.add(
        AmbassadorProfile(
            employee_id=employee.id,
            networks=list(profile.networks),
            mastodon_instance=profile.mastodon_instance,
            topics=list(profile.topics),
            languages=list(profile.languages),
            asks_per_quarter=profile.asks_per_quarter,
            quiet_hours_start=quiet_start,
            quiet_hours_end=quiet_end,
            no_social_networks=profile.no_social_networks,
            updated_at=at,
        )
    )


def _seed_content(
    *, session: Session, now: datetime, summary: DemoSummary, base_url: str
) -> dict[str, ContentItem]:
    """Create the items that are missing, keyed by URL, the demo items' natural key."""
    created: dict[str, ContentItem] = {}
    for demo in ITEMS:
        if session.exec(select(ContentItem.id).where(ContentItem.url == demo.url)).first():
            continue
        item = _content_item(demo=demo, now=now, base_url=base_url)
        session.add(item)
        session.flush()
        for network, text in _share_texts(demo).items():
            session.add(ShareText(content_id=item.id, network=network, text=text))
            summary.share_texts += 1
        created[demo.url] = item
        summary.content_items += 1
    session.flush()
    return created


def _content_item(*, demo: DemoItem, now: datetime, base_url: str) -> ContentItem:
    day = _day_at(now, demo.days_ago)
    published = demo.status != "draft"
    return ContentItem(
        kind=demo.kind,
        title=demo.title,
        summary=demo.summary,
        url=demo.url,
        image_url=f"{base_url}{demo.image_url}" if demo.image_url else None,
        language=demo.language,
        topics=list(demo.topics),
        status=demo.status,
        is_ask=demo.is_ask,
        publish_at=day if published else None,
        expires_at=(
            None if demo.expires_in_days is None else now + timedelta(days=demo.expires_in_days)
        ),
        created_at=day - timedelta(days=2) if published else day,
        updated_at=day,
    )


def _share_texts(demo: DemoItem) -> dict[str, str]:
    # No link in the text: the app appends the sharer's own short link.
    hashtags = " ".join(f"#{tag}" for tag in demo.tags)
    return {
        "linkedin": f"{demo.long}\n\n{hashtags}",
        "xing": demo.long,
        "x": demo.short,
        "mastodon": f"{demo.short}\n\n{hashtags}",
        "bluesky": demo.short,
        "threads": demo.short,
    }


def _plan_shares(*, rng: random.Random, now: datetime) -> list[_PlannedShare]:
    published = [item for item in ITEMS if item.status == "published"]
    sharers = [person for person in PEOPLE if _is_ambassador(person) and _share_networks(person)]
    plan = []
    for _ in range(SHARE_COUNT):
        item = rng.choices(published, weights=[item.appeal for item in published])[0]
        speakers = [p for p in sharers if item.language in PROFILES[p.external_id].languages]
        person = rng.choice(speakers or sharers)
        network = rng.choice(_share_networks(person))
        at = _day_at(now, item.days_ago) + timedelta(
            days=rng.uniform(0, min(item.days_ago - 1, 10)), hours=rng.uniform(0, 12)
        )
        days_open = min((now.date() - at.date()).days, 13)
        clicks = int(rng.expovariate(1 / (20 * item.appeal)))
        weights = [1 / (day + 1) ** 1.5 for day in range(days_open + 1)]
        per_day = Counter(rng.choices(range(days_open + 1), weights=weights, k=clicks))
        plan.append(_PlannedShare(item, person, network, at, dict(per_day)))
    return plan


def _plan_ratings(*, rng: random.Random, now: datetime) -> list[_PlannedRating]:
    published = [item for item in ITEMS if item.status == "published"]
    raters = [person for person in PEOPLE if _is_ambassador(person)]
    pairs = [(item, person) for item in published for person in raters]
    plan = []
    for item, person in rng.sample(pairs, RATING_COUNT):
        worth = rng.random() < item.appeal
        reason = None
        if not worth and rng.random() < 0.6:
            reason = rng.choice(NOT_WORTH_REASONS[person.locale])
        at = _day_at(now, item.days_ago) + timedelta(
            days=rng.uniform(0, min(item.days_ago - 1, 10)), hours=rng.uniform(0, 12)
        )
        plan.append(_PlannedRating(item, person, worth, reason, at))
    return plan


def _add_share(
    *,
    session: Session,
    share: _PlannedShare,
    item: ContentItem,
    employee: Employee,
    summary: DemoSummary,
) -> None:
    code = new_short_code()
    clicks = sum(share.clicks_per_day.values())
    session.add(
        ShortLink(
            code=code, content_id=item.id, network=share.network, clicks=clicks, created_at=share.at
        )
    )
    session.flush()
    session.add(
        ShareEvent(
            content_id=item.id,
            network=share.network,
            short_code=code,
            employee_id=employee.id if _holds(share.person, "share_attribution") else None,
            department=share.person.department,
            source="ui",
            created_at=share.at,
        )
    )
    for offset, count in sorted(share.clicks_per_day.items()):
        day = share.at.date() + timedelta(days=offset)
        session.add(ClickDay(code=code, day=day, clicks=count))
    summary.shares += 1
    summary.clicks += clicks


def _add_rating(
    *,
    session: Session,
    rating: _PlannedRating,
    item: ContentItem,
    employee: Employee,
    summary: DemoSummary,
) -> None:
    session.add(
        Rating(
            content_id=item.id,
            employee_id=employee.id,
            worth_sharing=rating.worth_sharing,
            reason=rating.reason,
            created_at=rating.at,
            updated_at=rating.at,
        )
    )
    summary.ratings += 1


def _holds(person: DemoPerson, purpose: str) -> bool:
    return purpose in person.grants and purpose not in person.withdrew


def _is_ambassador(person: DemoPerson) -> bool:
    return _holds(person, "ambassador") and person.external_id in PROFILES


def _share_networks(person: DemoPerson) -> list[str]:
    profile = PROFILES.get(person.external_id)
    if profile is None or profile.no_social_networks:
        return []
    return [network for network in profile.networks if network in SHARE_NETWORKS]


def _day_at(now: datetime, days_ago: int) -> datetime:
    """Nine o'clock UTC, `days_ago` days before now: when comms usually publishes."""
    return (now - timedelta(days=days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)


def _email_local_part(display_name: str) -> str:
    """firstname.lastname in ASCII, the way the demo company's mail addresses look."""
    name = display_name.removeprefix("Dr. ").lower().translate(_SPELLED_OUT)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(ascii_name.split())
