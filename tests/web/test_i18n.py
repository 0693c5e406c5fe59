"""German, English and French: the catalogs are complete, and no page shows English to readers
who chose German or French."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from fastapi import FastAPI
from sqlalchemy import Engine

from app.config import Settings
from app.db import transaction
from app.demo.seed import seed_demo
from app.guides.library import NETWORKS
from app.main import create_app
from app.web.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    accept_language,
    current_language,
    language_of_page,
)
from app.web.rendering import templates
from app.web.visitors import session_cookie_name
from tests.conftest import serving
from tests.factories.consent import publish_all
from tests.factories.people import make_employee, make_participant
from tests.support.page_routes import html_routes
from tests.support.translations import ENGLISH_BROWSER, translations

# tests/routers/ui/test_feed.py takes both from here.
from tests.support.translations import english_leftovers as english_leftovers

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)
# Values for path parameters, so that pages such as /learn/{network} are walked too.
PATH_VALUES: dict[str, tuple[str, ...]] = {"network": NETWORKS}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')


def german() -> Catalog:
    """The German catalog (tests/routers/ui/test_feed.py walks the feed's messages with it)."""
    return translations("de")


def html_pages(app: FastAPI) -> list[str]:
    """Every GET page of the UI reachable with PATH_VALUES (pages needing data are left out)."""
    return html_routes(app, PATH_VALUES, every_page=False)


def choose(client: httpx.Client, language: str, *, back_to: str = "/") -> httpx.Response:
    """Press the header's button for `language` on the start page, as a browser without script."""
    start = client.get("/", headers=ENGLISH_BROWSER)
    match = CSRF_FIELD.search(start.text)
    assert match, "the header has no language switcher"
    data = {"csrf_token": match.group(1), "language": language, "next": back_to}
    return client.post("/language", data=data, headers=ENGLISH_BROWSER)


def walk(client: httpx.Client, app: FastAPI, language: str) -> list[str]:
    """GET every page from a browser preferring English; returns the HTML pages checked."""
    catalog, walked = translations(language), []
    for path in html_pages(app):
        response = client.get(path, headers=ENGLISH_BROWSER)
        assert response.status_code < 500, path
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        assert response.headers["content-language"] == language, path
        assert f'<html lang="{language}">' in response.text, path
        assert english_leftovers(response.text, catalog) == [], path
        walked.append(path)
    return walked


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_entry_is_translated(language: str) -> None:
    catalog = translations(language)
    assert len(catalog) > 50
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        if message.pluralizable:
            assert len(strings) == catalog.num_plurals, f"plural forms: {message.id!r}"


def test_french_counts_zero_and_one_as_singular() -> None:
    # French says "0 partage, 1 partage, 2 partages", unlike English's "0 shares".
    assert translations("fr").plural_expr == "(n > 1)"


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_holds_every_message_in_the_code(language: str) -> None:
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    in_code = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(str(ROOT), method_map, options_map)
    }
    # A plural entry's id is its (singular, plural) pair; the code names it by the singular.
    in_catalog = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in translations(language)
        if message.id
    }
    assert in_code - in_catalog == set(), "run `make i18n` and translate the new messages"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("de", "de"),
        ("de-CH, en;q=0.5", "de"),
        ("en;q=0.5, de;q=0.8", "de"),
        ("fr, de;q=0.3, en;q=0.2", "fr"),
        ("fr-BE, nl-BE;q=0.9", "fr"),
        ("it-CH, fr-CH;q=0.7, de;q=0.5", "fr"),
        ("de;q=0, en", "en"),
        ("de;q=1.5, en;q=0.1", "en"),
        ("it-IT, es;q=0.9", None),
        ("*", None),
        ("", None),
        (None, None),
        ("de;q=abc", None),
        ("EN-gb;q=0.9, De;Q=0.95", "de"),
    ],
)
def test_accept_language_honours_q_values(header: str | None, language: str | None) -> None:
    assert accept_language(header) == language


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("de", "1.234,5 1.234,5 · 1. März 2026, 09:30:00 UTC · 01.03.2026 · 25\xa0%"),
        ("en", "1,234.5 1,234.5 · March 1, 2026, 9:30:00\u202fAM UTC · Mar 1, 2026 · 25%"),
        ("fr", "1\u202f234,5 1\u202f234,5 · 1 mars 2026, 09:30:00 TU · 1 mars 2026 · 25\xa0%"),
    ],
)
def test_dates_and_numbers_follow_the_page_language(language: str, shown: str) -> None:
    # Constants too: Jinja must not fold the filters at compile time, in whatever language.
    page = templates.env.from_string(
        "{{ amount|number }} {{ 1234.5|number }} · {{ when|datetime_format('long') }}"
        " · {{ when|date_format }} · {{ 0.25|percent }}"
    )
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    with language_of_page(language):
        assert page.render(when=when, amount=1234.5) == shown
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
def app_client(settings: Settings) -> Iterator[tuple[httpx.Client, FastAPI]]:
    """A client on the app without demo mode, and the app."""
    app = create_app(settings)
    with serving(app) as url, httpx.Client(base_url=url) as client:
        yield client, app


