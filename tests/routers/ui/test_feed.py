"""/feed through HTTP: reading, sharing with and without JavaScript, rating, what never shows."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.consent.ledger import consent_withdraw
from app.db import transaction
from app.images.store import copy_key
from app.models import ContentItem, Employee, Rating, ShareEvent, WebSession
from app.people.web_sessions import session_start, token_hash
from app.routers.ui.feed import FEED_CACHE_SECONDS
from app.sharing.ratings import rating_set
from tests.factories.consent import Browser, consenting, grant, publish_all, sign_in
from tests.factories.feed import make_item, make_items, make_profile
from tests.web.test_i18n import english_leftovers, german

pytestmark = pytest.mark.db
HTMX = {"HX-Request": "true"}
LINKEDIN_DIALOG = "https://www.linkedin.com/sharing/share-offsite/?url="


@pytest.fixture
def texts(engine: Engine) -> None:
    """Every consent text published, so consent can be granted."""
    with transaction(engine) as session:
        publish_all(session)


def reader(engine: Engine, *purposes: str, **profile: Any) -> Browser:
    """A signed-in German reader with `purposes` granted and, unless None, a profile."""
    browser = sign_in(engine)
    grant(engine, browser.external_id, *purposes)
    if profile.pop("profile", True):
        with transaction(engine) as session:
            make_profile(session, browser.employee_id, **profile)
    return browser


def item(engine: Engine, **fields: Any) -> ContentItem:
    with transaction(engine) as session:
        return make_item(session, **fields)


def pressed(page: str, content_id: str) -> str | None:
    """The answer shown as chosen in an item's "Would you share this with friends?" line."""
    block = page.split(f'id="rating-{content_id}"', 1)[-1]
    found = re.search(r'value="(yes|no)"[^>]*aria-pressed="true"', block)
    return found.group(1) if found else None


def shares(engine: Engine) -> list[ShareEvent]:
    with transaction(engine) as session:
        return list(session.exec(select(ShareEvent)).all())


def share(
    client: httpx.Client, browser: Browser, content_id: str, *, htmx: bool = True, **form: str
) -> httpx.Response:
    headers = {**browser.headers, **HTMX} if htmx else browser.cookie
    data = {"network": "linkedin", **form}
    if not htmx:
        data["csrf_token"] = browser.csrf_token
    return client.post(f"/feed/{content_id}/share", data=data, headers=headers)


def test_the_feed_needs_signing_in(client: httpx.Client) -> None:
    response = client.get("/feed")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"


@pytest.mark.usefixtures("texts")
def test_the_feed_lists_current_items_in_my_languages(client: httpx.Client, engine: Engine) -> None:
    browser = reader(engine, languages=["de"])
    picture = "https://img.example.com/werk.jpg"
    copy = copy_key(url=picture, name=f"{'b' * 32}.jpg")  # our copy: the feed shows only ours
    live = item(engine, title="Neu im Werk", image_url=picture, image_key=copy)
    item(engine, title="Only in English", language="en")
    item(engine, title="Noch ein Entwurf", status="draft")
    page = client.get("/feed", headers=browser.cookie)
    assert page.status_code == 200
    assert "Neu im Werk" in page.text
    assert 'alt="Neu im Werk"' in page.text
    assert f'src="/images/{copy}"' in page.text
    assert "img.example.com" not in page.text
    assert f'href="{live.url}"' in page.text
    assert "Only in English" not in page.text
    assert "Noch ein Entwurf" not in page.text
    assert "Artikel" in page.text  # the kind, translated
    assert 'href="/feed"' in page.text  # in the navigation


