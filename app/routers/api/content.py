"""REST API v1: content."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response, status

from app.content import items
from app.content.schemas import ContentCreate, ContentFilters, ContentPublic, ContentUpdate
from app.dependencies import SessionDep, SettingsDep
from app.routers.paging import Cursor, Limit
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep
from app.web.openapi import header, problems
from app.web.pagination import DEFAULT_LIMIT, Page

# One router per scope: reading and writing content are different grants.
readers = APIRouter(tags=["content"], dependencies=[Depends(RequireScope("content:read"))])
writers = APIRouter(tags=["content"], dependencies=[Depends(RequireScope("content:write"))])
ETAG = {"ETag": header("Send it back in If-Match to change the item.")}
IfMatch = Annotated[
    str | None, Header(description="The ETag you last read; required on PATCH.", max_length=200)
]


@readers.get("/content", responses=problems())
def content_list(
    session: SessionDep,
    settings: SettingsDep,
    filters: Annotated[ContentFilters, Query()],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ContentPublic]:
    """Content items, newest first; by default only published ones."""
    records, next_cursor = items.content_list(
        session=session, filters=filters, limit=limit, cursor=cursor
    )
    return Page(
        items=[ContentPublic.of(r, base_url=settings.base_url) for r in records],
        next_cursor=next_cursor,
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
def content_create(
    data: ContentCreate, session: SessionDep, settings: SettingsDep, idem: IdempotencyDep
) -> Response:
    """Create a content item; retry safely with Idempotency-Key."""
    if (replayed := idem.replay(data)) is not None:
        return replayed
    record = items.content_create(session=session, settings=settings, data=data)
    headers = {
        "Location": f"/api/v1/content/{record.item.id}",
        "ETag": items.content_etag(record.item),
    }
    return idem.respond(
        ContentPublic.of(record, base_url=settings.base_url),
        status=status.HTTP_201_CREATED,
        headers=headers,
    )


@readers.get("/content/{content_id}", responses={**problems(404), 200: {"headers": ETAG}})
def content_get(
    content_id: str, session: SessionDep, settings: SettingsDep, response: Response
) -> ContentPublic:
    """One content item, with the ETag to send back when changing it."""
    record = items.content_get(session=session, content_id=content_id)
    response.headers["ETag"] = items.content_etag(record.item)
    return ContentPublic.of(record, base_url=settings.base_url)


@writers.patch(
    "/content/{content_id}", responses={**problems(404, 409, 412, 428), 200: {"headers": ETAG}}
)
def content_update(
    content_id: str,
    data: ContentUpdate,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ContentPublic:
    """Change the fields sent; share_texts replaces the whole map."""
    record = items.content_update(
        session=session, settings=settings, content_id=content_id, data=data, if_match=if_match
    )
    response.headers["ETag"] = items.content_etag(record.item)
    return ContentPublic.of(record, base_url=settings.base_url)


@writers.delete(
    "/content/{content_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problems(404, 412)
)
def content_delete(content_id: str, session: SessionDep, if_match: IfMatch = None) -> None:
    """Withdraw an item from every read; aggregates of its past shares remain."""
    items.content_delete(session=session, content_id=content_id, if_match=if_match)


router = APIRouter()
router.include_router(readers)
router.include_router(writers)
