"""Every API operation by (no key, a key without its scope, a key with it)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from app.main import create_app
from app.models import SCOPES
from app.web.api_auth import RequireScope

pytestmark = pytest.mark.db


def required_scopes(dependant: Dependant) -> frozenset[str]:
    """The scopes a route's RequireScope dependencies ask for (any one suffices)."""
    found: frozenset[str] = frozenset()
    for sub in dependant.dependencies:
        if isinstance(sub.call, RequireScope):
            found |= sub.call.scopes
        found |= required_scopes(sub)
    return found


def operations() -> Iterator[tuple[str, str, frozenset[str]]]:
    for route in iter_route_contexts(create_app().routes):
        path = route.path_format or ""
        if isinstance(route.original_route, APIRoute) and path.startswith("/api/v1/"):
            for method in sorted((route.methods or set()) - {"HEAD"}):
                yield method, path, required_scopes(route.original_route.dependant)


OPERATIONS = sorted(operations())
SCOPED = [op for op in OPERATIONS if op[2]]
ME = [op for op in OPERATIONS if op[1].startswith("/api/v1/me")]


def call(client: httpx.Client, method: str, path: str, token: str | None) -> httpx.Response:
    url = re.sub(r"\{[^}]+\}", "x", path)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body: dict[str, object] | None = {} if method in ("POST", "PUT", "PATCH") else None
    return client.request(method, url, json=body, headers=headers)


def test_every_operation_is_covered(client: httpx.Client) -> None:
    documented = {
        (method.upper(), path)
        for path, ops in client.get("/api/v1/openapi.json").json()["paths"].items()
        for method in ops
        if path.startswith("/api/v1/")
    }
    assert documented == {(method, path) for method, path, _ in OPERATIONS}
    unscoped = {path for _, path, scopes in OPERATIONS if not scopes}
    # /me acts for the signed-in employee (keys are refused); purposes are public to any key.
    assert unscoped <= {p for _, p, _ in ME} | {"/api/v1/consent-purposes"}


@pytest.mark.parametrize(("method", "path", "scopes"), SCOPED)
def test_scope_matrix(
    client: httpx.Client,
    make_key: Callable[..., str],
    method: str,
    path: str,
    scopes: frozenset[str],
) -> None:
    assert call(client, method, path, None).status_code == 401
    others = [s for s in SCOPES if s not in scopes]
    assert call(client, method, path, make_key(*others)).status_code == 403
    for scope in sorted(scopes):
        assert call(client, method, path, make_key(scope)).status_code not in (401, 403)


@pytest.mark.parametrize(("method", "path", "scopes"), ME)
def test_no_api_key_acts_for_an_employee(
    client: httpx.Client, make_key: Callable[..., str], method: str, path: str,
    scopes: frozenset[str],
) -> None:  # fmt: skip
    assert call(client, method, path, make_key(*SCOPES)).status_code == 403


def test_consent_purposes_need_any_valid_key(
    client: httpx.Client, make_key: Callable[..., str]
) -> None:
    assert call(client, "GET", "/api/v1/consent-purposes", None).status_code == 401
    assert (
        call(client, "GET", "/api/v1/consent-purposes", make_key("shares:write")).status_code == 200
    )