@pytest.mark.usefixtures("texts")
def test_more_loads_the_next_page_as_a_fragment_or_a_page(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine)
    with transaction(engine) as session:
        titles = {i.title for i in make_items(session, 13)}
    first = client.get("/feed", headers=browser.cookie)
    assert "HX-Request" in first.headers["vary"]
    match = re.search(r'hx-get="/feed\?cursor=([^"]+)"', first.text)
    assert match
    fragment = client.get(f"/feed?cursor={match[1]}", headers={**browser.cookie, **HTMX})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "hx-get" not in fragment.text.split("gs-rating")[-1]  # no further "More"
    plain = client.get(f"/feed?cursor={match[1]}", headers=browser.cookie)
    assert "<html" in plain.text
    found = re.findall(r"Beitrag \d+", first.text.split('id="feed-more"')[0] + fragment.text)
    assert len(found) == len(set(found)) == 13
    assert set(found) == titles


@pytest.mark.usefixtures("texts")
@pytest.mark.parametrize(
    ("purposes", "profile", "invited"),
    [
        ((), {}, True),
        ((), {"no_social_networks": True}, False),
        (("ambassador",), {"no_social_networks": True}, False),
        (("ambassador",), {"paused": True}, False),
    ],
)
def test_without_taking_part_the_feed_only_reads(
    client: httpx.Client,
    engine: Engine,
    purposes: tuple[str, ...],
    profile: dict[str, bool],
    invited: bool,
) -> None:
    browser = reader(engine, *purposes, **profile)
    ask = item(engine, title="Wir suchen dich", is_ask=True)
    page = client.get("/feed", headers=browser.cookie).text
    assert "Wir suchen dich" in page
    assert "data-share-form" not in page
    assert f"/feed/{ask.id}/share" not in page
    assert "Teilen-Dialog" not in page
    assert "gs-ask" not in page
    main = page.split("<main", 1)[1]
    assert main.count('href="/me"') == (1 if invited else 0) + (1 if "paused" in profile else 0)
    kindly = "Hier wird also nichts von dir erwartet" in main
    assert kindly == ("no_social_networks" in profile)
    refused = share(client, browser, ask.id)
    assert refused.status_code == 403
    assert shares(engine) == []


