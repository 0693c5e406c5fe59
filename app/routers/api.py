"""REST API v1 for intranet and HR systems, under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from app.routers import (
    api_consents,
    api_content,
    api_employees,
    api_me,
    api_shares,
    api_webhooks,
)

router = APIRouter(prefix="/api/v1")
router.include_router(api_content.router)
router.include_router(api_employees.router)
router.include_router(api_shares.router)
router.include_router(api_webhooks.router)
router.include_router(api_consents.router)
router.include_router(api_me.router)
