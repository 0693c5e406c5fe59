"""Liveness and readiness for orchestrators and load balancers."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from app.dependencies import DatabaseDep
from app.migrate import schema_revisions
from app.web.openapi import operation_id

router = APIRouter(tags=["health"], generate_unique_id_function=operation_id)
log = logging.getLogger("gladshare")


@router.get("/healthz")
async def healthz_get() -> dict[str, str]:
    """The process is alive; the database is not consulted."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    responses={503: {"description": "Database unreachable or not migrated to head"}},
)
async def readyz_get(request: Request, db: DatabaseDep) -> JSONResponse:
    """The database answers and its schema is at the newest migration."""
    try:
        current = await db.read(schema_revisions)
    except SQLAlchemyError as exc:
        log.warning("readiness: database unreachable: %s", exc.__class__.__name__)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    if current != request.app.state.head_revisions:
        return JSONResponse({"status": "unavailable", "database": "not migrated"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
