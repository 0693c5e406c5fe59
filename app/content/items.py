"""Content items: what comms offers for sharing, created, read, listed, changed and withdrawn."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import String, cast, func, or_
from sqlmodel import Session, col, delete, select
from sqlmodel.sql.expression import SelectOfScalar

from app.caches import TtlCache
from app.config import Settings
from app.content.asks import ask_budget_check
from app.content.rules import host_allowed, share_text_problem
from app.content.schemas import ContentCreate, ContentFilters, ContentUpdate, Network
from app.errors import Invalid, NotFound
from app.models import ContentItem, ShareText, utcnow
from app.web.etags import check_if_match, etag
from app.web.pagination import paginate
from app.webhooks.endpoints import content_published_events

NOT_FOUND = "There is no content item with this id."


@dataclass(frozen=True)
class ContentRecord:
    """A stored item with its share texts by network: what every read of an item returns."""

    item: ContentItem
    share_texts: dict[str, str]


def _invalid(detail: str, issues: list[tuple[list[str], str]]) -> Invalid:
    # The same shape as schema validation errors, so clients handle one format.
    return Invalid(detail, errors=[{"loc": ["body", *loc], "msg": msg} for loc, msg in issues])


def _check_links(*, item: ContentItem, settings: Settings, fields: set[str]) -> None:
    for name in ("url", "image_url"):
        link = getattr(item, name)
        if name in fields and link is not None and not host_allowed(link, settings.content_hosts):
            msg = "the host is not among the content hosts this installation allows"
            raise _invalid(f"The {name} points to a host that is not allowed.", [([name], msg)])


def _check_dates(item: ContentItem) -> None:
    if item.publish_at and item.expires_at and item.expires_at <= item.publish_at:
        msg = "must be later than publish_at"
        raise _invalid("The item would expire before it is published.", [(["expires_at"], msg)])
    if item.leaders_from and item.publish_at and item.leaders_from >= item.publish_at:
        # An early release that starts at or after the release itself would release nothing.
        msg = "must be earlier than publish_at"
        raise _invalid(
            "Leaders would see the item no earlier than everyone.", [(["leaders_from"], msg)]
        )


def _check_share_texts(share_texts: Mapping[Network, str]) -> None:
    issues = [
        (["share_texts", network], problem)
        for network, text in share_texts.items()
        if (problem := share_text_problem(network, text)) is not None
    ]
    if issues:
        networks = ", ".join(loc[-1] for loc, _ in issues)
        raise _invalid(f"The share text for {networks} does not fit: {issues[0][1]}.", issues)


def _store_share_texts(
    *, session: Session, content_id: str, share_texts: Mapping[Network, str]
) -> None:
    session.exec(delete(ShareText).where(col(ShareText.content_id) == content_id))
    for network, text in share_texts.items():
        session.add(ShareText(content_id=content_id, network=network, text=text))
    session.flush()


def _is_published_ask(item: ContentItem) -> bool:
    return item.is_ask and item.status == "published"


def _prepare(*, settings: Settings, item: ContentItem, fields: set[str]) -> None:
    """Apply the rules every new or changed item obeys."""
    if item.status == "published" and item.publish_at is None:
        item.publish_at = utcnow()  # publishing without a date means now
    _check_links(item=item, settings=settings, fields=fields)
    _check_dates(item)


def content_create(*, session: Session, settings: Settings, data: ContentCreate) -> ContentRecord:
    """Create an item and its share texts; a published ask must fit the ask budget."""
    now = utcnow()
    item = ContentItem(**data.model_dump(exclude={"share_texts"}), created_at=now, updated_at=now)
    _prepare(settings=settings, item=item, fields={"url", "image_url"})
    _check_share_texts(data.share_texts)
    if _is_published_ask(item):
        ask_budget_check(session=session, settings=settings, item=item)
    session.add(item)
    session.flush()
    _store_share_texts(session=session, content_id=item.id, share_texts=data.share_texts)
    if item.status == "published":
        content_published_events(session=session, item=item)
    return _with_texts(session=session, items=[item])[0]


def _live_item(*, session: Session, content_id: str, for_update: bool = False) -> ContentItem:
    statement = select(ContentItem).where(
        ContentItem.id == content_id, col(ContentItem.deleted_at).is_(None)
    )
    if for_update:
        # Two writers holding the same ETag: the second waits, then sees the new version.
        statement = statement.with_for_update().execution_options(populate_existing=True)
    item = session.exec(statement).first()
    if item is None:
        raise NotFound(NOT_FOUND)
    return item


def content_get(*, session: Session, content_id: str) -> ContentRecord:
    """A live item; deleted and unknown ones are the same 404."""
    return _with_texts(session=session, items=[_live_item(session=session, content_id=content_id)])[
        0
    ]


def content_etag(item: ContentItem) -> str:
    """The ETag of the item's current version."""
    return etag(item.id, item.version)


