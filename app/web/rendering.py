"""Jinja templates: full pages, or one block of a page for HTMX requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks

from app.web.i18n import (
    DEFAULT_LANGUAGE,
    FILTERS,
    N_,
    accept_language,
    gettext,
    language_of_page,
    ngettext,
    profile_language,
)
from app.web.security_headers import csp_nonce
from app.web.visitors import Visitor, remember_anon_cookie

TEMPLATES_DIR = Path(__file__).parents[1] / "templates"
templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))
templates.env.add_extension("jinja2.ext.i18n")
templates.env.policies["ext.i18n.trimmed"] = True
templates.env.filters.update(FILTERS)
# The callables read the page's language from a ContextVar that render() sets; the
# extension adds install_gettext_callables to the environment at run time.
cast(Any, templates.env).install_gettext_callables(gettext, ngettext, newstyle=True)
ERROR_TITLES = {403: N_("Not allowed"), 404: N_("Page not found"), 500: N_("Something went wrong")}
OTHER_ERROR_TITLE = N_("That did not work")


def is_htmx(request: Request) -> bool:
    """Whether htmx sent this request (it then wants a fragment, not a page)."""
    return request.headers.get("hx-request") == "true"


def page_language(request: Request, visitor: Visitor | None) -> str:
    """The profile's language when signed in, else the browser's preference, else English."""
    employee = visitor.employee if visitor else None
    locale = employee.locale if employee else getattr(request.state, "profile_locale", None)
    return (
        profile_language(locale)
        or accept_language(request.headers.get("accept-language"))
        or DEFAULT_LANGUAGE
    )


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
    context.setdefault("lang", page_language(request, visitor))
    context.setdefault("csp_nonce", csp_nonce(request.scope))
    kwargs: dict[str, Any] = {"block_name": block} if block and is_htmx(request) else {}
    with language_of_page(context["lang"]):
        response = templates.TemplateResponse(request, name, context, status_code=status, **kwargs)
    response.headers["Vary"] = "HX-Request, Cookie, Accept-Language"
    response.headers["Content-Language"] = context["lang"]
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
    with language_of_page(page_language(request, None)):
        title = gettext(ERROR_TITLES.get(status, OTHER_ERROR_TITLE))
        # Details are English msgids from the domain; those in the catalog get translated.
        detail = gettext(detail)
    return render(
        request, "error.html", status=status, error_code=status, title=title, detail=detail
    )
