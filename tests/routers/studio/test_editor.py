"""The studio's editor over HTTP: every action, refused input, "changed meanwhile", delete, the
import from a link against a real web server, and the "same words" advice."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.models import NETWORKS, ContentItem, Employee, ShareText, Topic, utcnow
from tests.factories.consent import Browser
from tests.factories.feed import make_item
from tests.support.web_pages import Site, web_site

pytestmark = pytest.mark.db
LOCAL = "%Y-%m-%dT%H:%M:%S"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Loopback pages may be imported (as the webhook tests allow them), two hosts, one ask."""
    hosts = ["www.example.com", "127.0.0.1"]  # the pages of the tests, and no others
    return settings.model_copy(
        update={"webhook_allow_private": True, "content_hosts": hosts, "ask_budget": 1}
    )


@pytest.fixture
def site() -> Iterator[Site]:
    """A real web server on loopback."""
    with web_site() as running:
        yield running


def fields(comms: Browser, **values: Any) -> dict[str, Any]:
    """A filled-in editor form."""
    return {
        "csrf_token": comms.csrf_token,
        "title": "Our new plant in Kassel",
        "summary": "How we build, and why.",
        "url": "https://www.example.com/plant",
        "kind": "article",
        "language": "en",
        "talking_points": "We build with wood\r\n\r\nIt opens in May",
        "text_linkedin": "Proud of our new plant: https://www.example.com/plant",
        **values,
    }


def stored(engine: Engine, content_id: str) -> tuple[ContentItem, dict[str, str]]:
    """The item as stored, with its share texts."""
    with transaction(engine, write=False) as session:
        item = session.get(ContentItem, content_id)
        assert item is not None
        texts = session.exec(select(ShareText).where(ShareText.content_id == content_id)).all()
        session.expunge(item)
        return item, {t.network: t.text for t in texts}


def created(response: httpx.Response, action: str) -> str:
    """The new item's id, from the address a save sends the browser on to."""
    assert response.status_code == 303, response.text
    match = re.fullmatch(rf"/studio/content/(\w+)\?saved={action}", response.headers["location"])
    assert match is not None, response.headers["location"]
    return match.group(1)


