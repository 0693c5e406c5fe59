"""REST API v1: the topic list that comms maintains and employees pick from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response, status
from sqlmodel import Session

from app.content import topics
from app.content.topic_schemas import TopicCreate, TopicPublic, TopicUpdate
from app.dependencies import DatabaseDep
from app.routers.paging import Cursor, Limit
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep, IdempotentCreate
from app.web.openapi import header, problems
from app.web.pagination import DEFAULT_LIMIT, Page

# One router per scope: reading the list and maintaining it are different grants.
readers = APIRouter(tags=["topics"], dependencies=[Depends(RequireScope("content:read"))])
writers = APIRouter(tags=["topics"], dependencies=[Depends(RequireScope("content:write"))])
ETAG = {"ETag": header("Send it back in If-Match to change the topic.")}
IfMatch = Annotated[
    str | None, Header(description="The ETag you last read; required on PATCH.", max_length=200)
]
DELETE_EFFECT = (
    "Take a topic off the list. It is removed from every employee's profile in the same "
    "change (someone left with no topics sees items on every topic, as before choosing), "
    "and it can no longer be picked. Content items keep the slug in their `topics`, so "
    "`GET /content?topic=` still finds them and creating the topic again brings them back "
    "into the feeds of those who pick it. If-Match is optional; when sent it must be current."
)


def _page(*, session: Session, limit: int, cursor: str | None) -> Page[TopicPublic]:
    rows, next_cursor = topics.topic_list(session=session, limit=limit, cursor=cursor)
    return Page(items=[TopicPublic.of(row) for row in rows], next_cursor=next_cursor)


@readers.get("/topics", responses=problems())
async def topics_list(
    db: DatabaseDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[TopicPublic]:
    """The topic list employees pick from, in the order of the ids, with every name."""
    return await db.read(_page, limit=limit, cursor=cursor)


def _create(*, session: Session, data: TopicCreate, idem: IdempotentCreate) -> Response:
    if (replayed := idem.replay(session=session, payload=data)) is not None:
        return replayed
    topic = topics.topic_create(session=session, data=data)
    headers = {"Location": f"/api/v1/topics/{topic.id}", "ETag": topics.topic_etag(topic)}
    return idem.respond(
        session=session,
        body=TopicPublic.of(topic),
        status=status.HTTP_201_CREATED,
        headers=headers,
    )


@writers.post(
    "/topics",
    status_code=status.HTTP_201_CREATED,
    response_model=TopicPublic,
    responses={
        **problems(409),
        201: {"headers": {"Location": header("The new topic's address."), **ETAG}},
    },
)
async def topics_create(data: TopicCreate, db: DatabaseDep, idem: IdempotencyDep) -> Response:
    """Put a topic on the list; an id already there is a 409. Retry safely with Idempotency-Key."""
    return await db.write(_create, data=data, idem=idem)


@readers.get("/topics/{topic_id}", responses={**problems(404), 200: {"headers": ETAG}})
async def topic_get(topic_id: str, db: DatabaseDep, response: Response) -> TopicPublic:
    """One topic, with the ETag to send back when renaming it."""
    topic = await db.read(topics.topic_get, topic_id=topic_id)
    response.headers["ETag"] = topics.topic_etag(topic)
    return TopicPublic.of(topic)


@writers.patch("/topics/{topic_id}", responses={**problems(404, 412, 428), 200: {"headers": ETAG}})
async def topic_update(
    topic_id: str,
    data: TopicUpdate,
    db: DatabaseDep,
    response: Response,
    if_match: IfMatch = None,
) -> TopicPublic:
    """Rename a topic: `names` replaces the whole map. The id never changes."""
    topic = await db.write(topics.topic_update, topic_id=topic_id, data=data, if_match=if_match)
    response.headers["ETag"] = topics.topic_etag(topic)
    return TopicPublic.of(topic)


@writers.delete(
    "/topics/{topic_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(404, 412),
    description=DELETE_EFFECT,
)
async def topic_delete(topic_id: str, db: DatabaseDep, if_match: IfMatch = None) -> None:
    """Take a topic off the list and out of every profile; content keeps its slug."""
    await db.write(topics.topic_delete, topic_id=topic_id, if_match=if_match)


routers = (readers, writers)
