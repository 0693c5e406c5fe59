"""Single sign-on through a real OpenID provider (panva/oidc-provider), driven with httpx."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import select

from app.config import Settings
from app.db import transaction
from app.main import create_app
from app.models import Employee, WebSession, utcnow
from app.people.web_sessions import LOGIN_TIMEOUT, login_state_open, login_state_seal
from tests.conftest import TEST_SECRET, bearer, serving
from tests.factories.people import upsert_body
from tests.support.oidc_provider import OidcProvider, callback_url

pytestmark = [pytest.mark.db, pytest.mark.slow]
COOKIE = "gladshare_session"
LOGIN_COOKIE = "gladshare_login"
ANONYMOUS_LOGINS = 600


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(client: httpx.Client, login: str) -> httpx.Response:
    """The whole sign-in; the response of gladshare's callback."""
    return client.get(callback_url(client, login))


def sessions(engine: Engine) -> list[WebSession]:
    with transaction(engine, write=False) as session:
        return list(session.exec(select(WebSession)).all())


def employee(engine: Engine, **where: str) -> Employee | None:
    with transaction(engine, write=False) as session:
        query = select(Employee)
        for name, value in where.items():
            query = query.where(getattr(Employee, name) == value)
        return session.exec(query).first()


@pytest.fixture
def hr(make_key: Callable[..., str]) -> dict[str, str]:
    """The headers of an HR system allowed to sync employees."""
    return bearer(make_key("employees:write"))


def hr_record_after_sign_in(
    client: httpx.Client,
    engine: Engine,
    hr: dict[str, str],
    external_id: str,
    login: str,
    **record: object,
) -> Employee:
    """HR syncs `external_id` (with `record`'s fields), `login` signs in: the HR record then."""
    synced = client.put(f"/api/v1/employees/{external_id}", json=upsert_body(**record), headers=hr)
    assert synced.status_code == 201
    assert sign_in(client, login).status_code == 303
    found = employee(engine, external_id=external_id)
    assert found is not None
    return found


def row_counts(engine: Engine) -> dict[str, int]:
    """How many rows each table holds."""
    with engine.connect() as conn:
        return {
            table: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in inspect(engine).get_table_names()
        }


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """The Set-Cookie headers of a response by cookie name."""
    headers = response.headers.get_list("set-cookie")
    return {header.split("=", 1)[0]: header for header in headers}


def login_state(client: httpx.Client) -> dict[str, str] | None:
    """The sign-in in progress that the client's login cookie holds."""
    sealed = client.cookies.get(LOGIN_COOKIE)
    return login_state_open(secret=TEST_SECRET, sealed=sealed, now=utcnow())


def reseal(client: httpx.Client, pending: dict[str, str], *, at: datetime | None = None) -> None:
    """Give the client a validly signed login cookie of our choosing, sealed at `at`."""
    sealed = login_state_seal(secret=TEST_SECRET, pending=pending, now=at or utcnow())
    client.cookies.delete(LOGIN_COOKIE)
    client.cookies.set(LOGIN_COOKIE, sealed)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | changes
    return parts._replace(query=urlencode(query)).geturl()


