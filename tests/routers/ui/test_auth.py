"""Single sign-on through a real OpenID provider (panva/oidc-provider), driven with httpx."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from app.db import transaction
from app.models import Employee, WebSession
from tests.conftest import bearer
from tests.factories.people import upsert_body
from tests.support.oidc_provider import OidcProvider, callback_url

pytestmark = [pytest.mark.db, pytest.mark.slow]
COOKIE = "gladshare_session"


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


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | changes
    return parts._replace(query=urlencode(query)).geturl()


def test_first_sign_in_creates_the_employee_with_roles_from_claims(
    sso_client: httpx.Client, engine: Engine, oidc_provider: OidcProvider
) -> None:
    sso_client.get("/login")
    pre_login = sso_client.cookies[COOKIE]
    callback = sso_client.get(callback_url(sso_client, "ada"))
    assert callback.status_code == 303
    assert callback.headers["location"] == "/home"
    set_cookie = callback.headers["set-cookie"]
    for attribute in ("HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute in set_cookie
    assert sso_client.cookies[COOKIE] != pre_login  # a new session id at sign-in
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
    assert [s.employee_id for s in sessions(engine)] == [ada.id]  # the pre-login row is gone


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


def test_nonce_mismatch_is_a_friendly_error(sso_client: httpx.Client, engine: Engine) -> None:
    url = callback_url(sso_client, "ada")
    with transaction(engine) as session:
        pending = session.exec(select(WebSession)).one()
        pending.data = {"oidc": {**pending.data["oidc"], "nonce": "another-sign-in"}}  # type: ignore[dict-item]
        session.add(pending)
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
