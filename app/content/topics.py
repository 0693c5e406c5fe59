"""Comms' topic list: the slugs content items carry, named per language, that people pick from.

Content items may carry slugs that are not (or no longer) on the list: the list is
what employees choose from, not a constraint on what comms writes on an item.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import get_args

from sqlalchemy import String, cast
from sqlmodel import Session, col, select

from app.content.topic_schemas import SOURCE_LANGUAGE, TopicCreate, TopicLanguage, TopicUpdate
from app.errors import Conflict, NotFound
from app.models import AmbassadorProfile, ContentItem, Topic, utcnow
from app.web.etags import check_if_match, etag
from app.web.pagination import paginate

NOT_FOUND = "There is no topic with this id."
MERGE_ITSELF = "A topic cannot be merged into itself."


@dataclass(frozen=True)
class TopicChoice:
    """One topic as a reader sees it: its name in their language, or in English."""

    id: str
    name: str
    language: str  # the language `name` is in


@dataclass(frozen=True)
class TopicMenu:
    """The whole list, read once, to be named in whatever language the page is in."""

    names: Mapping[str, Mapping[str, str]]  # topic id → language → name

    def choices(self, language: str) -> list[TopicChoice]:
        """Every topic named in `language` (English where it has no name), sorted by that name."""
        named = [topic_choice(topic_id, names, language) for topic_id, names in self.names.items()]
        return sorted(named, key=lambda choice: (_collation_key(choice.name), choice.id))


def topic_choice(topic_id: str, names: Mapping[str, str], language: str) -> TopicChoice:
    """The topic's name in `language`, falling back to its English name."""
    if language in names:
        return TopicChoice(topic_id, names[language], language)
    return TopicChoice(topic_id, names.get(SOURCE_LANGUAGE, topic_id), SOURCE_LANGUAGE)


def _collation_key(name: str) -> str:
    # Close enough to a dictionary's order for a short list: Ärger sorts with A, not after Z.
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def topic_menu(*, session: Session) -> TopicMenu:
    """The whole topic list, for a page that lets people pick."""
    rows = session.exec(select(Topic).order_by(col(Topic.id))).all()
    return TopicMenu({row.id: dict(row.names) for row in rows})


def topic_ids(*, session: Session) -> set[str]:
    """The ids on the list now."""
    return set(session.exec(select(Topic.id)).all())


def topic_list(
    *, session: Session, limit: int, cursor: str | None
) -> tuple[list[Topic], str | None]:
    """One page of the list in the order of the ids; the cursor is the last id."""
    return paginate(
        session=session, query=select(Topic), key=[col(Topic.id)], limit=limit, cursor=cursor
    )


def _topic(*, session: Session, topic_id: str, for_update: bool = False) -> Topic:
    statement = select(Topic).where(Topic.id == topic_id)
    if for_update:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    topic = session.exec(statement).first()
    if topic is None:
        raise NotFound(NOT_FOUND)
    return topic


def topic_get(*, session: Session, topic_id: str) -> Topic:
    """One topic; 404 when it is not on the list."""
    return _topic(session=session, topic_id=topic_id)


def topic_etag(topic: Topic) -> str:
    """The ETag of the topic's current version."""
    return etag(topic.id, topic.version)


def topic_create(*, session: Session, data: TopicCreate) -> Topic:
    """Put a topic on the list; 409 when its id is taken."""
    if session.get(Topic, data.id) is not None:
        raise Conflict("A topic with this id is on the list already.", slug="topic-exists")
    now = utcnow()
    topic = Topic(id=data.id, names=_stored(data.names), created_at=now, updated_at=now)
    session.add(topic)
    session.flush()
    return topic


def topic_update(
    *, session: Session, topic_id: str, data: TopicUpdate, if_match: str | None
) -> Topic:
    """Rename a topic (the whole map of names) if the writer saw its current version."""
    topic = _topic(session=session, topic_id=topic_id, for_update=True)
    check_if_match(if_match, current=topic_etag(topic))
    if data.names is not None:
        topic.names = _stored(data.names)
    topic.version += 1
    topic.updated_at = utcnow()
    session.add(topic)
    session.flush()
    return topic


def topic_delete(*, session: Session, topic_id: str, if_match: str | None = None) -> None:
    """Take a topic off the list and out of every profile; items keep the slug they carry."""
    topic = _topic(session=session, topic_id=topic_id, for_update=True)
    if if_match:  # optional on DELETE, as for content; an empty header counts as none
        check_if_match(if_match, current=topic_etag(topic))
    for profile in _profiles_with(session=session, topic_id=topic_id):
        profile.topics = [t for t in profile.topics if t != topic_id]
        session.add(profile)
    session.delete(topic)
    session.flush()


def topic_merge(
    *, session: Session, source_id: str, target_id: str, if_match: str | None = None
) -> Topic:
    """Merge topic `source_id` into `target_id`: profiles and items carry the target instead,
    and the source leaves the list. If-Match, when sent, must name the source's version."""
    if source_id == target_id:
        raise Conflict(MERGE_ITSELF, slug="topic-merge-itself")
    source = _topic(session=session, topic_id=source_id, for_update=True)
    target = _topic(session=session, topic_id=target_id, for_update=True)
    if if_match:
        check_if_match(if_match, current=topic_etag(source))
    for profile in _profiles_with(session=session, topic_id=source_id):
        profile.topics = _moved(profile.topics, source_id, target_id)
        session.add(profile)
    now = utcnow()
    for item in _items_with(session=session, topic_id=source_id):
        item.topics = _moved(item.topics, source_id, target_id)
        # An item's ETag tells editors it changed: one open in the editor is now stale.
        item.version += 1
        item.updated_at = now
        session.add(item)
    session.delete(source)
    target.version += 1
    target.updated_at = now
    session.add(target)
    session.flush()
    return target


def _moved(topics: list[str], source_id: str, target_id: str) -> list[str]:
    """The list with the source replaced by the target, once, in the source's place."""
    moved: list[str] = []
    for slug in topics:
        slug = target_id if slug == source_id else slug
        if slug not in moved:
            moved.append(slug)
    return moved


def _stored(names: Mapping[TopicLanguage, str]) -> dict[str, str]:
    # In the order of the UI's languages, so every reader of the JSON sees the same.
    return {language: names[language] for language in get_args(TopicLanguage) if language in names}


def _profiles_with(*, session: Session, topic_id: str) -> Iterable[AmbassadorProfile]:
    # Slugs appear verbatim in the stored JSON list, on SQLite and PostgreSQL alike.
    topics = cast(col(AmbassadorProfile.topics), String)
    statement = select(AmbassadorProfile).where(
        topics.contains(json.dumps(topic_id), autoescape=True)
    )
    return [p for p in session.exec(statement).all() if topic_id in p.topics]


def _items_with(*, session: Session, topic_id: str) -> Iterable[ContentItem]:
    # As for profiles: the slug, quoted, in the stored JSON list; deleted items too.
    topics = cast(col(ContentItem.topics), String)
    statement = select(ContentItem).where(topics.contains(json.dumps(topic_id), autoescape=True))
    return [item for item in session.exec(statement).all() if topic_id in item.topics]
