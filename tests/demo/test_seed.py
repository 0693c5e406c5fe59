"""The demo organisation seed: complete, honest about limits, and idempotent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, select

from app.content.topic_schemas import TopicCreate
from app.db import transaction
from app.demo.organisation import PEOPLE
from app.demo.seed import DemoSummary, seed_demo
from app.models import (
    KINDS,
    PURPOSES,
    ClickDay,
    ConsentEvent,
    ConsentStatus,
    ConsentText,
    ContentItem,
    Employee,
    Rating,
    ShareEvent,
    ShareText,
    ShortLink,
    Topic,
)

# Characters each network allows, and the room the appended short link takes there.
LIMITS = {"x": 280, "bluesky": 300, "mastodon": 500, "threads": 500, "linkedin": 3000}
LINK_ROOM = {"x": 1 + 23, "mastodon": 1 + 23, "bluesky": 1 + 60, "threads": 1 + 60}
REQUIRED_NETWORKS = {"linkedin", "xing", "x", "mastodon", "bluesky"}
pytestmark = pytest.mark.db


@pytest.fixture
def seeded(engine: Engine) -> Iterator[Session]:
    """A session on a database the demo seed has run on once."""
    with transaction(engine) as session:
        seed_demo(session=session)
    with transaction(engine, write=False) as session:
        yield session


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(sa_select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


def test_seeding_twice_changes_no_table(engine: Engine) -> None:
    with transaction(engine) as session:
        first = seed_demo(session=session)
    after_first = row_counts(engine)
    with transaction(engine) as session:
        second = seed_demo(session=session)

    assert row_counts(engine) == after_first
    assert second == DemoSummary()
    assert first.employees == after_first["employee"] == 40
    assert first.content_items == after_first["content_item"] == 26
    assert first.topics == after_first["topic"] == 6
    assert first.shares == after_first["share_event"] == after_first["short_link"] >= 50
    assert first.ratings == after_first["rating"] >= 70
    assert first.consent_events == after_first["consent_event"] > 0


def test_pictures_are_stored_as_paths_so_the_demo_shows_them_on_any_port(
    seeded: Session,
) -> None:
    pictures = [item.image_url for item in seeded.exec(select(ContentItem)).all()]
    shown = [picture for picture in pictures if picture is not None]
    assert len(shown) >= 10
    assert all(picture.startswith("/static/demo/") for picture in shown), shown


def test_seeding_again_frees_pictures_an_earlier_seed_tied_to_its_port(engine: Engine) -> None:
    with transaction(engine) as session:
        seed_demo(session=session)
        # What seeds before this one stored: the picture under the origin of that day.
        for item in session.exec(select(ContentItem)).all():
            if item.image_url is not None:
                item.image_url = f"http://127.0.0.1:8000{item.image_url}"
    with transaction(engine) as session:
        assert seed_demo(session=session) == DemoSummary()
    after_repair = row_counts(engine)
    with transaction(engine) as session:
        pictures = [item.image_url for item in session.exec(select(ContentItem)).all()]
        seed_demo(session=session)
    shown = [picture for picture in pictures if picture is not None]
    assert shown
    assert all(picture.startswith("/static/demo/") for picture in shown), shown
    assert row_counts(engine) == after_repair


def test_every_kind_is_there_and_only_the_two_jobs_are_asks(seeded: Session) -> None:
    items = seeded.exec(select(ContentItem)).all()

    assert {item.kind for item in items} == set(KINDS)
    asks = [item for item in items if item.is_ask]
    assert [item.kind for item in asks] == ["job", "job"]
    assert Counter(item.status for item in items)["published"] >= 20
    assert {item.language for item in items} == {"de", "en"}
    assert all(item.url.startswith("https://") for item in items)


def test_consent_texts_cover_every_purpose_in_every_language(seeded: Session) -> None:
    texts = seeded.exec(select(ConsentText)).all()

    assert len(texts) == 9
    assert {(t.purpose, t.language, t.version) for t in texts} == {
        (purpose, language, 1) for purpose in PURPOSES for language in ("de", "en", "fr")
    }
    assert all(t.title and len(t.body) > 200 for t in texts)


def test_share_texts_fit_their_network_with_the_link_appended(seeded: Session) -> None:
    texts = seeded.exec(select(ShareText)).all()
    by_item: dict[str, set[str]] = {}
    for share_text in texts:
        by_item.setdefault(share_text.content_id, set()).add(share_text.network)
        limit = LIMITS.get(share_text.network)
        if limit is not None:
            room = LINK_ROOM.get(share_text.network, 0)
            assert len(share_text.text) + room <= limit, (share_text.network, share_text.text)
        assert "http" not in share_text.text  # the app appends the short link itself

    published = seeded.exec(select(ContentItem).where(ContentItem.status == "published")).all()
    for item in published:
        assert by_item[item.id] >= REQUIRED_NETWORKS


def test_shares_name_only_people_who_hold_share_attribution(seeded: Session) -> None:
    attributed = {
        employee.id
        for employee, status in seeded.exec(
            select(Employee, ConsentStatus).where(
                Employee.subject_key == ConsentStatus.subject_key,
                ConsentStatus.purpose == "share_attribution",
                ConsentStatus.granted == True,  # noqa: E712  (SQL expression)
            )
        ).all()
    }
    shares = seeded.exec(select(ShareEvent)).all()
    named = [share for share in shares if share.employee_id is not None]

    assert attributed
    assert named, "some shares should be attributed"
    assert len(named) < len(shares), "some shares should be anonymous"
    assert {share.employee_id for share in named} <= attributed


def test_click_days_add_up_to_each_short_link(seeded: Session) -> None:
    per_code: Counter[str] = Counter()
    for day in seeded.exec(select(ClickDay)).all():
        per_code[day.code] += day.clicks
        assert day.clicks > 0
    links = seeded.exec(select(ShortLink)).all()

    assert sum(link.clicks for link in links) > 0
    for link in links:
        assert per_code[link.code] == link.clicks


def test_consents_are_a_voluntary_mix(seeded: Session) -> None:
    granted = Counter(
        status.purpose
        for status in seeded.exec(select(ConsentStatus).where(ConsentStatus.granted == True))  # noqa: E712
    )
    withdrawals = seeded.exec(select(ConsentEvent).where(ConsentEvent.action == "withdraw")).all()

    assert 15 <= granted["ambassador"] <= 25
    assert 0 < granted["share_attribution"] < granted["ambassador"]
    assert 0 < granted["recognition"] <= 6
    assert len(withdrawals) >= 2
    assert all(w.text_version is None for w in withdrawals)


def test_ratings_are_mostly_but_not_always_worth_sharing(seeded: Session) -> None:
    ratings = seeded.exec(select(Rating)).all()
    worth = Counter(rating.worth_sharing for rating in ratings)

    assert worth[True] > worth[False] > 0
    assert len({(r.employee_id, r.content_id) for r in ratings}) == len(ratings)


def test_demo_people_exist_with_their_roles(seeded: Session) -> None:
    expected_roles = {"Employee": [], "Comms": ["comms"], "HR": ["hr"], "Admin": ["admin"]}
    offered = {p.external_id: p.sign_in_as for p in PEOPLE if p.sign_in_as is not None}
    assert list(offered.values()) == list(expected_roles)
    for external_id, label in offered.items():
        employee = seeded.exec(select(Employee).where(Employee.external_id == external_id)).one()
        assert employee.roles == expected_roles[label]
        assert employee.email is not None
        assert employee.email.endswith("@example.com")
        assert employee.email.isascii()


def test_every_demo_picture_is_shipped() -> None:
    from app.demo.content import ITEMS

    static = Path(__file__).resolve().parents[2] / "app" / "static"
    for item in ITEMS:
        if item.image_url:
            assert (static / item.image_url.removeprefix("/static/")).is_file(), item.image_url


def test_the_topic_list_names_every_topic_items_and_profiles_use_in_every_language(
    seeded: Session,
) -> None:
    topics = {topic.id: topic.names for topic in seeded.exec(select(Topic)).all()}
    used = {t for item in seeded.exec(select(ContentItem)).all() for t in item.topics}
    used |= {t for person in PEOPLE if person.profile for t in person.profile.topics}
    assert set(topics) == used
    for topic_id, names in topics.items():
        assert set(names) == {"en", "de", "fr"}, topic_id
        TopicCreate.model_validate({"id": topic_id, "names": names})  # what the API would take
    assert topics["sustainability"] == {
        "en": "Sustainability", "de": "Nachhaltigkeit", "fr": "Durabilité"
    }  # fmt: skip


def test_seeding_names_topics_the_migration_listed_and_keeps_names_comms_gave(
    engine: Engine,
) -> None:
    with transaction(engine) as session:
        # What the topic migration lists on a database seeded before the list existed,
        # and a name comms has changed since.
        session.add(Topic(id="careers", names={"en": "Jobs and careers"}))
        session.add(Topic(id="culture", names={"en": "Culture", "fr": "Notre culture"}))
    with transaction(engine) as session:
        assert seed_demo(session=session).topics == 4
    after_first = row_counts(engine)
    with transaction(engine) as session:
        assert seed_demo(session=session) == DemoSummary()
        careers, culture = session.get(Topic, "careers"), session.get(Topic, "culture")
        assert careers is not None
        assert culture is not None
        assert careers.names == {"en": "Jobs and careers", "de": "Karriere", "fr": "Carrières"}
        assert culture.names == {"en": "Culture", "fr": "Notre culture", "de": "Unternehmenskultur"}
    assert row_counts(engine) == after_first
