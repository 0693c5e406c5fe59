"""What every response of the app does: HEAD wherever GET, and nothing personal cached."""

from __future__ import annotations

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import Engine

from app.main import create_app
from tests.factories.consent import sign_in

pytestmark = pytest.mark.db


@pytest.mark.parametrize("path", ["/", "/healthz", "/readyz", "/learn", "/api/v1/openapi.json"])
def test_head_answers_wherever_get_does_with_the_same_headers_and_no_body(
    client: httpx.Client, path: str
) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_every_get_route_answers_head_as_it_answers_get(client: httpx.Client) -> None:
    """No GET route of the app answers HEAD with 405 (the status may be 401 or 404)."""
    paths = [
        route.path_format or ""
        for route in iter_route_contexts(create_app().routes)
        if isinstance(route.original_route, APIRoute)
        and "GET" in (route.methods or set())
        and "{" not in (route.path_format or "{")
    ]
    assert len(paths) > 10
    for path in paths:
        assert client.head(path).status_code == client.get(path).status_code, path


def test_signed_in_pages_and_consent_answers_are_not_stored(
    client: httpx.Client, engine: Engine
) -> None:
    """Back after a change must show today's state: no page or API answer is cached."""
    browser = sign_in(engine)
    for path in ("/me", "/me/data", "/feed", "/api/v1/me", "/api/v1/me/export"):
        response = client.get(path, headers=browser.cookie)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path
    assert client.get("/api/v1/consents").headers["cache-control"] == "no-store"


def test_static_files_stay_cacheable(client: httpx.Client) -> None:
    response = client.get("/static/gladshare.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")
