"""The guides to the social networks: readable by anyone, and reading them is not tracked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.dependencies import VisitorDep
from app.guides.library import guide_read, guides_list
from app.web.rendering import page_language, render

router = APIRouter(include_in_schema=False)


@router.get("/learn", response_class=HTMLResponse)
async def learn_index(request: Request, visitor: VisitorDep) -> HTMLResponse:
    """The list of guides, in the visitor's language."""
    language = page_language(request, visitor)
    return render(request, "learn.html", visitor=visitor, guides=guides_list(language=language))


@router.get("/learn/{network}", response_class=HTMLResponse)
async def learn_guide(request: Request, visitor: VisitorDep, network: str) -> HTMLResponse:
    """One network's guide; an unknown network is a 404 page."""
    guide = guide_read(network=network, language=page_language(request, visitor))
    return render(request, "guide.html", visitor=visitor, guide=guide)
