"""/learn: guides anyone can read, in their language, without leaving a trace."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import Engine, inspect, text

from app.db import transaction
from app.guides.library import NETWORKS
from app.people.web_sessions import session_start
from tests.factories.people import make_employee

pytestmark = pytest.mark.db


def snapshot(engine: Engine) -> dict[str, list[str]]:
    """Every row of every table, so that any write shows up."""
    with engine.connect() as conn:
        return {
            table: sorted(map(repr, conn.execute(text(f'SELECT * FROM "{table}"')).all()))
            for table in inspect(conn).get_table_names()
        }


def test_signed_out_visitors_can_read_every_guide(client: httpx.Client) -> None:
    index = client.get("/learn")
    assert index.status_code == 200
    for network in NETWORKS:
        assert f'href="/learn/{network}"' in index.text
        guide = client.get(f"/learn/{network}")
        assert guide.status_code == 200
        assert "<h2>How sharing works</h2>" in guide.text
    assert 'href="/learn"' in client.get("/").text  # in the navigation


def test_guides_come_in_the_visitors_language(client: httpx.Client) -> None:
    page = client.get("/learn/mastodon", headers={"Accept-Language": "de-AT,de;q=0.9"})
    assert '<html lang="de">' in page.text
    assert "<h2>So funktioniert das Teilen</h2>" in page.text
    index = client.get("/learn", headers={"Accept-Language": "de"})
    assert "Anleitungen zu den Netzwerken" in index.text


def test_an_unknown_network_is_a_friendly_404(client: httpx.Client) -> None:
    page = client.get("/learn/tiktok")
    assert page.status_code == 404
    assert "There is no guide for that network." in page.text
    for path in ("/learn/..%2F..%2Fconfig", "/learn/%3Cscript%3E", "/learn/..%5Cx"):
        page = client.get(path)
        assert page.status_code == 404
        assert "<script>" not in page.text
        assert "Traceback" not in page.text


def test_guide_pages_carry_no_scripts_or_images_of_their_own(client: httpx.Client) -> None:
    for network in NETWORKS:
        main = client.get(f"/learn/{network}").text.split("<main", 1)[1]
        assert "<script" not in main
        assert "<img" not in main
        assert "style=" not in main


def test_reading_guides_writes_nothing(client: httpx.Client, engine: Engine) -> None:
    with transaction(engine) as session:
        token = session_start(session=session, employee=make_employee(session))
    before = snapshot(engine)
    assert sum(map(len, before.values())) > 0
    for cookies in ({}, {"gladshare_session": token}):
        with httpx.Client(base_url=str(client.base_url), cookies=cookies) as reader:
            for path in ("/learn", *(f"/learn/{network}" for network in NETWORKS), "/learn/nope"):
                assert reader.get(path).status_code in (200, 404)
    assert snapshot(engine) == before
