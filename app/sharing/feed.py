"""The employee's feed: published items in their languages and topics, newest first."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, String, cast, func, or_
from sqlmodel import Session, col, select

from app.consent.ledger import consent_holds
from app.content.visibility import leaders_only, published_item, published_now
from app.errors import NotFound
from app.models import (
    NETWORKS,
    AmbassadorProfile,
    ContentItem,
    Employee,
    Rating,
    ShareText,
    utcnow,
)
from app.sharing.circle import circle_draft, circle_drafts, circle_member
from app.sharing.leadership import Leadership, leadership_of
from app.sharing.ratings import ratings_of
from app.web.i18n import N_
from app.web.pagination import paginate

FEED_PAGE_SIZE = 10
AMBASSADOR = "ambassador"
# What the feed offers around sharing; one word for the templates to branch on.
SHARE = "share"  # the share panel
NO_NETWORKS = "no-networks"  # a hint to pick networks on /me
INVITE = "invite"  # reading only, with one quiet line on how to take part
OFF = "off"  # nothing share-related at all


# Every table a feed page reads: a commit that writes one of them outdates kept pages.
FEED_TABLES = (
    "content_item",
    "share_text",
    "rating",
    "ambassador_profile",
    "employee",
    "consent_status",
    "consent_event",
    "consent_text",
    "leader_share",
)


@dataclass(frozen=True)
class Reader:
    """Who reads the feed, and what of sharing they have chosen."""

    employee: Employee
    ambassador: bool  # takes part: may share (as sharing says) and answer the question
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    sharing: str
    paused: bool
    networks: tuple[str, ...]
    mastodon_instance: str | None
    asks: bool
    leader: bool = False  # sees items from their leaders_from (leaders first)
    circle: bool = False  # in the preview circle: sees the drafts sent to it


@dataclass(frozen=True)
class FeedCard:
    """One item as the reader sees it: its share texts and the reader's own rating."""

    item: ContentItem
    share_texts: dict[str, str]
    rating: Rating | None
    leadership: Leadership | None = None  # leaders holding recognition who shared it
    early: bool = False  # in its leaders-only hours: everyone else sees it from publish_at

    @property
    def draft(self) -> bool:
        """A draft from the preview circle: to give an opinion on, never to share."""
        return self.item.status != "published"


def _sharing(profile: AmbassadorProfile | None, *, ambassador: bool, networks: bool) -> str:
    if profile is not None and profile.no_social_networks:
        return OFF  # a complete answer: not even an invitation
    if not ambassador:
        return INVITE
    if profile is not None and profile.paused:
        return OFF
    return SHARE if networks else NO_NETWORKS


def feed_reader(*, session: Session, employee: Employee) -> Reader:
    """The reader's languages, topics and sharing choices, from their profile and consent."""
    profile = session.get(AmbassadorProfile, employee.id)
    ambassador = consent_holds(session=session, employee=employee, purpose=AMBASSADOR)
    instance = profile.mastodon_instance if profile else None
    # Mastodon's dialog lives on the person's own instance; without it there is none.
    networks = tuple(
        n
        for n in (profile.networks if profile else [])
        if n in NETWORKS and (n != "mastodon" or instance)
    )
    return Reader(
        employee=employee,
        ambassador=ambassador,
        languages=tuple(profile.languages) if profile else (),
        topics=tuple(profile.topics) if profile else (),
        sharing=_sharing(profile, ambassador=ambassador, networks=bool(networks)),
        paused=bool(profile and profile.paused and not profile.no_social_networks),
        networks=networks,
        mastodon_instance=instance,
        asks=bool(profile and profile.asks_per_quarter > 0),
        leader=employee.is_leader and employee.active,
        circle=circle_member(session=session, employee=employee),
    )


def _for_reader(reader: Reader) -> list[ColumnElement[bool]]:
    conditions = []
    if reader.languages:  # "de" also finds "de-CH", and "de-CH" finds "de"
        language = col(ContentItem.language)
        primaries = {tag.split("-", 1)[0].lower() for tag in reader.languages}
        conditions.append(
            or_(*(or_(language == p, language.startswith(f"{p}-")) for p in primaries))
        )
    if reader.topics:  # items without topics are for everyone
        topics = cast(col(ContentItem.topics), String)
        matches = [topics.contains(json.dumps(t), autoescape=True) for t in reader.topics]
        conditions.append(or_(topics == "[]", *matches))
    return conditions


def _sort_key() -> ColumnElement[datetime]:
    return func.coalesce(col(ContentItem.publish_at), col(ContentItem.created_at))


def _cards(*, session: Session, reader: Reader, items: Sequence[ContentItem]) -> list[FeedCard]:
    ids = [item.id for item in items]
    texts: dict[str, dict[str, str]] = {content_id: {} for content_id in ids}
    if ids:
        for row in session.exec(select(ShareText).where(col(ShareText.content_id).in_(ids))):
            texts[row.content_id][row.network] = row.text
    ratings = ratings_of(session=session, employee=reader.employee, content_ids=ids)
    leaders = leadership_of(session=session, content_ids=ids)
    now = utcnow()
    return [
        FeedCard(
            item,
            texts[item.id],
            ratings.get(item.id),
            leadership=leaders.get(item.id),
            early=leaders_only(item, now=now),
        )
        for item in items
    ]


def feed_page(
    *, session: Session, reader: Reader, cursor: str | None, limit: int = FEED_PAGE_SIZE
) -> tuple[list[FeedCard], str | None]:
    """One page of the reader's feed, newest first, and the cursor of the next page."""
    items, next_cursor = paginate(
        session=session,
        query=select(ContentItem).where(
            published_now(utcnow(), leader=reader.leader), *_for_reader(reader)
        ),
        key=[_sort_key(), col(ContentItem.id)],
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return _cards(session=session, reader=reader, items=items), next_cursor


def feed_drafts(*, session: Session, reader: Reader) -> list[FeedCard]:
    """The drafts sent to the preview circle, for its members; nobody else sees any."""
    if not reader.circle:
        return []
    return _cards(session=session, reader=reader, items=circle_drafts(session=session))


def feed_card(*, session: Session, reader: Reader, content_id: str) -> FeedCard:
    """One item the reader may read now, whatever its language or topics (for a circle
    member, a draft sent to the circle too); 404 when it cannot be read now."""
    item = published_item(session=session, content_id=content_id, leader=reader.leader)
    if item is None and reader.circle:
        item = circle_draft(session=session, content_id=content_id)
    if item is None:
        raise NotFound(N_("There is no content item with this id."))
    return _cards(session=session, reader=reader, items=[item])[0]
