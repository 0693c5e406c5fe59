"""API keys for other systems: shown once, stored as a hash, limited by scopes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from app.errors import Invalid, NotFound
from app.models import SCOPES, ApiKey, utcnow

KEY_PREFIX = "gs_"
KEY_RANDOM_BYTES = 32  # 43 URL-safe characters


def api_key_hash(plaintext: str) -> str:
    """Keys carry 256 random bits, so a plain SHA-256 is a safe stored form."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def parse_scopes(raw: str | Sequence[str]) -> list[str]:
    """Scopes from "a,b" or a list; an unknown scope is an error that names it."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    scopes = sorted({s.strip() for s in items if s.strip()})
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise Invalid(f"unknown scope {', '.join(unknown)}; known scopes: {', '.join(SCOPES)}")
    if not scopes:
        raise Invalid(f"name at least one scope: {', '.join(SCOPES)}")
    return scopes


def api_key_create(
    *,
    session: Session,
    name: str,
    scopes: Sequence[str],
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new key; the plaintext is returned here once and never stored."""
    if not name.strip():
        raise Invalid("give the key a name, e.g. the system that will use it")
    plaintext = KEY_PREFIX + secrets.token_urlsafe(KEY_RANDOM_BYTES)
    key = ApiKey(
        name=name.strip(),
        prefix=plaintext[:8],
        key_hash=api_key_hash(plaintext),
        scopes=parse_scopes(scopes),
        expires_at=expires_at,
    )
    session.add(key)
    session.flush()
    return key, plaintext


def api_key_list(*, session: Session) -> Sequence[ApiKey]:
    """Every key, newest first, revoked ones included."""
    return session.exec(select(ApiKey).order_by(col(ApiKey.created_at).desc())).all()


def api_key_revoke(*, session: Session, key_id: str) -> ApiKey:
    """Revoke a key at once; revoking twice keeps the first time."""
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"no API key with id {key_id}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.flush()
    return key


def api_key_authenticate(*, session: Session, plaintext: str) -> ApiKey | None:
    """The live key behind a bearer token, or None for unknown, revoked or expired keys."""
    if not plaintext.startswith(KEY_PREFIX) or len(plaintext) > 200:
        return None
    digest = api_key_hash(plaintext)
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == digest)).first()
    # The lookup is by hash already; the constant-time compare keeps it so
    # should the lookup ever become a prefix search.
    if key is None or not hmac.compare_digest(key.key_hash, digest):
        return None
    now = utcnow()
    if key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now):
        return None
    return key


def api_key_mark_used(*, session: Session, key_id: str) -> None:
    """Record that a key was used; called at most once a minute per key."""
    key = session.get(ApiKey, key_id)
    if key is not None:
        key.last_used_at = utcnow()
        session.add(key)
        session.flush()
