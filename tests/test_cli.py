"""The `gladshare` command as an operator uses it: real processes, real databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text

from app.models import ApiKey
from app.web.api_keys import api_key_hash
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[1]


def gladshare(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process, as an operator would."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GLADSHARE_")}
    environ.update({"GLADSHARE_DATABASE_URL": database_url, "GLADSHARE_SECRET_KEY": TEST_SECRET})
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def every_text_value(engine: Engine) -> list[str]:
    """All values of every column of every table, as text."""
    values: list[str] = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                values.extend(str(v) for v in row)
    return values


def test_apikey_create_prints_the_key_last_and_stores_only_a_hash(
    database_url: str, engine: Engine
) -> None:
    result = gladshare(
        "apikey",
        "create",
        "--name",
        "Intranet",
        "--scopes",
        "content:read,shares:write",
        database_url=database_url,
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith("gs_")
    assert len(key) >= 3 + 32
    with engine.connect() as conn:
        stored = conn.execute(select(ApiKey.__table__)).one()  # type: ignore[attr-defined]
    assert stored.key_hash == api_key_hash(key)
    assert sorted(stored.scopes) == ["content:read", "shares:write"]
    assert not any(key in value for value in every_text_value(engine))


def test_apikey_create_refuses_an_unknown_scope(database_url: str, engine: Engine) -> None:
    result = gladshare(
        "apikey",
        "create",
        "--name",
        "HR",
        "--scopes",
        "employees:write,everything",
        database_url=database_url,
    )
    assert result.returncode != 0
    assert "unknown scope everything" in result.stderr
    assert "Traceback" not in result.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM api_key")).scalar_one() == 0


def test_apikey_list_and_revoke(database_url: str) -> None:
    created = gladshare(
        "apikey",
        "create",
        "--name",
        "HR system",
        "--scopes",
        "consents:read",
        database_url=database_url,
    )
    key_id = created.stdout.split()[3]
    listed = gladshare("apikey", "list", database_url=database_url)
    assert "HR system" in listed.stdout
    assert "active" in listed.stdout
    assert created.stdout.strip().splitlines()[-1] not in listed.stdout
    revoked = gladshare("apikey", "revoke", key_id, database_url=database_url)
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked" in gladshare("apikey", "list", database_url=database_url).stdout
    unknown = gladshare("apikey", "revoke", "nope", database_url=database_url)
    assert unknown.returncode != 0
    assert "no API key with id nope" in unknown.stderr


def test_missing_secret_is_one_line_and_no_traceback(database_url: str) -> None:
    result = gladshare("migrate", database_url=database_url, GLADSHARE_SECRET_KEY="")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "GLADSHARE_SECRET_KEY" in result.stderr


def test_migrate_brings_an_empty_database_to_head(empty_database_url: str) -> None:
    result = gladshare("migrate", database_url=empty_database_url)
    assert result.returncode == 0, result.stderr
    assert "newest schema" in result.stdout


def test_demo_mode_refuses_a_public_address(database_url: str) -> None:
    result = gladshare("serve", "--demo", "--host", "0.0.0.0", database_url=database_url)
    assert result.returncode == 2
    assert "loopback" in result.stderr


def test_serve_believes_forwarded_headers_only_from_the_configured_proxies(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from app import cli

    started: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **options: started.update(options))
    monkeypatch.setenv("GLADSHARE_DATABASE_URL", database_url)
    monkeypatch.setenv("GLADSHARE_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("GLADSHARE_FORWARDED_ALLOW_IPS", "10.0.0.5")
    result = CliRunner().invoke(cli.cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert started["proxy_headers"] is True
    assert started["forwarded_allow_ips"] == "10.0.0.5"
