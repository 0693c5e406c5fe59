"""REST API v1: content."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from sqlmodel import Session

from app.caches import TtlCache
from app.config import Settings
from app.content import items
from app.content.schemas import ContentCreate, ContentFilters, ContentPublic, ContentUpdate
from app.dependencies import DatabaseDep, SettingsDep
from app.routers.paging import Cursor, Limit
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep, IdempotentCreate
from app.web.openapi import header, problems
from app.web.pagination import DEFAULT_LIMIT, Page

# One router per scope: reading and writing content are different grants.
readers = APIRouter(tags=["content"], dependencies=[Depends(RequireScope("content:read"))])
writers = APIRouter(tags=["content"], dependencies=[Depends(RequireScope("content:write"))])
ETAG = {"ETag": header("Send it back in If-Match to change the item.")}
IfMatch = Annotated[
    str | None, Header(description="The ETag you last read; required on PATCH.", max_length=200)
]


def _page_json(
    *, session: Session, filters: ContentFilters, limit: int, cursor: str | None, base_url: str
) -> bytes:
    records, next_cursor = items.content_list(
        session=session, filters=filters, limit=limit, cursor=cursor
    )
    page = Page[ContentPublic](
        items=[ContentPublic.of(r, base_url=base_url) for r in records], next_cursor=next_cursor
    )
    return page.model_dump_json().encode()


@readers.get("/content", responses=problems(), response_model=Page[ContentPublic])
async def content_list(
    request: Request,
    db: DatabaseDep,
    settings: SettingsDep,
    filters: Annotated[ContentFilters, Query()],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Content items, newest first; by default only published ones."""
    pages: TtlCache[tuple[str, int, str | None], bytes] = request.app.state.content_pages
    key = (filters.model_dump_json(), limit, cursor)
    body = await pages.load(
        key,
        lambda: db.read(
            _page_json, filters=filters, limit=limit, cursor=cursor, base_url=settings.base_url
        ),
    )
    return Response(body, media_type="application/json")


def _create(
    *, session: Session, settings: Settings, data: ContentCreate, idem: IdempotentCreate
) -> Response:
    if (replayed := idem.replay(session=session, payload=data)) is not None:
        return replayed
    record = items.content_create(session=session, settings=settings, data=data)
    headers = {
        "Location": f"/api/v1/content/{record.item.id}",
        "ETag": items.content_etag(record.item),
    }
    return idem.respond(
        session=session,
        body=ContentPublic.of(record, base_url=settings.base_url),
        status=status.HTTP_201_CREATED,
        headers=headers,
    )


@writers.post(
    "/content",
    status_code=status.HTTP_201_CREATED,
    response_model=ContentPublic,
    responses={
        **problems(409),
        201: {"headers": {"Location": header("The new item's address."), **ETAG}},
    },
)
async def content_create(
    data: ContentCreate,
    db: DatabaseDep,
    settings: SettingsDep,
    idem: IdempotencyDep,
) -> Response:
    """Create a content item; retry safely with Idempotency-Key."""
    return await db.write(_create, settings=settings, data=data, idem=idem)


@readers.get("/content/{content_id}", responses={**problems(404), 200: {"headers": ETAG}})
async def content_get(
    content_id: str, db: DatabaseDep, settings: SettingsDep, response: Response
) -> ContentPublic:
    """One content item, with the ETag to send back when changing it."""
    record = await db.read(items.content_get, content_id=content_id)
    response.headers["ETag"] = items.content_etag(record.item)
    return ContentPublic.of(record, base_url=settings.base_url)


@writers.patch(
    "/content/{content_id}", responses={**problems(404, 409, 412, 428), 200: {"headers": ETAG}}
)
async def content_update(
    content_id: str,
    data: ContentUpdate,
    db: DatabaseDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ContentPublic:
    """Change the fields sent; share_texts replaces the whole map."""
    record = await db.write(
        items.content_update,
        settings=settings,
        content_id=content_id,
        data=data,
        if_match=if_match,
    )
    response.headers["ETag"] = items.content_etag(record.item)
    return ContentPublic.of(record, base_url=settings.base_url)


@writers.delete(
    "/content/{content_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problems(404, 412)
)
async def content_delete(content_id: str, db: DatabaseDep, if_match: IfMatch = None) -> None:
    """Withdraw an item from every read; aggregates of its past shares remain."""
    await db.write(items.content_delete, content_id=content_id, if_match=if_match)


routers = (readers, writers)
