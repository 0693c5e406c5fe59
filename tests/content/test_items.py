"""The content service: the rules hold whichever door (API, UI, CLI) an item comes through."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.config import Settings
from app.content.items import (
    content_create,
    content_delete,
    content_etag,
    content_get,
    content_list,
    content_update,
)
from app.content.schemas import ContentCreate, ContentFilters, ContentPublic, ContentUpdate
from app.db import transaction
from app.errors import Conflict, Invalid, NotFound, PreconditionFailed, PreconditionRequired
from app.models import ContentItem, ShareText, utcnow

pytestmark = pytest.mark.db
CDN = "https://cdn.example/i.png"


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One transaction for the whole test."""
    with transaction(engine) as session:
        yield session


def draft(**overrides: Any) -> ContentCreate:
    """A valid item to create, with any field overridden."""
    fields: dict[str, Any] = {
        "kind": "article",
        "title": "Grüße aus Köln 🎉",
        "summary": "Straße, Maß und Ölfass – alles dabei.",
        "url": "https://www.example.com/news/koeln",
        "language": "de",
        "topics": ["community"],
        "share_texts": {"linkedin": "Schöne Grüße 👋", "x": "Köln 🎉"},
    }
    return ContentCreate.model_validate(fields | overrides)


def create(session: Session, settings: Settings, **overrides: Any) -> ContentItem:
    return content_create(session=session, settings=settings, data=draft(**overrides)).item


def change(session: Session, settings: Settings, item: ContentItem, **fields: Any) -> ContentItem:
    return content_update(
        session=session,
        settings=settings,
        content_id=item.id,
        data=ContentUpdate.model_validate(fields),
        if_match=content_etag(item),
    ).item


def test_an_item_reads_back_as_it_was_created(session: Session, settings: Settings) -> None:
    item = create(session, settings)
    public = ContentPublic.of(
        content_get(session=session, content_id=item.id), base_url=settings.base_url
    )
    assert public.title == "Grüße aus Köln 🎉"
    assert public.share_texts == {"linkedin": "Schöne Grüße 👋", "x": "Köln 🎉"}
    assert (public.status, public.version, public.publish_at) == ("draft", 1, None)


def test_a_picture_stored_as_a_path_reads_as_a_url_under_base_url(
    session: Session, settings: Settings
) -> None:
    on_site = create(session, settings, url="https://www.example.com/a")
    on_site.image_url = "/static/demo/lw-40.svg"  # how the demo stores its pictures
    elsewhere = create(session, settings, url="https://www.example.com/b", image_url=CDN)
    public = [
        ContentPublic.of(content_get(session=session, content_id=i.id), base_url=settings.base_url)
        for i in (on_site, elsewhere)
    ]
    assert settings.base_url.startswith("http")
    assert public[0].image_url == f"{settings.base_url}/static/demo/lw-40.svg"
    assert public[1].image_url == CDN


def test_publishing_without_a_date_publishes_now(session: Session, settings: Settings) -> None:
    before = utcnow()
    item = create(session, settings, status="published")
    assert item.publish_at is not None
    assert item.publish_at >= before


def test_a_too_long_share_text_names_its_network(session: Session, settings: Settings) -> None:
    with pytest.raises(Invalid, match="x") as caught:
        create(session, settings, share_texts={"linkedin": "ok", "x": "a" * 281})
    assert caught.value.extra["errors"][0]["loc"] == ["body", "share_texts", "x"]


def test_content_hosts_limit_links_to_exact_hosts(session: Session, settings: Settings) -> None:
    settings.content_hosts = ["example.com"]
    assert create(session, settings, url="https://EXAMPLE.com/a").url == "https://example.com/a"
    with pytest.raises(Invalid) as caught:
        create(session, settings, url="https://www.example.com/a")
    assert caught.value.extra["errors"][0]["loc"] == ["body", "url"]
    with pytest.raises(Invalid):
        create(session, settings, url="https://example.com/", image_url="https://cdn.example/i.png")


def test_an_item_cannot_expire_before_it_is_published(session: Session, settings: Settings) -> None:
    at = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
    with pytest.raises(Invalid, match="expire"):
        create(session, settings, publish_at=at, expires_at=at - timedelta(hours=1))


