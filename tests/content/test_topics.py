"""The topic list's rules: names per language with English to fall back on, order by name."""

from __future__ import annotations

from typing import get_args

import pytest
from sqlalchemy import Engine

from app.content.topic_schemas import TopicCreate, TopicLanguage
from app.content.topics import TopicMenu, topic_create, topic_delete, topic_ids, topic_menu
from app.db import transaction
from app.models import AmbassadorProfile
from app.web.i18n import LANGUAGES
from tests.factories.people import make_employee

MENU = TopicMenu(
    {
        "sustainability": {"en": "Sustainability", "de": "Nachhaltigkeit", "fr": "Durabilité"},
        "engineering": {"en": "Engineering", "de": "Technik", "fr": "Ingénierie"},
        "careers": {"en": "Careers", "de": "Karriere"},
        "events": {"en": "Events", "de": "Ärzte-Events", "fr": "Événements"},
    }
)


def test_every_ui_language_can_name_a_topic() -> None:
    # A language added to the UI without a topic name would show every topic in English.
    assert set(LANGUAGES) <= set(get_args(TopicLanguage))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Careers", "Engineering", "Events", "Sustainability"]),
        ("de", ["Ärzte-Events", "Karriere", "Nachhaltigkeit", "Technik"]),
        ("fr", ["Careers", "Durabilité", "Événements", "Ingénierie"]),
    ],
)
def test_names_are_in_the_readers_language_sorted_as_a_dictionary_would(
    language: str, expected: list[str]
) -> None:
    assert [choice.name for choice in MENU.choices(language)] == expected


def test_a_missing_name_falls_back_to_english_and_says_so() -> None:
    careers = next(c for c in MENU.choices("fr") if c.id == "careers")
    assert (careers.name, careers.language) == ("Careers", "en")
    durable = next(c for c in MENU.choices("fr") if c.id == "sustainability")
    assert (durable.name, durable.language) == ("Durabilité", "fr")


@pytest.mark.db
def test_deleting_a_topic_leaves_other_profiles_and_topics_alone(engine: Engine) -> None:
    with transaction(engine) as session:
        for slug in ("careers", "culture"):
            topic_create(session=session, data=TopicCreate(id=slug, names={"en": slug.title()}))
        person, other = make_employee(session), make_employee(session)
        session.add(AmbassadorProfile(employee_id=person.id, topics=["careers", "culture"]))
        session.add(AmbassadorProfile(employee_id=other.id, topics=["culture-club"]))
        session.flush()
        topic_delete(session=session, topic_id="culture")
    with transaction(engine, write=False) as session:
        assert topic_ids(session=session) == {"careers"}
        assert dict(topic_menu(session=session).names) == {"careers": {"en": "Careers"}}
        stored = {
            p.employee_id: p.topics
            for p in (session.get(AmbassadorProfile, e.id) for e in (person, other))
            if p is not None
        }
    assert stored == {person.id: ["careers"], other.id: ["culture-club"]}
