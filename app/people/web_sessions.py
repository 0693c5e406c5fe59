"""Server-side browser sessions: the cookie holds a random token, the table its hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, delete, select

from app.models import Employee, WebSession, utcnow

IDLE_TIMEOUT = timedelta(hours=8)
ABSOLUTE_TIMEOUT = timedelta(days=7)
# How long a browser may spend at the identity provider between /login and the callback.
LOGIN_TIMEOUT = timedelta(minutes=10)
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


def login_begin(*, session: Session, pending: dict[str, str], previous: str | None) -> str:
    """Open an anonymous pre-login session holding state, nonce and PKCE verifier."""
    now = utcnow()
    # Abandoned sign-ins leave rows behind; each new one sweeps the expired ones.
    session.exec(
        delete(WebSession).where(
            col(WebSession.employee_id).is_(None), col(WebSession.expires_at) <= now
        )
    )
    if previous:
        _delete_anonymous(session=session, token=previous)
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            id=token_hash(token),
            csrf_token=secrets.token_urlsafe(32),
            data={"oidc": pending},
            created_at=now,
            last_seen_at=now,
            expires_at=now + LOGIN_TIMEOUT,
        )
    )
    session.flush()
    return token


def login_consume(*, session: Session, token: str | None) -> dict[str, str] | None:
    """Take the pending sign-in out of its pre-login session, which is deleted: one use only."""
    if not token:
        return None
    web_session = session.get(WebSession, token_hash(token))
    if web_session is None or web_session.employee_id is not None:
        return None
    pending = web_session.data.get("oidc")
    expired = web_session.expires_at <= utcnow()
    _delete_anonymous(session=session, token=token)
    if expired or not isinstance(pending, dict):
        return None
    return {str(key): str(value) for key, value in pending.items()}


def _delete_anonymous(*, session: Session, token: str) -> None:
    session.exec(
        delete(WebSession).where(
            col(WebSession.id) == token_hash(token), col(WebSession.employee_id).is_(None)
        )
    )


def session_lookup(*, session: Session, token: str) -> WebSession | None:
    """The live session behind a cookie token, or None when unknown, idle or expired."""
    web_session = session.get(WebSession, token_hash(token))
    if web_session is None or web_session.employee_id is None:
        return None
    now = utcnow()
    if web_session.expires_at <= now or web_session.last_seen_at + IDLE_TIMEOUT <= now:
        return None
    return web_session


def session_touch_due(*, web_session: WebSession, now: datetime) -> bool:
    """Whether this request should record activity (at most every few minutes)."""
    return web_session.last_seen_at + TOUCH_INTERVAL <= now


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
    """Delete every session that expired or went idle, signed in or not; how many went."""
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
