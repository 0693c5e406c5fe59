"""Click counting: batches add up per link and per day, and UTM parameters merge cleanly."""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from app.db import make_engine, transaction
from app.models import ClickDay, ContentItem, ShortLink
from app.short_links.clicks import EPOCH, ClickCounter, with_utm, write_clicks
from app.short_links.redirect import flush_clicks

pytestmark = pytest.mark.db


def links(engine: Engine, *codes: str) -> None:
    with transaction(engine) as session:
        item = ContentItem(kind="article", title="t", url="https://example.com/", language="en")
        session.add(item)
        session.flush()
        for code in codes:
            session.add(ShortLink(code=code, content_id=item.id, network="xing"))


def test_batches_add_to_links_and_days(engine: Engine) -> None:
    links(engine, "code-aaaaaaaa", "code-bbbbbbbb")
    monday, tuesday = (date(2026, 11, 23) - EPOCH).days, (date(2026, 11, 24) - EPOCH).days
    for batch in (
        Counter({("code-aaaaaaaa", monday): 3, ("code-bbbbbbbb", monday): 1}),
        Counter({("code-aaaaaaaa", monday): 2, ("code-aaaaaaaa", tuesday): 4}),
    ):
        with transaction(engine) as session:
            write_clicks(session.connection(), batch)
    with transaction(engine, write=False) as session:
        assert {link.code: link.clicks for link in session.exec(select(ShortLink))} == {
            "code-aaaaaaaa": 9, "code-bbbbbbbb": 1,
        }  # fmt: skip
        days = {(d.code, d.day): d.clicks for d in session.exec(select(ClickDay))}
    assert days == {
        ("code-aaaaaaaa", date(2026, 11, 23)): 5,
        ("code-aaaaaaaa", date(2026, 11, 24)): 4,
        ("code-bbbbbbbb", date(2026, 11, 23)): 1,
    }


def test_unknown_codes_are_dropped_and_the_rest_written(engine: Engine) -> None:
    links(engine, "code-cccccccc")
    counter = ClickCounter()
    counter.count("code-cccccccc")
    counter.count("code-unknown1")
    assert flush_clicks(counter=counter, engine=engine) == 1
    assert counter.pending() == 0
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, "code-cccccccc")
        assert link is not None
        assert link.clicks == 1
        assert [d.code for d in session.exec(select(ClickDay))] == ["code-cccccccc"]


def test_clicks_a_flush_could_not_write_are_kept_for_the_next(
    engine: Engine, empty_database_url: str
) -> None:
    links(engine, "code-dddddddd")
    counter = ClickCounter()
    counter.count("code-dddddddd")
    counter.count("code-dddddddd")
    unmigrated = make_engine(empty_database_url)  # no short_link table: the write fails
    try:
        with pytest.raises(DBAPIError):
            flush_clicks(counter=counter, engine=unmigrated)
    finally:
        unmigrated.dispose()
    assert counter.pending() == 2
    assert flush_clicks(counter=counter, engine=engine) == 2
    with transaction(engine, write=False) as session:
        assert session.get_one(ShortLink, "code-dddddddd").clicks == 2


def test_utm_parameters_replace_old_ones_and_keep_the_rest() -> None:
    url = with_utm(
        "https://example.com/jobs?utm_source=old&ref=intranet&empty=#apply",
        network="bluesky",
        campaign="01abc",
    )
    parts = urlsplit(url)
    assert parts.fragment == "apply"
    assert parse_qs(parts.query, keep_blank_values=True) == {
        "ref": ["intranet"], "empty": [""], "utm_source": ["bluesky"],
        "utm_medium": ["employee_share"], "utm_campaign": ["01abc"],
    }  # fmt: skip
