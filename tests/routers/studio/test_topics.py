"""/studio/topics: comms creates, renames and merges topics; bad input is 422, changes nothing."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import Engine

from app.db import transaction
from app.models import AmbassadorProfile, ContentItem, Topic
from tests.factories.consent import Browser
from tests.factories.feed import make_item, make_profile
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


def _create(client: httpx.Client, comms: Browser, **fields: str) -> httpx.Response:
    form = {"csrf_token": comms.csrf_token, "name_de": "", "name_fr": ""} | fields
    return client.post("/studio/topics", data=form, headers=comms.cookie)


def test_comms_adds_a_topic_and_sees_it_named_in_each_language(
    client: httpx.Client, comms: Browser
) -> None:
    made = _create(client, comms, slug="heat-pumps", name_en="Heat pumps", name_de="Wärmepumpen")
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert "The topic is on the list." in page.text
    assert "Heat pumps" in page.text
    assert "Wärmepumpen" in page.text
    assert "<code>heat-pumps</code>" in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"slug": "Heat Pumps!", "name_en": "Heat pumps"}, "Use lowercase letters a–z"),
        ({"slug": "heat-pumps", "name_en": " ", "name_de": "Wärmepumpen"}, "An English name is"),
        ({"slug": "heat-pumps", "name_en": "x" * 61}, "A name has at most 60 characters"),
    ],
)
def test_a_bad_topic_comes_back_with_the_form_as_typed(
    client: httpx.Client, comms: Browser, engine: Engine, fields: dict[str, str], message: str
) -> None:
    page = _create(client, comms, **fields)
    assert page.status_code == 422
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    with transaction(engine, write=False) as session:
        assert session.get(Topic, "heat-pumps") is None


def test_a_taken_slug_is_refused(client: httpx.Client, comms: Browser) -> None:
    _create(client, comms, slug="careers", name_en="Careers")
    again = _create(client, comms, slug="careers", name_en="Jobs")
    assert again.status_code == 422
    assert "A topic with this slug is on the list already." in again.text


def test_a_form_without_its_csrf_token_is_refused(client: httpx.Client, comms: Browser) -> None:
    page = client.post("/studio/topics", data={"slug": "x", "name_en": "X"}, headers=comms.cookie)
    assert page.status_code == 403


def test_renaming_keeps_the_slug_and_a_stale_rename_is_shown_not_saved(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    _create(client, comms, slug="careers", name_en="Careers")
    form = {"csrf_token": comms.csrf_token, "version": "1", "name_de": "Karriere", "name_fr": ""}
    renamed = client.post("/studio/topics/careers", data=form | {"name_en": "Jobs"})
    assert renamed.status_code == 303
    stale = client.post("/studio/topics/careers", data=form | {"name_en": "Work"})
    assert stale.status_code == 409
    assert "This topic changed while you were editing it." in stale.text
    with transaction(engine, write=False) as session:
        topic = session.get_one(Topic, "careers")
        assert (topic.names, topic.version) == ({"en": "Jobs", "de": "Karriere"}, 2)


def test_merging_moves_profiles_and_items_to_the_remaining_topic(
    client: httpx.Client, comms: Browser, engine: Engine
) -> None:
    _create(client, comms, slug="careers", name_en="Careers")
    _create(client, comms, slug="jobs", name_en="Jobs")
    with transaction(engine) as session:
        person = make_employee(session)
        make_profile(session, person.id, topics=["jobs"])
        item_id = make_item(session, topics=["jobs", "careers"]).id
    page = client.get("/studio/topics")
    assert re.search(r'<option value="careers">Careers \(careers\)</option>', page.text)
    merged = client.post(
        "/studio/topics/jobs/merge",
        data={"csrf_token": comms.csrf_token, "version": "1", "into": "careers"},
    )
    assert merged.status_code == 303
    assert "The topics are merged" in client.get(merged.headers["location"]).text
    with transaction(engine, write=False) as session:
        assert session.get(Topic, "jobs") is None
        assert session.get_one(AmbassadorProfile, person.id).topics == ["careers"]
        assert session.get_one(ContentItem, item_id).topics == ["careers"]


def test_merging_into_nothing_or_itself_is_a_422(client: httpx.Client, comms: Browser) -> None:
    _create(client, comms, slug="careers", name_en="Careers")
    _create(client, comms, slug="jobs", name_en="Jobs")
    for into in ("careers", "nowhere", ""):
        page = client.post(
            "/studio/topics/careers/merge",
            data={"csrf_token": comms.csrf_token, "version": "1", "into": into},
        )
        assert page.status_code == 422
        assert "Choose another topic on the list to merge into." in page.text
    missing = client.post(
        "/studio/topics/nowhere/merge",
        data={"csrf_token": comms.csrf_token, "version": "1", "into": "careers"},
    )
    assert missing.status_code == 404
