"""/me: one click to say yes or take it back per purpose, and the profile; htmx or plain forms."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from app.consent.texts import consent_text_publish
from app.content.topic_schemas import TopicCreate
from app.content.topics import topic_create
from app.db import transaction
from app.models import AmbassadorProfile, ConsentEvent, Employee
from tests.factories.consent import Browser, publish, sign_in_english
from tests.factories.feed import make_item

pytestmark = pytest.mark.db
HX = {"HX-Request": "true"}
PROFILE = {
    "networks": ["linkedin", "mastodon"],
    "mastodon_instance": "Social.Example",
    "topics": ["open-source", "careers"],
    "languages": ["de", "en"],
    "asks_per_quarter": "2",
    "quiet_hours_start": "22",
    "quiet_hours_end": "7",
}


@pytest.fixture(autouse=True)
def topic_list(engine: Engine) -> None:
    """Comms' topic list, which the profile's topics are ticked from."""
    with transaction(engine) as session:
        for slug, name in (("careers", "Careers"), ("open-source", "Open source")):
            topic_create(session=session, data=TopicCreate(id=slug, names={"en": name}))


def ticked(page: str) -> list[str]:
    """The topics whose boxes are ticked on the page."""
    return re.findall(r'name="topics" value="([^"]+)"\s+checked', page)


@pytest.fixture
def me(engine: Engine, client: httpx.Client) -> Browser:
    """An English-speaking team leader signed in on `client`, every text published in en and de."""
    browser = sign_in_english(engine, client, "E-2001")
    lead_a_team(engine, browser, True)
    return browser


@pytest.fixture
def member(engine: Engine, client: httpx.Client) -> Browser:
    """An English-speaking employee who leads no team, signed in on `client`."""
    return sign_in_english(engine, client, "E-2002")


def lead_a_team(engine: Engine, browser: Browser, leads: bool) -> None:
    """HR says the employee leads a team, or no longer does."""
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        employee.is_leader = leads
        session.add(employee)


def ledger(engine: Engine) -> list[tuple[str, str, int | None]]:
    """Every consent event as (purpose, action, text version)."""
    with transaction(engine, write=False) as session:
        events = session.exec(select(ConsentEvent).order_by(col(ConsentEvent.id))).all()
        return [(e.purpose, e.action, e.text_version) for e in events]


def stored_profile(engine: Engine, employee_id: str) -> AmbassadorProfile | None:
    """The profile as saved."""
    with transaction(engine, write=False) as session:
        return session.get(AmbassadorProfile, employee_id)


def change(me: Browser, purpose: str, action: str, version: int = 1) -> dict[str, str]:
    """The fields of one toggle's form."""
    return {
        "csrf_token": me.csrf_token,
        "purpose": purpose,
        "action": action,
        "text_version": str(version),
    }


def block_of(page: str, purpose: str) -> str:
    """The HTML of one purpose's block on the full page."""
    match = re.search(rf'<article id="consent-{purpose}".*?</article>', page, re.S)
    assert match, purpose
    return match.group(0)


def test_me_needs_sign_in(client: httpx.Client) -> None:
    assert client.get("/me").headers["location"] == "/sign-in"
    assert client.post("/me/consents", data={"purpose": "ambassador"}).status_code == 401


def test_each_purpose_shows_its_text_and_one_button(client: httpx.Client, me: Browser) -> None:
    page = client.get("/me")
    assert page.status_code == 200
    for purpose in ("ambassador", "share_attribution", "recognition"):
        block = block_of(page.text, purpose)
        assert f"I agree to {purpose}, said in en." in block
        assert 'name="text_version" value="1"' in block
        assert block.count('type="submit"') == 1
        assert 'hx-post="/me/consents"' in block
        assert f'hx-target="#consent-{purpose}"' in block
        assert 'hx-swap="outerHTML"' in block
        assert 'aria-live="polite"' in block
        assert "Not chosen." in block
    assert ">Take part</button>" in page.text
    assert f'name="csrf_token" value="{me.csrf_token}"' in page.text


