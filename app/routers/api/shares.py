"""REST API v1: shares."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response
from sqlmodel import Session

from app.caches import TtlCache
from app.config import Settings
from app.db import Database
from app.dependencies import DatabaseDep, SettingsDep, get_database, get_settings_dep
from app.routers.hand_solved import JsonBody, hand_solved
from app.sharing.schemas import ShareCreate, SharePublic
from app.sharing.shares import Shareable, share_create, shareable
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep, IdempotentCreate, get_idempotent_create
from app.web.input_limits import refuse_nul_characters
from app.web.openapi import problems

require_shares_write = RequireScope("shares:write")


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


async def _record(
    request: Request,
    payload: ShareCreate,
    db: Database,
    settings: Settings,
    idem: IdempotentCreate,
) -> Response:
    items: TtlCache[str, Shareable] = request.app.state.shareables
    # 404 and 409 come from this read; errors are never kept.
    item = await items.load(
        payload.content_id, lambda: db.read(shareable, content_id=payload.content_id)
    )
    return await db.write(_create, payload=payload, item=item, settings=settings, idem=idem)


async def _share_fast(request: Request, background: BackgroundTasks) -> Response | None:
    """shares_create without FastAPI's dependency solving, for a plain JSON share.

    An Idempotency-Key, another content type or a body that does not validate go to
    the framework's handler (None), which answers them as the route declares.
    """
    if "idempotency-key" in request.headers or (body := await JsonBody.read(request)) is None:
        return None
    await refuse_nul_characters(request)  # the app's dependency
    principal = await require_shares_write(request, background)  # the router's
    if (payload := body.validated(ShareCreate)) is None:
        return None
    state = request.app.state
    idem = IdempotentCreate(
        method="POST", path=request.scope["path"], principal=f"key:{principal.key_id}", key=None
    )
    return await _record(request, payload, state.database, state.settings, idem)


router = APIRouter(
    tags=["shares"],
    dependencies=[Depends(require_shares_write)],
    route_class=hand_solved(
        _share_fast,
        solves=(
            refuse_nul_characters,
            require_shares_write,
            get_database,
            get_settings_dep,
            get_idempotent_create,
        ),
    ),
)


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
    return await _record(request, payload, db, settings, idem)


routers = (router,)
