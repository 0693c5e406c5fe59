"""Owns REST API v1 for intranet and HR systems under /api/v1, one module per resource.

Must not import: routers.ui.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.routers.api import consents, content, employees, me, shares, webhooks

router = APIRouter(prefix="/api/v1")
for resource in (content, employees, shares, webhooks, consents, me):
    router.include_router(resource.router)
