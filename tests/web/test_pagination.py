"""Keyset cursors: a forged one is a 422, and a later page starts at its cursor in the index."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event, insert, text
from sqlmodel import Session, SQLModel

from app.consent.reports import consent_listing
from app.content.items import content_list
from app.content.schemas import ContentFilters
from app.db import transaction
from app.models import SCOPES, ContentItem, Employee, new_id
from tests.conftest import bearer

pytestmark = pytest.mark.db
LISTINGS = ["/api/v1/content", "/api/v1/consents", "/api/v1/webhooks"]
SIZE, PAGE = 3000, 50
Listing = Callable[[Session, str | None], str | None]


def opaque(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


FORGED = [
    "not a cursor!",
    opaque({"created_at": "2026-11-27T14:05:00+00:00"}),
    opaque([]),
    opaque(["a", "b", "c"]),
    opaque([None, None]),
    opaque([True, 1]),
    opaque([["E-1"], {"purpose": "ambassador"}]),
    base64.urlsafe_b64encode(b"\xff\xfe[").decode(),
]


@pytest.mark.parametrize("path", LISTINGS)
@pytest.mark.parametrize("cursor", FORGED)
def test_a_forged_cursor_is_a_422_naming_the_cursor(
    client: httpx.Client, make_key: Callable[..., str], path: str, cursor: str
) -> None:
    response = client.get(path, params={"cursor": cursor}, headers=bearer(make_key(*SCOPES)))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "cursor" in response.json()["detail"]


def test_a_cursor_with_a_time_of_no_zone_is_refused(
    client: httpx.Client, make_key: Callable[..., str]
) -> None:
    auth = bearer(make_key("content:read"))
    naive = opaque(["2026-11-27T14:05:00", "01jf0000000000000000000000"])
    zoned = opaque(["2026-11-27T14:05:00+00:00", "01jf0000000000000000000000"])
    assert client.get("/api/v1/content", params={"cursor": naive}, headers=auth).status_code == 422
    assert client.get("/api/v1/content", params={"cursor": zoned}, headers=auth).status_code == 200


PAGING_RULES = [
    "app.web.pagination",
    "app.content.items",
    "app.sharing.feed",
    "app.consent.reports",
    "app.webhooks.endpoints",
]


def test_the_rules_that_page_know_nothing_of_fastapi() -> None:
    """Query parameters belong to the routers; a domain that pages does not load FastAPI."""
    code = f"import sys; import {', '.join(PAGING_RULES)}; print('fastapi' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert loaded.stdout.strip() == "False"


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the engine sends while the block runs, with its parameters."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        sent.append((statement, params))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def next_page_plan(engine: Engine, listing: Listing) -> str:
    """How the database reads the second page of a listing: index scans and their conditions."""
    with transaction(engine, write=False) as session:
        cursor = listing(session, None)
        with statements(engine) as sent:
            listing(session, cursor)
        statement, params = [s for s in sent if "LIMIT" in s[0]][-1]
        connection = session.connection()
        if engine.dialect.name == "postgresql":
            plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", params)
            return "\n".join(_index_scans(plan.scalar_one()[0]["Plan"]))
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
        return "\n".join(str(row[-1]) for row in rows)


def _index_scans(node: dict[str, Any]) -> Iterator[str]:
    # An index read in order from the cursor on: the LIMIT stops it after one page.
    if node["Node Type"] in ("Index Scan", "Index Only Scan"):
        yield f"SEARCH {node['Relation Name']} ({node.get('Index Cond', '')})"
    for child in node.get("Plans", []):
        yield from _index_scans(child)


def fill(engine: Engine, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Enough rows, with fresh statistics, that the planner answers as it would in production."""
    with transaction(engine) as session:
        session.execute(insert(table), rows)
        session.execute(text(f"ANALYZE {table.__tablename__}"))


def test_the_consent_listing_seeks_past_the_people_before_its_cursor(engine: Engine) -> None:
    fill(
        engine,
        Employee,
        [{"id": new_id(), "external_id": f"E-{n:05}", "display_name": "P"} for n in range(SIZE)],
    )

    def listing(session: Session, cursor: str | None) -> str | None:
        return consent_listing(session=session, limit=PAGE, cursor=cursor)[1]

    plan = next_page_plan(engine, listing)
    if engine.dialect.name == "postgresql":
        assert re.search(r"SEARCH employee \(.*external_id\)::text >=? ", plan), plan
    else:
        assert "SEARCH employee USING INDEX" in plan
        assert "(external_id>?)" in plan


def test_the_content_listing_seeks_past_the_items_before_its_cursor(engine: Engine) -> None:
    start = datetime(2026, 11, 27, tzinfo=UTC)
    item = {"kind": "article", "title": "t", "url": "https://e.example/", "language": "en"}
    fill(
        engine,
        ContentItem,
        [
            item
            | {"id": new_id(), "status": "published", "created_at": start - timedelta(minutes=n)}
            for n in range(SIZE)
        ],
    )

    def listing(session: Session, cursor: str | None) -> str | None:
        return content_list(session=session, filters=ContentFilters(), limit=PAGE, cursor=cursor)[1]

    plan = next_page_plan(engine, listing)
    if engine.dialect.name == "postgresql":
        assert re.search(r"SEARCH content_item \(.*(created_at <|ROW\(created_at)", plan), plan
    else:
        assert "SEARCH content_item USING INDEX" in plan
        assert "created_at<?" in plan or "(created_at,id)<(?,?)" in plan
