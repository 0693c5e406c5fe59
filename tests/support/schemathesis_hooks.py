"""Schemathesis hooks for tests/test_schemathesis.py (loaded through SCHEMATHESIS_HOOKS)."""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis


@schemathesis.hook
def map_headers(context: Any, headers: dict[str, str] | None) -> dict[str, str] | None:
    """A fresh Idempotency-Key for every generated request.

    Generated keys repeat ("0", "a" …): a repeated key with the same body replays the
    first 201, whose item a later generated DELETE may have removed — correct by
    the contract, but it reads to the fuzzer as a created resource that vanished.
    Replays have their own tests (tests/routers/test_api_content*.py, test_api_shares.py).
    """
    if headers is None:
        return None
    for name in list(headers):
        if name.lower() == "idempotency-key":
            headers[name] = f"fuzz-{uuid.uuid4()}"
    return headers
