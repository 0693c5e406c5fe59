"""The demo shows leaders first and the preview circle: an item in its leaders' hours,
shared by leaders who hold recognition, and a draft the circle is answering for."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from app.db import transaction
from app.demo.seed import seed_demo
from app.models import AmbassadorProfile, ContentItem, utcnow
from app.sharing.circle import circle_view
from app.sharing.leadership import leadership_of

pytestmark = pytest.mark.db


def test_leaders_first_and_the_preview_circle_are_there_to_see(engine: Engine) -> None:
    with transaction(engine) as session:
        seed_demo(session=session)
    now = utcnow()
    with transaction(engine, write=False) as session:
        statement = select(ContentItem).where(col(ContentItem.leaders_from).is_not(None))
        (early,) = session.exec(statement).all()
        assert early.leaders_from is not None
        assert early.publish_at is not None
        assert early.leaders_from < now < early.publish_at
        assert leadership_of(session=session, content_ids=[early.id])[early.id].count >= 2
        (sent,) = session.exec(select(ContentItem).where(col(ContentItem.circle_at).is_not(None)))
        assert sent.status == "draft"
        circle = circle_view(session=session, content_id=sent.id, k=5)
        assert circle.members is not None
        assert (circle.answers, circle.shown) == (3, False)
        asked = session.exec(select(AmbassadorProfile).where(col(AmbassadorProfile.show_drafts)))
        assert len(asked.all()) >= 5
