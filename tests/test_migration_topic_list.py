"""The topic list migration: the list starts from live content, profiles are mapped onto it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import inspect

from app.content.topics import topic_get, topic_menu
from app.db import make_engine, transaction
from app.migrate import alembic_config, upgrade_head
from app.models import AmbassadorProfile

pytestmark = pytest.mark.db
BEFORE = "8e41b2f6c0d7"  # the revision before the topic list
NOW = datetime(2026, 12, 1, 9, 0)  # naive UTC, as the app stores times on SQLite

content = sa.table(
    "content_item",
    *(sa.column(name) for name in ("id", "kind", "title", "summary", "url", "language")),
    *(sa.column(name) for name in ("status", "is_ask", "version")),
    sa.column("topics", sa.JSON()),
    sa.column("talking_points", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("deleted_at", sa.DateTime(timezone=True)),
)
employee = sa.table(
    "employee",
    *(sa.column(name) for name in ("id", "external_id", "display_name", "locale")),
    *(sa.column(name) for name in ("is_leader", "active")),
    sa.column("roles", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
profile = sa.table(
    "ambassador_profile",
    sa.column("employee_id"),
    *(sa.column(name, sa.JSON()) for name in ("networks", "topics", "languages")),
    *(sa.column(name) for name in ("asks_per_quarter", "paused", "no_social_networks")),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
# Profile topics as people typed them into the old free-text field, and what they become.
PROFILES = {
    "p1": (["careers", "culture"], ["careers", "culture"]),  # on the list: kept
    "p2": (["career", "open-source", "culture"], ["careers", "culture"]),  # plural: mapped
    "p3": (["heat-pump", "heat-pumps"], ["heat-pumps"]),  # two forms of one: once
    "p4": (["hiring", "recruiting", "events"], []),  # nothing like them: dropped
    "p5": (["secret-project"], []),  # only on a deleted item: dropped
    "p6": ([], []),
}


def _item(n: int, topics: list[str], *, deleted: bool = False) -> dict[str, Any]:
    return {
        "id": f"item{n:022d}", "kind": "article", "title": f"Item {n}", "summary": "",
        "url": f"https://example.com/{n}", "language": "de", "status": "published",
        "is_ask": False, "version": 1, "topics": topics, "talking_points": [],
        "created_at": NOW, "updated_at": NOW, "deleted_at": NOW if deleted else None,
    }  # fmt: skip


def _person(key: str) -> dict[str, Any]:
    return {
        "id": f"{key:0>26}", "external_id": key, "display_name": key, "locale": "de",
        "is_leader": False, "active": True, "roles": [], "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip


def _profile(key: str, topics: list[str]) -> dict[str, Any]:
    return {
        "employee_id": f"{key:0>26}", "networks": ["linkedin"], "topics": topics,
        "languages": ["de"], "asks_per_quarter": 1, "paused": False,
        "no_social_networks": False, "updated_at": NOW,
    }  # fmt: skip


def test_the_list_starts_from_live_content_and_profiles_keep_only_listed_topics(
    empty_database_url: str,
) -> None:
    config = alembic_config(empty_database_url)
    command.upgrade(config, BEFORE)
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                content.insert(),
                [
                    _item(1, ["careers", "heat-pumps"]),
                    _item(2, ["culture", "careers"]),
                    _item(3, []),
                    _item(4, ["secret-project"], deleted=True),
                ],
            )
            conn.execute(employee.insert(), [_person(key) for key in PROFILES])
            conn.execute(
                profile.insert(), [_profile(key, before) for key, (before, _) in PROFILES.items()]
            )
        upgrade_head(empty_database_url)
        with transaction(engine, write=False) as session:
            menu = topic_menu(session=session)
            mapped = {
                key: stored.topics
                for key in PROFILES
                if (stored := session.get(AmbassadorProfile, f"{key:0>26}")) is not None
            }
        assert dict(menu.names) == {
            "careers": {"en": "Careers"},
            "culture": {"en": "Culture"},
            "heat-pumps": {"en": "Heat pumps"},
        }
        assert mapped == {key: after for key, (_, after) in PROFILES.items()}
        command.downgrade(config, BEFORE)
        assert "topic" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_database_without_content_starts_with_an_empty_list(empty_database_url: str) -> None:
    upgrade_head(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        with transaction(engine, write=False) as session:
            assert dict(topic_menu(session=session).names) == {}
    finally:
        engine.dispose()


def test_seeded_times_read_back_as_utc(empty_database_url: str) -> None:
    command.upgrade(alembic_config(empty_database_url), BEFORE)
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as conn:
            conn.execute(content.insert(), [_item(1, ["careers"])])
        before = datetime.now(UTC).replace(microsecond=0)
        upgrade_head(empty_database_url)
        with transaction(engine, write=False) as session:
            careers = topic_get(session=session, topic_id="careers")
            assert careers.created_at.tzinfo is not None
            assert before <= careers.created_at.replace(microsecond=0) <= datetime.now(UTC)
    finally:
        engine.dispose()