def test_first_sign_in_creates_the_employee_with_roles_from_claims(
    sso_client: httpx.Client, engine: Engine, oidc_provider: OidcProvider
) -> None:
    host = urlsplit(str(sso_client.base_url)).hostname or ""
    sso_client.cookies.set(COOKIE, "planted-by-someone-else", domain=host)
    callback = sso_client.get(callback_url(sso_client, "ada"))
    assert callback.status_code == 303
    assert callback.headers["location"] == "/home"
    set_cookie = set_cookies(callback)[COOKIE]
    for attribute in ("HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute in set_cookie
    assert sso_client.cookies[COOKIE] != "planted-by-someone-else"  # a new session id
    assert LOGIN_COOKIE not in sso_client.cookies  # the sign-in in progress is used up
    home = sso_client.get("/home")
    assert home.status_code == 200
    assert "Ada Lovelace" in home.text
    ada = employee(engine, oidc_subject="ada")
    assert ada is not None
    assert (ada.oidc_issuer, ada.external_id, ada.email) == (
        oidc_provider.issuer,
        "ada",
        "ada@example.com",
    )
    assert ada.roles == ["employee", "comms", "admin"]  # "Staff" is no role of ours
    assert [s.employee_id for s in sessions(engine)] == [ada.id]  # nothing kept for the sign-in


def test_signing_in_again_finds_the_same_employee(sso_client: httpx.Client, engine: Engine) -> None:
    assert sign_in(sso_client, "ada").status_code == 303
    sso_client.cookies.clear()
    assert sign_in(sso_client, "ada").status_code == 303
    with transaction(engine, write=False) as session:
        assert len(session.exec(select(Employee)).all()) == 1
    assert sso_client.get("/home").status_code == 200


def test_tampered_state_is_refused_without_a_session(
    sso_client: httpx.Client, engine: Engine
) -> None:
    url = callback_url(sso_client, "ada")
    refused = sso_client.get(with_query(url, state="forged-" + "x" * 20))
    assert refused.status_code == 400
    assert "Sign-in did not work" in refused.text
    assert sessions(engine) == []
    assert sso_client.get("/home").status_code == 303
    # The attempt is used up: the genuine answer no longer works either.
    assert sso_client.get(url).status_code == 400
    assert employee(engine, oidc_subject="ada") is None


def test_asking_to_sign_in_writes_nothing(
    sso_client: httpx.Client, engine: Engine, oidc_provider: OidcProvider
) -> None:
    before = row_counts(engine)
    for _ in range(ANONYMOUS_LOGINS):
        sso_client.cookies.clear()
        answer = sso_client.get("/login")
        assert answer.status_code == 303
        assert answer.headers["location"].startswith(oidc_provider.issuer + "/")
        assert LOGIN_COOKIE in sso_client.cookies
    assert row_counts(engine) == before
    assert sessions(engine) == []


@pytest.mark.parametrize("tamper", ["flip", "truncate", "garbage", "another secret"])
def test_a_tampered_login_cookie_is_refused_without_a_session(
    sso_client: httpx.Client, engine: Engine, tamper: str
) -> None:
    url = callback_url(sso_client, "ada")
    sealed = sso_client.cookies[LOGIN_COOKIE]
    middle = len(sealed) // 2
    forged = {
        "flip": sealed[:middle] + ("A" if sealed[middle] != "A" else "B") + sealed[middle + 1 :],
        "truncate": sealed[:-4],
        "garbage": "ü" + "x" * 5000,
        "another secret": login_state_seal(
            secret="another-" + TEST_SECRET, pending=login_state(sso_client) or {}, now=utcnow()
        ),
    }[tamper]
    sso_client.cookies.delete(LOGIN_COOKIE)
    # By hand: the garbage is not ASCII, which no cookie jar would send.
    refused = sso_client.get(url, headers={b"Cookie": f"{LOGIN_COOKIE}={forged}".encode("latin-1")})
    assert refused.status_code == 400
    assert "This sign-in has expired or was already used" in refused.text
    assert "max-age=0" in set_cookies(refused)[LOGIN_COOKIE].lower()  # the cookie is cleared
    assert sessions(engine) == []
    assert sso_client.get("/home").status_code == 303
    assert employee(engine, oidc_subject="ada") is None


def test_an_expired_login_cookie_is_refused_without_a_session(
    sso_client: httpx.Client, engine: Engine
) -> None:
    url = callback_url(sso_client, "ada")
    pending = login_state(sso_client)
    assert pending is not None
    reseal(sso_client, pending, at=utcnow() - LOGIN_TIMEOUT - timedelta(seconds=2))
    refused = sso_client.get(url)
    assert refused.status_code == 400
    assert "This sign-in has expired or was already used" in refused.text
    assert sessions(engine) == []
    assert employee(engine, oidc_subject="ada") is None


def test_the_login_cookie_is_short_lived_and_host_bound_on_https(
    sso_settings: Settings,
) -> None:
    https = sso_settings.model_copy(update={"base_url": "https://gladshare.example"})
    with serving(create_app(https)) as url, httpx.Client(base_url=url) as client:
        answer = client.get("/login")
    cookie = set_cookies(answer)["__Host-gladshare_login"]
    for attribute in ("Secure", "HttpOnly", "SameSite=lax", "Path=/", "Max-Age=600"):
        assert attribute in cookie
    assert "Domain" not in cookie
    assert "__Host-gladshare=" not in answer.headers.get("set-cookie", "")


def test_nonce_mismatch_is_a_friendly_error(sso_client: httpx.Client, engine: Engine) -> None:
    url = callback_url(sso_client, "ada")
    pending = login_state(sso_client)
    assert pending is not None
    reseal(sso_client, pending | {"nonce": "another-sign-in"})
    refused = sso_client.get(url)
    assert refused.status_code == 400
    assert "could not be verified" in refused.text
    assert "Traceback" not in refused.text
    assert sessions(engine) == []


def test_cancelling_at_the_provider_is_a_friendly_error(
    sso_client: httpx.Client, engine: Engine
) -> None:
    login_page = sso_client.get("/login", follow_redirects=True)
    abort = re.search(r'href="([^"]+/abort)"', login_page.text)
    assert abort, "the provider's login page has no cancel link"
    back = sso_client.get(urljoin(str(login_page.url), abort.group(1)), follow_redirects=True)
    assert "error=access_denied" in str(back.history[-1].headers["location"])
    assert back.status_code == 400
    assert "cancelled" in back.text
    assert sessions(engine) == []


def test_a_callback_works_once(sso_client: httpx.Client, engine: Engine) -> None:
    url = callback_url(sso_client, "ada")
    stolen = httpx.Cookies(sso_client.cookies)
    assert sso_client.get(url).status_code == 303
    with httpx.Client(base_url=str(sso_client.base_url), cookies=stolen) as replay:
        assert replay.get(url).status_code == 400
        assert replay.get("/home").status_code == 303
    assert sso_client.get(url).status_code == 400
    assert len(sessions(engine)) == 1


def test_a_cookie_copied_before_logout_no_longer_works(sso_client: httpx.Client) -> None:
    sign_in(sso_client, "ada")
    home = sso_client.get("/home")
    copied = httpx.Cookies(sso_client.cookies)
    assert sso_client.post("/logout", data={"csrf_token": csrf_token(home.text)}).status_code == 303
    assert sso_client.get("/home").status_code == 303
    with httpx.Client(base_url=str(sso_client.base_url), cookies=copied) as thief:
        assert thief.get("/home").status_code == 303


def test_hr_record_is_linked_by_subject_and_offboarding_ends_the_session(
    sso_client: httpx.Client, engine: Engine, hr: dict[str, str]
) -> None:
    grace = hr_record_after_sign_in(sso_client, engine, hr, "grace", "grace")
    assert (grace.oidc_subject, grace.roles) == ("grace", ["employee", "hr"])  # mapped group
    assert sso_client.get("/home").status_code == 200

    assert sso_client.delete("/api/v1/employees/grace", headers=hr).status_code == 204
    assert sso_client.get("/home").status_code == 303


def test_hr_record_is_linked_by_verified_email(
    sso_client: httpx.Client, engine: Engine, hr: dict[str, str]
) -> None:
    hedy = hr_record_after_sign_in(
        sso_client, engine, hr, "E-200", "hedy", email="hedy@example.com"
    )
    assert (hedy.oidc_subject, hedy.display_name) == ("hedy", "Hedy Lamarr")
    assert employee(engine, external_id="hedy") is None


def test_unverified_email_links_nothing(
    sso_client: httpx.Client, engine: Engine, hr: dict[str, str]
) -> None:
    synced = hr_record_after_sign_in(
        sso_client, engine, hr, "E-300", "linus", email="linus@example.com"
    )
    assert synced.oidc_subject is None
    created = employee(engine, oidc_subject="linus")
    assert created is not None
    assert (created.external_id, created.email) == ("linus", None)


def test_with_single_sign_on_the_demo_picker_does_not_exist(sso_client: httpx.Client) -> None:
    page = sso_client.get("/sign-in")
    assert 'href="/login"' in page.text
    assert "/demo/sign-in" not in page.text
    token = csrf_token(page.text) if 'name="csrf_token"' in page.text else ""
    refused = sso_client.post(
        "/demo/sign-in", data={"csrf_token": token, "external_id": "demo-001"}
    )
    assert refused.status_code in (404, 405)


def test_login_when_signed_in_goes_home(sso_client: httpx.Client, engine: Engine) -> None:
    sign_in(sso_client, "ada")
    again = sso_client.get("/login")
    assert (again.status_code, again.headers["location"]) == (303, "/home")
    assert len(sessions(engine)) == 1


@pytest.mark.parametrize("path", ["/login", "/auth/callback?code=x&state=y"])
def test_without_single_sign_on_there_is_no_login(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("cookie", "accept", "language"),
    [("fr", "de", "fr"), (None, "de-CH, en;q=0.5", "de"), (None, None, "en"), ("xx", None, "en")],
)
def test_a_first_sign_in_keeps_the_language_chosen_before(
    sso_client: httpx.Client,
    engine: Engine,
    hr: dict[str, str],
    cookie: str | None,
    accept: str | None,
    language: str,
) -> None:
    """The switcher's cookie, else the browser's preference, becomes a new person's language;
    a record HR keeps stays in HR's locale."""
    if cookie:
        sso_client.cookies.set("gladshare_lang", cookie)
    if accept:
        sso_client.headers["Accept-Language"] = accept
    assert sign_in(sso_client, "ada").status_code == 303
    ada = employee(engine, oidc_subject="ada")
    assert ada is not None
    assert ada.locale == language
    home = sso_client.get("/home", headers={"Accept-Language": "en"})
    assert f'<html lang="{language}">' in home.text  # the profile's language from now on
    sso_client.cookies.clear()
    sso_client.cookies.set("gladshare_lang", "fr")
    grace = hr_record_after_sign_in(sso_client, engine, hr, "grace", "grace", locale="de-CH")
    assert grace.locale == "de-CH"
