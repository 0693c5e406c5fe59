"""Schemathesis over the whole OpenAPI document: every operation, every check, a fixed seed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.config import Settings
from app.main import create_app
from app.models import SCOPES
from tests.conftest import ENGINE, serving

pytestmark = [pytest.mark.db, pytest.mark.slow]
HERE = Path(__file__).resolve().parent
SEED = "20261127"
# PostgreSQL refuses what SQLite stores (NUL characters, out-of-range numbers), so it
# gets the longer run: 300 examples per operation, NUL bytes among the strings.
EXAMPLES = "300" if ENGINE == "postgresql" else "100"


def test_the_api_holds_its_openapi_contract(
    settings: Settings, make_key: Callable[..., str], tmp_path: Path
) -> None:
    token = make_key(*SCOPES)
    with serving(create_app(settings)) as url:
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "--config-file",
                str(HERE / "schemathesis.toml"),
                "run",
                f"{url}/api/v1/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                EXAMPLES,
                "--seed",
                SEED,
                "--header",
                f"Authorization: Bearer {token}",
                "--generation-database",
                "none",
                "--generation-allow-x00",
                "true",
                "--request-timeout",
                "20",
                "--no-color",
            ],
            cwd=tmp_path,
            env={
                **os.environ,
                "NO_COLOR": "1",
                "SCHEMATHESIS_HOOKS": "tests.support.schemathesis_hooks",
                "PYTHONPATH": str(HERE.parent),
            },
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary
    assert " 0 failures" not in summary or "passed" in summary
