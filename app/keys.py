"""Keys derived from GLADSHARE_SECRET_KEY: one per purpose, so no key serves two things."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def fernet_for(*, app_secret: str, purpose: bytes) -> Fernet:
    """Fernet (AES-CBC with HMAC-SHA256) under an HKDF key for `purpose` alone."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        app_secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))
