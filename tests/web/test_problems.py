"""Every refusal says what to do instead: 405 names every allowed method, on API and pages."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import text
from sqlmodel import Session

from app.config import Settings
from app.dependencies import DatabaseDep
from app.main import create_app
from tests.conftest import PostgresServer, serving

pytestmark = pytest.mark.db
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def paths_and_methods() -> dict[str, set[str]]:
    """Every route path of the app (parameters filled with a placeholder) and its methods."""
    found: dict[str, set[str]] = {}
    for route in iter_route_contexts(create_app().routes):
        if isinstance(route.original_route, APIRoute) and route.path_format:
            path = re.sub(r"\{[^}]+\}", "x1", route.path_format)
            found.setdefault(path, set()).update(route.methods or ())
    return found


@pytest.mark.parametrize(("path", "methods"), sorted(paths_and_methods().items()))
def test_a_method_a_path_does_not_answer_gets_405_with_the_full_allow_header(
    client: httpx.Client, path: str, methods: set[str]
) -> None:
    other = next(method for method in METHODS if method not in methods)
    response = client.request(other, path)
    assert response.status_code == 405
    allowed = set(response.headers["allow"].split(", "))
    assert allowed == methods | ({"HEAD"} if "GET" in methods else set())


def test_a_value_postgresql_refuses_is_the_clients_422_not_a_500(
    settings: Settings, postgres_server: PostgresServer
) -> None:
    """The safety net under every check: a DataError from PostgreSQL answers 422."""
    url = postgres_server.create()
    try:
        app = create_app(settings.model_copy(update={"database_url": url}))

        def cast(*, session: Session) -> None:  # a value out of PostgreSQL's integer range
            session.execute(text("SELECT CAST(:v AS integer)"), {"v": "99999999999"})

        async def probe(db: DatabaseDep) -> None:
            await db.read(cast)

        app.add_api_route("/api/v1/probe", probe, methods=["GET"])
        with serving(app) as base, httpx.Client(base_url=base) as client:
            response = client.get("/api/v1/probe")
        assert response.status_code == 422
        assert response.json()["detail"] == "A value in the request cannot be stored."
    finally:
        postgres_server.drop(url)
