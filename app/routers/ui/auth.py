"""Single sign-on with the company's OpenID provider; this router exists only when one is set."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.dependencies import DatabaseDep, OidcDep, SettingsDep, VisitorDep
from app.models import utcnow
from app.people.sign_in import Identity, employee_for_identity
from app.people.web_sessions import login_state_open, login_state_seal, session_start
from app.web.i18n import N_, accept_language, language_code
from app.web.oidc import SignInFailed
from app.web.rendering import redirect, render_error_page
from app.web.visitors import (
    LANGUAGE_COOKIE,
    clear_login_cookie,
    login_cookie_name,
    set_login_cookie,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)


@router.get("/login")
async def login(
    request: Request, visitor: VisitorDep, settings: SettingsDep, oidc: OidcDep
) -> Response:
    """Send the browser to the company's sign-in page (code flow, PKCE, state and nonce)."""
    if visitor.signed_in:
        return redirect(request, "/home")
    # Off the event loop: the provider's discovery document is fetched at first use, then hourly.
    start = await run_in_threadpool(oidc.login_start)
    # The browser keeps the sign-in in progress, so that asking for it writes nothing here.
    sealed = login_state_seal(
        secret=settings.secret_key.get_secret_value(), pending=start.pending, now=utcnow()
    )
    response = redirect(request, start.url)
    set_login_cookie(response, settings=settings, sealed=sealed)
    return response


def _sign_in(
    *, session: Session, identity: Identity, role_map: Mapping[str, str], language: str | None
) -> str:
    employee = employee_for_identity(
        session=session, identity=identity, role_map=role_map, language=language
    )
    return session_start(session=session, employee=employee)


@router.get("/auth/callback")
async def callback(
    request: Request, db: DatabaseDep, settings: SettingsDep, oidc: OidcDep
) -> Response:
    """The provider sends the browser back: verify everything, then open a fresh session."""
    pending = login_state_open(
        secret=settings.secret_key.get_secret_value(),
        sealed=request.cookies.get(login_cookie_name(settings)),
        now=utcnow(),
    )
    # A callback works once: every answer clears the sign-in in progress, the state
    # ties the answer to this browser's cookie, PKCE ties the code to it, and the
    # provider redeems a code only once, so a replayed callback fails at the provider.
    try:
        if pending is None:
            raise SignInFailed(
                N_("This sign-in has expired or was already used. Please sign in again.")
            )
        # Off the event loop: the code is redeemed and the keys fetched over HTTP.
        identity = await run_in_threadpool(
            oidc.login_finish, pending=pending, params=request.query_params
        )
    except SignInFailed as exc:
        return await _failed(request, settings=settings, error=exc)
    # The write starts only once the provider has answered, so no write lock is held
    # while it is asked; that is why a sign-in takes two hops instead of one.
    # Someone new here keeps the language they chose before signing in.
    chosen = language_code(request.cookies.get(LANGUAGE_COOKIE)) or accept_language(
        request.headers.get("accept-language")
    )
    token = await db.write(
        _sign_in, identity=identity, role_map=settings.oidc_role_map, language=chosen
    )
    response = redirect(request, "/home")
    clear_login_cookie(response, settings=settings)
    set_session_cookie(response, settings=settings, token=token)
    return response


async def _failed(request: Request, *, settings: SettingsDep, error: SignInFailed) -> Response:
    response = await render_error_page(
        request, status=error.status, title=error.title, detail=error.detail
    )
    response.headers["Cache-Control"] = "no-store"
    clear_login_cookie(response, settings=settings)
    return response
