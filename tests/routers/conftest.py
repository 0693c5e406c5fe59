"""Fixtures for the browser-facing routers: the real OpenID provider and an app that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.config import Settings
from app.main import create_app
from tests.conftest import serving
from tests.support.oidc_provider import OidcProvider, running_provider, single_sign_on


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """panva/oidc-provider on a free loopback port, for the whole run."""
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with running_provider(log) as provider:
        yield provider


@pytest.fixture
def sso_settings(settings: Settings, oidc_provider: OidcProvider) -> Settings:
    """Settings with single sign-on at the test provider (and demo mode on: SSO must win)."""
    return single_sign_on(settings, oidc_provider, oidc_role_map={"people-team": "hr"}, demo=True)


@pytest.fixture
def sso_app_url(sso_settings: Settings, oidc_provider: OidcProvider) -> Iterator[str]:
    """The app served on the origin whose callback the provider knows."""
    with serving(create_app(sso_settings), port=oidc_provider.app_port) as url:
        yield url


@pytest.fixture
def sso_client(sso_app_url: str) -> Iterator[httpx.Client]:
    """A browser-like httpx client of the single sign-on app."""
    with httpx.Client(base_url=sso_app_url) as client:
        yield client
