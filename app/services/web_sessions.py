"""Server-side browser sessions: the cookie holds a random token, the table its hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import Session, col, delete, select

from app.models import Employee, WebSession, utcnow

IDLE_TIMEOUT = timedelta(hours=8)
ABSOLUTE_TIMEOUT = timedelta(days=7)
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
    now = utcnow()
    if web_session.expires_at <= now or web_session.last_seen_at + IDLE_TIMEOUT <= now:
        return None
    return web_session


def session_touch(*, session: Session, web_session: WebSession) -> None:
    """Record activity so the idle timeout counts from now (at most every few minutes)."""
    now = utcnow()
    if web_session.last_seen_at + TOUCH_INTERVAL <= now:
        web_session.last_seen_at = now
        session.add(web_session)
        session.flush()


def session_end(*, session: Session, token: str) -> None:
    """Sign out: the session is deleted, so a copied cookie stops working too."""
    session.exec(delete(WebSession).where(col(WebSession.id) == token_hash(token)))


def sessions_revoke(*, session: Session, employee: Employee) -> int:
    """End every session of one person (offboarding, leaving the program)."""
    ids = session.exec(select(WebSession.id).where(WebSession.employee_id == employee.id)).all()
    session.exec(delete(WebSession).where(col(WebSession.employee_id) == employee.id))
    return len(ids)
