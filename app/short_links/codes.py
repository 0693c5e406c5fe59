"""Short link codes and addresses: unguessable, URL-safe, 96 random bits, under /s/."""

from __future__ import annotations

import secrets

CODE_BYTES = 12  # 96 bits; the contract asks for at least 64
PATH_PREFIX = "/s/"


def new_short_code() -> str:
    """A fresh code for /s/{code}; collisions are negligible and the primary key catches them."""
    return secrets.token_urlsafe(CODE_BYTES)


def short_url(*, base_url: str, code: str) -> str:
    """The public address of a short link, the one a share carries."""
    return f"{base_url}{PATH_PREFIX}{code}"
