"""REST API v1: shares."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from app.dependencies import SessionDep, SettingsDep
from app.sharing.schemas import ShareCreate, SharePublic
from app.sharing.shares import share_create
from app.web.api_auth import RequireScope
from app.web.idempotency import IdempotencyDep
from app.web.openapi import problems

router = APIRouter(tags=["shares"], dependencies=[Depends(RequireScope("shares:write"))])


@router.post(
    "/shares",
    status_code=201,
    response_model=SharePublic,
    responses=problems(404, 409),
    summary="Record a share and get its short link and share dialog URL",
)
def shares_create(
    payload: ShareCreate, session: SessionDep, settings: SettingsDep, idem: IdempotencyDep
) -> Response:
    """Record one share of a published item; `attributed` only with share_attribution consent."""
    if (replayed := idem.replay(payload)) is not None:
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
    return idem.respond(SharePublic.of(created), status=201)
