"""RFC 9457 problem details, and the exception handlers that produce them."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from app.errors import DomainError
from app.web.i18n import N_

log = logging.getLogger("gladshare")
PROBLEM_TYPE_BASE = "urn:gladshare:problem:"
PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem(status: int, detail: str, *, slug: str | None = None, **extra: Any) -> JSONResponse:
    """A problem+json response; `slug` names the problem type."""
    phrase = HTTPStatus(status).phrase
    body = {
        "type": PROBLEM_TYPE_BASE + (slug or phrase.lower().replace(" ", "-")),
        "title": phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def wants_html(request: Request) -> bool:
    """Pages outside /api answer people, so they get HTML."""
    path = request.url.path
    return not (path.startswith("/api") or path in ("/healthz", "/readyz"))


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only location and message: the raw input is never echoed back.
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()]


def allowed_methods(request: Request) -> list[str]:
    """Every method the app answers at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.methods and route.path and compile_path(route.path)[0].match(request.url.path):
            methods |= route.methods
    if "GET" in methods:
        methods.add("HEAD")  # answered wherever GET is (app/main.py)
    return sorted(methods)


def install_problem_handlers(app: FastAPI, *, render_error_page: Any) -> None:
    """Map every error to problem+json under /api and to an HTML page elsewhere."""

    async def respond(request: Request, status: int, detail: str, **extra: Any) -> Response:
        headers = extra.pop("headers", None)
        if wants_html(request):
            response: Response = await render_error_page(request, status=status, detail=detail)
        else:
            response = problem(status, detail, **extra)
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        return await respond(request, exc.status, exc.detail, slug=exc.type_slug, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        if wants_html(request):
            detail = N_("Some input was not valid.")
            return await render_error_page(request, status=422, detail=detail)  # type: ignore[no-any-return]
        return problem(422, "The request is not valid.", slug="validation-error", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = dict(exc.headers or {})
        if exc.status_code == 404:
            detail = N_("There is nothing at this address.")
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        if exc.status_code == 400 and not wants_html(request):
            # FastAPI's answer to a body that is not UTF-8 JSON: it is invalid input.
            errors = [{"loc": ["body"], "msg": "The body is not valid JSON in UTF-8."}]
            return problem(422, "The request is not valid.", slug="validation-error", errors=errors)
        return await respond(request, exc.status_code, detail, headers=headers)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> Response:
        # The database refused a value the checks let through (PostgreSQL is stricter
        # than SQLite): the input was bad, so it is the client's 422, not our 500.
        log.warning("database refused a value on %s %s", request.method, request.url.path)
        return await respond(request, 422, N_("A value in the request cannot be stored."))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return await respond(
            request, 500, N_("Something went wrong on our side. Please try again.")
        )
