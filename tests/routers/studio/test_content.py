"""The studio's content list over HTTP: filters, search, paging and share-worthiness at a glance."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import Rating, Topic, utcnow
from tests.factories.consent import Browser
from tests.factories.feed import make_item

pytestmark = pytest.mark.db


def titles(page: httpx.Response) -> list[str]:
    """The item titles the list shows, in order."""
    return re.findall(
        r'<h3 lang="[^"]+"><a href="/studio/content/[^"]+">([^<]+)</a></h3>', page.text
    )


@pytest.fixture
def catalog(engine: Engine) -> dict[str, str]:
    """Items of every status, kind and language; titles by a short name."""
    now = utcnow()
    with transaction(engine) as session:
        session.add(Topic(id="jobs", names={"en": "Jobs", "de": "Stellen"}))
        made = {
            "draft": make_item(session, title="Sommerfest draft", status="draft", language="de"),
            "job": make_item(
                session, title="Hiring engineers", kind="job", language="en", topics=["jobs"]
            ),
            "ask": make_item(
                session,
                title="Please share our open day",
                is_ask=True,
                language="en-GB",
                summary="The yearly open day",
                publish_at=now + timedelta(days=2),
                expires_at=now + timedelta(days=9),
            ),
            "archived": make_item(session, title="Old news", status="archived", language="fr"),
        }
        return {name: item.id for name, item in made.items()}


def test_the_list_shows_every_status_newest_first(
    client: httpx.Client, comms: Browser, catalog: dict[str, str]
) -> None:
    page = client.get("/studio")
    assert page.status_code == 200
    assert titles(page) == [
        "Old news",
        "Please share our open day",
        "Hiring engineers",
        "Sommerfest draft",
    ]
    assert "Draft" in page.text
    assert "Archived" in page.text
    assert "Published" in page.text
    assert "UTC" in page.text  # the publish and expiry times say their zone
    assert page.text.count("no answers yet") == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", ["Sommerfest draft"]),
        ("status=published", ["Please share our open day", "Hiring engineers"]),
        ("kind=job", ["Hiring engineers"]),
        ("language=en", ["Please share our open day", "Hiring engineers"]),
        ("language=fr", ["Old news"]),
        ("topic=jobs", ["Hiring engineers"]),
        ("ask=yes", ["Please share our open day"]),
        ("ask=no&status=published", ["Hiring engineers"]),
        ("q=OPEN+DAY", ["Please share our open day"]),
        ("q=yearly", ["Please share our open day"]),  # the summary is searched too
        ("q=nothing+like+it", []),
    ],
)
def test_filters_and_search_narrow_the_list(
    client: httpx.Client, comms: Browser, catalog: dict[str, str], query: str, expected: list[str]
) -> None:
    page = client.get(f"/studio?{query}")
    assert page.status_code == 200
    assert titles(page) == expected
    if not expected:
        assert "No items match these filters." in page.text


def test_a_bad_filter_is_named_and_left_out(
    client: httpx.Client, comms: Browser, catalog: dict[str, str]
) -> None:
    page = client.get("/studio?status=gone&kind=job")
    assert page.status_code == 422
    assert "This filter is not valid, so it is left out." in page.text
    assert titles(page) == ["Hiring engineers"]  # the valid filter still applies
    broken = client.get("/studio?cursor=not-a-cursor")
    assert broken.status_code == 422
    assert "the list starts again from the top" in broken.text
    assert len(titles(broken)) == 4


def test_paging_by_key_keeps_the_filters(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        for n in range(30):
            make_item(session, title=f"Item {n:02}", status="draft")
        make_item(session, title="Published one")
    first = client.get("/studio?status=draft")
    assert len(titles(first)) == 25
    assert "First page" not in first.text
    link = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    assert "status=draft" in href
    second = client.get(href)
    assert len(titles(second)) == 5
    assert set(titles(first)).isdisjoint(titles(second))
    assert "Published one" not in second.text
    assert 'rel="next"' not in second.text
    assert "First page" in second.text


def test_share_worthiness_shows_only_from_k_answers(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        few = make_item(session, title="Few answers")
        many = make_item(session, title="Many answers")
        for _ in range(4):
            session.add(Rating(content_id=few.id, worth_sharing=True))
        for n in range(8):
            session.add(Rating(content_id=many.id, worth_sharing=n < 6))
    page = client.get("/studio")
    assert "answered by fewer than 5" in page.text  # k = 5: four answers say nothing yet
    assert "75% yes · answered by 8" in page.text


def test_htmx_gets_the_results_alone(
    client: httpx.Client, comms: Browser, catalog: dict[str, str]
) -> None:
    page = client.get("/studio?kind=job", headers={"HX-Request": "true"})
    assert page.text.lstrip().startswith('<section id="results"')
    assert titles(page) == ["Hiring engineers"]
