"""Previews over HTTP: the editor's form as typed becomes four networks' posts and link
cards, whatever it holds; an item's previews have a page of their own."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import ContentItem
from tests.factories.consent import Browser
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
HTMX = {"HX-Request": "true"}
FORM = {
    "title": "Our new plant opens",
    "summary": "Three hundred jobs in Leipzig.",
    "url": "https://news.example.com/plant",
    "image_url": "https://cdn.example.com/plant.jpg",
    "kind": "article",
    "language": "en",
    "text_x": "Three hundred new jobs in Leipzig!",
    "text_linkedin": "We open our new plant in Leipzig today.",
}


def previews(client: httpx.Client, browser: Browser, **form: str) -> httpx.Response:
    return client.post("/studio/previews", data=form, headers={**browser.headers, **HTMX})


def article(page: str, network: str) -> str:
    found = re.search(rf'<article class="gs-preview gs-preview-{network}".*?</article>', page, re.S)
    assert found, f"no {network} preview"
    return found.group()


def test_each_network_shows_its_text_link_and_card(client: httpx.Client, comms: Browser) -> None:
    answer = previews(client, comms, **FORM)
    assert answer.status_code == 200
    page = answer.text
    assert "<html" not in page  # the fragment alone
    for network in ("linkedin", "x", "mastodon", "bluesky"):
        card = article(page, network)
        assert "Our new plant opens" in card
        assert "news.example.com" in card
    assert "Three hundred new jobs in Leipzig!" in article(page, "x")
    assert "We open our new plant in Leipzig today." in article(page, "linkedin")
    assert "Our new plant opens" in article(page, "mastodon")  # no text of its own: the title
    assert '<p class="gs-preview-text" lang="en">' in article(page, "x")  # the post's language
    # X, Mastodon and Bluesky carry the short link in the text; LinkedIn's dialog takes it alone.
    assert "testserver/s/" in article(page, "x")
    assert "testserver/s/" not in article(page, "linkedin")
    assert re.search(r"\d+ of 280 characters", article(page, "x"))
    # Never the image host's picture: only ours, and there is none yet.
    assert "cdn.example.com" not in page
    assert "<img" not in page
    assert "once we have our own copy" in page


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"title": ""},
        {"url": "not a link at all", "language": "??-!!", "kind": "nonsense"},
        {"title": "x" * 5000, "text_x": "🎉" * 3000, "summary": "\u202e" * 100},
        {"text_bluesky": "👨‍👩‍👧" * 400, "content_id": "no-such-item"},
    ],
)
def test_any_input_previews_and_never_fails(
    client: httpx.Client, comms: Browser, form: dict[str, str]
) -> None:
    answer = previews(client, comms, **form)
    assert answer.status_code == 200
    assert answer.text.count('<article class="gs-preview') == 4


def test_an_empty_form_says_what_is_missing(client: httpx.Client, comms: Browser) -> None:
    page = previews(client, comms).text
    assert "(no title yet)" in page
    assert "No text yet" in page


def test_too_long_a_text_is_shown_as_over(client: httpx.Client, comms: Browser) -> None:
    page = previews(client, comms, title="Hello", text_x="word " * 80).text
    assert re.search(r"\d+ characters too many", article(page, "x"))


def test_our_copy_of_the_image_is_in_every_card(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    key = f"{'c' * 32}.jpg"
    with transaction(engine) as session:
        item = make_item(session, image_key=key, image_url=f"/images/{key}", language="en")
    page = previews(client, comms, **FORM, content_id=item.id).text
    assert page.count(f'src="/images/{key}"') == 4
    assert "cdn.example.com" not in page


def test_previews_need_the_csrf_token(client: httpx.Client, comms: Browser) -> None:
    refused = client.post("/studio/previews", data=FORM, headers=comms.cookie)
    assert refused.status_code == 403


def test_an_item_has_a_previews_page_without_javascript(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        item: ContentItem = make_item(
            session, title="Open day", language="en", texts={"mastodon": "Come and see us!"}
        )
    page = client.get(f"/studio/content/{item.id}/previews", headers=comms.cookie)
    assert page.status_code == 200
    assert "<html" in page.text
    assert "Come and see us!" in article(page.text, "mastodon")
    assert "hx-post" not in page.text.split('id="previews-body"', 1)[1].split(">", 1)[0]
    missing = client.get("/studio/content/01NOSUCHITEM0000000000000/previews", headers=comms.cookie)
    assert missing.status_code == 404


def test_the_editor_asks_for_live_previews_of_its_form(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        item = make_item(session, title="Open day", language="en")
    page = client.get(f"/studio/content/{item.id}", headers=comms.cookie).text
    wrapper = page.split('id="previews-body"', 1)[1].split(">", 1)[0]
    assert 'hx-post="/studio/previews"' in wrapper
    assert 'hx-include="#editor"' in wrapper
    assert "input from:#editor delay:500ms" in wrapper
    assert item.id in wrapper  # the item's id, for our copy of its image
    assert f'href="/studio/content/{item.id}/previews"' in page  # without JavaScript
