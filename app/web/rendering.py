"""Jinja templates: full pages, or one block of a page for HTMX requests."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks

from app.web.i18n import (
    DEFAULT_LANGUAGE,
    FILTERS,
    LANGUAGE_NAMES,
    N_,
    accept_language,
    current_language,
    gettext,
    language_code,
    language_of_page,
    ngettext,
    profile_language,
)
from app.web.security_headers import csp_nonce
from app.web.visitors import LANGUAGE_COOKIE, Visitor, identify, remember_anon_cookie

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

TEMPLATES_DIR = Path(__file__).parents[1] / "templates"
templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))
templates.env.add_extension("jinja2.ext.i18n")
templates.env.policies["ext.i18n.trimmed"] = True
templates.env.filters.update(FILTERS)
# The callables read the page's language from a ContextVar that render() sets; the
# extension adds install_gettext_callables to the environment at run time.
cast(Any, templates.env).install_gettext_callables(gettext, ngettext, newstyle=True)
templates.env.globals["language_names"] = LANGUAGE_NAMES
log = logging.getLogger("gladshare")
ERROR_TITLES = {
    401: N_("Please sign in"),
    403: N_("Not allowed"),
    404: N_("Page not found"),
    405: N_("Not possible here"),
    422: N_("Please check what you entered"),
    500: N_("Something went wrong"),
}
OTHER_ERROR_TITLE = N_("That did not work")
# What a page says in place of Starlette's and FastAPI's bare status phrases ("Method Not
# Allowed"), and of a detail the catalog does not know, so that the page speaks one language.
ERROR_DETAILS = {
    400: N_("Your browser sent something we could not read. Please go back and try again."),
    405: N_("This address cannot be used that way. Please go back and try again from the page."),
    413: N_("What you sent is too large. Please shorten it and try again."),
    422: N_("Some input was not valid."),
    500: N_("Something went wrong on our side. Please try again."),
}
OTHER_ERROR_DETAIL = N_("Please go back and try again.")
# Whether htmx asked changes the answer, and so do the session and the language.
VARY = "HX-Request, Cookie, Accept-Language"
# The strict CSP forbids eval and inline scripts, so htmx must not need them.
HTMX_CONFIG: dict[str, Any] = {
    "allowEval": False,
    "allowScriptTags": False,
    "includeIndicatorStyles": False,
    "attributesToSettle": ["class", "width", "height"],
    # A refused change (409 conflict, 422 invalid input) answers with its form or
    # block again, reason included, so htmx swaps it in like a success; other
    # errors stay unswapped, as htmx has them by default.
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "409|422", "swap": True},
        {"code": "[45]..", "swap": False, "error": True},
        {"code": "...", "swap": False},
    ],
}


def is_htmx(request: Request) -> bool:
    """Whether htmx sent this request (it then wants a fragment, not a page)."""
    return request.headers.get("hx-request") == "true"


def page_language(request: Request, visitor: Visitor | None) -> str:
    """The language chosen (the profile's when signed in, else the language cookie's), else
    the browser's preference, else English."""
    locale = visitor.locale if visitor and visitor.signed_in else None
    locale = locale or getattr(request.state, "profile_locale", None)
    return (
        profile_language(locale)
        or language_code(request.cookies.get(LANGUAGE_COOKIE))
        or accept_language(request.headers.get("accept-language"))
        or DEFAULT_LANGUAGE
    )


def return_path(request: Request) -> str:
    """Where the language switcher sends the browser back to: this page, as a path of ours."""
    if request.method in ("GET", "HEAD"):
        query = request.url.query
        return request.url.path + (f"?{query}" if query else "")
    # A form's answer (a 422 page) has a POST address: back to the page that had the form.
    referer = urlsplit(request.headers.get("referer", ""))
    ours = referer.netloc == request.headers.get("host") and referer.path.startswith("/")
    return referer.path if ours else "/"


