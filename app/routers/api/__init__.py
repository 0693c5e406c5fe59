"""Owns REST API v1 for intranet and HR systems under /api/v1, one module per resource.

Must not import: routers.ui.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.routers.api import consents, content, employees, me, shares, webhooks
from app.web.openapi import operation_id

router = APIRouter(prefix="/api/v1", generate_unique_id_function=operation_id)
for resource in (content, employees, shares, webhooks, consents, me):
    router.include_router(resource.router)
