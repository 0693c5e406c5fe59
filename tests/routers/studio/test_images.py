"""The studio's image over HTTP: upload, refusals with a reason, removal, our /images/ copy,
and an image_url sent through the API copied once by the running app."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import Engine

from app.config import Settings
from app.db import transaction
from app.models import ContentItem
from tests.conftest import bearer
from tests.factories.consent import Browser
from tests.factories.content import created
from tests.factories.feed import make_item, make_profile
from tests.factories.images import SECRET, bomb, photo
from tests.support.web_pages import Page, Site, web_site

pytestmark = pytest.mark.db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def site() -> Iterator[Site]:
    """A real web server on loopback, standing in for an image host."""
    with web_site() as running:
        yield running


@pytest.fixture
def draft(engine: Engine) -> ContentItem:
    with transaction(engine) as session:
        return make_item(session, status="draft", language="en", title="Open day")


def upload(
    client: httpx.Client, browser: Browser, item: ContentItem, data: bytes, **headers: str
) -> httpx.Response:
    files = {"image": ("picture.jpg", data, "image/jpeg")}
    form = {"csrf_token": browser.csrf_token}
    return client.post(
        f"/studio/content/{item.id}/image",
        files=files,
        data=form,
        headers={**browser.cookie, "Origin": str(client.base_url), **headers},
    )


def stored(engine: Engine, item: ContentItem) -> ContentItem:
    with transaction(engine, write=False) as session:
        row = session.get(ContentItem, item.id)
        assert row is not None
        return row


def test_an_upload_is_ours_clean_scaled_and_cached_for_a_year(
    client: httpx.Client, comms: Browser, draft: ContentItem, engine: Engine
) -> None:
    answer = upload(client, comms, draft, photo(size=(3000, 1500)))
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/studio/content/{draft.id}/image"
    row = stored(engine, draft)
    assert row.image_key is not None
    assert row.image_url == f"/images/{row.image_key}"
    page = client.get(answer.headers["location"], headers=comms.cookie)
    assert f'src="/images/{row.image_key}"' in page.text
    image = client.get(f"/images/{row.image_key}")  # no session needed: the key is the secret
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert image.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert image.headers["x-content-type-options"] == "nosniff"
    assert SECRET.encode() not in image.content
    assert b"SpyCam" not in image.content


def test_htmx_gets_the_image_block_back(
    client: httpx.Client, comms: Browser, draft: ContentItem, engine: Engine
) -> None:
    answer = upload(client, comms, draft, photo(), **HTMX)
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="image"')
    assert f"/images/{stored(engine, draft).image_key}" in answer.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some words", "This file is not an image we can read"),
        (b"", "This file is not an image we can read"),
        (bomb(), "more than 40 million pixels"),
        (photo() + b"\0" * (8 * 1024 * 1024), "larger than 8 MB"),
    ],
)
def test_a_bad_upload_is_explained_and_changes_nothing(
    client: httpx.Client,
    comms: Browser,
    draft: ContentItem,
    engine: Engine,
    data: bytes,
    message: str,
) -> None:
    for headers in ({}, HTMX):
        answer = upload(client, comms, draft, data, **headers)
        assert answer.status_code == 422
        assert message in answer.text
        assert 'aria-invalid="true"' in answer.text
        assert 'name="image"' in answer.text  # the form, to try again
    assert stored(engine, draft).image_key is None


def test_a_body_far_over_the_cap_is_refused_before_it_is_read(
    client: httpx.Client, comms: Browser, draft: ContentItem
) -> None:
    answer = upload(client, comms, draft, b"\0" * (12 * 1024 * 1024))
    assert answer.status_code == 413
    assert "larger than" in answer.text or "too large" in answer.text, answer.text[-900:]


def test_an_upload_needs_the_csrf_token_and_a_real_item(
    client: httpx.Client, comms: Browser, draft: ContentItem, engine: Engine
) -> None:
    files = {"image": ("p.jpg", photo(), "image/jpeg")}
    refused = client.post(f"/studio/content/{draft.id}/image", files=files, headers=comms.cookie)
    assert refused.status_code == 403
    assert stored(engine, draft).image_key is None
    draft.id = "01NOSUCHITEM0000000000000"
    assert upload(client, comms, draft, photo()).status_code == 404


def test_removing_leaves_no_image_and_no_url(
    client: httpx.Client, comms: Browser, draft: ContentItem, engine: Engine
) -> None:
    upload(client, comms, draft, photo())
    removed = client.post(
        f"/studio/content/{draft.id}/image/remove",
        data={"csrf_token": comms.csrf_token},
        headers=comms.cookie,
    )
    assert removed.status_code == 303
    row = stored(engine, draft)
    assert (row.image_key, row.image_url) == (None, None)


@pytest.mark.parametrize("key", ["nothing", "../gladshare.db", f"{'0' * 32}.jpg", "a" * 80])
def test_an_unknown_image_is_404(client: httpx.Client, key: str) -> None:
    assert client.get(f"/images/{key}").status_code == 404


def wait_for_key(engine: Engine, content_id: str, *, seconds: float = 15.0) -> str | None:
    """The item's image key once the app's sweep has set it (None when it never did)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with transaction(engine, write=False) as session:
            row = session.get(ContentItem, content_id)
            if row is not None and row.image_key:
                return row.image_key
        time.sleep(0.2)
    return None


class TestAnImageUrlFromTheApi:
    """The running app copies an image_url the API received, and the feed shows only ours."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        # Loopback is where the test's image host runs, as in the webhooks' tests.
        return settings.model_copy(update={"webhook_allow_private": True})

    def test_it_is_copied_and_the_feed_names_only_ours(
        self,
        client: httpx.Client,
        comms: Browser,
        engine: Engine,
        site: Site,
        make_key: Callable[..., str],
    ) -> None:
        data = photo()
        url = site.serve(
            "/team.jpg",
            Page(headers={"Content-Type": "image/jpeg"}, pieces=lambda: [data], length=len(data)),
        )
        auth = bearer(make_key("content:read", "content:write"))
        body = created(client, auth, image_url=url, language="en", title="Team day")
        key = wait_for_key(engine, body["id"])
        assert key is not None, "the app never copied the image"
        assert client.get(f"/images/{key}").status_code == 200
        with transaction(engine) as session:
            make_profile(session, comms.employee_id, languages=["en"])
        feed = client.get("/feed", headers=comms.cookie).text
        assert "Team day" in feed
        assert re.search(rf'<img class="gs-card-image" src="/images/{re.escape(key)}"', feed)
        assert "127.0.0.1" not in feed.split("<main", 1)[-1].replace(str(client.base_url), "")
        assert [p for p, _ in site.requests] == ["/team.jpg"]  # once


def test_a_private_image_url_is_refused_and_the_studio_says_so(
    client: httpx.Client, comms: Browser, engine: Engine, site: Site
) -> None:
    with transaction(engine) as session:
        item = make_item(session, image_url=site.url("/inside.jpg"), language="en")
    page = ""
    deadline = time.monotonic() + 15
    while "could not copy" not in page and time.monotonic() < deadline:
        time.sleep(0.3)
        page = client.get(f"/studio/content/{item.id}/image", headers=comms.cookie).text
    assert "We could not copy the image from its address" in page
    assert "private address" in page
    assert site.requests == []
    assert stored(engine, item).image_key is None