@pytest.mark.usefixtures("texts")
def test_sharing_through_htmx_records_the_share_and_answers_with_the_dialog(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin"])
    shared = item(engine, texts={"linkedin": "Schaut mal 👀"}, is_ask=True)
    page = client.get("/feed", headers=browser.cookie).text
    assert "data-share-form" in page
    assert "Schaut mal 👀" in page
    assert "gs-ask" in page
    response = share(client, browser, shared.id, text="Mein eigener Text")
    assert response.status_code == 200
    assert "<html" not in response.text
    (event,) = shares(engine)
    assert (event.source, event.network, event.employee_id) == ("ui", "linkedin", None)
    short_url = f"http://testserver/s/{event.short_code}"
    assert f'href="{LINKEDIN_DIALOG}{quote(short_url, safe="")}"' in response.text
    assert f"Mein eigener Text {short_url}" in response.text
    assert "data-share-dialog" in response.text


@pytest.mark.usefixtures("texts")
def test_the_panel_shows_the_items_talking_points_and_asks_for_own_words(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin"])
    points = ["Halle 3 spart 40 % Energie", "<b>Wir</b> suchen Leute"]
    with_points, without = item(engine, talking_points=points), item(engine)
    page = client.get(f"/feed/{with_points.id}", headers=browser.cookie).text
    assert "Punkte, die du ansprechen könntest" in page
    assert "<li>Halle 3 spart 40 % Energie</li>" in page
    assert "<li>&lt;b&gt;Wir&lt;/b&gt; suchen Leute</li>" in page  # text, never markup
    assert "Sag es mit deinen eigenen Worten" in page
    page = client.get(f"/feed/{without.id}", headers=browser.cookie).text
    assert "Punkte, die du ansprechen könntest" not in page
    assert "Sag es mit deinen eigenen Worten" in page


@pytest.mark.usefixtures("texts")
def test_sharing_again_in_the_same_browser_session_reuses_the_share_and_its_link(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin", "bluesky"])
    shared, other = item(engine), item(engine)
    first = share(client, browser, shared.id, text="Erster Gedanke")
    again = share(client, browser, shared.id, text="Doch lieber so", htmx=False)
    assert (first.status_code, again.status_code) == (200, 303)
    (event,) = shares(engine)  # one share, not two
    short_url = f"http://testserver/s/{event.short_code}"
    thanks = client.get(again.headers["location"], headers=browser.cookie).text
    assert f"Doch lieber so {short_url}" in thanks  # the new words, the same link
    assert f'href="{LINKEDIN_DIALOG}{quote(short_url, safe="")}"' in thanks
    # Another network, or another item, is another share.
    bluesky = share(client, browser, shared.id, network="bluesky", text="Für Bluesky")
    assert "bsky.app/intent/compose" in bluesky.text
    share(client, browser, other.id)
    assert len(shares(engine)) == 3
    assert len({e.short_code for e in shares(engine)}) == 3
    # Once more on each: nothing new, whichever came last.
    share(client, browser, shared.id, network="bluesky", text="Für Bluesky, nochmal")
    share(client, browser, shared.id)
    assert len(shares(engine)) == 3
    # Another browser session of the same person shares anew.
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        token = session_start(session=session, employee=employee)
        web_session = session.get(WebSession, token_hash(token))
        assert web_session is not None
        elsewhere = Browser(browser.external_id, browser.employee_id, token, web_session.csrf_token)
    assert share(client, elsewhere, shared.id).status_code == 200
    assert len(shares(engine)) == 4


@pytest.mark.usefixtures("texts")
def test_sharing_without_javascript_follows_the_redirect_to_the_thank_you(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", "share_attribution")
    shared = item(engine)
    response = share(client, browser, shared.id, htmx=False, text="Lesenswert")
    assert response.status_code == 303
    assert response.headers["location"] == f"/feed/{shared.id}/shared"
    thanks = client.get(response.headers["location"], headers=browser.cookie)
    (event,) = shares(engine)
    assert event.employee_id == browser.employee_id  # attributed: share_attribution granted
    assert event.source == "ui"
    short_url = quote(f"http://testserver/s/{event.short_code}", safe="")
    assert f'href="{LINKEDIN_DIALOG}{short_url}"' in thanks.text
    assert "Danke." in thanks.text
    # Another item has no thank-you of its own: its /shared page leads back to it.
    other = item(engine)
    back = client.get(f"/feed/{other.id}/shared", headers=browser.cookie)
    assert back.headers["location"] == f"/feed/{other.id}"


@pytest.mark.usefixtures("texts")
def test_a_share_without_csrf_token_or_from_elsewhere_is_refused(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador")
    shared = item(engine)
    url = f"/feed/{shared.id}/share"
    no_token = client.post(url, data={"network": "linkedin"}, headers=browser.cookie)
    assert no_token.status_code == 403
    foreign = {**browser.headers, "Origin": "https://evil.example"}
    assert client.post(url, data={"network": "linkedin"}, headers=foreign).status_code == 403
    cross = {**browser.headers, "Sec-Fetch-Site": "cross-site"}
    assert client.post(url, data={"network": "linkedin"}, headers=cross).status_code == 403
    assert shares(engine) == []
    ours = {**browser.headers, "Origin": "http://testserver"}
    assert client.post(url, data={"network": "linkedin"}, headers=ours).status_code == 303


@pytest.mark.usefixtures("texts")
def test_a_too_long_text_comes_back_escaped_with_the_reason(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["x"])
    shared = item(engine, texts={"x": "<script>alert(1)</script>"})
    page = client.get("/feed", headers=browser.cookie).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = "<script>alert(2)</script>" + "a" * 260
    response = share(client, browser, shared.id, network="x", text=text)
    assert response.status_code == 422
    assert "<script>alert(2)" not in response.text
    assert "&lt;script&gt;alert(2)" in response.text
    assert 'role="alert"' in response.text
    assert shares(engine) == []


@pytest.mark.usefixtures("texts")
def test_a_rating_is_mine_alone_and_can_be_changed(client: httpx.Client, engine: Engine) -> None:
    browser = reader(engine, "ambassador", profile=None)
    rated = item(engine)
    with transaction(engine) as session:
        colleague = consenting(session, "ambassador")
        rating_set(
            session=session,
            employee=colleague,
            content_id=rated.id,
            worth_sharing=True,
            reason="GEHEIM von jemand anderem",
        )
    url = f"/feed/{rated.id}/rating"
    form = {"answer": "yes", "reason": "<script>x</script> gut", "csrf_token": browser.csrf_token}
    plain = client.post(url, data=form, headers=browser.cookie)
    assert plain.status_code == 303
    page = client.get(plain.headers["location"], headers=browser.cookie).text
    assert pressed(page, rated.id) == "yes"
    assert "&lt;script&gt;x&lt;/script&gt; gut" in page
    assert "<script>x</script>" not in page
    assert "GEHEIM" not in page
    changed = client.post(
        url, data={"answer": "no", "reason": ""}, headers={**browser.headers, **HTMX}
    )
    assert changed.status_code == 200
    assert "<html" not in changed.text
    assert pressed(changed.text, rated.id) == "no"
    with transaction(engine) as session:
        mine = session.exec(select(Rating).where(Rating.employee_id == browser.employee_id)).all()
    assert [(r.worth_sharing, r.reason) for r in mine] == [(False, None)]
    feed = client.get("/feed", headers=browser.cookie).text
    assert "GEHEIM" not in feed


@pytest.mark.usefixtures("texts")
def test_a_rating_needs_an_answer_and_a_token(client: httpx.Client, engine: Engine) -> None:
    browser = reader(engine, "ambassador")
    rated = item(engine)
    url = f"/feed/{rated.id}/rating"
    assert client.post(url, data={"answer": "yes"}, headers=browser.cookie).status_code == 403
    empty = client.post(url, data={"reason": "hm"}, headers={**browser.headers, **HTMX})
    assert empty.status_code == 422
    assert 'value="hm"' in empty.text
    with transaction(engine) as session:
        assert session.exec(select(Rating)).all() == []


@pytest.mark.usefixtures("texts")
@pytest.mark.parametrize("who", ["never asked", "withdrew", "hr and admin"])
def test_without_taking_part_there_is_no_question_to_answer(
    client: httpx.Client, engine: Engine, who: str
) -> None:
    browser = reader(engine, *(("ambassador",) if who == "withdrew" else ()))
    with transaction(engine) as session:
        employee = session.get(Employee, browser.employee_id)
        assert employee is not None
        if who == "withdrew":
            consent_withdraw(session=session, employee=employee, purpose="ambassador", source="ui")
        if who == "hr and admin":
            employee.roles = ["hr", "admin"]
            session.add(employee)
    rated = item(engine, title="Neu im Werk")
    for path in ("/feed", f"/feed/{rated.id}"):
        page = client.get(path, headers=browser.cookie).text
        assert "Neu im Werk" in page
        assert "/rating" not in page
        assert "Würdest du das mit Freunden teilen?" not in page
    url = f"/feed/{rated.id}/rating"
    form = {"answer": "yes", "reason": "gut", "csrf_token": browser.csrf_token}
    plain = client.post(url, data=form, headers=browser.cookie)
    assert plain.status_code == 403
    assert "gehört zum Mitmachen" in plain.text
    htmx = client.post(url, data={"reason": "hm"}, headers={**browser.headers, **HTMX})
    assert htmx.status_code == 403
    with transaction(engine) as session:
        assert session.exec(select(Rating)).all() == []


@pytest.mark.usefixtures("texts")
def test_the_whole_feed_speaks_german(client: httpx.Client, engine: Engine) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin", "x", "email"], asks_per_quarter=2)
    rated = item(engine, is_ask=True, image_url="https://img.example.com/a.jpg")
    with transaction(engine) as session:
        make_items(session, 12)
    client.post(
        f"/feed/{rated.id}/rating",
        data={"answer": "no", "reason": "Zu lang"},
        headers=browser.headers,
    )
    share(client, browser, rated.id, htmx=False, network="linkedin", text="Lesenswert")
    catalog = german()
    # The navigation is walked by tests/web/test_i18n.py; here, every message of the feed.
    mine = ("app/templates/feed.html", "app/routers/ui/feed.py")
    for message in list(catalog):
        if message.id and not any(path in mine for path, _ in message.locations):
            del catalog[message.id]
    for path in ("/feed", f"/feed/{rated.id}", f"/feed/{rated.id}/shared"):
        page = client.get(path, headers={**browser.cookie, "Accept-Language": "en"})
        assert '<html lang="de">' in page.text, path
        assert english_leftovers(page.text, catalog) == [], path


def nonce_of(page: httpx.Response) -> str:
    found = re.search(r"'nonce-([^']+)'", page.headers["content-security-policy"])
    assert found is not None
    return found.group(1)


def without_nonce(page: httpx.Response) -> str:
    return page.text.replace(nonce_of(page), "N")


@pytest.mark.usefixtures("texts")
def test_a_feed_page_sent_again_has_a_fresh_nonce_and_shows_what_changed(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", languages=["de"])
    rated = item(engine, title="Erste Meldung")
    first = client.get("/feed", headers=browser.cookie)
    again = client.get("/feed", headers=browser.cookie)  # kept in memory for a second
    nonces = [nonce_of(page) for page in (first, again)]
    assert nonces[0] != nonces[1]
    assert f'nonce="{nonces[1]}"' in again.text
    assert nonces[0] not in again.text
    assert without_nonce(again) == without_nonce(first)
    # What the reader does through the app shows at once ...
    answered = client.post(
        f"/feed/{rated.id}/rating",
        data={"answer": "yes", "csrf_token": browser.csrf_token},
        headers=browser.cookie,
    )
    assert answered.status_code in (200, 303)
    assert without_nonce(client.get("/feed", headers=browser.cookie)) != without_nonce(first)
    # ... and what another process publishes, within a second.
    item(engine, title="Zweite Meldung")
    time.sleep(FEED_CACHE_SECONDS)
    assert "Zweite Meldung" in client.get("/feed", headers=browser.cookie).text


def panel_of(page: str, content_id: str) -> str:
    """The HTML of one item's share panel."""
    return page.split(f'id="share-{content_id}"', 1)[1].split(f'id="rating-{content_id}"', 1)[0]


@pytest.mark.usefixtures("texts")
def test_a_card_leads_with_share_and_asks_its_question_in_one_line(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin"])
    shown = item(engine, title="Werk Kassel", url="https://www.example.com/werk")
    page = client.get("/feed", headers=browser.cookie).text
    card = page.split(f'id="item-{shown.id}"', 1)[1].split("</article>", 1)[0]
    link = re.search(r'<a href="https://www.example.com/werk"([^>]*)>', card)
    assert link is not None
    assert 'target="_blank"' in link.group(1)
    assert "noopener" in link.group(1)
    # Share, styled as the primary button, comes before the question; no answer is preset.
    assert card.index('<summary role="button">Teilen</summary>') < card.index("Würdest du")
    assert pressed(card, shown.id) is None
    assert 'name="reason"' not in card  # the reason is asked for after the answer
    client.post(
        f"/feed/{shown.id}/rating",
        data={"answer": "yes", "csrf_token": browser.csrf_token},
        headers=browser.cookie,
    )
    card = client.get(f"/feed/{shown.id}", headers=browser.cookie).text
    assert pressed(card, shown.id) == "yes"
    assert 'name="reason"' in card


@pytest.mark.usefixtures("texts")
def test_the_answer_alone_keeps_its_reason_and_another_answer_drops_it(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", profile=None)
    rated = item(engine)
    url, token = f"/feed/{rated.id}/rating", browser.csrf_token

    def mine() -> tuple[bool, str | None]:
        with transaction(engine) as session:
            (rating,) = session.exec(select(Rating)).all()
            return rating.worth_sharing, rating.reason

    client.post(url, data={"answer": "yes", "csrf_token": token}, headers=browser.cookie)
    client.post(
        url,
        data={"answer": "yes", "reason": "Gut erklärt", "csrf_token": token},
        headers=browser.cookie,
    )
    assert mine() == (True, "Gut erklärt")
    client.post(url, data={"answer": "yes", "csrf_token": token}, headers=browser.cookie)
    assert mine() == (True, "Gut erklärt")  # pressing Yes again keeps the reason
    client.post(url, data={"answer": "no", "csrf_token": token}, headers=browser.cookie)
    assert mine() == (False, None)  # the reason was for the other answer


@pytest.mark.usefixtures("texts")
def test_without_javascript_another_network_brings_its_own_text(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin", "mastodon"])
    long_text = "Lang " * 120  # fits LinkedIn, far too long for Mastodon
    shown = item(engine, texts={"linkedin": long_text.strip(), "mastodon": "Kurz für Mastodon"})
    page = client.get(f"/feed/{shown.id}", headers=browser.cookie).text
    panel = panel_of(page, shown.id)
    assert "<noscript>" in panel
    switch = f'href="/feed/{shown.id}?network=mastodon#share-{shown.id}"'
    assert switch in panel
    assert '<details class="gs-share-panel">' in panel  # closed until asked for

    switched = client.get(f"/feed/{shown.id}?network=mastodon", headers=browser.cookie)
    panel = panel_of(switched.text, shown.id)
    assert '<details class="gs-share-panel" open>' in panel
    assert re.search(r'value="mastodon" checked', panel)
    assert ">Kurz für Mastodon</textarea>" in panel
    assert "17 von 476 Zeichen" in panel  # Mastodon's counter: 500 less the link
    form = {"network": "mastodon", "text": "Kurz für Mastodon"}
    assert share(client, browser, shown.id, htmx=False, **form).status_code == 303

    # A network the person does not use, or nonsense, opens on the first of theirs.
    for value in ("x", "<b>", ""):
        other = client.get(f"/feed/{shown.id}?network={quote(value)}", headers=browser.cookie)
        assert other.status_code == 200
        assert re.search(r'value="linkedin" checked', panel_of(other.text, shown.id))
    too_long = client.get(f"/feed/{shown.id}?network={'x' * 21}", headers=browser.cookie)
    assert too_long.status_code == 422
    assert "<html" in too_long.text


@pytest.mark.usefixtures("texts")
def test_dialogs_that_take_only_the_link_say_so_before_they_open(
    client: httpx.Client, engine: Engine
) -> None:
    browser = reader(engine, "ambassador", networks=["linkedin", "mastodon"])
    shown = item(engine)
    panel = panel_of(client.get(f"/feed/{shown.id}", headers=browser.cookie).text, shown.id)
    assert "Meinen Text kopieren und LinkedIn öffnen" in panel  # the button says it copies
    note = re.search(r"<p class=\"gs-quiet\" data-link-only-note([^>]*)>([^<]*)</p>", panel)
    assert note is not None
    assert "hidden" not in note.group(1)
    assert "Der Dialog von LinkedIn übernimmt nur den Link" in note.group(2)
    assert 'data-link-only="Dein Text ist kopiert – füge ihn in LinkedIn ein."' in panel
    panel = panel_of(
        client.get(f"/feed/{shown.id}?network=mastodon", headers=browser.cookie).text, shown.id
    )
    assert "Dialog von Mastodon öffnen" in panel
    note = re.search(r"data-link-only-note([^>]*)>", panel)
    assert note is not None
    assert "hidden" in note.group(1)
