"""ID token checks the real test provider cannot be made to fail: a scripted provider signs them.

The full flow runs against panva/oidc-provider in tests/routers/ui/test_auth.py;
here httpx's MockTransport plays the provider so that each check can be broken alone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey
from pydantic import SecretStr

from app.config import Settings
from app.people.sign_in import Identity
from app.web.oidc import OidcClient, ProviderUnavailable, SignInFailed

ISSUER = "https://id.example.com"
CLIENT_ID = "gladshare"
CLIENT_SECRET = "client-secret-" + "x" * 24
PENDING = {"state": "the-state", "nonce": "the-nonce", "code_verifier": "v" * 43}
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})


class ScriptedProvider:
    """Answers discovery, JWKS, token and userinfo requests with what a test set up."""

    def __init__(self) -> None:
        self.metadata: dict[str, Any] = {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/auth",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks",
            "userinfo_endpoint": f"{ISSUER}/me",
            "id_token_signing_alg_values_supported": ["RS256", "HS256"],
        }
        now = int(time.time())
        self.claims: dict[str, Any] = {
            "iss": ISSUER,
            "sub": "u-1",
            "aud": CLIENT_ID,
            "exp": now + 300,
            "iat": now,
            "nonce": "the-nonce",
            "name": "Ada",
            "email": "ada@example.com",
            "groups": ["comms"],
        }
        self.userinfo: dict[str, Any] = {"sub": "u-1", "name": "Ada", "email": "a@example.com"}
        self.id_token: str | None = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        answers = {
            "/.well-known/openid-configuration": self.metadata,
            "/jwks": KeySet([KEY]).as_dict(private=False),
            "/token": {"access_token": "at", "token_type": "Bearer", "id_token": self.token()},
            "/me": self.userinfo,
        }
        return httpx.Response(200, json=answers[request.url.path])

    def token(self) -> str:
        return self.id_token or jwt.encode({"alg": "RS256", "kid": "k1"}, self.claims, KEY)


@pytest.fixture
def provider() -> ScriptedProvider:
    return ScriptedProvider()


@pytest.fixture
def oidc(provider: ScriptedProvider) -> Iterator[OidcClient]:
    settings = Settings(
        oidc_issuer=ISSUER,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=SecretStr(CLIENT_SECRET),
        base_url="https://share.example.com",
    )
    client = OidcClient(settings, http=httpx.Client(transport=httpx.MockTransport(provider.handle)))
    yield client
    client.close()


def finish(oidc: OidcClient, **params: str) -> Identity:
    return oidc.login_finish(pending=PENDING, params={"state": "the-state", "code": "c"} | params)


def test_a_valid_answer_yields_the_identity(oidc: OidcClient) -> None:
    identity = finish(oidc)
    assert (identity.issuer, identity.subject, identity.groups) == (ISSUER, "u-1", ["comms"])
    assert (identity.email, identity.email_verified) == ("ada@example.com", False)


def test_the_authorization_request_uses_pkce_state_and_nonce(oidc: OidcClient) -> None:
    start = oidc.login_start()
    assert start.url.startswith(f"{ISSUER}/auth?")
    for part in ("code_challenge_method=S256", "response_type=code", "nonce=", "state="):
        assert part in start.url
    assert "redirect_uri=https%3A%2F%2Fshare.example.com%2Fauth%2Fcallback" in start.url
    assert start.pending["code_verifier"] not in start.url


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("aud", "another-client"),
        ("iss", "https://evil.example.com"),
        ("exp", int(time.time()) - 600),
        ("nonce", "another-sign-in"),
    ],
)
def test_a_wrong_claim_is_refused(
    oidc: OidcClient, provider: ScriptedProvider, claim: str, value: object
) -> None:
    provider.claims[claim] = value
    with pytest.raises(SignInFailed, match="could not be verified"):
        finish(oidc)


def test_a_token_signed_with_the_client_secret_is_refused(
    oidc: OidcClient, provider: ScriptedProvider
) -> None:
    provider.id_token = jwt.encode(
        {"alg": "HS256"}, provider.claims, OctKey.import_key(CLIENT_SECRET)
    )
    with pytest.raises(SignInFailed):
        finish(oidc)


def test_userinfo_about_someone_else_is_refused(
    oidc: OidcClient, provider: ScriptedProvider
) -> None:
    del provider.claims["email"]
    provider.userinfo["sub"] = "u-2"
    with pytest.raises(SignInFailed, match="someone else"):
        finish(oidc)


def test_an_answer_naming_another_issuer_is_refused(oidc: OidcClient) -> None:
    with pytest.raises(SignInFailed, match="another sign-in service"):
        finish(oidc, iss="https://evil.example.com")


def test_discovery_naming_another_issuer_is_refused(
    oidc: OidcClient, provider: ScriptedProvider
) -> None:
    provider.metadata["issuer"] = "https://evil.example.com"
    with pytest.raises(ProviderUnavailable):
        oidc.login_start()
