"""Short link codes: unguessable, URL-safe, 96 random bits."""

from __future__ import annotations

import secrets

CODE_BYTES = 12  # 96 bits; the contract asks for at least 64


def new_short_code() -> str:
    """A fresh code for /s/{code}; collisions are negligible and the primary key catches them."""
    return secrets.token_urlsafe(CODE_BYTES)
