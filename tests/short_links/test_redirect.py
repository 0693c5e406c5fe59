"""The public short link /s/{code}: a redirect that counts clicks and nothing else."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import Engine, func, inspect, select, text

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import ClickDay, ContentItem, ShortLink, utcnow
from app.short_links.codes import new_short_code
from tests.conftest import bearer, serving

pytestmark = pytest.mark.db
VISITOR_MARK = "visitor-fingerprint-3f9a"


@pytest.fixture
def make_link(engine: Engine) -> Callable[..., str]:
    """A published item with one short link; returns the code."""

    def make(
        url: str = "https://example.com/jobs?ref=intranet#apply",
        network: str = "linkedin",
        deleted: bool = False,
    ) -> str:
        code = new_short_code()
        with transaction(engine) as session:
            item = ContentItem(
                kind="job",
                title="Wir suchen dich",
                url=url,
                language="de",
                status="published",
                deleted_at=utcnow() if deleted else None,
            )
            session.add(item)
            session.flush()
            session.add(ShortLink(code=code, content_id=item.id, network=network))
        return code

    return make


def clicks(engine: Engine, code: str) -> int:
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, code)
        assert link is not None
        return link.clicks


def wait_for_clicks(engine: Engine, code: str, expected: int, timeout: float = 10) -> int:
    """Clicks are written in batches a fraction of a second later."""
    deadline = time.monotonic() + timeout
    while (seen := clicks(engine, code)) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return seen


def test_redirect_carries_utm_parameters_and_counts_one_click(
    client: httpx.Client, engine: Engine, make_link: Callable[..., str]
) -> None:
    code = make_link()
    response = client.get(f"/s/{code}", headers={"User-Agent": VISITOR_MARK})
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert (location.scheme, location.netloc, location.path) == ("https", "example.com", "/jobs")
    assert location.fragment == "apply"
    query = parse_qs(location.query)
    assert query["ref"] == ["intranet"]
    assert query["utm_source"] == ["linkedin"]
    assert query["utm_medium"] == ["employee_share"]
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, code)
        assert link is not None
        assert query["utm_campaign"] == [link.content_id]
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers
    assert wait_for_clicks(engine, code, 1) == 1
    with transaction(engine, write=False) as session:
        assert session.scalar(select(func.sum(ClickDay.clicks))) == 1


def test_nothing_about_the_visitor_is_stored(
    client: httpx.Client, engine: Engine, make_link: Callable[..., str]
) -> None:
    code = make_link()
    client.get(
        f"/s/{code}", headers={"User-Agent": VISITOR_MARK, "Referer": "https://ref.example/"}
    )
    wait_for_clicks(engine, code, 1)
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    assert VISITOR_MARK not in str(value)
                    assert "127.0.0.1" not in str(value)
                    assert "ref.example" not in str(value)


def test_head_answers_the_same_and_counts_nothing(
    client: httpx.Client, engine: Engine, make_link: Callable[..., str]
) -> None:
    code = make_link()
    head = client.head(f"/s/{code}")
    assert head.status_code == 302
    assert head.headers["cache-control"] == "no-store"
    assert "utm_source=linkedin" in head.headers["location"]
    client.get(f"/s/{code}")
    assert wait_for_clicks(engine, code, 1) == 1
    time.sleep(0.7)  # past another flush: the HEAD did not count
    assert clicks(engine, code) == 1


@pytest.mark.parametrize("code", ["doesNotExist123", "<script>alert(1)</script>", "a", "x" * 200])
def test_unknown_code_is_404_without_echoing_it(client: httpx.Client, code: str) -> None:
    response = client.get(f"/s/{code}")
    assert response.status_code == 404
    assert code not in response.text
    assert response.headers["cache-control"] == "no-store"


def test_deleted_item_is_410(client: httpx.Client, make_link: Callable[..., str]) -> None:
    code = make_link(deleted=True)
    response = client.get(f"/s/{code}")
    assert response.status_code == 410
    assert "location" not in response.headers


def test_other_methods_are_405(client: httpx.Client, make_link: Callable[..., str]) -> None:
    response = client.post(f"/s/{make_link()}")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_non_ascii_target_is_sent_as_ascii(
    client: httpx.Client, make_link: Callable[..., str]
) -> None:
    code = make_link(url="https://bücher.example/grüße?q=Köln")
    location = client.get(f"/s/{code}").headers["location"]
    assert location.startswith("https://xn--bcher-kva.example/gr%C3%BC%C3%9Fe?q=K%C3%B6ln&")


def test_five_hundred_concurrent_clicks_are_counted_exactly(
    client: httpx.Client, engine: Engine, make_link: Callable[..., str]
) -> None:
    code = make_link()

    async def burst() -> list[int]:
        limits = httpx.Limits(max_connections=64)
        # 500 requests queue for 64 connections: on a loaded machine the last ones wait
        # longer than httpx's default 5 s for a connection, which is no fault of the server.
        async with httpx.AsyncClient(
            base_url=str(client.base_url), limits=limits, timeout=120
        ) as aclient:
            responses = await asyncio.gather(*(aclient.get(f"/s/{code}") for _ in range(500)))
        return [r.status_code for r in responses]

    assert asyncio.run(burst()) == [302] * 500
    assert wait_for_clicks(engine, code, 500) == 500
    time.sleep(0.7)
    assert clicks(engine, code) == 500


def test_rate_limit_per_client_address(settings: Settings, make_link: Callable[..., str]) -> None:
    limited = settings.model_copy(update={"rate_limits": True, "rate_limit_links": "3/minute"})
    code = make_link()
    with serving(create_app(limited)) as url, httpx.Client(base_url=url) as client:
        statuses = [client.get(f"/s/{code}").status_code for _ in range(4)]
        refused = client.get(f"/s/{code}")
    assert statuses == [302, 302, 302, 429]
    assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_a_link_followed_a_moment_ago_answers_410_once_its_item_is_deleted(
    client: httpx.Client,
    engine: Engine,
    make_key: Callable[..., str],
    make_link: Callable[..., str],
) -> None:
    code = make_link()
    assert client.get(f"/s/{code}").status_code == 302  # its answer is kept in memory now
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, code)
        assert link is not None
        content_id = link.content_id
    auth = bearer(make_key("content:write")) | {"If-Match": "*"}
    assert client.delete(f"/api/v1/content/{content_id}", headers=auth).status_code == 204
    assert client.get(f"/s/{code}").status_code == 410  # at once, not a second later


def test_an_item_deleted_by_another_process_is_410_within_a_second(
    client: httpx.Client, engine: Engine, make_link: Callable[..., str]
) -> None:
    code = make_link()
    assert client.get(f"/s/{code}").status_code == 302
    with transaction(engine) as session:  # the CLI or another worker, not this server
        link = session.get(ShortLink, code)
        assert link is not None
        item = session.get(ContentItem, link.content_id)
        assert item is not None
        item.deleted_at = utcnow()
        session.add(item)
    deleted = time.monotonic()
    while (status := client.get(f"/s/{code}").status_code) == 302:
        assert time.monotonic() - deleted < 1.5, "still redirecting after the cache's second"
        time.sleep(0.05)
    assert status == 410