def test_a_change_bumps_the_version_and_replaces_share_texts(
    session: Session, settings: Settings
) -> None:
    item = create(session, settings)
    first_update = item.updated_at
    changed = change(session, settings, item, title="Neu", share_texts={"bluesky": "Hallo"})
    assert (changed.title, changed.version, changed.summary) == ("Neu", 2, item.summary)
    assert changed.updated_at > first_update
    texts = session.exec(select(ShareText).where(ShareText.content_id == item.id)).all()
    assert {(t.network, t.text) for t in texts} == {("bluesky", "Hallo")}


def test_a_change_needs_the_current_etag(session: Session, settings: Settings) -> None:
    item = create(session, settings)
    stale = content_etag(item)
    change(session, settings, item, title="Erster")
    update = ContentUpdate(title="Zweiter")
    with pytest.raises(PreconditionFailed):
        content_update(
            session=session, settings=settings, content_id=item.id, data=update, if_match=stale
        )
    with pytest.raises(PreconditionRequired):
        content_update(
            session=session, settings=settings, content_id=item.id, data=update, if_match=None
        )


def test_a_deleted_item_is_gone_but_its_share_texts_stay(
    session: Session, settings: Settings
) -> None:
    item = create(session, settings, status="published")
    content_delete(session=session, content_id=item.id)
    with pytest.raises(NotFound):
        content_get(session=session, content_id=item.id)
    with pytest.raises(NotFound):
        content_delete(session=session, content_id=item.id)
    items, _ = content_list(session=session, filters=ContentFilters(), limit=50, cursor=None)
    assert item.id not in {r.item.id for r in items}
    assert session.exec(select(ShareText).where(ShareText.content_id == item.id)).all()


def test_pages_visit_items_with_equal_timestamps_exactly_once(
    session: Session, settings: Settings
) -> None:
    same = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
    ids = set()
    for _ in range(10):
        item = create(session, settings, status="published")
        item.created_at = same
        ids.add(item.id)
    session.flush()
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page, cursor = content_list(
            session=session, filters=ContentFilters(), limit=3, cursor=cursor
        )
        seen += [r.item.id for r in page]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids)


def test_filters_narrow_the_listing(session: Session, settings: Settings) -> None:
    swiss = create(session, settings, status="published", language="de-ch", topics=["jobs"])
    job = create(session, settings, status="published", kind="job", title="Schweißer:in gesucht")
    create(session, settings, status="draft", summary="Nichts für Köln")

    def found(**filters: Any) -> set[str]:
        query = ContentFilters.model_validate(filters)
        items, _ = content_list(session=session, filters=query, limit=50, cursor=None)
        return {r.item.id for r in items}

    assert found() == {swiss.id, job.id}
    assert found(language="de") == {swiss.id, job.id}
    assert found(language="DE-ch") == {swiss.id}
    assert found(topic="jobs") == {swiss.id}
    assert found(topic="job") == set()
    assert found(kind="job") == {job.id}
    assert found(q="schweiß") == {job.id}
    assert found(q="KÖLN") == {swiss.id}  # in the title "Grüße aus Köln 🎉"
    assert found(q="100%") == set()
    assert len(found(status="draft")) == 1


def test_the_ask_budget_counts_asks_of_the_last_365_days(
    session: Session, settings: Settings
) -> None:
    settings.ask_budget = 2
    old = create(session, settings, status="published", is_ask=True)
    old.publish_at = utcnow() - timedelta(days=366)  # outside the window: does not count
    create(session, settings, status="published", is_ask=True)
    withdrawn = create(session, settings, status="published", is_ask=True)
    content_delete(session=session, content_id=withdrawn.id)  # a withdrawn ask still counts
    with pytest.raises(Conflict) as caught:
        create(session, settings, status="published", is_ask=True)
    assert caught.value.type_slug == "ask-budget-exceeded"
    pending = create(session, settings, is_ask=True)
    with pytest.raises(Conflict):
        change(session, settings, pending, status="published")
    assert change(session, settings, pending, status="published", is_ask=False).version == 2


def test_changing_a_published_ask_does_not_count_it_twice(
    session: Session, settings: Settings
) -> None:
    settings.ask_budget = 1
    ask = create(session, settings, status="published", is_ask=True)
    assert change(session, settings, ask, title="Korrigiert").version == 2


def test_leaders_cannot_be_released_to_after_everyone(session: Session, settings: Settings) -> None:
    at = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
    with pytest.raises(Invalid, match="Leaders"):
        create(session, settings, publish_at=at, leaders_from=at)
    assert create(session, settings, publish_at=at, leaders_from=at - timedelta(hours=3))
