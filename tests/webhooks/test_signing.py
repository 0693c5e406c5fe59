"""Signing secrets: random, stored encrypted under the app secret, signing as receivers verify."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from app.webhooks.signing import secret_decrypt, secret_encrypt, secret_new, signature_header

APP_SECRET = "app-secret-" + "y" * 40


def test_secrets_are_whsec_base64_of_random_bytes() -> None:
    first, second = secret_new(), secret_new()
    assert first.startswith("whsec_")
    assert first != second
    assert len(base64.b64decode(first.removeprefix("whsec_"))) >= 24


def test_the_stored_form_does_not_reveal_the_secret_and_needs_the_app_secret() -> None:
    secret = secret_new()
    stored = secret_encrypt(app_secret=APP_SECRET, secret=secret)
    assert secret.removeprefix("whsec_") not in stored
    assert secret_decrypt(app_secret=APP_SECRET, token=stored) == secret
    with pytest.raises(RuntimeError, match="GLADSHARE_SECRET_KEY"):
        secret_decrypt(app_secret="another-" + APP_SECRET, token=stored)


def test_each_secret_adds_a_signature_that_standardwebhooks_computes_too() -> None:
    old, new = secret_new(), secret_new()
    timestamp, body = 1_795_788_300, b'{"type":"consent.updated"}'
    header = signature_header(
        secrets_=[new, old], webhook_id="msg_1", timestamp=timestamp, body=body
    )
    when = datetime.fromtimestamp(timestamp, tz=UTC)
    expected = [Webhook(s).sign("msg_1", when, body.decode()) for s in (new, old)]
    assert header.split(" ") == expected
