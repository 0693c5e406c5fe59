"""The demo organisation: seeded once, and running the seed again adds nothing."""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session, select

from app.consent.ledger import consent_record
from app.demo.activity import DemoSummary, activity_plan, day_at, leaders_window
from app.demo.content import ITEMS, TOPICS, DemoItem
from app.demo.organisation import (
    CONSENT_TEXTS,
    DEMO_SEED,
    EMAIL_DOMAIN,
    PEOPLE,
    DemoPerson,
    DemoProfile,
)
from app.demo.pictures import demo_pictures_store
from app.models import (
    AmbassadorProfile,
    ConsentText,
    ContentItem,
    Employee,
    ShareText,
    Topic,
    utcnow,
)

__all__ = ["DemoSummary", "seed_demo"]

# gladshare went live at the demo company before the oldest item was published.
LAUNCHED_DAYS_AGO = 130
# Letters that Unicode does not decompose into ASCII, spelled as German addresses do.
_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ø": "oe", "\u0131": "i", "'": None}
)


def seed_demo(*, session: Session, var_dir: Path | None = None) -> DemoSummary:
    """Seed the Lindenhof Werke demo organisation, adding only what is not there yet;
    with `var_dir`, its pictures are stored there as our images."""
    rng = random.Random(DEMO_SEED)
    now = utcnow()
    summary = DemoSummary()
    _seed_consent_texts(session=session, now=now, summary=summary)
    employees = _seed_people(session=session, rng=rng, now=now, summary=summary)
    _seed_topics(session=session, now=now, summary=summary)
    new_items = _seed_content(session=session, now=now, summary=summary)
    if var_dir is not None:
        demo_pictures_store(session=session, var_dir=var_dir)
    # Plans are drawn in full on every run, so the same data results whatever exists.
    for planned in activity_plan(rng=rng, now=now):
        if planned.item.url in new_items:
            planned.add(
                session=session,
                item=new_items[planned.item.url],
                employee=employees[planned.person.external_id],
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
        if person.profile is not None:
            _add_profile(session=session, profile=person.profile, employee=employee, at=granted_at)
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


def _add_profile(
    *, session: Session, profile: DemoProfile, employee: Employee, at: datetime
) -> None:
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
            show_drafts=profile.show_drafts,
            updated_at=at,
        )
    )


def _seed_topics(*, session: Session, now: datetime, summary: DemoSummary) -> None:
    """Put the demo's topics on the list, and name them where a language has no name yet.

    A name already there stays, whoever gave it; on a database the topic migration
    started from older demo content, this adds the German and French names.
    """
    for demo in TOPICS:
        topic = session.get(Topic, demo.id)
        if topic is None:
            at = now - timedelta(days=LAUNCHED_DAYS_AGO)
            session.add(Topic(id=demo.id, names=dict(demo.names), created_at=at, updated_at=at))
            summary.topics += 1
            continue
        missing = {lang: name for lang, name in demo.names.items() if lang not in topic.names}
        if missing:
            topic.names = {**topic.names, **missing}
            topic.version += 1
            topic.updated_at = now
            session.add(topic)
    session.flush()


def _seed_content(
    *, session: Session, now: datetime, summary: DemoSummary
) -> dict[str, ContentItem]:
    """Create the items that are missing, keyed by URL, the demo items' natural key."""
    created: dict[str, ContentItem] = {}
    for demo in ITEMS:
        existing = session.exec(select(ContentItem).where(ContentItem.url == demo.url)).first()
        if existing is not None:
            _unbake_picture(item=existing, demo=demo)
            continue
        item = _content_item(demo=demo, now=now)
        session.add(item)
        session.flush()
        for network, text in _share_texts(demo).items():
            session.add(ShareText(content_id=item.id, network=network, text=text))
            summary.share_texts += 1
        created[demo.url] = item
        summary.content_items += 1
    session.flush()
    return created


def _unbake_picture(*, item: ContentItem, demo: DemoItem) -> None:
    """Store a picture seeded with an origin (`http://127.0.0.1:8000/static/…`) as its path.

    Earlier seeds wrote the origin of that day into the row, so the demo served on
    another port showed no pictures.
    """
    if demo.image_url is None or item.image_url is None:
        return
    stored = urlsplit(item.image_url)
    if stored.netloc and stored.path == demo.image_url and not (stored.query or stored.fragment):
        item.image_url = demo.image_url


def _content_item(*, demo: DemoItem, now: datetime) -> ContentItem:
    day = day_at(now, demo.days_ago)
    published = demo.status != "draft"
    leaders_from = None
    if demo.leaders_hours:
        day, leaders_from = leaders_window(now=now, hours=demo.leaders_hours)
    return ContentItem(
        kind=demo.kind,
        title=demo.title,
        summary=demo.summary,
        url=demo.url,
        # A path: the API names the picture under BASE_URL, the pages under their own origin.
        image_url=demo.image_url,
        language=demo.language,
        topics=list(demo.topics),
        status=demo.status,
        is_ask=demo.is_ask,
        publish_at=day if published else None,
        expires_at=(
            None if demo.expires_in_days is None else now + timedelta(days=demo.expires_in_days)
        ),
        leaders_from=leaders_from,
        circle_at=day if demo.circle else None,
        created_at=day - timedelta(days=2) if published else day,
        updated_at=min(day, now),
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


def _email_local_part(display_name: str) -> str:
    """firstname.lastname in ASCII, the way the demo company's mail addresses look."""
    name = display_name.removeprefix("Dr. ").lower().translate(_SPELLED_OUT)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(ascii_name.split())
