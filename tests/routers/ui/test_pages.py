"""The landing page and demo sign-in, through real HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine

from app.config import Settings
from app.db import transaction
from app.demo.seed import seed_demo
from app.main import create_app
from tests.conftest import serving

pytestmark = pytest.mark.db


@pytest.fixture
def demo_client(settings: Settings, engine: Engine) -> Iterator[httpx.Client]:
    """A browser-like client on the demo organisation."""
    with transaction(engine) as session:
        seed_demo(session=session)
    demo = settings.model_copy(update={"demo": True})
    with serving(create_app(demo)) as url, httpx.Client(base_url=url) as client:
        yield client


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def test_landing_page_explains_the_program(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    text = page.text.lower()
    for promise in ("voluntary", "ambassador", "withdraw"):
        assert promise in text
    assert "/static/vendor/htmx/htmx.min.js" in page.text
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200


def test_unknown_page_is_a_friendly_404(client: httpx.Client) -> None:
    page = client.get("/no/such/page?<script>")
    assert page.status_code == 404
    assert "<script>" not in page.text
    assert "Traceback" not in page.text


def test_demo_sign_in_and_sign_out(demo_client: httpx.Client) -> None:
    sign_in = demo_client.get("/sign-in")
    assert "Sign in as" in sign_in.text
    token = csrf_token(sign_in.text)
    signed_in = demo_client.post(
        "/demo/sign-in", data={"csrf_token": token, "external_id": "demo-001"}
    )
    assert signed_in.status_code == 303
    home = demo_client.get("/home")
    assert home.status_code == 200
    assert "Hallo, Jonas Weber" in home.text  # demo-001 speaks German (profile locale)
    copied_cookies = httpx.Cookies(demo_client.cookies)

    logout = demo_client.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert logout.status_code == 303
    assert demo_client.get("/home").status_code == 303  # to /sign-in
    with httpx.Client(base_url=str(demo_client.base_url), cookies=copied_cookies) as thief:
        assert thief.get("/home").status_code == 303


def test_demo_sign_in_without_csrf_token_is_refused(demo_client: httpx.Client) -> None:
    demo_client.get("/sign-in")
    refused = demo_client.post("/demo/sign-in", data={"external_id": "demo-001"})
    assert refused.status_code == 403
    assert demo_client.get("/home").status_code == 303


def test_only_demo_people_can_be_signed_in_as(demo_client: httpx.Client) -> None:
    token = csrf_token(demo_client.get("/sign-in").text)
    refused = demo_client.post(
        "/demo/sign-in", data={"csrf_token": token, "external_id": "demo-017"}
    )
    assert refused.status_code == 404


def test_without_demo_mode_there_is_no_demo_sign_in(client: httpx.Client) -> None:
    page = client.get("/sign-in")
    assert "Sign in as" not in page.text
    token = csrf_token(page.text) if 'name="csrf_token"' in page.text else ""
    assert client.post("/demo/sign-in", data={"csrf_token": token}).status_code in (404, 405)


def test_every_page_carries_a_strict_policy(client: httpx.Client, settings: Settings) -> None:
    for path in ("/", "/sign-in", "/no/such/page"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
        if response.headers["content-type"].startswith("text/html"):
            assert f'nonce="{nonce}"' in response.text
    assert (
        client.get("/").headers["content-security-policy"]
        != client.get("/").headers["content-security-policy"]
    )  # a fresh nonce every time
    assert "strict-transport-security" not in client.get("/").headers


def test_error_pages_carry_the_policy_too(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"base_url": "https://share.example"}))

    @app.get("/explode")
    def explode() -> None:
        raise RuntimeError("internals")

    with serving(app) as url:
        response = httpx.get(url + "/explode")
    assert response.status_code == 500
    assert "internals" not in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["strict-transport-security"].startswith("max-age=")
