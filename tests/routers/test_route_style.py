"""Every route is written the fast way: `async def` all through, no thread-pool hop per part,
and dependencies that stand alone (FastAPI solves a dependency's own dependencies again
wherever it is used, so nested ones are worked out several times per request)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app
from app.routers.hand_solved import HandSolvedRoute, hand_solved
from app.web.api_auth import RequireScope


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _is_async(call: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
        getattr(call, "__call__", None)  # noqa: B004 - classes like RequireScope
    )


def _blocking(app: FastAPI) -> set[str]:
    return {
        f"{route.path} {getattr(call, '__qualname__', type(call).__qualname__)}"
        for route in _routes(app)
        for call in (route.endpoint, *_calls(route.dependant))
        if not _is_async(call)
    }


def _routes(app: FastAPI) -> list[APIRoute]:
    """Every API route as served, with the dependencies of the routers it was included by."""
    return [c.route for c in iter_route_contexts(app.routes) if isinstance(c.route, APIRoute)]


def _apps(tmp_path: Path) -> Iterator[FastAPI]:
    base = Settings(database_url=f"sqlite:///{tmp_path}/style.db", secret_key=SecretStr("s" * 48))
    yield create_app(base.model_copy(update={"demo": True}))  # with the demo sign-in
    yield create_app(  # with single sign-on instead
        base.model_copy(
            update={"oidc_issuer": "https://id.example.com", "oidc_client_id": "gladshare"}
        )
    )


def test_every_route_and_dependency_is_async(tmp_path: Path) -> None:
    for app in _apps(tmp_path):
        routes = _routes(app)
        assert len(routes) > 40
        calls = {call for route in routes for call in _calls(route.dependant)}
        assert any(isinstance(call, RequireScope) for call in calls)  # routers' own are seen
        assert _blocking(app) == set()


def test_a_def_route_would_be_found(tmp_path: Path) -> None:
    app = next(_apps(tmp_path))

    def slow() -> None: ...

    app.add_api_route("/slow", slow)
    assert _blocking(app) == {"/slow test_a_def_route_would_be_found.<locals>.slow"}


def _name(call: Callable[..., Any] | None) -> str:
    return getattr(call, "__qualname__", type(call).__qualname__)


def _nested(app: FastAPI) -> set[str]:
    """Dependencies that depend on others."""
    return {
        f"{route.path} {_name(sub.call)} -> {_name(inner.call)}"
        for route in _routes(app)
        for sub in route.dependant.dependencies
        for inner in sub.dependencies
    }


def test_no_dependency_depends_on_another(tmp_path: Path) -> None:
    for app in _apps(tmp_path):
        assert _nested(app) == set()


async def _inner() -> int:
    return 1


async def _outer(value: Annotated[int, Depends(_inner)]) -> int:
    return value


async def _nesting_route(value: Annotated[int, Depends(_outer)]) -> None: ...


def test_a_nested_dependency_would_be_found(tmp_path: Path) -> None:
    app = next(_apps(tmp_path))
    app.add_api_route("/nested", _nesting_route)
    assert _nested(app) == {"/nested _outer -> _inner"}


def _hand_solved(app: FastAPI) -> dict[str, tuple[set[str], set[str]]]:
    """Each hand-solved route: the dependencies it has as served, and those `fast` solves."""
    return {
        str(context.path): (
            {_name(sub.call) for sub in context.dependant.dependencies},
            {_name(call) for call in context.route.solves},
        )
        for context in iter_route_contexts(app.routes)
        if isinstance(context.route, HandSolvedRoute)
    }


def test_a_hand_solved_route_solves_every_dependency_it_has(tmp_path: Path) -> None:
    for app in _apps(tmp_path):
        routes = _hand_solved(app)
        assert "/api/v1/shares" in routes
        assert {path: has for path, (has, _) in routes.items()} == {
            path: solves for path, (_, solves) in routes.items()
        }


def test_a_dependency_the_fast_path_misses_would_be_found(tmp_path: Path) -> None:
    app = next(_apps(tmp_path))

    async def fast(*_: Any) -> None: ...

    app.router.add_api_route(
        "/hand", _nesting_route, route_class_override=hand_solved(fast, solves=())
    )
    has, solves = _hand_solved(app)["/hand"]
    assert has == {"refuse_nul_characters", "_outer"}
    assert solves == set()
