"""German and English: the catalog is complete, and no page shows English to German readers."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi import FastAPI
from sqlalchemy import Engine

from app.config import Settings
from app.db import transaction
from app.demo.seed import seed_demo
from app.guides.library import NETWORKS
from app.main import create_app
from app.web.i18n import TRANSLATIONS_DIR, accept_language, current_language, language_of_page
from app.web.rendering import templates
from app.web.visitors import session_cookie_name
from tests.conftest import serving
from tests.factories.consent import publish_all
from tests.factories.people import make_employee, make_participant
from tests.support.page_routes import html_routes

ROOT = Path(__file__).resolve().parents[2]
GERMAN = TRANSLATIONS_DIR / "de" / "LC_MESSAGES" / "messages.po"
# Values for path parameters, so that pages such as /learn/{network} are walked too.
PATH_VALUES: dict[str, tuple[str, ...]] = {"network": NETWORKS}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def german() -> Catalog:
    """The German catalog as translators left it."""
    with GERMAN.open("rb") as po:
        return read_po(po, locale="de")


def html_pages(app: FastAPI) -> list[str]:
    """Every GET page of the UI reachable with PATH_VALUES (pages needing data are left out)."""
    return html_routes(app, PATH_VALUES, every_page=False)


def english_leftovers(page: str, catalog: Catalog) -> list[str]:
    """The msgids whose German differs but which appear verbatim in the page."""
    text = " ".join(html.unescape(page).split())
    found = []
    for message in catalog:
        if not message.id or message.string == message.id:
            continue
        for fragment in PLACEHOLDER.split(str(message.id)):
            words = " ".join(fragment.split())
            # A fragment of punctuation alone ("." after a placeholder) is in every page.
            wordy = re.search(r"[^\W\d_]", words)
            if wordy and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text):
                found.append(str(message.id))
    return found


def walk_in_german(client: httpx.Client, app: FastAPI) -> list[str]:
    """GET every page with Accept-Language: de; returns the HTML pages checked."""
    catalog, walked = german(), []
    for path in html_pages(app):
        response = client.get(path, headers={"Accept-Language": "de"})
        assert response.status_code < 500, path
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        assert response.headers["content-language"] == "de", path
        assert '<html lang="de">' in response.text, path
        assert english_leftovers(response.text, catalog) == [], path
        walked.append(path)
    return walked


def test_every_catalog_entry_is_translated() -> None:
    catalog = german()
    assert len(catalog) > 50
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"


def test_catalog_holds_every_message_in_the_code() -> None:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    in_code = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(str(ROOT), method_map, options_map)
    }
    in_catalog = {message.id for message in german() if message.id}
    assert in_code - in_catalog == set(), "run `make i18n` and translate the new messages"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("de", "de"),
        ("de-CH, en;q=0.5", "de"),
        ("en;q=0.5, de;q=0.8", "de"),
        ("fr, de;q=0.3, en;q=0.2", "de"),
        ("de;q=0, en", "en"),
        ("de;q=1.5, en;q=0.1", "en"),
        ("fr-FR, it;q=0.9", None),
        ("*", None),
        ("", None),
        (None, None),
        ("de;q=abc", None),
        ("EN-gb;q=0.9, De;Q=0.95", "de"),
    ],
)
def test_accept_language_honours_q_values(header: str | None, language: str | None) -> None:
    assert accept_language(header) == language


def test_dates_and_numbers_follow_the_page_language() -> None:
    # Constants too: Jinja must not fold the filters at compile time, in whatever language.
    page = templates.env.from_string(
        "{{ amount|number }} {{ 1234.5|number }} · {{ when|datetime_format('long') }}"
        " · {{ when|date_format }} · {{ 0.25|percent }}"
    )
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    with language_of_page("de"):
        assert page.render(when=when, amount=1234.5) == (
            "1.234,5 1.234,5 · 1. März 2026, 09:30:00 UTC · 01.03.2026 · 25\xa0%"
        )
    with language_of_page("en"):
        assert page.render(when=when, amount=1234.5) == (
            "1,234.5 1,234.5 · March 1, 2026, 9:30:00\u202fAM UTC · Mar 1, 2026 · 25%"
        )
    assert current_language() == "en"


@pytest.fixture
def demo_app(settings: Settings, engine: Engine) -> FastAPI:
    """The demo organisation: the sign-in page lists its people."""
    with transaction(engine) as session:
        seed_demo(session=session)
    return create_app(settings.model_copy(update={"demo": True}))


def signed_in(client: httpx.Client, engine: Engine, settings: Settings) -> httpx.Client:
    """Sign a German-speaking employee (locale de-CH) in on `client`, with consents and shares."""
    with transaction(engine) as session:
        publish_all(session)
        # Consents, a profile and shares, so that /me and /me/data show every part.
        token = make_participant(session, make_employee(session)).session_token
    client.cookies.set(session_cookie_name(settings), token)
    return client


@pytest.fixture
def german_client(settings: Settings) -> Iterator[tuple[httpx.Client, FastAPI]]:
    """A client on the app without demo mode, and the app."""
    app = create_app(settings)
    with serving(app) as url, httpx.Client(base_url=url) as client:
        yield client, app


@pytest.mark.db
def test_no_english_on_any_page_signed_out_or_in(
    german_client: tuple[httpx.Client, FastAPI], engine: Engine, settings: Settings
) -> None:
    client, app = german_client
    walked = walk_in_german(client, app)
    assert {"/", "/sign-in", "/learn", "/learn/xing"} <= set(walked)
    walked_signed_in = walk_in_german(signed_in(client, engine, settings), app)
    assert {"/home", "/me", "/me/data", "/me/leave"} <= set(walked_signed_in)


@pytest.mark.db
def test_no_english_on_the_demo_pages(demo_app: FastAPI) -> None:
    with serving(demo_app) as url, httpx.Client(base_url=url) as client:
        assert "/sign-in" in walk_in_german(client, demo_app)
        assert (
            "Als Jonas Weber anmelden"
            in client.get("/sign-in", headers={"Accept-Language": "de"}).text
        )


@pytest.mark.db
def test_error_pages_speak_german_too(german_client: tuple[httpx.Client, FastAPI]) -> None:
    client, _ = german_client
    page = client.get("/no/such/page", headers={"Accept-Language": "de"})
    assert page.status_code == 404
    assert "Seite nicht gefunden" in page.text
    assert "Fehler 404" in page.text
    assert english_leftovers(page.text, german()) == []


@pytest.mark.db
def test_profile_language_beats_the_browser(
    german_client: tuple[httpx.Client, FastAPI], engine: Engine, settings: Settings
) -> None:
    client, _ = german_client
    page = signed_in(client, engine, settings).get("/home", headers={"Accept-Language": "en"})
    assert '<html lang="de">' in page.text
    assert "Hallo, " in page.text
    assert page.headers["content-language"] == "de"


@pytest.mark.db
def test_unknown_languages_get_english(german_client: tuple[httpx.Client, FastAPI]) -> None:
    client, _ = german_client
    page = client.get("/", headers={"Accept-Language": "fr-FR, fr;q=0.9, it;q=0.8"})
    assert '<html lang="en">' in page.text
    assert "Share what you are glad to share" in page.text
    assert page.headers["content-language"] == "en"
    assert "Accept-Language" in page.headers["vary"]
    # The detector the page walks rely on does see English when there is English.
    assert "Share what you are glad to share" in english_leftovers(page.text, german())
