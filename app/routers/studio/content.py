"""The studio's content list: every item comms has, filtered, searched and paged by key."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app.dependencies import RequireRole, VisitorDep
from app.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])


@router.get("/studio", response_class=HTMLResponse)
async def studio_content_list(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """The studio's first page: comms' content."""
    return render(request, "studio/content.html", visitor=visitor, studio_section="content")
