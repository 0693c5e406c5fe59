"""Bearer API keys for other systems: 401 without a live key, 403 without the scope."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.dependencies import Transactions, TransactionsDep
from app.errors import Forbidden, TooManyRequests, Unauthorized
from app.web.api_keys import api_key_authenticate, api_key_mark_used
from app.web.rate_limits import FailureLimit

LAST_USED_RESOLUTION_S = 60.0
bearer = HTTPBearer(auto_error=False, description="An API key: `gs_…`")


@dataclass(frozen=True)
class ApiPrincipal:
    """The system calling the API, by key."""

    key_id: str
    name: str
    scopes: frozenset[str]


def _mark_used(request: Request, transactions: Transactions, key_id: str) -> None:
    # last_used_at is written in its own short transaction, at most once a minute
    # per key and process, so that reads stay reads. It runs after the response:
    # on SQLite a second write transaction inside a writing request would wait
    # for the request's own lock until busy_timeout.
    seen: dict[str, float] = request.app.state.__dict__.setdefault("api_key_seen", {})
    now = time.monotonic()
    if now - seen.get(key_id, -LAST_USED_RESOLUTION_S) < LAST_USED_RESOLUTION_S:
        return
    seen[key_id] = now
    with transactions() as session:
        api_key_mark_used(session=session, key_id=key_id)


def get_api_principal(
    request: Request,
    background: BackgroundTasks,
    transactions: TransactionsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ApiPrincipal:
    """The calling system; 401 when the key is missing, unknown, revoked or expired.

    429 for a while after too many unknown keys from one address, and per key beyond its limit.
    """
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
    # Its own short read, not the request's session: on SQLite a writing request
    # takes the write lock when its session begins, and an Idempotency-Key must be
    # claimed (in a transaction of its own) before that.
    with transactions(write=False) as session:
        key = api_key_authenticate(session=session, plaintext=credentials.credentials)
    if key is None:
        unknown_keys.failed(address)
        raise Unauthorized(
            "The API key is unknown, revoked or expired.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    retry_after = request.app.state.api_rate_limit.retry_after(key.id)
    if retry_after:
        raise TooManyRequests(
            "Too many requests with this API key; slow down.",
            headers={"Retry-After": str(retry_after)},
        )
    background.add_task(_mark_used, request, transactions, key.id)
    return ApiPrincipal(key_id=key.id, name=key.name, scopes=frozenset(key.scopes))


ApiPrincipalDep = Annotated[ApiPrincipal, Depends(get_api_principal)]


class RequireScope:
    """A dependency: the key must hold at least one of `scopes` (403 otherwise)."""

    def __init__(self, *scopes: str) -> None:
        self.scopes = frozenset(scopes)
        self._names = " or ".join(scopes)

    def __call__(self, principal: ApiPrincipalDep) -> ApiPrincipal:
        if not principal.scopes & self.scopes:
            raise Forbidden(f"This API key lacks the scope {self._names}.")
        return principal
