"""Jinja templates: full pages, or one block of a page for HTMX requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

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
ERROR_TITLES = {403: N_("Not allowed"), 404: N_("Page not found"), 500: N_("Something went wrong")}
OTHER_ERROR_TITLE = N_("That did not work")
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
    """The profile's language when signed in, else the browser's preference, else English."""
    locale = visitor.locale if visitor and visitor.signed_in else None
    locale = locale or getattr(request.state, "profile_locale", None)
    return (
        profile_language(locale)
        or accept_language(request.headers.get("accept-language"))
        or DEFAULT_LANGUAGE
    )


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


def render_error_page(request: Request, *, status: int, detail: str) -> Response:
    """The HTML answer to an error; a page that needs sign-in sends people to sign in."""
    if status == 401 and (request.method in ("GET", "HEAD") or is_htmx(request)):
        return redirect(request, "/sign-in")
    with language_of_page(page_language(request, None)):
        title = gettext(ERROR_TITLES.get(status, OTHER_ERROR_TITLE))
        # Details are English msgids from the domain; those in the catalog get translated.
        detail = gettext(detail)
    response = render(
        request,
        "error.html",
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
