"""Jinja templates: full pages, or one block of a page for HTMX requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks

from app.auth import Visitor, remember_anon_cookie
from app.security import csp_nonce

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))


def is_htmx(request: Request) -> bool:
    """Whether htmx sent this request (it then wants a fragment, not a page)."""
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    name: str,
    *,
    visitor: Visitor | None = None,
    status: int = 200,
    block: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page, or only `block` of it when htmx asked; Vary tells caches about that."""
    settings = request.app.state.settings
    context.setdefault("current", visitor.employee if visitor else None)
    context.setdefault("csrf_token", visitor.csrf_token if visitor else "")
    context.setdefault("demo", settings.demo)
    context.setdefault("lang", "en")
    context.setdefault("csp_nonce", csp_nonce(request.scope))
    kwargs: dict[str, Any] = {"block_name": block} if block and is_htmx(request) else {}
    response = templates.TemplateResponse(request, name, context, status_code=status, **kwargs)
    response.headers["Vary"] = "HX-Request, Cookie"
    if visitor is not None:
        remember_anon_cookie(response, settings=settings, visitor=visitor)
    return cast(HTMLResponse, response)


def redirect(request: Request, url: str) -> Response:
    """Redirect after a POST: HX-Redirect for htmx, 303 See Other for a plain form."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def render_error_page(request: Request, *, status: int, detail: str) -> Response:
    """The HTML answer to an error; a page that needs sign-in sends people to sign in."""
    if status == 401 and request.method in ("GET", "HEAD"):
        return RedirectResponse("/sign-in", status_code=303)
    titles = {403: "Not allowed", 404: "Page not found", 500: "Something went wrong"}
    return render(
        request,
        "error.html",
        status=status,
        title=titles.get(status, "That did not work"),
        detail=detail,
    )
