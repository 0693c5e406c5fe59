"""Merging topic A into B: every profile and item that carried A carries B, and A is gone."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from app.content.topic_schemas import TopicCreate
from app.content.topics import topic_create, topic_etag, topic_ids, topic_merge
from app.db import transaction
from app.errors import Conflict, NotFound, PreconditionFailed
from app.models import AmbassadorProfile, ContentItem, Topic
from tests.factories.feed import make_item, make_profile
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


def _topics(engine: Engine, *slugs: str) -> None:
    with transaction(engine) as session:
        for slug in slugs:
            topic_create(session=session, data=TopicCreate(id=slug, names={"en": slug.title()}))


def test_merging_moves_profiles_and_items_and_removes_the_source(engine: Engine) -> None:
    _topics(engine, "careers", "jobs", "culture")
    with transaction(engine) as session:
        both, one, other = (make_employee(session) for _ in range(3))
        make_profile(session, both.id, topics=["jobs", "careers"])
        make_profile(session, one.id, topics=["culture", "jobs"])
        make_profile(session, other.id, topics=["culture"])
        moved = make_item(session, topics=["jobs"])
        kept = make_item(session, topics=["culture"])
        people, items = (both.id, one.id, other.id), (moved.id, kept.id)
    with transaction(engine) as session:
        target = topic_merge(session=session, source_id="jobs", target_id="careers")
        assert target.version == 2
    with transaction(engine, write=False) as session:
        assert topic_ids(session=session) == {"careers", "culture"}
        profiles = [session.get(AmbassadorProfile, p) for p in people]
        assert [p.topics for p in profiles if p] == [
            ["careers"],
            ["culture", "careers"],
            ["culture"],
        ]
        stored = [session.get(ContentItem, i) for i in items]
        assert [(i.topics, i.version) for i in stored if i] == [(["careers"], 2), (["culture"], 1)]


def test_a_merge_needs_two_topics_and_the_current_version(engine: Engine) -> None:
    _topics(engine, "careers", "jobs")
    with transaction(engine) as session:
        with pytest.raises(Conflict):
            topic_merge(session=session, source_id="jobs", target_id="jobs")
        with pytest.raises(NotFound):
            topic_merge(session=session, source_id="jobs", target_id="nowhere")
        with pytest.raises(PreconditionFailed):
            topic_merge(session=session, source_id="jobs", target_id="careers", if_match='"jobs.9"')
    with transaction(engine) as session:
        jobs = session.get_one(Topic, "jobs")
        topic_merge(
            session=session, source_id="jobs", target_id="careers", if_match=topic_etag(jobs)
        )
    with transaction(engine, write=False) as session:
        assert topic_ids(session=session) == {"careers"}
