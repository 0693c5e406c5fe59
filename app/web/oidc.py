"""The OpenID Connect relying party: discovery, authorization request, code exchange, ID token.

Built from authlib's protocol pieces (authorization URI, token request, ID token
claims) and joserfc, over one httpx client that the lifespan owns. The state,
nonce and PKCE verifier are kept by the caller, sealed into a short-lived cookie
(app/people/web_sessions.py), so nothing here needs Starlette's cookie sessions.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet, KeySetSerialization

from app.config import Settings
from app.errors import DomainError
from app.people.sign_in import Identity
from app.web.i18n import N_

METADATA_TTL_SECONDS = 3600
CLOCK_LEEWAY_SECONDS = 60
# Asymmetric only: an HS256 ID token would be signed with our own client secret.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
ERROR_MESSAGES = {
    "access_denied": N_(
        "Sign-in was cancelled at your company's sign-in page. Nothing was changed."
    ),
    "login_required": N_("Your company's sign-in page needs you to sign in again."),
}


class SignInFailed(DomainError):
    """The sign-in could not be completed; the message is for the person signing in."""

    status = 400
    slug = "sign-in-failed"
    title = N_("Sign-in did not work")


class ProviderUnavailable(DomainError):
    """The identity provider did not answer as it should."""

    status = 503
    slug = "provider-unavailable"
    title = N_("Sign-in is unavailable")


@dataclass(frozen=True)
class LoginStart:
    """Where to send the browser, and what to keep until it comes back."""

    url: str
    pending: dict[str, str]


class OidcClient:
    """One configured identity provider; thread-safe, discovery and keys cached."""

    def __init__(self, settings: Settings, *, http: httpx.Client | None = None) -> None:
        self.settings = settings
        self.http = http or httpx.Client(timeout=10.0, follow_redirects=False)
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._keys: KeySet | None = None

    def close(self) -> None:
        """Close the HTTP connections."""
        self.http.close()

    def login_start(self) -> LoginStart:
        """A fresh authorization request: code flow, PKCE S256, state and nonce."""
        state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
        url = prepare_grant_uri(
            self.metadata()["authorization_endpoint"],
            client_id=self.settings.oidc_client_id,
            response_type="code",
            redirect_uri=self.settings.oidc_redirect_uri,
            scope=self.settings.oidc_scopes,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(verifier),
            code_challenge_method="S256",
        )
        return LoginStart(url, {"state": state, "nonce": nonce, "code_verifier": verifier})

    def login_finish(self, *, pending: Mapping[str, str], params: Mapping[str, str]) -> Identity:
        """Check the provider's answer, redeem the code and validate the ID token."""
        self._check_response(pending=pending, params=params)
        tokens = self._redeem(code=params["code"], verifier=pending["code_verifier"])
        claims = self._id_token_claims(tokens=tokens, nonce=pending["nonce"])
        claims = self._with_userinfo(claims=claims, tokens=tokens)
        return identity_from_claims(claims, roles_claim=self.settings.oidc_roles_claim)

    def metadata(self) -> dict[str, Any]:
        """The discovery document, fetched at first use and then hourly."""
        with self._lock:
            if not self._metadata or time.monotonic() - self._fetched_at > METADATA_TTL_SECONDS:
                issuer = self.settings.oidc_issuer
                document = self._get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
                if document.get("issuer") != issuer:
                    raise ProviderUnavailable(N_("The sign-in service names a different issuer."))
                self._metadata, self._fetched_at, self._keys = document, time.monotonic(), None
            return self._metadata

    def _check_response(self, *, pending: Mapping[str, str], params: Mapping[str, str]) -> None:
        if not hmac.compare_digest(params.get("state", ""), pending["state"]):
            raise SignInFailed(
                N_("This sign-in link does not belong to your browser. Please sign in again.")
            )
        if "error" in params:
            default = N_("Your company's sign-in page did not sign you in. Please try again.")
            raise SignInFailed(ERROR_MESSAGES.get(params["error"], default))
        # RFC 9207: a provider that names itself in the response must name the right one.
        issuer = params.get("iss")
        if issuer is None and self.metadata().get("authorization_response_iss_parameter_supported"):
            raise SignInFailed(N_("The sign-in answer did not say where it came from."))
        if issuer is not None and issuer != self.settings.oidc_issuer:
            raise SignInFailed(N_("The sign-in answer came from another sign-in service."))
        if not params.get("code"):
            raise SignInFailed(N_("The sign-in answer was incomplete. Please sign in again."))

    def _redeem(self, *, code: str, verifier: str) -> dict[str, Any]:
        body = prepare_token_request(
            "authorization_code",
            code=code,
            redirect_uri=self.settings.oidc_redirect_uri,
            code_verifier=verifier,
        )
        client_id = quote(self.settings.oidc_client_id, safe="")
        secret = quote(self.settings.oidc_client_secret.get_secret_value(), safe="")
        try:
            response = self.http.post(
                self.metadata()["token_endpoint"],
                content=body,
                auth=(client_id, secret),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(N_("The sign-in service did not answer.")) from exc
        if response.status_code >= 400:
            # invalid_grant: the code was used already, has expired or the PKCE check failed.
            raise SignInFailed(
                N_("This sign-in has already been used or has expired. Please sign in again.")
            )
        return _json_object(response)

    def _id_token_claims(self, *, tokens: Mapping[str, Any], nonce: str) -> dict[str, Any]:
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise SignInFailed(N_("The sign-in service sent no ID token."))
        try:
            try:
                decoded = jwt.decode(id_token, self._key_set(), algorithms=self._algorithms())
            except InvalidKeyIdError:  # the provider rotated its keys
                decoded = jwt.decode(
                    id_token, self._key_set(refresh=True), algorithms=self._algorithms()
                )
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {
                    "iss": {"essential": True, "value": self.settings.oidc_issuer},
                    "aud": {"essential": True, "values": [self.settings.oidc_client_id]},
                },
                {
                    "nonce": nonce,
                    "client_id": self.settings.oidc_client_id,
                    "access_token": tokens.get("access_token"),
                },
            )
            claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
        except (JoseError, ValueError) as exc:
            raise SignInFailed(
                N_("The sign-in could not be verified. Please sign in again.")
            ) from exc
        return dict(claims)

    def _with_userinfo(
        self, *, claims: dict[str, Any], tokens: Mapping[str, Any]
    ) -> dict[str, Any]:
        # Many providers keep profile claims out of the ID token; ask userinfo for them.
        wanted = ("name", "email", self.settings.oidc_roles_claim)
        endpoint = self.metadata().get("userinfo_endpoint")
        access_token = tokens.get("access_token")
        if all(name in claims for name in wanted) or not endpoint or not access_token:
            return claims
        info = self._get_json(endpoint, headers={"Authorization": f"Bearer {access_token}"})
        if info.get("sub") != claims["sub"]:
            raise SignInFailed(N_("The sign-in service described someone else."))
        return {**info, **claims}

    def _key_set(self, *, refresh: bool = False) -> KeySet:
        uri = self.metadata()["jwks_uri"]
        with self._lock:
            if self._keys is None or refresh:
                self._keys = KeySet.import_key_set(cast(KeySetSerialization, self._get_json(uri)))
            return self._keys

    def _algorithms(self) -> list[str]:
        offered = self.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
        return [alg for alg in offered if alg in SIGNING_ALGORITHMS]

    def _get_json(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.http.get(url, **kwargs)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(
                N_("The sign-in service did not answer as expected.")
            ) from exc
        return _json_object(response)


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        value = response.json()
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise ProviderUnavailable(N_("The sign-in service did not answer as expected."))
    return value


def identity_from_claims(claims: Mapping[str, Any], *, roles_claim: str) -> Identity:
    """The person the validated claims describe."""
    groups = claims.get(roles_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    name, email = claims.get("name"), claims.get("email")
    return Identity(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        name=name if isinstance(name, str) else None,
        email=email if isinstance(email, str) else None,
        # Some providers send the flag as a string.
        email_verified=claims.get("email_verified") in (True, "true"),
        groups=[group for group in groups if isinstance(group, str)]
        if isinstance(groups, list)
        else [],
    )
