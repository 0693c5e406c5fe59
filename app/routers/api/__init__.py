"""Owns REST API v1 for intranet and HR systems under /api/v1, one module per resource.

Must not import: routers.ui.
"""

from __future__ import annotations

from types import ModuleType

from fastapi import FastAPI

from app.routers.api import (
    analytics,
    consents,
    content,
    content_imports,
    employees,
    me,
    shares,
    topics,
    webhooks,
)
from app.web.openapi import operation_id

PREFIX = "/api/v1"


# FastAPI walks an app's routes in order on every request, so the most requested
# resources are included first (see create_app).
HOT = (shares, content)
OTHERS = (employees, webhooks, consents, me, topics, content_imports, analytics)


def include(app: FastAPI, resources: tuple[ModuleType, ...]) -> None:
    """These resources' routers, each straight into the app under /api/v1.

    One level of routers instead of three: FastAPI matches a request against every
    router it passes through, so each level of nesting costs every request.
    """
    for resource in resources:
        for router in resource.routers:
            app.include_router(router, prefix=PREFIX, generate_unique_id_function=operation_id)
