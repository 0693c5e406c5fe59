"""How pages answer htmx and plain forms alike: redirects, refusals, signing in again."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import ContentItem
from tests.factories.consent import Browser
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
HX = {"HX-Request": "true"}


@pytest.fixture
def item(engine: Engine) -> ContentItem:
    """One published item on the feed."""
    with transaction(engine) as session:
        return make_item(session)


def test_a_redirect_depends_on_who_asked_and_says_so(client: httpx.Client, me: Browser) -> None:
    saved = {"csrf_token": me.csrf_token, "asks_per_quarter": "0"}
    plain = client.post("/me/profile", data=saved)
    assert (plain.status_code, plain.headers["location"]) == (303, "/me?saved=true#profile")
    assert "HX-Request" in plain.headers["vary"]
    swapped = client.post("/me/profile", data=saved, headers=HX)
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith('<form id="profile-form"')
    assert "HX-Request" in swapped.headers["vary"]
    signed_out = client.post("/logout", data={"csrf_token": me.csrf_token}, headers=HX)
    assert (signed_out.status_code, signed_out.headers["hx-redirect"]) == (204, "/")
    assert "HX-Request" in signed_out.headers["vary"]


def test_htmx_without_a_session_is_sent_to_sign_in(client: httpx.Client, item: ContentItem) -> None:
    more = client.get("/feed?cursor=abc", headers=HX)
    assert (more.status_code, more.headers["hx-redirect"]) == (204, "/sign-in")
    rated = client.post(f"/feed/{item.id}/rating", data={"answer": "yes"}, headers=HX)
    assert (rated.status_code, rated.headers["hx-redirect"]) == (204, "/sign-in")
    assert client.get("/feed").headers["location"] == "/sign-in"
    plain = client.post(f"/feed/{item.id}/rating", data={"answer": "yes"})
    assert plain.status_code == 401
    assert "<html" in plain.text


def test_input_no_form_sends_is_refused_in_place_of_the_content(
    client: httpx.Client, me: Browser, item: ContentItem
) -> None:
    url = f"/feed/{item.id}/rating"
    form = {"answer": "yes, surely", "csrf_token": me.csrf_token}  # longer than any answer
    swapped = client.post(url, data=form, headers=HX)
    assert swapped.status_code == 422
    assert (swapped.headers["hx-retarget"], swapped.headers["hx-reswap"]) == ("#main", "innerHTML")
    assert "<html" not in swapped.text
    assert "Some input was not valid." in swapped.text
    plain = client.post(url, data=form)
    assert plain.status_code == 422
    assert "<html" in plain.text
    assert "Some input was not valid." in plain.text
    assert "hx-retarget" not in plain.headers