def test_the_new_item_page_has_every_field(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        session.add(Topic(id="jobs", names={"en": "Jobs"}))
    page = client.get("/studio/content/new")
    assert page.status_code == 200
    assert 'id="editor"' in page.text
    assert 'id="previews"' in page.text
    for name in (
        "title",
        "summary",
        "url",
        "image_url",
        "kind",
        "language",
        "talking_points",
        "is_ask",
        "publish_at",
        "expires_at",
        "text_x",
        "text_bluesky",
        "text_email",
    ):
        assert f'name="{name}"' in page.text, name
    assert page.text.count('type="datetime-local"') >= 2
    assert "Times are in UTC" in page.text
    assert 'name="topics" value="jobs"' in page.text
    assert 'action="/studio/content/import"' in page.text
    assert "0 of 280 characters" in page.text  # X's counter, before any script


def test_save_as_draft_then_publish_schedule_and_archive(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    content_id = created(
        client.post("/studio/content", data=fields(comms, action="draft")), "draft"
    )
    item, texts = stored(engine, content_id)
    assert (item.status, item.title, item.talking_points) == (
        "draft",
        "Our new plant in Kassel",
        ["We build with wood", "It opens in May"],
    )
    assert texts == {"linkedin": "Proud of our new plant: https://www.example.com/plant"}
    page = client.get(f"/studio/content/{content_id}?saved=draft")
    assert "Saved." in page.text
    assert "Version 1" in page.text

    def act(action: str, **values: Any) -> ContentItem:
        version = stored(engine, content_id)[0].version
        data = fields(comms, action=action, version=version, **values)
        response = client.post(f"/studio/content/{content_id}", data=data)
        assert response.status_code == 303, response.text
        assert response.headers["location"] == f"/studio/content/{content_id}?saved={action}"
        return stored(engine, content_id)[0]

    published = act("publish")
    assert published.status == "published"
    assert published.publish_at is not None
    assert abs(published.publish_at - utcnow()) < timedelta(minutes=1)
    later = (utcnow() + timedelta(hours=3)).replace(microsecond=0)
    scheduled = act("schedule", publish_at=later.strftime(LOCAL))
    assert scheduled.status == "published"
    assert scheduled.publish_at == later
    assert act("archive").status == "archived"
    assert act("draft").status == "draft"


def test_a_schedule_needs_a_time_to_come(client: httpx.Client, comms: Browser) -> None:
    empty = client.post("/studio/content", data=fields(comms, action="schedule"))
    assert empty.status_code == 422
    assert "Give the time to publish at." in empty.text
    past = (utcnow() - timedelta(hours=1)).strftime(LOCAL)
    late = client.post("/studio/content", data=fields(comms, action="schedule", publish_at=past))
    assert late.status_code == 422
    assert "Choose a time in the future" in late.text


def test_refused_input_comes_back_next_to_its_fields_and_changes_nothing(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        content_id = make_item(session, title="Kept as it was", texts={"x": "Short"}).id
    before = stored(engine, content_id)
    bad = fields(
        comms,
        action="save",
        version=1,
        title=" ",
        url="ftp://example.com",
        text_x="x" * 300,
        publish_at="tomorrow",
    )
    response = client.post(f"/studio/content/{content_id}", data=bad)
    assert response.status_code == 422
    page = response.text
    assert "Nothing was saved. Please check the marked fields." in page
    assert 'id="title-error"' in page
    assert "Give a title" in page
    assert 'id="url-error"' in page
    assert 'id="publish_at-error"' in page
    assert 'id="text_x-error"' in page
    assert "20 characters too many." in page
    assert 'value="ftp://example.com"' in page  # what was typed stays in the form
    assert stored(engine, content_id) == before
    # A rule of the domain (after the schema's): expiry before publication.
    dates = fields(
        comms,
        action="save",
        version=1,
        publish_at="2030-01-02T10:00",
        expires_at="2030-01-01T10:00",
    )
    response = client.post(f"/studio/content/{content_id}", data=dates)
    assert response.status_code == 422
    assert 'id="expires_at-error"' in response.text
    assert "The expiry must be later than the publish time." in response.text
    assert stored(engine, content_id) == before


def test_a_form_without_the_csrf_token_changes_nothing(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    data = {k: v for k, v in fields(comms, action="draft").items() if k != "csrf_token"}
    assert client.post("/studio/content", data=data).status_code == 403
    with transaction(engine, write=False) as session:
        assert session.exec(select(ContentItem)).first() is None


def test_two_saves_from_one_version_show_changed_meanwhile(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    content_id = created(
        client.post("/studio/content", data=fields(comms, action="draft")), "draft"
    )
    loaded = client.get(f"/studio/content/{content_id}").text
    found = re.search(r'name="original" value="([^"]*)"', loaded)
    assert found is not None
    original = html.unescape(found.group(1))
    base = fields(comms, action="draft", version=1, original=original)
    theirs = client.post(f"/studio/content/{content_id}", data={**base, "summary": "Their summary"})
    assert theirs.status_code == 303
    mine = {**base, "title": "My better title"}
    conflict = client.post(f"/studio/content/{content_id}", data=mine)
    assert conflict.status_code == 409
    page = conflict.text
    assert "Changed meanwhile" in page
    assert "My better title" in page
    assert "Our new plant in Kassel" in page
    assert "Their summary" in page
    assert "How we build, and why." in page
    assert page.count('gs-differs"') == 2  # the title and the summary, side by side
    assert stored(engine, content_id)[0].title == "Our new plant in Kassel"  # never silently

    carried = client.post(
        f"/studio/content/{content_id}", data={**mine, "version": 2, "resolve": "edit"}
    )
    assert carried.status_code == 200
    assert 'value="My better title"' in carried.text  # yours, carried over
    assert "Their summary" in carried.text  # theirs, kept: you had not changed it
    assert 'name="version" value="2"' in carried.text
    assert stored(engine, content_id)[0].version == 2  # nothing saved by looking

    overwrite = {**mine, "version": 2, "resolve": "overwrite"}
    assert client.post(f"/studio/content/{content_id}", data=overwrite).status_code == 303
    item = stored(engine, content_id)[0]
    assert (item.title, item.summary, item.version) == (
        "My better title",
        "How we build, and why.",
        3,
    )


def test_delete_asks_first_and_then_deletes(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    content_id = created(
        client.post("/studio/content", data=fields(comms, action="draft")), "draft"
    )
    asked = client.post(
        f"/studio/content/{content_id}", data=fields(comms, action="delete", version=1)
    )
    assert asked.status_code == 200
    assert "Delete “Our new plant in Kassel”?" in asked.text
    assert stored(engine, content_id)[0].deleted_at is None
    form = {"csrf_token": comms.csrf_token, "version": "1"}
    done = client.post(f"/studio/content/{content_id}/delete", data=form)
    assert done.status_code == 303
    assert done.headers["location"] == "/studio?deleted=1"
    assert stored(engine, content_id)[0].deleted_at is not None
    assert client.get(f"/studio/content/{content_id}").status_code == 404
    assert "The item is deleted." in client.get("/studio?deleted=1").text


def test_a_delete_of_a_changed_item_asks_again(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    content_id = created(
        client.post("/studio/content", data=fields(comms, action="draft")), "draft"
    )
    client.post(f"/studio/content/{content_id}", data=fields(comms, action="draft", version=1))
    form = {"csrf_token": comms.csrf_token, "version": "1"}
    again = client.post(f"/studio/content/{content_id}/delete", data=form)
    assert again.status_code == 409
    assert "The item changed since you were asked" in again.text
    assert stored(engine, content_id)[0].deleted_at is None


TAGGED = """<html lang="de"><head>
<meta property="og:title" content="Tag der offenen Tür">
<meta property="og:description" content="Am Samstag in Köln.">
</head></html>"""


def test_an_import_from_a_link_prefills_the_new_item(
    client: httpx.Client, comms: Browser, site: Site
) -> None:
    page_url = site.html("/tuer", TAGGED)
    response = client.post(
        "/studio/content/import", data={"csrf_token": comms.csrf_token, "url": page_url}
    )
    assert response.status_code == 200
    page = response.text
    assert 'value="Tag der offenen Tür"' in page
    assert "Am Samstag in Köln." in page
    assert f'name="url" value="{page_url}"' in page
    assert 'name="language" value="de"' in page
    assert 'data-warning="no_og_image"' in page
    assert 'data-warning="page_not_https"' in page
    assert "link cards will show no picture" in page


def test_an_import_speaks_the_page_language(
    client: httpx.Client, comms: Browser, site: Site, engine: Engine
) -> None:
    with transaction(engine) as session:
        employee = session.get(Employee, comms.employee_id)
        assert employee is not None
        employee.locale = "de"
    page_url = site.html("/tuer", TAGGED)
    page = client.post(
        "/studio/content/import", data={"csrf_token": comms.csrf_token, "url": page_url}
    ).text
    assert "Linkkarten zeigen kein Bild" in page


def test_an_unreadable_link_is_said_next_to_the_field(client: httpx.Client, comms: Browser) -> None:
    response = client.post(
        "/studio/content/import",
        data={"csrf_token": comms.csrf_token, "url": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    assert 'id="import-error"' in response.text
    assert "This link cannot be read" in response.text


def test_the_same_words_are_advice_after_a_save_and_in_the_editor(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        make_item(
            session,
            title="Last week's post",
            texts={"linkedin": "We are proud to open our brand new plant in Kassel this spring"},
        )
    same = "We are proud to open our brand new plant in Kassel this spring!"
    data = fields(comms, action="draft", text_linkedin=same, text_x=same)
    content_id = created(client.post("/studio/content", data=data), "draft")  # never a block
    page = client.get(f"/studio/content/{content_id}?saved=draft").text
    assert "The texts for LinkedIn, X are the same word for word." in page
    assert "is the same word for word as one of “Last week&#39;s post”" in page
    assert 'href="#talking_points"' in page
    with transaction(engine, write=False) as session:
        assert session.get(ContentItem, content_id) is not None


def test_times_are_shown_in_utc(client: httpx.Client, comms: Browser, engine: Engine) -> None:
    at = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
    with transaction(engine) as session:
        content_id = make_item(session, publish_at=at).id
    assert (
        'name="publish_at" value="2030-05-06T07:08:09"'
        in client.get(f"/studio/content/{content_id}").text
    )


def test_leaders_may_be_released_to_before_everyone(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    assert "Release to leaders from (UTC)" in client.get("/studio/content/new").text
    first = fields(
        comms,
        action="schedule",
        publish_at="2031-03-04T10:00:00",
        leaders_from="2031-03-04T06:00:00",
    )
    content_id = created(client.post("/studio/content", data=first), "schedule")
    assert stored(engine, content_id)[0].leaders_from == datetime(2031, 3, 4, 6, tzinfo=UTC)
    late = fields(
        comms,
        action="save",
        version=1,
        publish_at="2031-03-04T10:00:00",
        leaders_from="2031-03-04T11:00:00",
    )
    refused = client.post(f"/studio/content/{content_id}", data=late)
    assert refused.status_code == 422
    assert 'id="leaders_from-error"' in refused.text
    assert stored(engine, content_id)[0].leaders_from == datetime(2031, 3, 4, 6, tzinfo=UTC)


def test_a_host_not_allowed_is_said_next_to_its_field(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    data = fields(comms, action="draft", image_url="https://images.elsewhere.net/a.jpg")
    response = client.post("/studio/content", data=data)
    assert response.status_code == 422
    assert 'id="image_url-error"' in response.text
    assert "This host is not among the hosts this installation allows for content." in response.text
    with transaction(engine, write=False) as session:
        assert session.exec(select(ContentItem)).first() is None


def test_an_ask_over_the_budget_is_refused_and_nothing_is_saved(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    first = fields(comms, action="publish", is_ask="yes")
    created(client.post("/studio/content", data=first), "publish")
    content_id = created(
        client.post("/studio/content", data=fields(comms, action="draft")), "draft"
    )
    ask = fields(comms, action="publish", is_ask="yes", version=1, title="A second ask")
    response = client.post(f"/studio/content/{content_id}", data=ask)
    assert response.status_code == 409
    assert "The ask budget is used up" in response.text
    item = stored(engine, content_id)[0]
    assert (item.status, item.is_ask, item.title) == ("draft", False, "Our new plant in Kassel")


def test_an_unknown_item_is_not_found(client: httpx.Client, comms: Browser) -> None:
    assert client.get("/studio/content/01JNOSUCHITEM0000000000000").status_code == 404
    data = fields(comms, action="draft", version=1)
    assert client.post("/studio/content/01JNOSUCHITEM0000000000000", data=data).status_code == 404


def test_an_item_at_the_apis_longest_is_read_and_a_larger_form_is_413(
    client: httpx.Client, comms: Browser
) -> None:
    longest = {f"text_{network}": "ü" * 3000 for network in NETWORKS}  # 6 bytes each, encoded
    response = client.post("/studio/content", data=fields(comms, action="draft", **longest))
    assert response.status_code == 422  # read and answered: some networks take fewer
    assert "larger than" not in response.text
    huge = fields(comms, action="draft", summary="x" * (400 * 1024))
    assert client.post("/studio/content", data=huge).status_code == 413


def test_the_editor_leads_to_the_items_answers_shares_and_clicks(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    with transaction(engine) as session:
        content_id = make_item(session).id
    page = client.get(f"/studio/content/{content_id}")
    assert f'<a href="/studio/content/{content_id}/quality">Answers, shares and clicks</a>' in (
        page.text
    )
    assert client.get(f"/studio/content/{content_id}/quality").status_code == 200
