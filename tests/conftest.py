"""Test databases: migrated once per run, then a fresh copy for every test.

GLADSHARE_TEST_ENGINE picks the engine of the `database_url` fixture
(`sqlite`, the default, or `postgresql`). GLADSHARE_TEST_POSTGRES is a
PostgreSQL server URL; tests that need PostgreSQL skip without it, naming it,
unless GLADSHARE_REQUIRE_ALL is set (CI), which turns every such skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import make_engine, transaction
from app.main import create_app
from app.migrate import upgrade_head
from app.web.api_keys import api_key_create
from tests.factories.consent import Browser, sign_in_english
from tests.support.postgres import PostgresServer as PostgresServer  # tests import it from here

ENGINE = os.environ.get("GLADSHARE_TEST_ENGINE", "sqlite")
POSTGRES = os.environ.get("GLADSHARE_TEST_POSTGRES", "")
REQUIRE_ALL = os.environ.get("GLADSHARE_REQUIRE_ALL", "") not in ("", "0")
TEST_SECRET = "test-secret-" + "x" * 40


def require(component: str, available: bool, how: str) -> None:
    """Skip (or, in CI, fail) a test whose component is missing, naming the component."""
    if available:
        return
    message = f"{component} is not available: {how}"
    if REQUIRE_ALL:
        pytest.fail(message + " (GLADSHARE_REQUIRE_ALL is set)")
    pytest.skip(message)


@pytest.hookimpl(tryfirst=True)  # before xdist takes the order
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, the tests that start real processes first: none is left for last."""
    # `make test` and CI run `--dist loadfile --no-loadscope-reorder`: each file stays on one
    # worker (its module fixtures made once, its tests in written order), and the files are
    # handed out in this order rather than by their number of tests, which would leave a
    # file of one long test (the Schemathesis run) for the end. A plain run keeps its order.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


_servers: list[PostgresServer] = []


def postgres() -> PostgresServer:
    """This test process's PostgreSQL server, one for the run, or a skip that names it."""
    require("PostgreSQL", bool(POSTGRES), "set GLADSHARE_TEST_POSTGRES to a server URL")
    if not _servers:
        _servers.append(PostgresServer(POSTGRES))
    return _servers[0]


@pytest.fixture(scope="session", autouse=True)
def _postgres_let_go() -> Iterator[None]:
    """After the run's last test: the queued drops finish, the server's engine is closed."""
    yield
    while _servers:
        _servers.pop().close()


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer:
    """The PostgreSQL server, or a skip that names it."""
    return postgres()


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database migrated to head per run (per worker under xdist); tests get copies of it."""
    if ENGINE == "postgresql":
        server = postgres()
        url = server.create()
        upgrade_head(url)
        make_engine(url).dispose()
        yield url
        server.drop_later(url)
        return
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_head(f"sqlite:///{path}")
    yield str(path)


@contextmanager
def migrated_copy(template: str, folder: Path) -> Iterator[str]:
    """A copy of the migrated template: a file on SQLite, a database on PostgreSQL."""
    if ENGINE == "postgresql":
        server = postgres()
        url = server.create(template=make_url(template).database)
        try:
            yield url
        finally:
            server.drop_later(url)
        return
    path = folder / "gladshare.db"
    shutil.copyfile(template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def database_url(_migrated_template: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database at head for one test, on the engine under test."""
    with migrated_copy(_migrated_template, tmp_path) as url:
        yield url


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on the engine under test (for migration tests)."""
    if ENGINE == "postgresql":
        server = postgres()
        url = server.create()
        yield url
        server.drop_later(url)
        return
    yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The app's engine on the test database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for one test: its own database and var folder, a real secret."""
    return Settings(
        database_url=database_url,
        secret_key=SecretStr(TEST_SECRET),
        var_dir=tmp_path / "var",
        base_url="http://testserver",
        rate_limits=False,
    )


@contextmanager
def serving(app: FastAPI, *, port: int = 0) -> Iterator[str]:
    """Serve `app` with uvicorn on loopback (any free port by default); yields its base URL."""
    # A keep-alive longer than any test: on a loaded machine a client may leave a pooled
    # connection idle past uvicorn's 5 s, and the server closing it as the next request
    # goes out is a ReadError that says nothing about the app.
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        loop="asyncio",
        timeout_keep_alive=120,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture
def client(settings: Settings) -> Iterator[httpx.Client]:
    """An httpx client talking HTTP to the app served by uvicorn on loopback."""
    with serving(create_app(settings)) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


@pytest.fixture
def me(engine: Engine, client: httpx.Client) -> Browser:
    """An English-speaking employee signed in on `client`, every text published in en and de."""
    return sign_in_english(engine, client, "E-1001")


@pytest.fixture
def make_key(engine: Engine) -> Callable[..., str]:
    """Create an API key with the given scopes; returns the bearer token."""

    def make(*scopes: str) -> str:
        with transaction(engine) as session:
            _, plaintext = api_key_create(session=session, name="test", scopes=scopes)
        return plaintext

    return make


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for an API key."""
    return {"Authorization": f"Bearer {token}"}