@pytest.mark.db
@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_on_any_page_signed_out_or_in(
    app_client: tuple[httpx.Client, FastAPI], engine: Engine, settings: Settings, language: str
) -> None:
    client, app = app_client
    assert choose(client, language).status_code == 303
    walked = walk(client, app, language)
    assert {"/", "/sign-in", "/learn", "/learn/xing"} <= set(walked)
    client = signed_in(client, engine, settings)
    assert choose(client, language).status_code == 303  # now saved to the profile
    walked_signed_in = walk(client, app, language)
    assert {"/home", "/me", "/me/data", "/me/leave"} <= set(walked_signed_in)


@pytest.mark.db
@pytest.mark.parametrize(
    ("language", "sign_in_as"),
    [("de", "Als Jonas Weber anmelden"), ("fr", "Se connecter en tant que Jonas Weber")],
)
def test_no_english_on_the_demo_pages(demo_app: FastAPI, language: str, sign_in_as: str) -> None:
    with serving(demo_app) as url, httpx.Client(base_url=url) as client:
        choose(client, language)
        assert "/sign-in" in walk(client, demo_app, language)
        assert sign_in_as in client.get("/sign-in", headers=ENGLISH_BROWSER).text


@pytest.mark.db
def test_profile_language_beats_the_browser(
    app_client: tuple[httpx.Client, FastAPI], engine: Engine, settings: Settings
) -> None:
    client, _ = app_client
    page = signed_in(client, engine, settings).get("/home", headers={"Accept-Language": "fr"})
    assert '<html lang="de">' in page.text
    assert "Hallo, " in page.text
    assert page.headers["content-language"] == "de"


@pytest.mark.db
@pytest.mark.parametrize(
    ("header", "language", "heading"),
    [
        ("de-CH, en;q=0.5", "de", "Teile, was du gern teilst"),
        ("fr-CH, de;q=0.5", "fr", "Partagez ce que vous avez envie de partager"),
        ("it-IT, it;q=0.9, es;q=0.8", "en", "Share what you are glad to share"),
    ],
)
def test_without_a_choice_the_browser_decides(
    app_client: tuple[httpx.Client, FastAPI], header: str, language: str, heading: str
) -> None:
    client, _ = app_client
    page = client.get("/", headers={"Accept-Language": header})
    assert f'<html lang="{language}">' in page.text
    assert heading in page.text
    assert page.headers["content-language"] == language
    assert "Accept-Language" in page.headers["vary"]


def test_the_leftover_detector_sees_english() -> None:
    # The walks rely on it: English on a page is found, English marked as English is not.
    english = "<html lang='fr'><h1>Share what you are glad to share</h1></html>"
    assert "Share what you are glad to share" in english_leftovers(english, translations("fr"))
    switcher = '<html lang="de"><button lang="en">English</button></html>'
    assert english_leftovers(switcher, translations("de")) == []
    assert english_leftovers(switcher.replace(' lang="en"', ""), translations("de")) == ["English"]
