"""Browser sessions over HTTP: idle and absolute timeouts, cookie attributes, activity."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import ContentItem, ShortLink, WebSession, utcnow
from app.people.web_sessions import IDLE_TIMEOUT, TOUCH_INTERVAL, session_start
from app.short_links.clicks import ClickCounter
from app.short_links.redirect import flush_clicks
from app.web.visitors import VISITOR_CACHE_SECONDS
from tests.conftest import serving
from tests.factories.people import make_employee

pytestmark = pytest.mark.db
READERS = 100
WRITER_PAUSE_SECONDS = 0.002


@pytest.fixture
def signed_in(client: httpx.Client, engine: Engine) -> httpx.Client:
    """The client with a live session cookie of a freshly synced employee."""
    with transaction(engine) as session:
        token = session_start(session=session, employee=make_employee(session))
    client.cookies.set("gladshare_session", token)
    assert client.get("/home").status_code == 200
    return client


def age_sessions(engine: Engine, **shift: timedelta) -> None:
    """Move every session's timestamps into the past by the given amounts."""
    with transaction(engine) as session:
        for web_session in session.exec(select(WebSession)).all():
            for name, delta in shift.items():
                setattr(web_session, name, getattr(web_session, name) - delta)
            session.add(web_session)
    time.sleep(VISITOR_CACHE_SECONDS)  # changed outside the app: seen within a second


def test_an_idle_session_ends(signed_in: httpx.Client, engine: Engine) -> None:
    age_sessions(engine, last_seen_at=IDLE_TIMEOUT - timedelta(minutes=1))
    assert signed_in.get("/home").status_code == 200  # activity renews the idle clock
    age_sessions(engine, last_seen_at=IDLE_TIMEOUT + timedelta(seconds=1))
    page = signed_in.get("/home")
    assert (page.status_code, page.headers["location"]) == (303, "/sign-in")


def test_a_session_ends_at_its_absolute_timeout_even_when_active(
    signed_in: httpx.Client, engine: Engine
) -> None:
    with transaction(engine) as session:
        web_session = session.exec(select(WebSession)).one()
        web_session.expires_at = utcnow() - timedelta(seconds=1)
        session.add(web_session)
    time.sleep(VISITOR_CACHE_SECONDS)
    assert signed_in.get("/home").status_code == 303


def test_on_https_the_cookie_is_host_bound_and_secure(settings: Settings, engine: Engine) -> None:
    from app.demo.seed import seed_demo

    with transaction(engine) as session:
        seed_demo(session=session)
    https = settings.model_copy(update={"demo": True, "base_url": "https://gladshare.example"})
    with serving(create_app(https)) as url, httpx.Client(base_url=url) as client:
        page = client.get("/sign-in")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        # httpx sends no Secure cookie over plain http, so the anonymous cookie goes by hand.
        anon = page.headers["set-cookie"].split(";", 1)[0]
        signed_in = client.post(
            "/demo/sign-in",
            data={"csrf_token": token, "external_id": "demo-001"},
            headers={"Cookie": anon},
        )
    cookie = signed_in.headers["set-cookie"]
    assert cookie.startswith("__Host-gladshare=")
    for attribute in ("Secure", "HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute in cookie
    assert "Domain" not in cookie


def test_a_form_sent_after_a_quiet_while_records_activity(
    signed_in: httpx.Client, engine: Engine
) -> None:
    age_sessions(engine, last_seen_at=TOUCH_INTERVAL + timedelta(minutes=1))
    page = signed_in.get("/me").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    age_sessions(engine, last_seen_at=TOUCH_INTERVAL + timedelta(minutes=1))
    # A writing request records activity inside its own transaction, which holds the lock.
    sent = signed_in.post("/me/profile", data={"csrf_token": token, "asks_per_quarter": "1"})
    assert (sent.status_code, sent.headers["location"]) == (303, "/me?saved=true#profile")
    with transaction(engine, write=False) as session:
        seen = session.exec(select(WebSession.last_seen_at)).one()
    assert utcnow() - seen < TOUCH_INTERVAL


def test_signed_in_reads_never_fail_while_clicks_are_written(
    settings: Settings, engine: Engine
) -> None:
    with transaction(engine) as session:
        tokens = [
            session_start(session=session, employee=make_employee(session)) for _ in range(READERS)
        ]
        item = ContentItem(kind="article", title="t", url="https://example.com/", language="en")
        session.add(item)
        session.flush()
        session.add(ShortLink(code="busy", content_id=item.id, network="xing"))
    # Every session's last-seen time is due, so every first read records activity.
    age_sessions(engine, last_seen_at=TOUCH_INTERVAL + timedelta(minutes=1))
    counter, stop, flushed = ClickCounter(), threading.Event(), [0]

    def click_flush() -> None:
        # The click flush's own writes, far more often than every half second; the pause
        # lets the other writers in, as the real flush does.
        while not stop.wait(WRITER_PAUSE_SECONDS):
            counter.count("busy")
            flushed[0] += flush_clicks(counter=counter, engine=engine)

    with serving(create_app(settings)) as url:

        def read(token: str) -> int:
            # A generous timeout: the test is about errors, not about speed.
            cookies = {"gladshare_session": token}
            with httpx.Client(base_url=url, cookies=cookies, timeout=60) as browser:
                return browser.get("/home").status_code

        writer = threading.Thread(target=click_flush)
        writer.start()
        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(read, tokens))
        finally:
            stop.set()
            writer.join()
    assert statuses == [200] * READERS
    assert flushed[0] > 0
    with transaction(engine, write=False) as session:
        seen = session.exec(select(WebSession.last_seen_at)).all()
    assert all(utcnow() - at < TOUCH_INTERVAL for at in seen)  # every read recorded activity
