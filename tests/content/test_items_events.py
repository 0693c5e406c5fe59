"""Publishing content queues content.published (and ask.published for an ask) atomically."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from app.config import Settings
from app.content.items import content_create, content_update
from app.content.schemas import ContentCreate, ContentUpdate
from app.db import transaction
from app.models import OutboxMessage
from tests.factories.webhooks import make_endpoint

pytestmark = pytest.mark.db


def events(engine: Engine) -> list[tuple[str, object]]:
    with transaction(engine, write=False) as session:
        messages = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.created_at))).all()
        return [(m.event_type, m.payload["data"]) for m in messages]


def create(engine: Engine, settings: Settings, **fields: object) -> str:
    body = {
        "kind": "article",
        "title": "Tag der offenen Tür",
        "url": "https://example.com/t",
        "language": "de",
    } | fields
    with transaction(engine) as session:
        return content_create(
            session=session, settings=settings, data=ContentCreate.model_validate(body)
        ).item.id


def update(engine: Engine, settings: Settings, content_id: str, **changes: object) -> None:
    with transaction(engine) as session:
        data = ContentUpdate.model_validate(changes)
        content_update(
            session=session, settings=settings, content_id=content_id, data=data, if_match="*"
        )


def test_publishing_queues_content_published(engine: Engine, settings: Settings) -> None:
    make_endpoint(engine, "http://127.0.0.1:9/hook")
    draft = create(engine, settings)
    assert events(engine) == []
    update(engine, settings, draft, status="published")
    assert events(engine) == [("content.published", {"content_id": draft})]
    update(engine, settings, draft, title="Neu")  # an edit of a published item is no new event
    assert len(events(engine)) == 1


def test_an_ask_queues_both_events(engine: Engine, settings: Settings) -> None:
    make_endpoint(engine, "http://127.0.0.1:9/hook")
    job = create(engine, settings, kind="job", is_ask=True, status="published")
    assert sorted(events(engine)) == [
        ("ask.published", {"content_id": job}), ("content.published", {"content_id": job}),
    ]  # fmt: skip


def test_a_failed_create_queues_nothing(engine: Engine, settings: Settings) -> None:
    make_endpoint(engine, "http://127.0.0.1:9/hook")
    body = {"kind": "article", "title": "t", "url": "https://example.com/", "language": "en",
            "status": "published"}  # fmt: skip

    def create_then_fail() -> None:
        with transaction(engine) as session:
            data = ContentCreate.model_validate(body)
            content_create(session=session, settings=settings, data=data)
            raise RuntimeError("the request failed after the change")

    with pytest.raises(RuntimeError):
        create_then_fail()
    assert events(engine) == []
