"""REST API v1: webhook endpoints (Standard Webhooks) and their deliveries."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from sqlmodel import Session

from app.config import Settings
from app.dependencies import DatabaseDep, SettingsDep
from app.routers.paging import Cursor, Limit
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep, IdempotentCreate
from app.web.openapi import header, problems
from app.web.pagination import DEFAULT_LIMIT, Page
from app.webhooks import endpoints
from app.webhooks.schemas import (
    DeliveryPublic,
    DeliveryStatus,
    WebhookCreate,
    WebhookPublic,
    WebhookWithSecret,
)
from app.webhooks.signing import secret_decrypt, secret_encrypt

router = APIRouter(tags=["webhooks"], dependencies=[Depends(RequireScope("webhooks:manage"))])
# The copy of a creation's answer kept for Idempotency-Key replays holds the secret encrypted.
SEALED = "sealed:"


def _replay_unsealed(replayed: Response, app_secret: str) -> Response:
    body = json.loads(bytes(replayed.body))
    body["secret"] = secret_decrypt(app_secret=app_secret, token=body["secret"][len(SEALED) :])
    headers = {k: v for k, v in replayed.headers.items() if k not in ("content-length",)}
    return Response(json.dumps(body), status_code=replayed.status_code, headers=headers)


@router.post(
    "/webhooks",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookWithSecret,
    responses={**problems(409), 201: {"headers": {"Location": header("Its address.")}}},
)
async def webhooks_create(
    data: WebhookCreate, db: DatabaseDep, settings: SettingsDep, idem: IdempotencyDep
) -> Response:
    """Register an endpoint; the answer holds its signing secret, shown this once."""
    return await db.write(_create, data=data, settings=settings, idem=idem)


def _create(
    *, session: Session, data: WebhookCreate, settings: Settings, idem: IdempotentCreate
) -> Response:
    app_secret = settings.secret_key.get_secret_value()
    if (replayed := idem.replay(session=session, payload=data)) is not None:
        return _replay_unsealed(replayed, app_secret)
    endpoint, secret = endpoints.webhook_create(
        session=session,
        app_secret=app_secret,
        allow_private=settings.webhook_allow_private,
        url=data.url,
        events=list(data.events),
        description=data.description,
    )
    sealed = SEALED + secret_encrypt(app_secret=app_secret, secret=secret)
    headers = {"Location": f"/api/v1/webhooks/{endpoint.id}"}
    idem.respond(
        session=session,
        body=WebhookWithSecret.of(endpoint, sealed),
        status=status.HTTP_201_CREATED,
        headers=headers,
    )
    answer = WebhookWithSecret.of(endpoint, secret)
    return Response(
        answer.model_dump_json(),
        status_code=status.HTTP_201_CREATED,
        headers=headers,
        media_type="application/json",
    )


def _page(*, session: Session, limit: int, cursor: str | None) -> Page[WebhookPublic]:
    rows, next_cursor = endpoints.webhook_list(session=session, limit=limit, cursor=cursor)
    return Page(items=[WebhookPublic.of(e) for e in rows], next_cursor=next_cursor)


@router.get("/webhooks", responses=problems())
async def webhooks_list(
    db: DatabaseDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[WebhookPublic]:
    """The registered endpoints, newest first, without secrets."""
    return await db.read(_page, limit=limit, cursor=cursor)


@router.delete(
    "/webhooks/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problems(404),
)
async def webhook_delete(endpoint_id: str, db: DatabaseDep) -> Response:
    """Remove an endpoint; nothing more is sent to it."""
    await db.write(endpoints.webhook_delete, endpoint_id=endpoint_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _rotate(*, session: Session, app_secret: str, endpoint_id: str) -> WebhookWithSecret:
    endpoint, secret = endpoints.webhook_rotate_secret(
        session=session, app_secret=app_secret, endpoint_id=endpoint_id
    )
    return WebhookWithSecret.of(endpoint, secret)


@router.post("/webhooks/{endpoint_id}/rotate-secret", responses=problems(404))
async def webhook_rotate_secret(
    endpoint_id: str, db: DatabaseDep, settings: SettingsDep
) -> WebhookWithSecret:
    """A new signing secret; for 24 hours deliveries are signed with the old one too."""
    return await db.write(
        _rotate, app_secret=settings.secret_key.get_secret_value(), endpoint_id=endpoint_id
    )


def _deliveries(
    *, session: Session, endpoint_id: str, status: str | None, limit: int, cursor: str | None
) -> Page[DeliveryPublic]:
    records, next_cursor = endpoints.webhook_deliveries(
        session=session, endpoint_id=endpoint_id, status=status, limit=limit, cursor=cursor
    )
    return Page(items=[DeliveryPublic.of(r) for r in records], next_cursor=next_cursor)


@router.get("/webhooks/{endpoint_id}/deliveries", responses=problems(404))
async def webhook_deliveries_list(
    endpoint_id: str,
    db: DatabaseDep,
    status: Annotated[DeliveryStatus | None, Query(description="Only these.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[DeliveryPublic]:
    """What was sent to this endpoint, newest first, with every attempt."""
    return await db.read(
        _deliveries, endpoint_id=endpoint_id, status=status, limit=limit, cursor=cursor
    )


def _retry(*, session: Session, endpoint_id: str, message_id: str) -> DeliveryPublic:
    record = endpoints.webhook_retry(
        session=session, endpoint_id=endpoint_id, message_id=message_id
    )
    return DeliveryPublic.of(record)


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{message_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problems(404, 409),
)
async def webhook_delivery_retry(
    endpoint_id: str, message_id: str, db: DatabaseDep
) -> DeliveryPublic:
    """Send a message to this endpoint again soon, with the same webhook-id."""
    return await db.write(_retry, endpoint_id=endpoint_id, message_id=message_id)


routers = (router,)
