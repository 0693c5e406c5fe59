"""What readers see: one "published now" rule for the feed and for sharing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from app.content.visibility import published_item
from app.db import transaction
from app.errors import Conflict, NotFound
from app.models import utcnow
from app.sharing.feed import feed_card, feed_reader
from app.sharing.shares import shareable_item
from tests.factories.feed import make_item
from tests.factories.people import make_employee

pytestmark = pytest.mark.db
NOW = utcnow()
STATES: dict[str, tuple[dict[str, Any], bool]] = {
    "live": ({}, True),
    "no date": ({"publish_at": None}, True),
    "inside its window": (
        {"publish_at": NOW - timedelta(days=1), "expires_at": NOW + timedelta(days=1)},
        True,
    ),
    "draft": ({"status": "draft"}, False),
    "archived": ({"status": "archived"}, False),
    "later": ({"publish_at": NOW + timedelta(hours=1)}, False),
    "expired": ({"expires_at": NOW - timedelta(seconds=1)}, False),
    "deleted": ({"deleted_at": NOW}, False),
}


@pytest.mark.parametrize("state", STATES)
def test_the_feed_shows_what_sharing_accepts(engine: Engine, state: str) -> None:
    fields, readable = STATES[state]
    with transaction(engine) as session:
        item = make_item(session, **fields)
        reader = feed_reader(session=session, employee=make_employee(session))
        assert (published_item(session=session, content_id=item.id) is not None) is readable
        if readable:
            assert feed_card(session=session, reader=reader, content_id=item.id).item == item
            assert shareable_item(session=session, content_id=item.id) == item
            return
        with pytest.raises(NotFound):
            feed_card(session=session, reader=reader, content_id=item.id)
        # Sharing tells a deleted item (gone) from one that is not published yet or any more.
        with pytest.raises(NotFound if state == "deleted" else Conflict):
            shareable_item(session=session, content_id=item.id)
