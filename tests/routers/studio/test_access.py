"""The studio is comms' alone: anyone else signed in gets 403, anyone signed out must sign in."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import Engine

from app.main import create_app
from tests.factories.consent import Browser, sign_in_english
from tests.routers.studio.conftest import with_roles

pytestmark = pytest.mark.db


def _studio_routes() -> list[tuple[str, str]]:
    """Every method and path the studio serves, with a made-up id where the path has one."""
    found = []
    for context in iter_route_contexts(create_app().routes):
        route = context.route
        if not isinstance(route, APIRoute):
            continue
        path = route.path
        if path == "/studio" or path.startswith("/studio/"):
            for method in sorted((route.methods or set()) - {"HEAD"}):
                found.append((method, re.sub(r"\{[^}]+\}", "01JSTUDIOACCESSCHECK00000", path)))
    return found


ROUTES = _studio_routes()


def test_the_studio_has_pages() -> None:
    assert ("GET", "/studio") in ROUTES


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_an_employee_without_the_role_is_refused(
    client: httpx.Client, engine: Engine, method: str, path: str
) -> None:
    browser = sign_in_english(engine, client, "E-3001")
    with_roles(engine, browser, "hr", "admin")  # other roles do not open the studio
    response = client.request(method, path, headers=browser.headers)
    assert response.status_code == 403, response.text
    assert "These pages are for the communications team." in response.text


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_nobody_signed_out_gets_in(client: httpx.Client, method: str, path: str) -> None:
    response = client.request(method, path)
    if method == "GET":  # a page sends the browser to sign in
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/sign-in"
    else:
        assert response.status_code == 401, response.text


def test_comms_sees_the_studio_link(client: httpx.Client, comms: Browser) -> None:
    page = client.get("/feed")
    assert '<a href="/studio">Studio</a>' in page.text
