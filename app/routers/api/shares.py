"""REST API v1: shares."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from sqlmodel import Session

from app.config import Settings
from app.dependencies import DatabaseDep, SettingsDep
from app.sharing.schemas import ShareCreate, SharePublic
from app.sharing.shares import share_create
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep, IdempotentCreate
from app.web.openapi import problems

router = APIRouter(tags=["shares"], dependencies=[Depends(RequireScope("shares:write"))])


def _create(
    *, session: Session, payload: ShareCreate, settings: Settings, idem: IdempotentCreate
) -> Response:
    if (replayed := idem.replay(session=session, payload=payload)) is not None:
        return replayed
    created = share_create(
        session=session,
        settings=settings,
        content_id=payload.content_id,
        network=payload.network,
        employee_external_id=payload.employee_external_id,
        mastodon_instance=payload.mastodon_instance,
        text=payload.text,
        source="api",
    )
    return idem.respond(session=session, body=SharePublic.of(created), status=201)


@router.post(
    "/shares",
    status_code=201,
    response_model=SharePublic,
    responses=problems(404, 409),
    summary="Record a share and get its short link and share dialog URL",
)
async def shares_create(
    payload: ShareCreate, db: DatabaseDep, settings: SettingsDep, idem: IdempotencyDep
) -> Response:
    """Record one share of a published item; `attributed` only with share_attribution consent."""
    return await db.write(_create, payload=payload, settings=settings, idem=idem)


routers = (router,)
