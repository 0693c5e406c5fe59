"""Webhook signing secrets: generated, kept encrypted, and used to sign Standard Webhooks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken

from app.keys import fernet_for
from app.models import WebhookEndpoint

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
ROTATION_OVERLAP = timedelta(hours=24)
# A label of its own, so the key derived here is useless for anything else the app secret keys.
HKDF_INFO = b"gladshare webhook endpoint secrets v1"


def secret_new() -> str:
    """A fresh signing secret as receivers configure it: whsec_ + base64 of random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _fernet(app_secret: str) -> Fernet:
    return fernet_for(app_secret=app_secret, purpose=HKDF_INFO)


def secret_encrypt(*, app_secret: str, secret: str) -> str:
    """The secret as stored: a Fernet token under a key derived from GLADSHARE_SECRET_KEY."""
    return _fernet(app_secret).encrypt(secret.encode()).decode()


def secret_decrypt(*, app_secret: str, token: str) -> str:
    """The secret back from its stored form."""
    try:
        return _fernet(app_secret).decrypt(token.encode()).decode()
    except InvalidToken:
        raise RuntimeError(
            "a webhook secret cannot be decrypted: was GLADSHARE_SECRET_KEY changed? "
            "Rotate the endpoint's secret (or restore the key)."
        ) from None


def signing_secrets(*, endpoint: WebhookEndpoint, app_secret: str, now: datetime) -> list[str]:
    """The secrets to sign with: the current one, and the previous one during the overlap."""
    found = [secret_decrypt(app_secret=app_secret, token=endpoint.secret_encrypted)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_encrypted and expires is not None and expires > now:
        found.append(
            secret_decrypt(app_secret=app_secret, token=endpoint.previous_secret_encrypted)
        )
    return found


def signature_header(*, secrets_: list[str], webhook_id: str, timestamp: int, body: bytes) -> str:
    """`webhook-signature`: one `v1,<base64 HMAC-SHA256>` per secret, space-separated."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    signatures = []
    for secret in secrets_:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
        digest = hmac.new(key, signed, hashlib.sha256).digest()
        signatures.append("v1," + base64.b64encode(digest).decode())
    return " ".join(signatures)
