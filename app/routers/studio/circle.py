"""The preview circle: a draft sent to the colleagues who asked to see drafts.

The editor includes studio/_circle.html with only the stored item; the block then loads
itself from GET /studio/content/{id}/circle (a link to that page without JavaScript).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.dependencies import CsrfVisitor, DatabaseDep, RequireRole, SettingsDep, VisitorDep
from app.errors import Conflict
from app.models import ContentItem
from app.sharing.circle import ONLY_DRAFTS, CircleView, circle_send, circle_view
from app.web.rendering import redirect, render
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])


@dataclass(frozen=True)
class CirclePage:
    """What studio/circle.html shows: the item, its circle in numbers, a refusal if any."""

    item: ContentItem
    circle: CircleView
    circle_error: str | None = None
    circle_sent: bool = False


def _page(*, session: Session, content_id: str, k: int) -> CirclePage:
    """The item's circle as comms may see it (404 for an unknown or deleted item)."""
    view = circle_view(session=session, content_id=content_id, k=k)
    return CirclePage(item=_stored(session=session, content_id=content_id), circle=view)


def _stored(*, session: Session, content_id: str) -> ContentItem:
    item = session.get(ContentItem, content_id)
    assert item is not None  # circle_view answered 404 already otherwise
    return item


def _send(*, session: Session, content_id: str, k: int) -> CirclePage:
    """Send the draft to the circle; an item that is no draft is refused, nothing changes."""
    try:
        view = circle_send(session=session, content_id=content_id, k=k)
    except Conflict:
        page = _page(session=session, content_id=content_id, k=k)
        return CirclePage(item=page.item, circle=page.circle, circle_error=ONLY_DRAFTS)
    item = _stored(session=session, content_id=content_id)
    return CirclePage(item=item, circle=view, circle_sent=True)


def _show(request: Request, visitor: Visitor, page: CirclePage, *, status: int = 200) -> Response:
    return render(
        request,
        "studio/circle.html",
        page,
        visitor=visitor,
        block="circle",
        status=status,
        studio_section="content",
    )


@router.get("/studio/content/{content_id:item}/circle", response_class=HTMLResponse)
async def studio_circle_get(
    request: Request,
    visitor: VisitorDep,
    db: DatabaseDep,
    settings: SettingsDep,
    content_id: str,
    sent: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """The item's preview circle: how many are in it, how many answered, the answer from k on."""
    page = await db.read(_page, content_id=content_id, k=settings.k_anonymity)
    return _show(request, visitor, replace(page, circle_sent=sent == "1"))


@router.post("/studio/content/{content_id:item}/circle", response_class=HTMLResponse)
async def studio_circle_send(
    request: Request, visitor: CsrfVisitor, db: DatabaseDep, settings: SettingsDep, content_id: str
) -> Response:
    """Send the draft to the preview circle (again); only a draft, else 409 and nothing sent."""
    page = await db.write(_send, content_id=content_id, k=settings.k_anonymity)
    if page.circle_error is not None:
        return _show(request, visitor, page, status=409)
    url = f"/studio/content/{content_id}/circle?sent=1"
    return redirect(request, url, fragment=lambda: _show(request, visitor, page))
