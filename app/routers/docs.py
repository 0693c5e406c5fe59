"""The interactive API documentation, served from our own origin under the strict CSP."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/api/docs")
async def api_docs_page(request: Request) -> HTMLResponse:
    """Swagger UI, vendored under /static, reading /api/v1/openapi.json."""
    app = request.app
    title = f"{app.title} API {app.version}"
    return render(request, "api_docs.html", title=title, openapi_url=app.openapi_url)
