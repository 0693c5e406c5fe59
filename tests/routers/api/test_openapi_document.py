"""The OpenAPI document is valid 3.1, and a client generated from it works against a live server."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from openapi_spec_validator import validate

from app.config import Settings
from app.main import create_app
from tests.conftest import serving

pytestmark = pytest.mark.db
BIN = Path(sys.executable).parent


def test_the_document_is_valid_openapi_3_1(client: httpx.Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on the first violation


@pytest.mark.slow
def test_a_generated_client_creates_reads_and_shares(
    settings: Settings, make_key: Callable[..., str], tmp_path: Path
) -> None:
    """openapi-python-client's code, untouched: create an item, read it, share it."""
    token = make_key("content:write", "content:read", "shares:write")
    with serving(create_app(settings)) as url:
        spec = tmp_path / "openapi.json"
        spec.write_text(httpx.get(f"{url}/api/v1/openapi.json").text)
        generated = subprocess.run(
            [
                str(BIN / "openapi-python-client"),
                *("generate", "--path", str(spec), "--meta", "none"),
                *("--output-path", str(tmp_path / "gladshare_client")),
            ],
            env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert generated.returncode == 0, generated.stdout + generated.stderr
        sys.path.insert(0, str(tmp_path))
        try:
            client_module = importlib.import_module("gladshare_client")
            create = importlib.import_module("gladshare_client.api.content.content_create")
            read = importlib.import_module("gladshare_client.api.content.content_get")
            share = importlib.import_module("gladshare_client.api.shares.shares_create")
            models = importlib.import_module("gladshare_client.models")
            with client_module.AuthenticatedClient(base_url=url, token=token) as api:
                body = models.ContentCreate.from_dict(
                    {
                        "kind": "article",
                        "title": "Generated clients welcome",
                        "url": "https://example.com/generated",
                        "language": "en",
                        "status": "published",
                    }
                )
                created = create.sync_detailed(client=api, body=body)
                assert created.status_code == 201, created.content
                item = read.sync(client=api, content_id=created.parsed.id)
                assert item.title == "Generated clients welcome"
                shared = share.sync(
                    client=api,
                    body=models.ShareCreate.from_dict(
                        {"content_id": item.id, "network": "linkedin"}
                    ),
                )
                assert shared.short_url.startswith(settings.base_url)
                assert shared.content_id == item.id
        finally:
            sys.path.remove(str(tmp_path))
            for name in [n for n in sys.modules if n.startswith("gladshare_client")]:
                del sys.modules[name]
