"""Who is asking: browser sessions behind a cookie, and CSRF protection for their forms."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from functools import cached_property
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
    session_touch_due,
    signed_in,
    token_hash,
)
from app.web.i18n import N_

ANON_COOKIE = "gladshare_anon"
# The language chosen in the header: functional, holds only a language code, tracks no one.
LANGUAGE_COOKIE = "gladshare_lang"
LANGUAGE_COOKIE_LIFETIME = timedelta(days=365)
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


class Visitor:
    """The browser behind a request: signed in (with its session) or anonymous.

    A signed-in visitor holds snapshots of its employee and session rows; `employee`
    and `web_session` make ORM copies of them only when a request uses them, fresh for
    each request (a route may change them and add them to its session). Most requests
    answered from a page cache need neither.
    """

    def __init__(
        self,
        csrf_token: str,
        *,
        employee: dict[str, Any] | None = None,
        web_session: dict[str, Any] | None = None,
        new_anon_cookie: str | None = None,
    ) -> None:
        self.csrf_token = csrf_token
        self.new_anon_cookie = new_anon_cookie
        self._employee = employee
        self._web_session = web_session

    @property
    def signed_in(self) -> bool:
        """Whether an employee is signed in."""
        return self._employee is not None

    @property
    def session_id(self) -> str | None:
        """The signed-in session's id (a hash of its cookie), else None."""
        return self._web_session["id"] if self._web_session else None

    @property
    def locale(self) -> str | None:
        """The signed-in employee's language, else None."""
        return self._employee["locale"] if self._employee else None

    @property
    def roles(self) -> tuple[str, ...]:
        """The signed-in employee's roles (employee, comms, hr, admin), else none."""
        return tuple(self._employee["roles"]) if self._employee else ()

    def touch_due(self, now: datetime) -> bool:
        """Whether this request should record the session's activity."""
        if self._web_session is None:
            return False
        return session_touch_due(last_seen_at=self._web_session["last_seen_at"], now=now)

    @cached_property
    def employee(self) -> Employee | None:
        """The signed-in employee, a detached copy of the stored row."""
        return detached(Employee, self._employee) if self._employee else None

    @cached_property
    def web_session(self) -> WebSession | None:
        """The signed-in session, a detached copy of the stored row."""
        return detached(WebSession, self._web_session) if self._web_session else None


def _anon_csrf(settings: Settings, anon: str) -> str:
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, b"csrf:" + anon.encode(), hashlib.sha256).hexdigest()


def visitor_cache() -> TtlCache[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Signed-in sessions by token hash; cleared by every write to employees or sessions."""
    return TtlCache(ttl=VISITOR_CACHE_SECONDS, max_entries=VISITOR_CACHE_ENTRIES)


async def _signed_in(
    request: Request, db: Database, token: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    cache: TtlCache[str, tuple[dict[str, Any], dict[str, Any]]] = request.app.state.visitors
    key = token_hash(token)
    # Unknown tokens give None, which is not kept: guesses must not fill the cache.
    found = await cache.load(key, lambda: db.read(signed_in, token=token))
    if found is None:
        return None
    web_session = found[1]
    now = utcnow()
    if not session_live(
        expires_at=web_session["expires_at"], last_seen_at=web_session["last_seen_at"], now=now
    ):
        return None
    return found


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
            return Visitor(web_session["csrf_token"], employee=employee, web_session=web_session)
    anon = request.cookies.get(ANON_COOKIE)
    new_cookie = None
    if not anon or len(anon) > 64:
        anon = new_cookie = secrets.token_urlsafe(24)
    return Visitor(_anon_csrf(settings, anon), new_anon_cookie=new_cookie)


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


def set_language_cookie(response: Response, *, settings: Settings, language: str) -> None:
    """Remember the language chosen in the header, signed in or not: it outlives a sign-out."""
    _set_private_cookie(
        response,
        settings=settings,
        name=LANGUAGE_COOKIE,
        value=language,
        max_age=LANGUAGE_COOKIE_LIFETIME,
    )


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
