"""REST API v1: shares."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from app.caches import TtlCache
from app.config import Settings
from app.dependencies import DatabaseDep, SettingsDep
from app.sharing.schemas import ShareCreate, SharePublic
from app.sharing.shares import Shareable, share_create, shareable
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep, IdempotentCreate
from app.web.openapi import problems

router = APIRouter(tags=["shares"], dependencies=[Depends(RequireScope("shares:write"))])


def _create(
    *,
    session: Session,
    payload: ShareCreate,
    item: Shareable,
    settings: Settings,
    idem: IdempotentCreate,
) -> Response:
    if (replayed := idem.replay(session=session, payload=payload)) is not None:
        return replayed
    created = share_create(
        session=session,
        settings=settings,
        item=item,
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
    request: Request,
    payload: ShareCreate,
    db: DatabaseDep,
    settings: SettingsDep,
    idem: IdempotencyDep,
) -> Response:
    """Record one share of a published item; `attributed` only with share_attribution consent."""
    items: TtlCache[str, Shareable] = request.app.state.shareables
    # 404 and 409 come from this read; errors are never kept.
    item = await items.load(
        payload.content_id, lambda: db.read(shareable, content_id=payload.content_id)
    )
    return await db.write(_create, payload=payload, item=item, settings=settings, idem=idem)


routers = (router,)
