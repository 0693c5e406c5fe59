"""The language switcher in the header: a plain form, the profile, and a functional cookie."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import Engine

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import Employee
from tests.conftest import serving
from tests.factories.consent import Browser, publish_all, sign_in

pytestmark = pytest.mark.db
ENGLISH_BROWSER = {"Accept-Language": "en-GB, en;q=0.9"}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')
BUTTON = re.compile(r'<button type="submit" name="language" value="(\w+)" lang="(\w+)"([^>]*)>')


def form_token(client: httpx.Client, path: str = "/") -> str:
    """The CSRF token of the header's forms on `path`, as a browser without script sees it."""
    match = CSRF_FIELD.search(client.get(path, headers=ENGLISH_BROWSER).text)
    assert match, "the page has no form"
    return match.group(1)


def switch(
    client: httpx.Client, language: str, *, token: str, back_to: str = "/learn"
) -> httpx.Response:
    """Press a language's button in the header."""
    form = {"csrf_token": token, "language": language, "next": back_to}
    return client.post("/language", data=form, headers=ENGLISH_BROWSER)


def marked_current(page: str) -> list[str]:
    """The languages the switcher on `page` marks as the current one (aria-current)."""
    return [value for value, _, rest in BUTTON.findall(page) if "aria-current" in rest]


def cookie_attributes(answer: httpx.Response) -> dict[str, str]:
    """The language cookie's attributes, from the Set-Cookie header that sets it."""
    (header,) = (h for h in answer.headers.get_list("set-cookie") if "gladshare_lang=" in h)
    pairs = (part.strip().partition("=") for part in header.split(";"))
    return {name.lower(): value for name, _, value in pairs}


def signed_in(engine: Engine, client: httpx.Client) -> Browser:
    """A German speaker (de-CH) with the consent texts in English, German and French."""
    with transaction(engine) as session:
        publish_all(session, languages=("en", "de", "fr"))
    me = sign_in(engine)
    client.cookies.set("gladshare_session", me.token)
    return me


def locale_of(engine: Engine, me: Browser) -> str:
    """The employee's stored locale."""
    with transaction(engine, write=False) as session:
        employee = session.get(Employee, me.employee_id)
        assert employee is not None
        return employee.locale


def test_the_switcher_names_each_language_in_its_own_words(client: httpx.Client) -> None:
    page = client.get("/learn/xing?from=a&to=b", headers={"Accept-Language": "de"}).text
    assert [(value, lang) for value, lang, _ in BUTTON.findall(page)] == [
        ("de", "de"),
        ("en", "en"),
        ("fr", "fr"),
    ]
    assert re.search(r'lang="fr"[^>]*>Français</button>', page)
    assert marked_current(page) == ["de"]
    back = re.search(r'name="next" value="([^"]*)"', page)
    assert back
    assert html.unescape(back.group(1)) == "/learn/xing?from=a&to=b"


def test_a_visitors_choice_beats_the_browser_and_stays_in_a_cookie(client: httpx.Client) -> None:
    answer = switch(client, "fr", token=form_token(client), back_to="/learn/xing?from=header")
    assert (answer.status_code, answer.headers["location"]) == (303, "/learn/xing?from=header")
    cookie = cookie_attributes(answer)
    assert cookie["gladshare_lang"] == "fr"  # the language code and nothing else
    assert cookie["samesite"].lower() == "lax"
    assert "httponly" in cookie
    assert "secure" not in cookie  # served over http, like the session cookie
    assert cookie["path"] == "/"
    assert int(cookie["max-age"]) >= timedelta(days=180).total_seconds()
    page = client.get("/learn/xing", headers={"Accept-Language": "de"})
    assert page.headers["content-language"] == "fr"
    assert "Comment fonctionne le partage" in page.text
    assert marked_current(page.text) == ["fr"]


