"""Who is asking: browser sessions behind a cookie, and CSRF protection for their forms."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request, Response

from app.caches import TtlCache
from app.config import Settings
from app.db import Database, detached
from app.errors import Forbidden
from app.models import Employee, WebSession, utcnow
from app.people.web_sessions import (
    ABSOLUTE_TIMEOUT,
    LOGIN_TIMEOUT,
    session_live,
    signed_in,
    token_hash,
)
from app.web.i18n import N_

ANON_COOKIE = "gladshare_anon"
CSRF_HEADER = "x-csrf-token"
VISITOR_CACHE_SECONDS = 1.0
VISITOR_CACHE_ENTRIES = 4096


def session_cookie_name(settings: Settings) -> str:
    """`__Host-` binds the cookie to our origin when served over https."""
    return "__Host-gladshare" if secure_cookies(settings) else "gladshare_session"


def login_cookie_name(settings: Settings) -> str:
    """The cookie that holds a sign-in in progress, bound to our origin like the session's."""
    return "__Host-gladshare_login" if secure_cookies(settings) else "gladshare_login"


def secure_cookies(settings: Settings) -> bool:
    """Cookies are Secure whenever the public origin is https."""
    return settings.base_url.startswith("https://")


@dataclass(frozen=True)
class Visitor:
    """The browser behind a request: signed in (with its session) or anonymous."""

    employee: Employee | None
    web_session: WebSession | None
    csrf_token: str
    new_anon_cookie: str | None = None


def _anon_csrf(settings: Settings, anon: str) -> str:
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, b"csrf:" + anon.encode(), hashlib.sha256).hexdigest()


def visitor_cache() -> TtlCache[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Signed-in sessions by token hash; cleared by every write to employees or sessions."""
    return TtlCache(ttl=VISITOR_CACHE_SECONDS, max_entries=VISITOR_CACHE_ENTRIES)


async def _signed_in(
    request: Request, db: Database, token: str
) -> tuple[Employee, WebSession] | None:
    cache: TtlCache[str, tuple[dict[str, Any], dict[str, Any]]] = request.app.state.visitors
    key = token_hash(token)
    # Unknown tokens give None, which is not kept: guesses must not fill the cache.
    found = await cache.load(key, lambda: db.read(signed_in, token=token))
    if found is None:
        return None
    # Fresh copies for each request: a route may change them and add them to its session.
    employee, web_session = detached(Employee, found[0]), detached(WebSession, found[1])
    if not session_live(web_session=web_session, now=utcnow()):
        return None
    return employee, web_session


async def identify(*, request: Request, db: Database, settings: Settings) -> Visitor:
    """Resolve the session cookie to an employee, or an anonymous visitor with a CSRF token.

    A session is read from memory when it was read less than a second ago: a sign-out
    or a revoked session is refused by every process within that second.
    """
    token = request.cookies.get(session_cookie_name(settings))
    if token:
        found = await _signed_in(request, db, token)
        if found is not None:
            employee, web_session = found
            return Visitor(employee, web_session, web_session.csrf_token)
    anon = request.cookies.get(ANON_COOKIE)
    new_cookie = None
    if not anon or len(anon) > 64:
        anon = new_cookie = secrets.token_urlsafe(24)
    return Visitor(None, None, _anon_csrf(settings, anon), new_cookie)


def _origin_allowed(request: Request) -> bool:
    """Whether the request's Origin (if the browser sent one) is ours."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # older browsers send none; the token below still has to match
    base = urlsplit(request.app.state.settings.base_url)
    allowed = {f"{base.scheme}://{base.netloc}".lower()}
    # The page's own host as well: a dev server reached as 127.0.0.1 instead of
    # localhost stays usable, and a cross-site page can never send our Host.
    host = request.headers.get("host")
    if host:
        allowed |= {f"http://{host}".lower(), f"https://{host}".lower()}
    return origin.lower() in allowed


def check_csrf(*, request: Request, visitor: Visitor, submitted: str | None) -> None:
    """Refuse a state-changing browser request without the visitor's CSRF token."""
    if request.headers.get("sec-fetch-site") == "cross-site" or not _origin_allowed(request):
        raise Forbidden(N_("This form was sent from another site."))
    token = request.headers.get(CSRF_HEADER) or submitted or ""
    if visitor.new_anon_cookie or not hmac.compare_digest(token, visitor.csrf_token):
        raise Forbidden(N_("The form has expired. Please reload the page and try again."))


def _set_private_cookie(
    response: Response, *, settings: Settings, name: str, value: str, max_age: timedelta
) -> None:
    # HttpOnly, Lax (the provider sends the browser back with a top-level GET), Secure on https.
    response.set_cookie(
        name,
        value,
        max_age=int(max_age.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(settings),
    )


def _clear_private_cookie(response: Response, *, settings: Settings, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=secure_cookies(settings)
    )


def set_session_cookie(
    response: Response, *, settings: Settings, token: str, lifetime: timedelta = ABSOLUTE_TIMEOUT
) -> None:
    """Hand the browser its session token: HttpOnly, SameSite=Lax, Secure on https."""
    name = session_cookie_name(settings)
    _set_private_cookie(response, settings=settings, name=name, value=token, max_age=lifetime)


def clear_session_cookie(response: Response, *, settings: Settings) -> None:
    """Remove the session cookie from the browser."""
    _clear_private_cookie(response, settings=settings, name=session_cookie_name(settings))


def set_login_cookie(response: Response, *, settings: Settings, sealed: str) -> None:
    """Hand the browser its sign-in in progress; it lives only as long as a sign-in may take."""
    name = login_cookie_name(settings)
    _set_private_cookie(response, settings=settings, name=name, value=sealed, max_age=LOGIN_TIMEOUT)


def clear_login_cookie(response: Response, *, settings: Settings) -> None:
    """Remove the sign-in in progress: one callback uses it up, whatever its outcome."""
    _clear_private_cookie(response, settings=settings, name=login_cookie_name(settings))


def remember_anon_cookie(response: Response, *, settings: Settings, visitor: Visitor) -> None:
    """Set the anonymous cookie that the sign-in form's CSRF token is bound to."""
    if visitor.new_anon_cookie:
        response.set_cookie(
            ANON_COOKIE,
            visitor.new_anon_cookie,
            path="/",
            httponly=True,
            samesite="lax",
            secure=secure_cookies(settings),
        )
