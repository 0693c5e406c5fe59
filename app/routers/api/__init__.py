"""Owns REST API v1 for intranet and HR systems under /api/v1, one module per resource.

Must not import: routers.ui.
"""

from __future__ import annotations

from fastapi import FastAPI

from app.routers.api import consents, content, employees, me, shares, webhooks
from app.web.openapi import operation_id

PREFIX = "/api/v1"


def include(app: FastAPI) -> None:
    """Every resource's routers, each straight into the app under /api/v1.

    One level of routers instead of three: FastAPI matches a request against every
    router it passes through, so each level of nesting costs every request. The same
    walk goes through the routes in order: the most requested come first (shares,
    then the content listing), and the app includes this before its other routes.
    """
    for resource in (shares, content, employees, webhooks, consents, me):
        for router in resource.routers:
            app.include_router(router, prefix=PREFIX, generate_unique_id_function=operation_id)
