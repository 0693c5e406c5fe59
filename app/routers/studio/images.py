"""An item's image, uploaded or fetched once, re-encoded and stored as ours.

The upload is decoded in a thread of its own (Pillow's work is CPU, not the database),
then one write sets the key. An upload names the image by our own path in image_url,
so the API reports where the image lives and the image_url sweep leaves it alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.dependencies import CsrfVisitor, DatabaseDep, RequireRole, VisitorDep
from app.errors import NotFound
from app.images.encoding import MAX_UPLOAD_BYTES, NOT_AN_IMAGE, ImageRefused, image_encoded
from app.images.store import image_save, refusal_of
from app.models import ContentItem
from app.web.rendering import redirect, render
from app.web.visitors import Visitor

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
OURS = "/images/"


@dataclass(frozen=True)
class ImagePage:
    """What studio/image.html shows: the item's image, and why an upload or fetch failed."""

    item: ContentItem
    image_error: str | None = None
    image_refused: str | None = None  # why the item's image_url could not be copied


def _item(*, session: Session, content_id: str) -> ContentItem:
    item = session.get(ContentItem, content_id)
    if item is None or item.deleted_at is not None:
        raise NotFound("There is no such item.")
    return item


def _page(
    *, session: Session, content_id: str, var_dir: Path, error: str | None = None
) -> ImagePage:
    """The item's image block as stored, with `error` from an upload refused."""
    item = _item(session=session, content_id=content_id)
    url = item.image_url or ""
    refused = refusal_of(var_dir=var_dir, url=url) if url.startswith("http") else None
    return ImagePage(item=item, image_error=error, image_refused=refused)


def _image_set(*, session: Session, content_id: str, key: str | None) -> ImagePage:
    """Our image becomes the item's (`key`), or the item has none (None)."""
    item = _item(session=session, content_id=content_id)
    item.image_key = key
    # Removed means no image: the URL goes too, or the sweep would fetch it again.
    item.image_url = f"{OURS}{key}" if key else None
    session.flush()
    return ImagePage(item=item)


def _show(request: Request, visitor: Visitor, page: ImagePage, *, status: int = 200) -> Response:
    return render(
        request,
        "studio/image.html",
        page,
        visitor=visitor,
        block="image",
        status=status,
        studio_section="content",
    )


@router.get("/studio/content/{content_id:item}/image", response_class=HTMLResponse)
async def studio_image_get(
    request: Request, visitor: VisitorDep, db: DatabaseDep, content_id: str
) -> Response:
    """The item's image, to replace or remove (the editor shows the same block)."""
    var_dir = request.app.state.settings.var_dir
    page = await db.read(_page, content_id=content_id, var_dir=var_dir)
    return _show(request, visitor, page)


def _encoded_name(*, data: bytes, var_dir: Path) -> str:
    return image_save(var_dir=var_dir, encoded=image_encoded(data=data))


@router.post("/studio/content/{content_id:item}/image", response_class=HTMLResponse)
async def studio_image_upload(
    request: Request,
    visitor: CsrfVisitor,
    db: DatabaseDep,
    content_id: str,
    image: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Upload the item's image; a file that is no image, too large or a bomb gets 422."""
    var_dir = request.app.state.settings.var_dir
    data = await image.read(MAX_UPLOAD_BYTES + 1) if image is not None else b""
    try:
        if not data:
            raise ImageRefused(NOT_AN_IMAGE)
        key = await run_in_threadpool(_encoded_name, data=data, var_dir=var_dir)
    except ImageRefused as refused:
        # The template translates the message into the page's language.
        page = await db.read(_page, content_id=content_id, var_dir=var_dir, error=refused.detail)
        return _show(request, visitor, page, status=422)
    page = await db.write(_image_set, content_id=content_id, key=key)
    url = f"/studio/content/{content_id}/image"
    return redirect(request, url, fragment=lambda: _show(request, visitor, page))


@router.post("/studio/content/{content_id:item}/image/remove", response_class=HTMLResponse)
async def studio_image_remove(
    request: Request, visitor: CsrfVisitor, db: DatabaseDep, content_id: str
) -> Response:
    """The item has no image any more (neither ours nor its image_url)."""
    page = await db.write(_image_set, content_id=content_id, key=None)
    url = f"/studio/content/{content_id}/image"
    return redirect(request, url, fragment=lambda: _show(request, visitor, page))
