"""Single sign-on with the company's OpenID provider; this router exists only when one is set."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.dependencies import OidcDep, SettingsDep, TransactionsDep, WriteSessionDep
from app.people.sign_in import employee_for_identity
from app.people.web_sessions import LOGIN_TIMEOUT, login_begin, login_consume, session_start
from app.web.oidc import SignInFailed
from app.web.rendering import redirect, render
from app.web.visitors import clear_session_cookie, identify, session_cookie_name, set_session_cookie

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login(
    request: Request, session: WriteSessionDep, settings: SettingsDep, oidc: OidcDep
) -> Response:
    """Send the browser to the company's sign-in page (code flow, PKCE, state and nonce)."""
    start = oidc.login_start()
    if identify(request=request, session=session, settings=settings).employee is not None:
        return redirect(request, "/home")
    previous = request.cookies.get(session_cookie_name(settings))
    token = login_begin(session=session, pending=start.pending, previous=previous)
    response = redirect(request, start.url)
    set_session_cookie(response, settings=settings, token=token, lifetime=LOGIN_TIMEOUT)
    return response


@router.get("/auth/callback")
def callback(
    request: Request,
    session: WriteSessionDep,
    settings: SettingsDep,
    oidc: OidcDep,
    transactions: TransactionsDep,
) -> Response:
    """The provider sends the browser back: verify everything, then open a fresh session."""
    # Its own transaction, committed before the code is redeemed: the pending
    # sign-in is gone even when this attempt fails, so a callback works once.
    with transactions() as pending_tx:
        token = request.cookies.get(session_cookie_name(settings))
        pending = login_consume(session=pending_tx, token=token)
    try:
        if pending is None:
            raise SignInFailed(
                "This sign-in has expired or was already used. Please sign in again."
            )
        identity = oidc.login_finish(pending=pending, params=request.query_params)
    except SignInFailed as exc:
        return _failed(request, settings=settings, error=exc)
    # The session transaction starts only now, so no write lock is held while
    # the provider answers.
    employee = employee_for_identity(
        session=session, identity=identity, role_map=settings.oidc_role_map
    )
    response = redirect(request, "/home")
    set_session_cookie(
        response, settings=settings, token=session_start(session=session, employee=employee)
    )
    return response


def _failed(request: Request, *, settings: SettingsDep, error: SignInFailed) -> Response:
    response = render(
        request, "error.html", status=error.status, title=error.title, detail=error.detail
    )
    response.headers["Cache-Control"] = "no-store"
    clear_session_cookie(response, settings=settings)
    return response
