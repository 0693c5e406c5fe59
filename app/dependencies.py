"""The Annotated dependencies every router uses, defined in one place.

Each takes the request and its own parameters, never another dependency: FastAPI
solves a dependency's own dependencies again wherever it is used, before it looks in
its cache, so a shared one would be worked out several times per request. What
several of them need (the visitor, the API key) is worked out once and kept on
`request.state`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request

from app.config import Settings
from app.db import Database
from app.errors import Forbidden, NotFound, Unauthorized
from app.models import Employee, utcnow
from app.people.web_sessions import session_touch
from app.web.i18n import N_
from app.web.oidc import OidcClient
from app.web.problems import wants_html
from app.web.visitors import Visitor, check_csrf, identify

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_database(request: Request) -> Database:
    """Where the route runs its database work: `await db.read(…)`, `await db.write(…)`."""
    database: Database = request.app.state.database
    return database


async def get_oidc(request: Request) -> OidcClient:
    """The identity provider client; single sign-on pages do not exist without one."""
    client: OidcClient | None = getattr(request.app.state, "oidc", None)
    if client is None:
        raise NotFound("Single sign-on is not configured.")
    return client


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DatabaseDep = Annotated[Database, Depends(get_database)]
OidcDep = Annotated[OidcClient, Depends(get_oidc)]


async def visitor_of(request: Request) -> Visitor:
    """The browser behind this request, worked out once per request.

    A signed-in one's activity is recorded: every few minutes, a short write of its
    own, before the route's work.
    """
    known: Visitor | None = getattr(request.state, "visitor", None)
    if known is not None:
        return known
    db: Database = request.app.state.database
    visitor = await identify(request=request, db=db, settings=request.app.state.settings)
    now = utcnow()
    if visitor.session_id is not None and visitor.touch_due(now):
        await db.write(session_touch, session_id=visitor.session_id, now=now)
    # Error pages are rendered without the visitor; they still speak the profile's language.
    request.state.profile_locale = visitor.locale
    request.state.visitor = visitor
    return visitor


VisitorDep = Annotated[Visitor, Depends(visitor_of)]


async def require_csrf(
    request: Request, csrf_token: Annotated[str | None, Form()] = None
) -> Visitor:
    """A state-changing browser request: the CSRF token must match the visitor's."""
    visitor = await visitor_of(request)
    check_csrf(request=request, visitor=visitor, submitted=csrf_token)
    return visitor


CsrfVisitor = Annotated[Visitor, Depends(require_csrf)]


async def refuse_api_keys(request: Request) -> None:
    """The employee's own data is reached with their session only, never with an API key."""
    if "authorization" in request.headers:
        raise Forbidden("API keys cannot act for an employee.", slug="api-key-not-allowed")


async def require_employee(request: Request) -> Visitor:
    """A signed-in employee's request, for pages and /api/v1/me alike; anyone else must sign in.

    Routers carry it; it leaves the employee's row unread, so a page answered from a
    cache costs none.
    """
    visitor = await visitor_of(request)
    calls_api = not wants_html(request)
    if calls_api:
        await refuse_api_keys(request)
    if not visitor.signed_in:
        raise Unauthorized(N_("Please sign in first."))
    if calls_api and request.method not in READ_METHODS:
        # Header only: a JSON body has no form field, and a header cannot be sent
        # cross-site without a CORS preflight that we never allow. Forms carry the
        # token in a field, which CsrfVisitor reads.
        check_csrf(request=request, visitor=visitor, submitted=None)
    return visitor


# What a signed-in person without the role reads, per role a router may require.
ROLE_REFUSALS = {
    "comms": N_("These pages are for the communications team."),
    "hr": N_("These pages are for human resources."),
    "admin": N_("These pages are for administrators."),
}


class RequireRole:
    """A signed-in employee holding `role` (comms, hr, admin); anyone else gets 403.

    The role is read from the session's snapshot of the employee, refreshed at every
    sign-in from the identity provider's groups: no database read of its own.
    """

    def __init__(self, role: str) -> None:
        self.role = role

    async def __call__(self, request: Request) -> Visitor:
        visitor = await require_employee(request)
        if self.role not in visitor.roles:
            raise Forbidden(ROLE_REFUSALS[self.role], slug="role-required")
        return visitor


async def current_employee(request: Request) -> Employee:
    """The signed-in employee (see `require_employee`)."""
    employee = (await require_employee(request)).employee
    if employee is None:  # pragma: no cover - require_employee refused the visitor
        raise Unauthorized(N_("Please sign in first."))
    return employee


CurrentEmployee = Annotated[Employee, Depends(current_employee)]
