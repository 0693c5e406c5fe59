"""Error pages speak the language the reader chose: heading and detail alike, never English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine

from app.config import Settings
from app.main import create_app
from tests.conftest import serving
from tests.factories.consent import sign_in
from tests.support.translations import ENGLISH_BROWSER, english_leftovers, translations

pytestmark = pytest.mark.db
# Per language: how a request is answered, as (method, path, form) → status, heading, detail.
Case = tuple[str, str, dict[str, str] | None, int, str, str]
CASES: dict[str, list[Case]] = {
    "de": [
        ("GET", "/no/such/page", None, 404, "Seite nicht gefunden", "Unter dieser Adresse gibt"),
        ("GET", "/feed/01NOSUCHITEM", None, 404, "Seite nicht gefunden", "Einen Beitrag mit"),
        ("GET", "/feed?cursor=garbage", None, 422, "Bitte prüfe deine Angaben", "Einige Angaben"),
        ("POST", "/language", {"language": "x" * 40}, 422, "Bitte prüfe", "Einige Angaben"),
        ("POST", "/language", {"language": "it"}, 422, "Bitte prüfe", "angebotenen Sprachen"),
        ("PUT", "/learn", None, 405, "Hier nicht möglich", "Diese Adresse lässt sich so"),
        ("GET", "/broken", None, 500, "Etwas ist schiefgelaufen", "Bei uns ist etwas"),
    ],
    "fr": [
        ("GET", "/no/such/page", None, 404, "Page introuvable", "Il n’y a rien à cette adresse"),
        ("GET", "/feed/01NOSUCHITEM", None, 404, "Page introuvable", "Aucun contenu ne"),
        ("GET", "/feed?cursor=garbage", None, 422, "Veuillez vérifier", "Certaines indications"),
        ("POST", "/language", {"language": "x" * 40}, 422, "Veuillez vérifier", "Certaines"),
        ("POST", "/language", {"language": "it"}, 422, "Veuillez vérifier", "langues proposées"),
        ("PUT", "/learn", None, 405, "Pas possible ici", "Cette adresse ne s’utilise pas"),
        ("GET", "/broken", None, 500, "Un problème est survenu", "de notre côté"),
    ],
}


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """The app, with one page that fails the way a bug would."""
    app = create_app(settings)

    @app.get("/broken", include_in_schema=False)
    async def broken() -> None:
        raise RuntimeError("a bug")

    return app


@pytest.fixture
def german_reader(app: FastAPI, engine: Engine) -> Iterator[tuple[httpx.Client, str]]:
    """A signed-in employee whose profile says de-CH, in a browser preferring English."""
    me = sign_in(engine)
    with serving(app) as url, httpx.Client(base_url=url, headers=ENGLISH_BROWSER) as client:
        client.cookies.set("gladshare_session", me.token)
        yield client, me.csrf_token


def detail_of(page: str) -> str:
    """The error page's own words: its heading, code and detail."""
    match = re.search(r'<article class="gs-notice".*?</article>', page, re.S)
    assert match, page
    return " ".join(match.group(0).split())


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_german_readers_error_pages_follow_the_chosen_language(
    german_reader: tuple[httpx.Client, str], language: str
) -> None:
    client, csrf_token = german_reader
    if language != "de":  # the profile's own language needs no choice
        choice = {"csrf_token": csrf_token, "language": language, "next": "/"}
        assert client.post("/language", data=choice).status_code == 303
    for method, path, form, status, heading, detail in CASES[language]:
        data = {"csrf_token": csrf_token, **form} if form is not None else None
        page = client.request(method, path, data=data)
        assert page.status_code == status, path
        assert page.headers["content-language"] == language, path
        assert f'<html lang="{language}">' in page.text, path
        shown = detail_of(page.text)
        assert heading in shown, (path, shown)
        assert detail in shown, (path, shown)
        assert english_leftovers(page.text, translations(language)) == [], path


def test_the_api_keeps_its_english_problems(german_reader: tuple[httpx.Client, str]) -> None:
    client, _ = german_reader
    problem = client.get("/api/v1/me/no-such-thing")
    assert problem.status_code == 404
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["title"] == "Not Found"
    assert "content-language" not in problem.headers
