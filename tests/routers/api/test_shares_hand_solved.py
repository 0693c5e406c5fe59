"""The share POST's hand-solved common case answers exactly as the declared route does.

`app/routers/hand_solved.py`: a plain JSON share skips FastAPI's dependency solving and
anything else goes on to the framework's handler. Here every kind of request is sent
to the app as served and to one whose fast path always hands over, and the two
answers must be the same; a spy on FastAPI's solver shows which path answered.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi.dependencies.utils import solve_dependencies as solve
from sqlalchemy import Engine, func
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import ApiKey, ShareEvent
from app.routers.api import shares
from app.routers.hand_solved import HandSolvedRoute
from tests.conftest import bearer, serving
from tests.routers.api.test_shares import add_item

pytestmark = pytest.mark.db

(ROUTE,) = shares.router.routes
assert isinstance(ROUTE, HandSolvedRoute)


@pytest.fixture
def framework_only(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[httpx.Client]:
    """The same app, but the share route's fast path hands every request over."""

    async def hand_over(*_: Any) -> None:
        return None

    with monkeypatch.context() as patch:
        patch.setattr(type(ROUTE), "fast", staticmethod(hand_over))
        app = create_app(settings)  # the handler is built as the router is included
    with serving(app) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of every request FastAPI's dependency solver worked on."""
    seen: list[str] = []

    async def counting(*, request: Any, **kwargs: Any) -> Any:
        seen.append(request.url.path)
        return await solve(request=request, **kwargs)

    monkeypatch.setattr("fastapi.routing.solve_dependencies", counting)
    return seen


def _stored(engine: Engine) -> int:
    with transaction(engine, write=False) as session:
        return session.exec(select(func.count()).select_from(ShareEvent)).one()


def _last_used(engine: Engine) -> datetime | None:
    with transaction(engine, write=False) as session:
        (used,) = session.exec(select(ApiKey.last_used_at)).all()
    return used


def _answer(response: httpx.Response) -> tuple[Any, ...]:
    """What a caller reads, without what differs per share (ids, codes, times)."""
    body = response.json()
    if response.status_code == 201:
        body = {k: v for k, v in body.items() if k not in ("id", "short_url", "share_url")}
        body["created_at"] = type(body["created_at"]).__name__
    return (
        response.status_code,
        response.headers["content-type"],
        response.headers.get("www-authenticate"),
        body,
    )


CASES: dict[str, Callable[[str, str, str], tuple[dict[str, str], bytes]]] = {
    "plain share": lambda key, _, item: (
        bearer(key),
        f'{{"content_id": "{item}", "network": "x"}}'.encode(),
    ),
    "share with text and charset": lambda key, _, item: (
        {**bearer(key), "Content-Type": "application/json; charset=utf-8"},
        f'{{"content_id": "{item}", "network": "mastodon", "mastodon_instance": '
        f'"social.example", "text": "Schön"}}'.encode(),
    ),
    "no key": lambda _, __, item: ({}, f'{{"content_id": "{item}", "network": "x"}}'.encode()),
    "no key, malformed JSON": lambda *_: ({}, b'{"content_id": '),
    "malformed JSON": lambda key, _, __: (bearer(key), b'{"content_id": '),
    "not UTF-8": lambda key, _, __: (bearer(key), b'{"content_id": "\xff"}'),
    "empty body": lambda key, _, __: (bearer(key), b""),
    "unknown key": lambda *_: (bearer("gs_unknown"), b'{"content_id": "c", "network": "x"}'),
    "key without the scope": lambda _, other, item: (
        bearer(other),
        f'{{"content_id": "{item}", "network": "x"}}'.encode(),
    ),
    "key without the scope, invalid body": lambda _, other, __: (bearer(other), b'{"x": 1}'),
    "unknown network": lambda key, _, item: (
        bearer(key),
        f'{{"content_id": "{item}", "network": "myspace"}}'.encode(),
    ),
    "no content_id": lambda key, _, __: (bearer(key), b'{"network": "x"}'),
    "a list, not an object": lambda key, _, __: (bearer(key), b"[]"),
    "NUL in the text": lambda key, _, item: (
        bearer(key),
        f'{{"content_id": "{item}", "network": "x", "text": "a\\u0000b"}}'.encode(),
    ),
    "unknown item": lambda key, _, __: (bearer(key), b'{"content_id": "nope", "network": "x"}'),
    "JSON sent as text/plain": lambda key, _, item: (
        {**bearer(key), "Content-Type": "text/plain"},
        f'{{"content_id": "{item}", "network": "x"}}'.encode(),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_both_paths_answer_alike(
    case: str,
    client: httpx.Client,
    framework_only: httpx.Client,
    make_key: Callable[..., str],
    engine: Engine,
) -> None:
    key, other, item = make_key("shares:write"), make_key("content:read"), add_item(engine)
    headers, body = CASES[case](key, other, item)
    headers = {"Content-Type": "application/json", **headers}
    answers = []
    for served in (client, framework_only):
        before = _stored(engine)
        response = served.post("/api/v1/shares", content=body, headers=headers)
        assert response.status_code < 500, response.text
        assert _stored(engine) - before == (response.status_code == 201)
        answers.append(_answer(response))
    assert answers[0] == answers[1]


def test_a_plain_share_skips_the_dependency_solver_and_still_records_the_key_use(
    client: httpx.Client, make_key: Callable[..., str], engine: Engine, solved: list[str]
) -> None:
    key, item = make_key("shares:write"), add_item(engine)
    share = {"content_id": item, "network": "x"}
    assert client.post("/api/v1/shares", json=share, headers=bearer(key)).status_code == 201
    assert solved == []
    deadline = time.monotonic() + 5  # the key's use, written just after the response
    while (used := _last_used(engine)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert used is not None
    # What the fast path does not take goes through the solver, once.
    retry_safe = {**bearer(key), "Idempotency-Key": "k-1"}
    assert client.post("/api/v1/shares", json=share, headers=retry_safe).status_code == 201
    assert (
        client.post("/api/v1/shares", json={"network": "x"}, headers=bearer(key)).status_code == 422
    )
    assert solved == ["/api/v1/shares", "/api/v1/shares"]
    # Another route is solved as usual.
    assert client.get("/api/v1/content", headers=bearer(key)).status_code == 403
    assert solved[-1] == "/api/v1/content"


def test_a_handed_over_request_counts_once_against_the_key_limit(
    settings: Settings, make_key: Callable[..., str], engine: Engine
) -> None:
    limited = settings.model_copy(update={"rate_limits": True, "rate_limit_api": "3/minute"})
    key, item = make_key("shares:write"), add_item(engine)
    with serving(create_app(limited)) as base_url, httpx.Client(base_url=base_url) as client:

        def post(body: dict[str, str]) -> httpx.Response:
            return client.post("/api/v1/shares", json=body, headers=bearer(key))

        assert post({"network": "x"}).status_code == 422  # the fast path's auth, then handed over
        assert post({"content_id": item, "network": "x"}).status_code == 201
        assert post({"content_id": item, "network": "x"}).status_code == 201
        refused = post({"content_id": item, "network": "x"})
    assert refused.status_code == 429
    assert refused.headers["retry-after"]
    assert _stored(engine) == 2
