"""POST /api/v1/content-imports over HTTP, against a real web server on loopback."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from tests.conftest import bearer, serving
from tests.routers.api.test_conventions import assert_problem
from tests.support.web_pages import Page, Site, web_site

pytestmark = pytest.mark.db
IMPORT = "/api/v1/content-imports"
TAGGED = """<html lang="de"><head>
<meta property="og:title" content="Tag der offenen Tür">
<meta property="og:description" content="Am Samstag in Köln.">
<meta property="og:image" content="https://cdn.example.com/tuer.jpg">
</head></html>"""


@pytest.fixture
def site() -> Iterator[Site]:
    """A real web server on loopback."""
    with web_site() as running:
        yield running


@pytest.fixture
def api(settings: Settings) -> Iterator[httpx.Client]:
    """The app with loopback allowed, as the webhook tests run it."""
    allowed = settings.model_copy(update={"webhook_allow_private": True})
    with serving(create_app(allowed)) as url, httpx.Client(base_url=url, timeout=20) as client:
        yield client


@pytest.fixture
def writer(make_key: Callable[..., str]) -> dict[str, str]:
    """Headers of a key that may read and write content."""
    return bearer(make_key("content:read", "content:write"))


def test_an_import_prefills_an_item_that_can_be_created_as_it_is(
    api: httpx.Client, site: Site, writer: dict[str, str]
) -> None:
    page = site.html("/tuer", TAGGED)
    response = api.post(IMPORT, json={"url": page}, headers=writer)
    assert response.status_code == 200
    body = response.json()
    assert body["page_url"] == page
    assert body["prefill"] == {
        "title": "Tag der offenen Tür",
        "summary": "Am Samstag in Köln.",
        "url": page,
        "image_url": "https://cdn.example.com/tuer.jpg",
        "language": "de",
    }
    assert [w["code"] for w in body["warnings"]] == ["page_not_https"]
    assert all(w["message"] for w in body["warnings"])
    created = api.post("/api/v1/content", json={**body["prefill"], "kind": "event"}, headers=writer)
    assert created.status_code == 201, created.text
    assert created.json()["title"] == "Tag der offenen Tür"


def test_a_bare_page_is_imported_with_warnings(
    api: httpx.Client, site: Site, writer: dict[str, str]
) -> None:
    page = site.html("/bare", "<p>No head at all.</p>")
    body = api.post(IMPORT, json={"url": page}, headers=writer).json()
    assert body["prefill"]["title"] is None
    assert [w["code"] for w in body["warnings"]][:3] == [
        "no_og_title",
        "no_og_description",
        "no_og_image",
    ]


def test_only_keys_that_write_content_may_import(
    api: httpx.Client, site: Site, make_key: Callable[..., str]
) -> None:
    page = site.html("/tuer", TAGGED)
    assert_problem(api.post(IMPORT, json={"url": page}), 401)
    reader = bearer(make_key("content:read", "shares:write"))
    assert_problem(api.post(IMPORT, json={"url": page}, headers=reader), 403)
    assert site.requests == []


@pytest.mark.parametrize(
    "url",
    ["not a link", "javascript:alert(1)", "ftp://example.com/", "https://user@example.com/", ""],
)
def test_a_bad_link_is_a_422_naming_the_field(
    api: httpx.Client, writer: dict[str, str], url: str
) -> None:
    body = assert_problem(api.post(IMPORT, json={"url": url}, headers=writer), 422)
    assert body["errors"][0]["loc"] == ["body", "url"]  # type: ignore[index]


def test_addresses_the_ssrf_rules_refuse_are_a_422_without_a_request(
    client: httpx.Client, api: httpx.Client, site: Site, writer: dict[str, str]
) -> None:
    # `client` runs with the defaults: loopback is refused, as in production.
    page = site.html("/tuer", TAGGED)
    for url in (page, "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/"):
        body = assert_problem(client.post(IMPORT, json={"url": url}, headers=writer), 422)
        assert "refused" in str(body["detail"])
    # Allowed loopback or not, a redirect to an address never allowed is refused.
    start = site.redirect("/go", f"http://0.0.0.0:{site.port}/tuer")
    body = assert_problem(api.post(IMPORT, json={"url": start}, headers=writer), 422)
    assert "redirects to an address that is refused" in str(body["detail"])
    assert [path for path, _ in site.requests] == ["/go"]


def test_non_html_is_a_422_and_a_failing_page_a_502(
    api: httpx.Client, site: Site, writer: dict[str, str]
) -> None:
    pdf = {"Content-Type": "application/pdf"}
    site.serve("/file.pdf", Page(headers=pdf, pieces=lambda: [b"%PDF"], length=4))
    site.serve("/broken", Page(status=500, length=0))
    body = assert_problem(
        api.post(IMPORT, json={"url": site.url("/file.pdf")}, headers=writer), 422
    )
    assert "application/pdf" in str(body["detail"])
    body = assert_problem(api.post(IMPORT, json={"url": site.url("/broken")}, headers=writer), 502)
    assert body["type"] == "urn:gladshare:problem:upstream-failed"


def test_a_page_slower_than_five_seconds_is_a_504_after_five_seconds(
    api: httpx.Client, site: Site, writer: dict[str, str]
) -> None:
    site.serve("/slow", Page(pieces=lambda: (b" " for _ in range(100)), length=100, pause=0.1))
    started = time.monotonic()
    response = api.post(IMPORT, json={"url": site.url("/slow")}, headers=writer)
    took = time.monotonic() - started
    body = assert_problem(response, 504)
    assert body["type"] == "urn:gladshare:problem:upstream-timeout"
    assert 4.9 < took < 6.5


def test_the_operation_is_documented_with_its_errors(api: httpx.Client) -> None:
    operation = api.get("/api/v1/openapi.json").json()["paths"][IMPORT]["post"]
    assert operation["operationId"] == "content_imports_create"
    assert {"401", "403", "422", "502", "504"} <= operation["responses"].keys()