def test_the_cookie_is_secure_where_the_session_cookie_is(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"base_url": "https://share.example.com"}))
    with serving(app) as url, httpx.Client(base_url=url) as client:
        page = client.get("/")
        # The browser would send its Secure cookie back over https; this test talks http.
        client.cookies.set("gladshare_anon", page.cookies["gladshare_anon"])
        token = CSRF_FIELD.search(page.text)
        assert token
        answer = switch(client, "de", token=token.group(1))
    assert answer.status_code == 303
    assert "secure" in cookie_attributes(answer)


def test_signed_in_the_choice_is_saved_and_outlives_sign_out(
    client: httpx.Client, engine: Engine
) -> None:
    me = signed_in(engine, client)
    assert "Hallo, " in client.get("/home", headers=ENGLISH_BROWSER).text
    assert '<html lang="de">' in client.get("/feed", headers=ENGLISH_BROWSER).text
    answer = switch(client, "fr", token=me.csrf_token, back_to="/home")
    assert (answer.status_code, answer.headers["location"]) == (303, "/home")
    assert cookie_attributes(answer)["gladshare_lang"] == "fr"
    assert locale_of(engine, me) == "fr"
    assert "Bonjour, " in client.get("/home", headers=ENGLISH_BROWSER).text
    # The feed keeps pages for a second; the choice outdates them at once.
    assert '<html lang="fr">' in client.get("/feed", headers=ENGLISH_BROWSER).text
    # The consent texts follow the same choice: the French translation is the one to agree to.
    assert "I agree to ambassador, said in fr." in client.get("/me").text
    # Another browser of the same person, without the cookie, reads the profile.
    with httpx.Client(base_url=client.base_url, cookies={"gladshare_session": me.token}) as other:
        assert '<html lang="fr">' in other.get("/me/data", headers=ENGLISH_BROWSER).text
    signed_out = client.post("/logout", data={"csrf_token": me.csrf_token})
    assert signed_out.status_code == 303
    client.cookies.delete("gladshare_session")  # as the browser does on the answer's Set-Cookie
    assert client.get("/home").headers["location"] == "/sign-in"
    start = client.get("/", headers=ENGLISH_BROWSER)
    assert '<html lang="fr">' in start.text
    assert "Se connecter" in start.text


def test_choosing_the_profiles_own_language_keeps_its_region(
    client: httpx.Client, engine: Engine
) -> None:
    me = signed_in(engine, client)
    assert switch(client, "de", token=me.csrf_token).status_code == 303
    assert locale_of(engine, me) == "de-CH"
    assert switch(client, "en", token=me.csrf_token).status_code == 303
    assert locale_of(engine, me) == "en"


@pytest.mark.parametrize("language", ["xx", "", "de-CH", "FR", "fr;q=1", "x" * 40])
def test_a_language_not_offered_is_refused_in_words(client: httpx.Client, language: str) -> None:
    answer = switch(client, language, token=form_token(client))
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "Error 422" in answer.text
    assert "gladshare_lang" not in answer.headers.get("set-cookie", "")
    assert "gladshare_lang" not in client.cookies


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/feed",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_the_way_back_never_leaves_the_site(client: httpx.Client, target: str) -> None:
    answer = switch(client, "fr", token=form_token(client), back_to=target)
    assert (answer.status_code, answer.headers["location"]) == (303, "/")


def test_a_choice_sent_from_another_site_is_refused(client: httpx.Client) -> None:
    token = form_token(client)
    form = {"csrf_token": token, "language": "fr", "next": "/"}
    cross_site = client.post("/language", data=form, headers={"Origin": "https://evil.example"})
    assert cross_site.status_code == 403
    no_token = client.post("/language", data={"language": "fr", "next": "/"})
    assert no_token.status_code == 403
    assert "gladshare_lang" not in client.cookies


def test_htmx_is_sent_back_with_hx_redirect(client: httpx.Client) -> None:
    form = {"csrf_token": form_token(client), "language": "de", "next": "/learn"}
    answer = client.post("/language", data=form, headers={"HX-Request": "true"})
    assert (answer.status_code, answer.headers["hx-redirect"]) == (204, "/learn")
    assert cookie_attributes(answer)["gladshare_lang"] == "de"
