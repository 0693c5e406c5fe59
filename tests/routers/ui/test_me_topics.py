"""/me's topics: ticked from comms' list, named in the reader's language, and the feed follows."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import Engine

from app.content.topic_schemas import TopicCreate
from app.content.topics import topic_create
from app.db import transaction
from app.models import AmbassadorProfile, Employee
from tests.factories.consent import Browser, sign_in_english
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
HX = {"HX-Request": "true"}
TOPICS = {
    "careers": {"en": "Careers", "de": "Karriere", "fr": "Carrières"},
    "sustainability": {"en": "Sustainability", "de": "Nachhaltigkeit", "fr": "Durabilité"},
    "engineering": {"en": "Engineering", "de": "Technik"},  # no French name yet
}
# The label of each topic's box, as the page shows it: (value, name).
LABEL = re.compile(
    r'<input type="checkbox" name="topics" value="([^"]+)"[^>]*>\s*(.*?)</label>', re.S
)


@pytest.fixture
def topic_list(engine: Engine) -> None:
    with transaction(engine) as session:
        for slug, names in TOPICS.items():
            topic_create(
                session=session, data=TopicCreate.model_validate({"id": slug, "names": names})
            )


def reader(engine: Engine, client: httpx.Client, locale: str) -> Browser:
    """A signed-in employee whose pages are in `locale`."""
    browser = sign_in_english(engine, client, f"E-topics-{locale}")
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        employee.locale = locale
    return browser


def labels(page: str) -> list[tuple[str, str]]:
    return [(value, " ".join(name.split())) for value, name in LABEL.findall(page)]


def save(client: httpx.Client, browser: Browser, *topics: str, **headers: str) -> httpx.Response:
    form = {"csrf_token": browser.csrf_token, "languages": ["de"], "asks_per_quarter": "1"}
    return client.post("/me/profile", data={**form, "topics": list(topics)}, headers=headers)


@pytest.mark.usefixtures("topic_list")
@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("en", [("careers", "Careers"), ("engineering", "Engineering"),
                ("sustainability", "Sustainability")]),
        ("de", [("careers", "Karriere"), ("sustainability", "Nachhaltigkeit"),
                ("engineering", "Technik")]),
        ("fr", [("careers", "Carrières"), ("sustainability", "Durabilité"),
                ("engineering", '<span lang="en">Engineering</span>')]),
    ],
)  # fmt: skip
def test_topics_are_named_in_the_page_language_and_sorted_by_that_name(
    client: httpx.Client, engine: Engine, locale: str, shown: list[tuple[str, str]]
) -> None:
    reader(engine, client, locale)
    page = client.get("/me")
    assert f'<html lang="{locale}">' in page.text
    assert labels(page.text) == shown
    assert not re.search(r'<input type="text"[^>]*name="topics"', page.text)  # no free text


@pytest.mark.usefixtures("topic_list")
def test_ticking_a_topic_narrows_the_feed_to_it_and_untick_all_shows_every_topic(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, client, "de")
    with transaction(engine) as session:
        make_item(session, title="Ausbildung bei uns", topics=["careers"])
        make_item(session, title="Unser Solardach", topics=["sustainability"])
        make_item(session, title="Betriebsversammlung", topics=[])
    saved = save(client, browser, "careers")
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert [value for value, _ in labels(page)] == ["careers", "sustainability", "engineering"]
    assert re.findall(r'name="topics" value="([^"]+)"\s+checked', page) == ["careers"]
    feed = client.get("/feed").text
    assert "Ausbildung bei uns" in feed
    assert "Betriebsversammlung" in feed  # an item without topics is for everyone
    assert "Unser Solardach" not in feed
    assert save(client, browser).status_code == 303
    feed = client.get("/feed").text
    assert all(t in feed for t in ("Ausbildung bei uns", "Unser Solardach", "Betriebsversammlung"))


@pytest.mark.usefixtures("topic_list")
@pytest.mark.parametrize("headers", [{}, HX])
def test_a_topic_off_the_list_is_refused_in_the_readers_language_and_nothing_changes(
    client: httpx.Client, engine: Engine, headers: dict[str, str]
) -> None:
    browser = reader(engine, client, "de")
    assert save(client, browser, "careers").status_code == 303
    refused = save(client, browser, "sustainability", "open-source", **headers)
    assert refused.status_code == 422
    assert "Ein Thema, das du angekreuzt hast, steht nicht mehr auf der Liste." in refused.text
    assert "Es wurde nichts gespeichert." in refused.text
    assert 'aria-invalid="true"' in refused.text
    with transaction(engine, write=False) as session:
        profile = session.get(AmbassadorProfile, browser.employee_id)
        assert profile is not None
        assert profile.topics == ["careers"]


def test_without_a_list_the_page_says_every_topic_is_shown(
    client: httpx.Client, engine: Engine
) -> None:
    reader(engine, client, "en")
    page = client.get("/me").text
    assert labels(page) == []
    assert "No topics to choose from yet, so you see items on every topic." in page