def test_grant_and_withdraw_with_htmx_swap_only_the_block(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    purpose = "share_attribution"
    granted = client.post("/me/consents", data=change(me, purpose, "grant"), headers=HX)
    assert granted.status_code == 200
    assert "HX-Request" in granted.headers["vary"]
    assert granted.text.lstrip().startswith(f'<article id="consent-{purpose}"')
    assert "<html" not in granted.text
    assert "Yes, since" in granted.text
    assert ">Stop showing me my impact</button>" in granted.text
    assert ledger(engine) == [(purpose, "grant", 1)]

    withdrawn = client.post("/me/consents", data=change(me, purpose, "withdraw"), headers=HX)
    assert withdrawn.status_code == 200
    assert withdrawn.text.lstrip().startswith(f'<article id="consent-{purpose}"')
    assert "Not chosen." in withdrawn.text
    assert ">Yes, show me my impact</button>" in withdrawn.text
    assert ledger(engine) == [(purpose, "grant", 1), (purpose, "withdraw", None)]


@pytest.mark.parametrize("htmx", [True, False])
def test_taking_part_leads_on_to_the_setup_and_then_to_the_feed(
    client: httpx.Client, engine: Engine, me: Browser, htmx: bool
) -> None:
    before = client.get("/me/setup")
    assert (before.status_code, before.headers["location"]) == (303, "/me#consent-ambassador")
    granted = client.post(
        "/me/consents", data=change(me, "ambassador", "grant"), headers=HX if htmx else {}
    )
    if htmx:
        assert (granted.status_code, granted.headers["hx-redirect"]) == (204, "/me/setup")
    else:
        assert (granted.status_code, granted.headers["location"]) == (303, "/me/setup")
    setup = client.get("/me/setup")
    assert setup.status_code == 200
    assert "Welcome — you take part now" in setup.text
    assert 'name="networks" value="linkedin"' in setup.text
    assert 'name="mastodon_instance"' in setup.text
    assert re.search(r'name="languages" value="en"\s+checked', setup.text)  # the page's, ticked
    assert 'name="asks_per_quarter"' not in setup.text  # the rest waits on My settings
    form = {
        "csrf_token": me.csrf_token,
        "networks": ["linkedin", "mastodon"],
        "mastodon_instance": "https://social.example/@me",
        "languages": ["en"],
    }
    refused = client.post("/me/setup", data=form)
    assert refused.status_code == 422
    assert "Enter just the server name" in refused.text
    assert 'value="https://social.example/@me"' in refused.text  # as typed
    assert stored_profile(engine, me.employee_id) is None  # nothing saved
    saved = client.post("/me/setup", data={**form, "mastodon_instance": "social.example"})
    assert (saved.status_code, saved.headers["location"]) == (303, "/feed")
    profile = stored_profile(engine, me.employee_id)
    assert profile is not None
    assert (profile.networks, profile.mastodon_instance, profile.languages) == (
        ["linkedin", "mastodon"],
        "social.example",
        ["en"],
    )
    assert profile.asks_per_quarter == 1  # the default, untouched


def test_plain_forms_grant_and_withdraw_in_one_request_each(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    granted = client.post("/me/consents", data=change(me, "share_attribution", "grant"))
    assert granted.status_code == 303
    assert granted.headers["location"] == "/me#consent-share_attribution"
    page = client.get(granted.headers["location"])
    assert "Stop showing me my impact" in block_of(page.text, "share_attribution")

    withdrawn = client.post("/me/consents", data=change(me, "share_attribution", "withdraw"))
    assert withdrawn.status_code == 303
    page = client.get(withdrawn.headers["location"])
    assert "Yes, show me my impact" in block_of(page.text, "share_attribution")
    assert ledger(engine) == [
        ("share_attribution", "grant", 1),
        ("share_attribution", "withdraw", None),
    ]


def test_a_stale_version_explains_and_shows_the_new_text(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    with transaction(engine) as session:
        consent_text_publish(
            session=session,
            purpose="recognition",
            language="en",
            title="Recognition, again",
            body="Version two <b>bold</b> words.",
        )
    stale = client.post("/me/consents", data=change(me, "recognition", "grant"), headers=HX)
    assert stale.status_code == 409  # htmx swaps it in all the same (its responseHandling)
    assert stale.text.lstrip().startswith('<article id="consent-recognition"')
    assert "This text changed while you were reading it." in stale.text
    assert "Version two &lt;b&gt;bold&lt;/b&gt; words." in stale.text
    assert 'name="text_version" value="2"' in stale.text
    plain = client.post("/me/consents", data=change(me, "recognition", "grant"))
    assert plain.status_code == 409
    assert "This text changed while you were reading it." in block_of(plain.text, "recognition")
    assert ledger(engine) == []


def test_a_new_text_asks_for_renewal_with_one_click(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    client.post("/me/consents", data=change(me, "ambassador", "grant"))
    with transaction(engine) as session:
        publish(session, "ambassador", "en")
    block = block_of(client.get("/me").text, "ambassador")
    assert "Your yes needs renewing" in block
    assert "The text has changed since then" in block
    assert "I agree to ambassador, said in en." in block
    assert 'name="text_version" value="2"' in block
    assert ">Agree to the new version</button>" in block

    renewed = client.post("/me/consents", data=change(me, "ambassador", "grant", 2), headers=HX)
    assert "Yes, since" in renewed.text
    assert "needs renewing" not in renewed.text
    assert ledger(engine)[-1] == ("ambassador", "grant", 2)


def test_without_the_csrf_token_nothing_changes(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    forged = {k: v for k, v in change(me, "ambassador", "grant").items() if k != "csrf_token"}
    assert client.post("/me/consents", data=forged).status_code == 403
    assert client.post("/me/consents", data={**forged, "csrf_token": "x" * 43}).status_code == 403
    assert client.post("/me/profile", data=PROFILE).status_code == 403
    assert client.post("/me/leave", data={}).status_code == 403
    assert ledger(engine) == []
    assert stored_profile(engine, me.employee_id) is None
    assert client.get("/me").status_code == 200


def test_profile_is_saved_with_a_plain_form(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    saved = client.post("/me/profile", data={**PROFILE, "csrf_token": me.csrf_token})
    assert saved.status_code == 303
    page = client.get(saved.headers["location"])
    assert "Your profile is saved." in page.text
    assert 'value="social.example"' in page.text
    assert ticked(page.text) == ["careers", "open-source"]
    profile = stored_profile(engine, me.employee_id)
    assert profile is not None
    assert profile.networks == ["linkedin", "mastodon"]
    assert profile.mastodon_instance == "social.example"
    assert (profile.topics, profile.languages) == (["careers", "open-source"], ["de", "en"])
    assert profile.asks_per_quarter == 2
    assert (profile.quiet_hours_start, profile.quiet_hours_end) == (22, 7)
    assert (profile.paused, profile.no_social_networks) == (False, False)


def test_no_social_networks_is_saved_with_htmx(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    answer = client.post(
        "/me/profile",
        data={"csrf_token": me.csrf_token, "no_social_networks": "on", "asks_per_quarter": "0"},
        headers=HX,
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<form id="profile-form"')
    assert "Your profile is saved." in answer.text
    assert "gs-no-social" in answer.text
    profile = stored_profile(engine, me.employee_id)
    assert profile is not None
    assert (profile.no_social_networks, profile.asks_per_quarter) == (True, 0)


def test_being_named_is_offered_only_to_people_who_lead_a_team(
    client: httpx.Client, engine: Engine, member: Browser
) -> None:
    page = client.get("/me").text
    assert 'id="consent-ambassador"' in page
    assert 'id="consent-share_attribution"' in page
    assert 'id="consent-recognition"' not in page
    for headers in ({}, HX):
        refused = client.post(
            "/me/consents", data=change(member, "recognition", "grant"), headers=headers
        )
        assert refused.status_code == 403
        assert "“Be named” is for people who lead a team" in refused.text
    assert ledger(engine) == []


def test_someone_who_no_longer_leads_a_team_can_still_take_back_their_yes(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    assert client.post("/me/consents", data=change(me, "recognition", "grant")).status_code == 303
    lead_a_team(engine, me, False)
    block = block_of(client.get("/me").text, "recognition")
    assert block.count('type="submit"') == 1
    assert ">Stop naming me</button>" in block
    withdrawn = client.post("/me/consents", data=change(me, "recognition", "withdraw"), headers=HX)
    assert withdrawn.status_code == 200
    assert "Not chosen." in withdrawn.text
    assert 'value="grant"' not in withdrawn.text
    assert "for people who lead a team" in withdrawn.text
    assert 'id="consent-recognition"' not in client.get("/me").text
    assert ledger(engine) == [("recognition", "grant", 1), ("recognition", "withdraw", None)]


def test_pausing_says_what_it_hides_and_hides_it(
    client: httpx.Client, engine: Engine, me: Browser
) -> None:
    assert client.post("/me/consents", data=change(me, "ambassador", "grant")).status_code == 303
    with transaction(engine) as session:
        ask = make_item(session, title="We are hiring", is_ask=True)
    form = {**PROFILE, "csrf_token": me.csrf_token}
    assert client.post("/me/profile", data=form).status_code == 303
    assert f"/feed/{ask.id}/share" in client.get("/feed").text
    paused = client.post("/me/profile", data={**form, "paused": "on"})
    assert paused.status_code == 303
    help_text = re.search(r'<small id="pause-help">(.*?)</small>', client.get("/me").text, re.S)
    assert help_text
    assert "the feed offers nothing to share and no asks" in help_text[1]
    feed = client.get("/feed").text
    assert "We are hiring" in feed
    assert f"/feed/{ask.id}/share" not in feed
    assert "gs-ask" not in feed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mastodon_instance": "https://social.example/@me"}, "Enter just the server name"),
        ({"asks_per_quarter": "13"}, "Enter a whole number from 0 to 12."),
        ({"asks_per_quarter": "-1"}, "Enter a whole number from 0 to 12."),
        ({"networks": ["linkedin", "myspace"]}, "Please choose networks from the list."),
        ({"topics": ["careers", "hiring"]}, "A topic you ticked is no longer on the list."),
        ({"quiet_hours_end": ""}, "Choose both a start and an end, or neither."),
    ],
)
def test_invalid_profiles_change_nothing(
    client: httpx.Client, engine: Engine, me: Browser, changes: dict[str, object], message: str
) -> None:
    client.post("/me/profile", data={**PROFILE, "csrf_token": me.csrf_token})
    before = stored_profile(engine, me.employee_id)
    answer = client.post("/me/profile", data={**PROFILE, **changes, "csrf_token": me.csrf_token})
    assert answer.status_code == 422
    assert message in answer.text
    assert 'aria-invalid="true"' in answer.text or "gs-field-error" in answer.text
    assert "Nothing was saved." in answer.text
    assert stored_profile(engine, me.employee_id) == before
    with_htmx = client.post(
        "/me/profile", data={**PROFILE, **changes, "csrf_token": me.csrf_token}, headers=HX
    )
    assert with_htmx.status_code == 422  # the same status: htmx's responseHandling swaps it
    assert with_htmx.text.lstrip().startswith('<form id="profile-form"')
    assert message in with_htmx.text


def test_what_people_type_is_shown_escaped(client: httpx.Client, me: Browser) -> None:
    answer = client.post(
        "/me/profile",
        data={
            **PROFILE,
            "csrf_token": me.csrf_token,
            "mastodon_instance": '"><script>alert(1)</script>',
            "topics": ['<img src=x onerror="alert(1)">'],
        },
    )
    assert answer.status_code == 422
    assert "<script>alert(1)</script>" not in answer.text
    assert "<img src=x" not in answer.text
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text
    # A topic is ticked from the list, so a made-up one is refused and never shown back.
    assert "A topic you ticked is no longer on the list." in answer.text
    assert "onerror" not in answer.text
