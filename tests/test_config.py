"""Settings are validated at start-up, with one clear line instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from app.config import Settings, SettingsError, served_base_url


def test_without_database_url_the_embedded_sqlite_file_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GLADSHARE_DATABASE_URL", raising=False)
    assert Settings().database_url == "sqlite:///var/gladshare.db"


def test_environment_prefix_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLADSHARE_CONTENT_HOSTS", "example.com, News.Example.org")
    monkeypatch.setenv("GLADSHARE_ASK_BUDGET", "2")
    settings = Settings()
    assert settings.content_hosts == ["example.com", "news.example.org"]
    assert settings.ask_budget == 2
    assert settings.k_anonymity == 5
    assert settings.oidc_roles_claim == "groups"


@pytest.mark.parametrize("secret", ["", "change-me", "short"])
def test_missing_default_or_short_secret_is_refused(secret: str, tmp_path: Path) -> None:
    settings = Settings(secret_key=SecretStr(secret), var_dir=tmp_path)
    with pytest.raises(SettingsError, match="GLADSHARE_SECRET_KEY") as error:
        settings.check_secret()
    assert "\n" not in str(error.value)


def test_demo_mode_generates_and_keeps_a_secret(tmp_path: Path) -> None:
    first = Settings(demo=True, var_dir=tmp_path)
    first.check_secret()
    second = Settings(demo=True, var_dir=tmp_path)
    second.check_secret()
    value = first.secret_key.get_secret_value()
    assert len(value) >= 32
    assert value == second.secret_key.get_secret_value()
    assert (tmp_path / "demo-secret").stat().st_mode & 0o077 == 0


def test_an_explicit_base_url_wins_even_in_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLADSHARE_BASE_URL", "http://localhost:9000/")
    settings = Settings(demo=True)
    assert served_base_url(settings=settings, host="127.0.0.1", port=8123) == (
        "http://localhost:9000"
    )


def test_the_demo_follows_the_address_it_listens_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLADSHARE_BASE_URL", raising=False)
    settings = Settings(demo=True)
    assert served_base_url(settings=settings, host="127.0.0.1", port=8123) == (
        "http://127.0.0.1:8123"
    )
    assert served_base_url(settings=settings, host="::1", port=8123) == "http://[::1]:8123"


def test_outside_demo_mode_the_base_url_stays_as_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GLADSHARE_BASE_URL", raising=False)
    assert served_base_url(settings=Settings(), host="0.0.0.0", port=8123) == (
        "http://127.0.0.1:8000"
    )
    monkeypatch.setenv("GLADSHARE_BASE_URL", "https://share.example.com")
    assert served_base_url(settings=Settings(), host="0.0.0.0", port=8123) == (
        "https://share.example.com"
    )
