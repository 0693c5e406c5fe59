"""Bearer API keys for other systems: 401 without a live key, 403 without the scope."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from app.caches import TtlCache
from app.db import Database
from app.errors import Forbidden, TooManyRequests, Unauthorized
from app.models import utcnow
from app.web.api_keys import api_key_authenticate, api_key_hash, api_key_mark_used
from app.web.rate_limits import FailureLimit

LAST_USED_RESOLUTION_S = 60.0
# A revoked key is refused by every process within this many seconds.
KEY_CACHE_SECONDS = 1.0
KEY_CACHE_ENTRIES = 1024


@dataclass(frozen=True)
class ApiPrincipal:
    """The system calling the API, by key."""

    key_id: str
    name: str
    scopes: frozenset[str]
    expires_at: datetime | None = None


def api_key_cache() -> TtlCache[str, ApiPrincipal]:
    """Live keys by hash: a request with a known key costs no database read."""
    return TtlCache(ttl=KEY_CACHE_SECONDS, max_entries=KEY_CACHE_ENTRIES)


def _use_due(request: Request, key_id: str) -> bool:
    """Whether this request should record the key's last use (at most once a minute)."""
    seen: dict[str, float] = request.app.state.__dict__.setdefault("api_key_seen", {})
    now = time.monotonic()
    if now - seen.get(key_id, -LAST_USED_RESOLUTION_S) < LAST_USED_RESOLUTION_S:
        return False
    seen[key_id] = now
    return True


async def _mark_used(db: Database, key_id: str) -> None:
    # After the response, through the writer like every other write.
    await db.write(api_key_mark_used, key_id=key_id)


async def _principal(request: Request, db: Database, plaintext: str) -> ApiPrincipal | None:
    """The live key behind a bearer token, from the cache or one read."""
    keys: TtlCache[str, ApiPrincipal] = request.app.state.api_keys
    digest = api_key_hash(plaintext)

    async def read() -> ApiPrincipal | None:
        key = await db.read(api_key_authenticate, plaintext=plaintext)
        if key is None:
            return None  # unknown keys are not kept: guesses must not fill the cache
        return ApiPrincipal(
            key_id=key.id, name=key.name, scopes=frozenset(key.scopes), expires_at=key.expires_at
        )

    principal = await keys.load(digest, read)
    if principal is not None and (principal.expires_at is None or principal.expires_at > utcnow()):
        return principal
    return None


async def _authenticate(
    request: Request,
    background: BackgroundTasks,
    credentials: HTTPAuthorizationCredentials | None,
) -> ApiPrincipal:
    """The calling system, worked out once per request (see `authenticated`)."""
    known: ApiPrincipal | None = getattr(request.state, "api_principal", None)
    if known is not None:
        return known
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(
            "An API key is required: Authorization: Bearer gs_…",
            headers={"WWW-Authenticate": "Bearer"},
        )
    address = request.client.host if request.client else ""
    unknown_keys: FailureLimit = request.app.state.unknown_key_limit
    if wait := unknown_keys.retry_after(address):
        # Even a valid key waits out the window: the answer must not tell a guesser
        # that this guess was right, and the lookup is the work being limited.
        raise TooManyRequests(
            "Too many unknown API keys from this address; wait before trying again.",
            headers={"Retry-After": str(wait)},
        )
    db: Database = request.app.state.database
    principal = await _principal(request, db, credentials.credentials)
    if principal is None:
        unknown_keys.failed(address)
        raise Unauthorized(
            "The API key is unknown, revoked or expired.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    retry_after = request.app.state.api_rate_limit.retry_after(principal.key_id)
    if retry_after:
        raise TooManyRequests(
            "Too many requests with this API key; slow down.",
            headers={"Retry-After": str(retry_after)},
        )
    if _use_due(request, principal.key_id):  # last_used_at, per minute and process
        background.add_task(_mark_used, db, principal.key_id)
    request.state.api_principal = principal
    return principal


class _BearerKey(HTTPBearer):
    """The API key sent as `Authorization: Bearer`, as the OpenAPI document names it.

    The dependencies below are the security scheme themselves rather than depending
    on one: one node of FastAPI's dependency tree per request instead of two.
    """

    def __init__(self) -> None:
        super().__init__(
            auto_error=False, description="An API key: `gs_…`", scheme_name="HTTPBearer"
        )

    @staticmethod
    def credentials(request: Request) -> HTTPAuthorizationCredentials | None:
        """What the Authorization header holds, if it is a bearer token."""
        scheme, value = get_authorization_scheme_param(request.headers.get("Authorization"))
        if not (scheme and value) or scheme.lower() != "bearer":
            return None
        return HTTPAuthorizationCredentials(scheme=scheme, credentials=value)


class ApiKey(_BearerKey):
    """A dependency: the calling system; 401 when the key is missing, unknown, revoked or
    expired, 429 for a while after too many unknown keys from one address, and per key
    beyond its limit.
    """

    async def __call__(  # type: ignore[override]
        self, request: Request, background: BackgroundTasks
    ) -> ApiPrincipal:
        return await _authenticate(request, background, self.credentials(request))


get_api_principal = ApiKey()


def authenticated(request: Request) -> ApiPrincipal:
    """The key this request was authenticated with, by the router's RequireScope."""
    principal: ApiPrincipal | None = getattr(request.state, "api_principal", None)
    if principal is None:  # a route outside every scoped router: refuse, never guess
        raise Unauthorized("An API key is required: Authorization: Bearer gs_…")
    return principal


ApiPrincipalDep = Annotated[ApiPrincipal, Depends(get_api_principal)]


class RequireScope(_BearerKey):
    """A dependency: the key must hold at least one of `scopes` (403 otherwise)."""

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = frozenset(scopes)
        self._names = " or ".join(scopes)

    async def __call__(  # type: ignore[override]
        self, request: Request, background: BackgroundTasks
    ) -> ApiPrincipal:
        principal = await _authenticate(request, background, self.credentials(request))
        if not principal.scopes & self.scopes:
            raise Forbidden(f"This API key lacks the scope {self._names}.")
        return principal
