"""The feed service: what a person reads, in which order, and what of sharing they are offered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.config import Settings
from app.content.rules import share_text_length
from app.errors import Forbidden
from app.models import ContentItem, Employee, ShareEvent, utcnow
from app.sharing.feed import INVITE, NO_NETWORKS, OFF, SHARE, feed_card, feed_page, feed_reader
from app.sharing.panel import ShareDone, ShareTextTooLong, feed_share, share_options
from tests.factories.consent import consenting
from tests.factories.feed import make_item, make_items, make_profile
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


def share_from_feed(
    session: Session,
    settings: Settings,
    employee: Employee,
    item: ContentItem,
    *,
    network: str,
    text: str,
) -> ShareDone:
    """The employee shares `item` from their feed, on `network` with their `text`."""
    reader = feed_reader(session=session, employee=employee)
    card = feed_card(session=session, reader=reader, content_id=item.id)
    return feed_share(
        session=session, settings=settings, reader=reader, card=card, network=network, text=text
    )


def titles(session: Session, employee: Employee) -> set[str]:
    reader = feed_reader(session=session, employee=employee)
    cards, _ = feed_page(session=session, reader=reader, cursor=None, limit=100)
    return {card.item.title for card in cards}


def test_only_published_current_items_are_read(session: Session) -> None:
    now = utcnow()
    make_item(session, title="live")
    make_item(session, title="no date", publish_at=None)
    make_item(session, title="draft", status="draft")
    make_item(session, title="archived", status="archived")
    make_item(session, title="later", publish_at=now + timedelta(hours=1))
    make_item(session, title="expired", expires_at=now - timedelta(seconds=1))
    make_item(session, title="deleted", deleted_at=now)
    assert titles(session, make_employee(session)) == {"live", "no date"}


def test_my_languages_and_topics_choose_the_items(session: Session) -> None:
    make_item(session, title="de", language="de", topics=["jobs"])
    make_item(session, title="de-CH", language="de-CH", topics=["jobs", "events"])
    make_item(session, title="en", language="en", topics=["jobs"])
    make_item(session, title="other topic", language="de", topics=["events"])
    make_item(session, title="for everyone", language="de", topics=[])
    reader = make_employee(session)
    make_profile(session, reader.id, languages=["de"], topics=["jobs"])
    assert titles(session, reader) == {"de", "de-CH", "for everyone"}
    # Without a profile, every language and topic.
    assert len(titles(session, make_employee(session))) == 5


def test_pages_are_newest_first_without_duplicates(session: Session) -> None:
    older = make_item(session, title="older", publish_at=utcnow() - timedelta(days=2))
    same_time = {item.id for item in make_items(session, 23)}
    newest = make_item(session, title="newest")
    reader = feed_reader(session=session, employee=make_employee(session))
    seen: list[str] = []
    cursor, pages = None, 0
    while True:
        cards, cursor = feed_page(session=session, reader=reader, cursor=cursor, limit=10)
        seen.extend(card.item.id for card in cards)
        pages += 1
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 25
    assert seen[0] == newest.id
    assert seen[-1] == older.id
    assert set(seen[1:-1]) == same_time


@pytest.mark.parametrize(
    ("purposes", "profile", "sharing"),
    [
        ((), None, INVITE),
        ((), {"no_social_networks": True}, OFF),
        (("ambassador",), None, NO_NETWORKS),
        (("ambassador",), {"networks": []}, NO_NETWORKS),
        (("ambassador",), {}, SHARE),
        (("ambassador",), {"paused": True}, OFF),
        (("ambassador",), {"no_social_networks": True}, OFF),
        (("share_attribution",), {}, INVITE),
    ],
)
def test_what_of_sharing_the_feed_offers(
    session: Session, purposes: tuple[str, ...], profile: dict[str, bool] | None, sharing: str
) -> None:
    employee = consenting(session, *purposes)
    if profile is not None:
        make_profile(session, employee.id, **profile)
    assert feed_reader(session=session, employee=employee).sharing == sharing


def test_mastodon_without_an_instance_is_not_offered(session: Session) -> None:
    employee = consenting(session, "ambassador")
    make_profile(session, employee.id, networks=["mastodon", "x"], mastodon_instance=None)
    assert feed_reader(session=session, employee=employee).networks == ("x",)


def test_share_options_are_prefilled_with_room_for_the_link(
    session: Session, settings: Settings
) -> None:
    employee = consenting(session, "ambassador")
    make_profile(session, employee.id, networks=["x", "linkedin"])
    item = make_item(session, title="Titel", texts={"x": "Kurz 🎉"})
    reader = feed_reader(session=session, employee=employee)
    card = feed_card(session=session, reader=reader, content_id=item.id)
    x, linkedin = share_options(settings=settings, reader=reader, card=card)
    assert (x.network, x.text, x.counting, x.limit) == ("x", "Kurz 🎉", "x", 280 - 24)
    assert (linkedin.text, linkedin.counting) == ("Titel", "codepoints")
    link = f" {settings.base_url}/s/{'a' * 16}"
    assert linkedin.limit == 3000 - share_text_length("linkedin", link)
    assert x.length == share_text_length("x", "Kurz 🎉")


def test_a_share_from_the_feed_is_attributed_only_with_consent(
    session: Session, settings: Settings
) -> None:
    plain = consenting(session, "ambassador")
    named = consenting(session, "ambassador", "share_attribution")
    item = make_item(session)
    for employee in (plain, named):
        make_profile(session, employee.id)
        done = share_from_feed(
            session, settings, employee, item, network="linkedin", text="Lesenswert"
        )
        assert done.short_url in done.share_url.replace("%3A", ":").replace("%2F", "/")
    events = session.exec(select(ShareEvent).where(ShareEvent.content_id == item.id)).all()
    assert {(e.source, e.employee_id) for e in events} == {("ui", None), ("ui", named.id)}


def test_a_share_outside_my_choices_or_too_long_records_nothing(
    session: Session, settings: Settings
) -> None:
    employee = consenting(session, "ambassador")
    make_profile(session, employee.id, networks=["x"])
    item = make_item(session)
    with pytest.raises(Forbidden):
        share_from_feed(session, settings, employee, item, network="linkedin", text="x")
    with pytest.raises(ShareTextTooLong):
        share_from_feed(session, settings, employee, item, network="x", text="a" * 257)
    assert session.exec(select(ShareEvent)).all() == []
