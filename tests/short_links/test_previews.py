"""Link-preview fetchers get the redirect, but their fetch is counted as a preview, not a click."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine, inspect, text

from app.db import transaction
from app.models import ShortLink
from app.short_links.previews import is_preview_fetcher
from tests.short_links.test_redirect import make_link, wait_for_clicks

pytestmark = pytest.mark.db
__all__ = ["make_link"]  # the fixture, used by name

FETCHERS = {
    "Facebook": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "LinkedIn": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "X": "Twitterbot/1.0",
    "Slack": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Slack images": "Slack-ImgProxy (+https://api.slack.com/robots)",
    "WhatsApp": "WhatsApp/2.23.20.0 A",
    "Telegram": "TelegramBot (like TwitterBot)",
    "Discord": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mastodon": "http.rb/5.1.1 (Mastodon/4.2.1; +https://social.example/)",
    "Bluesky": "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
    "Teams": "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "Google": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Apple": "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Applebot/0.1",
    "a generic bot": "SomeCompany-Bot 3.0",
    "a generic preview": "link-preview-service/2",
    "a crawler": "ExampleCrawler/1.0",
}
PEOPLE = {
    "Chrome on Android": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
    "Safari on iPhone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Firefox on Linux": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "LinkedIn's in-app browser": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.30.1",
    "a Cubot phone": "Mozilla/5.0 (Linux; Android 11; CUBOT P50) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    "no User-Agent": "",
}


@pytest.mark.parametrize("agent", FETCHERS.values(), ids=FETCHERS)
def test_preview_fetchers_are_known(agent: str) -> None:
    assert is_preview_fetcher(agent.encode())


@pytest.mark.parametrize("agent", PEOPLE.values(), ids=PEOPLE)
def test_people_are_not_taken_for_fetchers(agent: str) -> None:
    assert not is_preview_fetcher(agent.encode())


def _counts(engine: Engine, code: str) -> tuple[int, int]:
    with transaction(engine, write=False) as session:
        link = session.get(ShortLink, code)
        assert link is not None
        return link.clicks, link.previews


def test_a_preview_fetch_is_redirected_and_counted_apart_from_clicks(
    client: httpx.Client, engine: Engine, make_link: Callable[..., str]
) -> None:
    code = make_link()
    for agent in (*FETCHERS.values(), FETCHERS["LinkedIn"]):
        answer = client.get(f"/s/{code}", headers={"User-Agent": agent})
        assert answer.status_code == 302
        assert answer.headers["location"].startswith("https://example.com/jobs?")
    for agent in PEOPLE.values():
        assert client.get(f"/s/{code}", headers={"User-Agent": agent}).status_code == 302
    assert wait_for_clicks(engine, code, len(PEOPLE)) == len(PEOPLE)
    deadline = time.monotonic() + 10
    while _counts(engine, code)[1] < len(FETCHERS) + 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _counts(engine, code) == (len(PEOPLE), len(FETCHERS) + 1)
    # A HEAD, as some fetchers send first, is answered and counts as neither.
    head = client.head(f"/s/{code}", headers={"User-Agent": FETCHERS["X"]})
    assert head.status_code == 302
    time.sleep(1.2)  # past two flushes
    assert _counts(engine, code) == (len(PEOPLE), len(FETCHERS) + 1)
    # The agents were looked at, never kept: no table holds any part of one.
    with engine.connect() as conn:
        stored = [
            str(value)
            for table in inspect(engine).get_table_names()
            for row in conn.execute(text(f'SELECT * FROM "{table}"'))
            for value in row
        ]
    for agent in (*FETCHERS.values(), *PEOPLE.values()):
        assert not agent or not any(agent in value for value in stored)
