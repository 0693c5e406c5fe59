"""Liveness and readiness as load balancers and orchestrators see them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app
from tests.conftest import TEST_SECRET, serving

pytestmark = pytest.mark.db


def test_healthz_answers_without_a_database(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", secret_key=SecretStr(TEST_SECRET)
    )
    with serving(create_app(settings)) as url:
        response = httpx.get(url + "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_on_a_migrated_database(client: httpx.Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_readyz_is_503_when_the_database_is_unreachable() -> None:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", secret_key=SecretStr(TEST_SECRET)
    )
    with serving(create_app(settings)) as url:
        response = httpx.get(url + "/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_readyz_is_503_when_migrations_are_missing(empty_database_url: str) -> None:
    settings = Settings(database_url=empty_database_url, secret_key=SecretStr(TEST_SECRET))
    with serving(create_app(settings)) as url:
        response = httpx.get(url + "/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "not migrated"
