"""The ambassador profile: defaults, a checked update, and nothing saved when a field is wrong."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Engine

from app.content.topic_schemas import TopicCreate
from app.content.topics import topic_create, topic_delete
from app.db import transaction
from app.models import AmbassadorProfile
from app.people.profiles import (
    ProfileDraft,
    ProfileInvalid,
    profile_draft,
    profile_get,
    profile_update,
)
from tests.factories.people import make_employee

pytestmark = pytest.mark.db
GOOD = ProfileDraft(
    networks=("mastodon", "linkedin"),
    mastodon_instance=" Social.Example:8443 ",
    topics=("open-source", "careers", "open-source"),
    languages=("en", "de"),
    asks_per_quarter="0",
    quiet_hours_start="22",
    quiet_hours_end="6",
    paused=True,
)


@pytest.fixture(autouse=True)
def topic_list(engine: Engine) -> None:
    """Comms' list: the topics a profile may hold."""
    with transaction(engine) as session:
        for slug, name in (("careers", "Careers"), ("open-source", "Open source")):
            topic_create(session=session, data=TopicCreate(id=slug, names={"en": name}))


def test_a_new_person_gets_unsaved_defaults(engine: Engine) -> None:
    with transaction(engine) as session:
        employee = make_employee(session)
        profile = profile_get(session=session, employee=employee)
        assert (profile.networks, profile.asks_per_quarter, profile.paused) == ([], 1, False)
        assert session.get(AmbassadorProfile, employee.id) is None
        assert profile_draft(profile) == ProfileDraft(show_drafts=False)


def test_update_normalises_and_saves(engine: Engine) -> None:
    with transaction(engine) as session:
        employee = make_employee(session)
        profile_update(session=session, employee=employee, draft=GOOD)
    with transaction(engine, write=False) as session:
        saved = session.get(AmbassadorProfile, employee.id)
        assert saved is not None
        assert saved.networks == ["linkedin", "mastodon"]  # in the order of NETWORKS
        assert saved.mastodon_instance == "social.example:8443"
        assert saved.topics == ["careers", "open-source"]  # each once
        assert saved.languages == ["de", "en"]
        assert saved.asks_per_quarter == 0
        assert (saved.quiet_hours_start, saved.quiet_hours_end) == (22, 6)
        assert (saved.paused, saved.no_social_networks) == (True, False)
        draft = profile_draft(saved)
    assert draft.topics == ("careers", "open-source")
    assert draft.quiet_hours_start == "22"


def test_empty_optional_fields_clear_them(engine: Engine) -> None:
    with transaction(engine) as session:
        employee = make_employee(session)
        profile_update(session=session, employee=employee, draft=GOOD)
        empty = ProfileDraft(no_social_networks=True, asks_per_quarter="3")
        profile = profile_update(session=session, employee=employee, draft=empty)
        assert (profile.mastodon_instance, profile.topics, profile.networks) == (None, [], [])
        assert (profile.quiet_hours_start, profile.quiet_hours_end) == (None, None)
        assert (profile.no_social_networks, profile.asks_per_quarter) == (True, 3)


def test_no_social_networks_clears_the_networks_ticked_beside_it(engine: Engine) -> None:
    """The answer is complete: networks still ticked in the (hidden) fields are not kept."""
    with transaction(engine) as session:
        employee = make_employee(session)
        profile_update(session=session, employee=employee, draft=GOOD)
        profile = profile_update(
            session=session, employee=employee, draft=replace(GOOD, no_social_networks=True)
        )
        assert (profile.networks, profile.mastodon_instance) == ([], None)
        assert profile.topics == ["careers", "open-source"]  # reading stays as chosen


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("mastodon_instance", "@me@social.example", "mastodon_instance"),
        ("mastodon_instance", "social", "mastodon_instance"),
        ("asks_per_quarter", "13", "asks_per_quarter"),
        ("asks_per_quarter", "", "asks_per_quarter"),
        ("asks_per_quarter", "²", "asks_per_quarter"),
        ("asks_per_quarter", "1.5", "asks_per_quarter"),
        ("networks", ("linkedin", "myspace"), "networks"),
        ("languages", ("it",), "languages"),
        ("topics", ("careers", "hiring"), "topics"),
        ("topics", ("Careers",), "topics"),
        ("topics", ("open source",), "topics"),
        ("quiet_hours_start", "24", "quiet_hours"),
        ("quiet_hours_end", "", "quiet_hours"),
        ("quiet_hours_end", "22", "quiet_hours"),
    ],
)
def test_a_wrong_field_saves_nothing(engine: Engine, field: str, value: Any, error: str) -> None:
    with transaction(engine) as session:
        employee = make_employee(session)
        profile_update(session=session, employee=employee, draft=GOOD)
        bad = replace(GOOD, **{field: value}, paused=False)
        with pytest.raises(ProfileInvalid) as raised:
            profile_update(session=session, employee=employee, draft=bad)
        assert list(raised.value.errors) == [error]
        saved = session.get(AmbassadorProfile, employee.id)
        assert saved is not None
        assert saved.paused is True
        assert saved.asks_per_quarter == 0


def test_every_wrong_field_is_reported_at_once(engine: Engine) -> None:
    bad = ProfileDraft(networks=("myspace",), mastodon_instance="https://x", asks_per_quarter="99")
    with transaction(engine) as session:
        employee = make_employee(session)
        with pytest.raises(ProfileInvalid) as raised:
            profile_update(session=session, employee=employee, draft=bad)
        assert session.get(AmbassadorProfile, employee.id) is None
    assert set(raised.value.errors) == {"networks", "mastodon_instance", "asks_per_quarter"}


def test_a_topic_taken_off_the_list_meanwhile_is_refused_and_nothing_changes(
    engine: Engine,
) -> None:
    with transaction(engine) as session:
        employee = make_employee(session)
        profile_update(session=session, employee=employee, draft=GOOD)
        topic_delete(session=session, topic_id="open-source")  # while the form was open
        with pytest.raises(ProfileInvalid) as raised:
            profile_update(session=session, employee=employee, draft=replace(GOOD, paused=False))
        assert list(raised.value.errors) == ["topics"]
        assert "no longer on the list" in raised.value.errors["topics"]
        saved = session.get(AmbassadorProfile, employee.id)
        assert saved is not None
        assert (saved.topics, saved.paused) == (["careers"], True)
