"""The public pages, sign-in and sign-out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from app.demo.sign_in import demo_people_listing
from app.dependencies import CsrfVisitor, DatabaseDep, SettingsDep, VisitorDep, require_employee
from app.people.web_sessions import session_end
from app.web.rendering import redirect, render
from app.web.visitors import clear_session_cookie, session_cookie_name

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def landing(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """What the program is and is not, in plain words."""
    return render(request, "index.html", visitor=visitor)


@router.get("/home", response_class=HTMLResponse, dependencies=[Depends(require_employee)])
async def home(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """The signed-in start page."""
    return render(request, "home.html", visitor=visitor)


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(
    request: Request, visitor: VisitorDep, db: DatabaseDep, settings: SettingsDep
) -> Response:
    """Sign in: the demo people picker in demo mode, the company account otherwise."""
    if visitor.signed_in:
        return redirect(request, "/home")
    # With single sign-on configured, the demo picker does not exist.
    picker = settings.demo and not settings.oidc_issuer
    people = await db.read(demo_people_listing) if picker else []
    return render(
        request,
        "signin.html",
        visitor=visitor,
        picker=picker,
        demo_people=people,
        oidc_enabled=bool(settings.oidc_issuer),
    )


@router.post("/logout")
async def logout(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    settings: SettingsDep,
) -> Response:
    """Sign out on the server, so a copied cookie no longer works either."""
    token = request.cookies.get(session_cookie_name(settings))
    if token:
        await db.write(session_end, token=token)
    response = redirect(request, "/")
    clear_session_cookie(response, settings=settings)
    return response