def render(
    request: Request,
    name: str,
    page: DataclassInstance | None = None,
    *,
    visitor: Visitor | None = None,
    status: int = 200,
    block: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a page from its typed `page` context, or only `block` of it when htmx asked."""
    settings = request.app.state.settings
    if page is not None:
        # Field by field, not asdict(): that would copy the rows and cards inside.
        context = {**{f.name: getattr(page, f.name) for f in fields(page)}, **context}
    context.setdefault("current", visitor.employee if visitor else None)
    context.setdefault("csrf_token", visitor.csrf_token if visitor else "")
    context.setdefault("demo", settings.demo)
    context.setdefault("lang", page_language(request, visitor))
    context.setdefault("return_path", return_path(request))
    nonce = context.setdefault("csp_nonce", csp_nonce(request.scope))
    context.setdefault(
        "htmx_config", {**HTMX_CONFIG, "inlineScriptNonce": nonce, "inlineStyleNonce": nonce}
    )
    kwargs: dict[str, Any] = {"block_name": block} if block and is_htmx(request) else {}
    with language_of_page(context["lang"]):
        response = templates.TemplateResponse(request, name, context, status_code=status, **kwargs)
    response.headers["Vary"] = VARY
    response.headers["Content-Language"] = context["lang"]
    if visitor is not None:
        remember_anon_cookie(response, settings=settings, visitor=visitor)
    return cast(HTMLResponse, response)


@dataclass(frozen=True)
class RenderedPage:
    """A page as it was sent to one signed-in browser session, to send again."""

    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]
    nonce: str  # the CSP nonce it was rendered with; each replay gets a fresh one


def page_key(request: Request, visitor: Visitor) -> tuple[str | None, ...]:
    """What a page depends on besides the stored data: who, where, how asked, which language."""
    return (
        visitor.session_id,
        request.url.path,
        request.url.query,
        "htmx" if is_htmx(request) else "page",
        request.headers.get("accept-language", ""),
        request.cookies.get(LANGUAGE_COOKIE, ""),
    )


def page_kept(request: Request, response: Response) -> RenderedPage:
    """The response just rendered, in the form a page cache keeps."""
    headers = tuple((k, v) for k, v in response.headers.items() if k != "content-length")
    return RenderedPage(
        bytes(response.body), response.status_code, headers, csp_nonce(request.scope)
    )


def page_replayed(request: Request, page: RenderedPage) -> Response:
    """A kept page sent again, with this request's CSP nonce in place of the old one."""
    body = page.body.replace(page.nonce.encode(), csp_nonce(request.scope).encode())
    return Response(body, status_code=page.status, headers=dict(page.headers))


def redirect(
    request: Request, url: str, *, fragment: Callable[[], Response] | None = None
) -> Response:
    """A plain form goes on to `url` (303); htmx gets `fragment` to swap in, else HX-Redirect."""
    if not is_htmx(request):
        response: Response = RedirectResponse(url, status_code=303)
    elif fragment is not None:
        return fragment()
    else:
        response = Response(status_code=204, headers={"HX-Redirect": url})
    response.headers["Vary"] = VARY
    return response


async def _error_visitor(request: Request) -> Visitor | None:
    """Who sees the error page: known when a route asked, else worked out from the cookie."""
    known: Visitor | None = getattr(request.state, "visitor", None)
    if known is not None:
        return known
    app_state = request.app.state
    try:
        # An unknown address is answered before any route asks who is there.
        return await identify(request=request, db=app_state.database, settings=app_state.settings)
    except Exception:  # the error may be the database itself: the page is shown all the same
        log.warning("no visitor for the error page of %s", request.url.path, exc_info=True)
        return None


def error_detail(status: int, detail: str) -> str:
    """The detail of an error page in the page's language, never English under a translation."""
    if detail == HTTPStatus(status).phrase:  # Starlette's and FastAPI's default detail
        detail = ERROR_DETAILS.get(status, OTHER_ERROR_DETAIL)
    translated = gettext(detail)
    if translated == detail and current_language() != DEFAULT_LANGUAGE:
        # A detail the catalog does not hold would mix English into the page.
        return gettext(ERROR_DETAILS.get(status, OTHER_ERROR_DETAIL))
    return translated


async def render_error_page(
    request: Request, *, status: int, detail: str, title: str | None = None
) -> Response:
    """The HTML answer to an error in the visitor's language; a page that needs sign-in sends
    people to sign in."""
    if status == 401 and (request.method in ("GET", "HEAD") or is_htmx(request)):
        return redirect(request, "/sign-in")
    visitor = await _error_visitor(request)
    with language_of_page(page_language(request, visitor)):
        # Titles and details are English msgids; both are shown in the page's language.
        title = gettext(title or ERROR_TITLES.get(status, OTHER_ERROR_TITLE))
        detail = error_detail(status, detail)
    response = render(
        request,
        "error.html",
        visitor=visitor,
        status=status,
        block="content",
        error_code=status,
        title=title,
        detail=detail,
    )
    if is_htmx(request):
        # The error is no part of the block that asked: it takes the place of the page's
        # content (htmx swaps only the statuses its responseHandling config names).
        response.headers["HX-Retarget"] = "#main"
        response.headers["HX-Reswap"] = "innerHTML"
    return response
