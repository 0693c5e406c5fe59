"""The language switcher in the header: a plain form that works without JavaScript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.dependencies import CsrfVisitor, DatabaseDep, SettingsDep
from app.errors import Invalid
from app.people.languages import employee_language_set
from app.web.i18n import N_, language_code
from app.web.rendering import redirect
from app.web.visitors import set_language_cookie

router = APIRouter(include_in_schema=False)
NOT_OFFERED = N_("Please choose one of the languages offered.")


def same_site_path(target: str) -> str:
    """`target` if it is a path on this site (/feed?cursor=…), else the start page.

    Anything a browser could read as another origin is refused: `//host`, `/\\host`,
    schemes, and control characters that browsers strip before they parse.
    """
    plain = target.isprintable() and "\\" not in target
    if plain and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.post("/language")
async def language_choose(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    settings: SettingsDep,
    language: Annotated[str, Form(max_length=16)],
    next_page: Annotated[str, Form(alias="next", max_length=2000)] = "/",
) -> Response:
    """Show the pages in the chosen language: saved to the profile when signed in, and kept in
    a cookie in any case, so that it outlives a sign-out."""
    chosen = language_code(language)
    if chosen is None:
        raise Invalid(NOT_OFFERED)
    if visitor.employee is not None:
        await db.write(employee_language_set, employee_id=visitor.employee.id, language=chosen)
    response = redirect(request, same_site_path(next_page))
    set_language_cookie(response, settings=settings, language=chosen)
    return response
