"""Browser sessions: the cookie holds a random token, the table its hash; sign-ins in progress."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import or_, update
from sqlmodel import Session, col, delete, select

from app.keys import fernet_for
from app.models import Employee, WebSession, utcnow

IDLE_TIMEOUT = timedelta(hours=8)
ABSOLUTE_TIMEOUT = timedelta(days=7)
# How long a browser may spend at the identity provider between /login and the callback.
LOGIN_TIMEOUT = timedelta(minutes=10)
# The pending sign-in travels in a cookie: encrypted, since it holds the PKCE verifier, and
# signed (Fernet: AES-CBC with HMAC-SHA256) under a key for nothing else.
HKDF_INFO = b"gladshare pending sign-in v1"
PENDING_KEYS = frozenset({"state", "nonce", "code_verifier"})
MAX_SEALED_LENGTH = 2048
# Writing last_seen_at on every request would turn reads into writes.
TOUCH_INTERVAL = timedelta(minutes=5)


def token_hash(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def session_start(*, session: Session, employee: Employee) -> str:
    """Open a new session for a person who just signed in; returns the cookie token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        WebSession(
            id=token_hash(token),
            employee_id=employee.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
        )
    )
    session.flush()
    return token


def session_lookup(*, session: Session, token: str) -> WebSession | None:
    """The live session behind a cookie token, or None when unknown, idle or expired."""
    web_session = session.get(WebSession, token_hash(token))
    if web_session is None or web_session.employee_id is None:
        return None
    live = session_live(
        expires_at=web_session.expires_at, last_seen_at=web_session.last_seen_at, now=utcnow()
    )
    return web_session if live else None


def signed_in(*, session: Session, token: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Snapshots of the active employee and live session behind a cookie token, or None."""
    web_session = session_lookup(session=session, token=token)
    if web_session is None or web_session.employee_id is None:
        return None
    employee = session.get(Employee, web_session.employee_id)
    if employee is None or not employee.active:
        return None
    return employee.model_dump(), web_session.model_dump()


def session_live(*, expires_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
    """Whether a session (read a moment ago) is still within its idle and absolute timeouts."""
    return expires_at > now and last_seen_at + IDLE_TIMEOUT > now


def session_touch_due(*, last_seen_at: datetime, now: datetime) -> bool:
    """Whether this request should record activity (at most every few minutes)."""
    return last_seen_at + TOUCH_INTERVAL <= now


def session_touch(*, session: Session, session_id: str, now: datetime) -> None:
    """Record activity so the idle timeout counts from now."""
    # By id, not through a loaded row: the caller may write in a transaction of its own.
    session.exec(
        update(WebSession)
        .where(col(WebSession.id) == session_id, col(WebSession.last_seen_at) < now)
        .values(last_seen_at=now)
    )


def session_end(*, session: Session, token: str) -> None:
    """Sign out: the session is deleted, so a copied cookie stops working too."""
    session.exec(delete(WebSession).where(col(WebSession.id) == token_hash(token)))


def sessions_revoke(*, session: Session, employee: Employee) -> int:
    """End every session of one person (offboarding, leaving the program)."""
    ids = session.exec(select(WebSession.id).where(WebSession.employee_id == employee.id)).all()
    session.exec(delete(WebSession).where(col(WebSession.employee_id) == employee.id))
    return len(ids)


def sessions_sweep(*, session: Session, now: datetime) -> int:
    """Delete every session that expired or went idle; how many went."""
    # session_lookup refuses these already; deleting them keeps no one's last visit longer.
    result = session.exec(
        delete(WebSession).where(
            or_(
                col(WebSession.expires_at) <= now,
                col(WebSession.last_seen_at) <= now - IDLE_TIMEOUT,
            )
        )
    )
    return int(result.rowcount)


def login_state_seal(*, secret: str, pending: dict[str, str], now: datetime) -> str:
    """The pending sign-in as the browser keeps it: encrypted, signed and dated."""
    token = _fernet(secret).encrypt_at_time(json.dumps(pending).encode(), int(now.timestamp()))
    return token.decode().rstrip("=")  # padding would make the cookie value quoted


def login_state_open(*, secret: str, sealed: str | None, now: datetime) -> dict[str, str] | None:
    """The pending sign-in back from its cookie; None when forged, altered or too old."""
    if not sealed or len(sealed) > MAX_SEALED_LENGTH:
        return None
    try:
        plain = _fernet(secret).decrypt_at_time(
            sealed + "=" * (-len(sealed) % 4),
            ttl=int(LOGIN_TIMEOUT.total_seconds()),
            current_time=int(now.timestamp()),
        )
    except (InvalidToken, ValueError):  # ValueError: characters base64 does not know
        return None
    pending = json.loads(plain)
    if not isinstance(pending, dict) or not PENDING_KEYS <= pending.keys():
        return None
    return {str(key): str(value) for key, value in pending.items()}


def _fernet(secret: str) -> Fernet:
    return fernet_for(app_secret=secret, purpose=HKDF_INFO)
