"""Real Chromium for the browser tests: one browser for the package, axe-core, a served app.

The browser lives as long as this package's tests (scope "package"), not the whole
run: Playwright's sync API cannot start while another instance is running, and the
browser tests under tests/routers/ start their own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlmodel import col, select

from app.config import Settings
from app.consent.ledger import consent_grant
from app.db import make_engine, transaction
from app.demo.seed import seed_demo
from app.main import create_app
from app.models import ContentItem
from app.people.web_sessions import session_start
from tests.browser.pages import Site
from tests.conftest import TEST_SECRET, migrated_copy, require, serving
from tests.factories.feed import make_profile
from tests.factories.people import make_employee
from tests.support.chromium import launched_chromium
from tests.support.oidc_provider import OidcProvider, running_provider

if TYPE_CHECKING:
    from playwright.sync_api import Browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (never a downloaded browser), or a skip naming it."""
    with launched_chromium() as browser:
        yield browser


@pytest.fixture(scope="package")
def axe_source() -> str:
    """axe-core's script, from the npm package pinned in tests/browser/package-lock.json."""
    require("Node.js", shutil.which("node") is not None, "install Node.js 18 or newer")
    require("axe-core (npm)", AXE.is_file(), "run `npm ci --prefix tests/browser`")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """panva/oidc-provider on a free loopback port, for the journey through single sign-on."""
    with running_provider(tmp_path_factory.mktemp("oidc") / "provider.log") as provider:
        yield provider


@pytest.fixture(scope="module")
def module_database_url(
    _migrated_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database at head shared by one module's tests, on the engine under test."""
    with migrated_copy(_migrated_template, tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def module_settings(module_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for one module: its own database and var folder, a real secret."""
    return Settings(
        database_url=module_database_url,
        secret_key=SecretStr(TEST_SECRET),
        var_dir=tmp_path_factory.mktemp("var"),
        base_url="http://testserver",
        rate_limits=False,
    )


def ambassador(engine: Engine, locale: str) -> str:
    """A team leader speaking `locale` who takes part and uses LinkedIn and Mastodon; a token."""
    with transaction(engine) as session:
        employee = make_employee(session, is_leader=True)  # every purpose is open to them
        employee.locale = locale
        for purpose in ("ambassador", "share_attribution"):
            consent_grant(
                session=session, employee=employee, purpose=purpose, text_version=1, source="ui"
            )
        make_profile(session, employee.id, languages=["de", "en"])
        return session_start(session=session, employee=employee)


@pytest.fixture(scope="module")
def site(module_settings: Settings) -> Iterator[Site]:
    """The demo organisation's data, served with demo mode on (its sign-in picker included)."""
    engine = make_engine(module_settings.database_url)
    app = create_app(module_settings.model_copy(update={"demo": True}))
    with serving(app) as url:
        with transaction(engine) as session:
            seed_demo(session=session, var_dir=module_settings.var_dir)  # pictures, ours
        tokens = {language: ambassador(engine, language) for language in ("en", "de", "fr")}
        with transaction(engine, write=False) as session:
            pictured = select(ContentItem.id).where(col(ContentItem.image_url).is_not(None))
            content_id = session.exec(pictured.where(ContentItem.status == "published")).first()
        assert content_id is not None
        yield Site(url, app, tokens, content_id)
    engine.dispose()