def content_update(
    *,
    session: Session,
    settings: Settings,
    content_id: str,
    data: ContentUpdate,
    if_match: str | None,
) -> ContentRecord:
    """Change the fields sent (share_texts as a whole) if the writer saw the current version."""
    item = _live_item(session=session, content_id=content_id, for_update=True)
    check_if_match(if_match, current=content_etag(item))
    was_published_ask = _is_published_ask(item)
    was_published = item.status == "published"
    for name, value in data.model_dump(exclude_unset=True, exclude={"share_texts"}).items():
        setattr(item, name, value)
    _prepare(settings=settings, item=item, fields=data.model_fields_set)
    if data.share_texts is not None:
        _check_share_texts(data.share_texts)
        _store_share_texts(session=session, content_id=item.id, share_texts=data.share_texts)
    if _is_published_ask(item) and not was_published_ask:
        ask_budget_check(session=session, settings=settings, item=item)
    item.version += 1
    item.updated_at = utcnow()
    session.add(item)
    session.flush()
    if item.status == "published" and not was_published:
        content_published_events(session=session, item=item)
    return _with_texts(session=session, items=[item])[0]


def content_delete(*, session: Session, content_id: str, if_match: str | None = None) -> None:
    """Withdraw an item from every read; its shares, short links and clicks stay for analytics."""
    item = _live_item(session=session, content_id=content_id, for_update=True)
    if if_match:  # optional on DELETE; an empty header counts as none
        check_if_match(if_match, current=content_etag(item))
    item.deleted_at = item.updated_at = utcnow()
    item.version += 1
    session.add(item)
    session.flush()


def _filtered(
    statement: SelectOfScalar[ContentItem], filters: ContentFilters
) -> SelectOfScalar[ContentItem]:
    if filters.kind is not None:
        statement = statement.where(ContentItem.kind == filters.kind)
    if filters.language is not None:  # RFC 4647 basic filtering: "de" also finds "de-CH"
        language = col(ContentItem.language)
        statement = statement.where(
            or_(language == filters.language, language.startswith(f"{filters.language}-"))
        )
    if filters.topic is not None:
        # Topics are slugs, so their JSON form appears verbatim in the stored list
        # on SQLite and PostgreSQL alike.
        topics = cast(col(ContentItem.topics), String)
        statement = statement.where(topics.contains(json.dumps(filters.topic), autoescape=True))
    if filters.q is not None:
        needle = filters.q.lower()
        statement = statement.where(
            or_(
                func.lower(col(ContentItem.title)).contains(needle, autoescape=True),
                func.lower(col(ContentItem.summary)).contains(needle, autoescape=True),
            )
        )
    return statement


# A page of the listing is served from memory for at most this long; a write here clears it.
PAGE_CACHE_SECONDS = 1.0
PAGE_CACHE_ENTRIES = 128


def content_page_cache() -> TtlCache[tuple[str, int, str | None], bytes]:
    """Listing pages as sent, by filters, limit and cursor; cleared by every content write."""
    return TtlCache(ttl=PAGE_CACHE_SECONDS, max_entries=PAGE_CACHE_ENTRIES)


def content_list(
    *, session: Session, filters: ContentFilters, limit: int, cursor: str | None
) -> tuple[list[ContentRecord], str | None]:
    """One page, newest first; the cursor is the last item's (created_at, id)."""
    statement = select(ContentItem).where(
        col(ContentItem.deleted_at).is_(None), ContentItem.status == filters.status
    )
    items, next_cursor = paginate(
        session=session,
        query=_filtered(statement, filters),
        key=[col(ContentItem.created_at), col(ContentItem.id)],
        limit=limit,
        cursor=cursor,
        descending=True,
    )
    return _with_texts(session=session, items=items), next_cursor


def _with_texts(*, session: Session, items: Sequence[ContentItem]) -> list[ContentRecord]:
    # The share texts of a whole page in one query.
    texts: dict[str, dict[str, str]] = {item.id: {} for item in items}
    if texts:
        rows = session.exec(select(ShareText).where(col(ShareText.content_id).in_(texts)))
        for row in rows:
            texts[row.content_id][row.network] = row.text
    return [ContentRecord(item, texts[item.id]) for item in items]
