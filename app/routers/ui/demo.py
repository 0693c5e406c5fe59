"""Demo mode's sign-in as one of the sample people; this router exists only in demo mode."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.demo.sign_in import demo_sign_in
from app.dependencies import CsrfVisitor, DatabaseDep, SettingsDep
from app.web.rendering import redirect
from app.web.visitors import set_session_cookie

router = APIRouter(include_in_schema=False)


@router.post("/demo/sign-in")
async def demo_sign_in_route(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    settings: SettingsDep,
    external_id: Annotated[str, Form(max_length=200)],
) -> Response:
    """Sign in as a demo person, without a password: only ever on a loopback address."""
    token = await db.write(demo_sign_in, external_id=external_id)
    response = redirect(request, "/home")
    set_session_cookie(response, settings=settings, token=token)
    return response
