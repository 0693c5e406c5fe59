"""An item's image, uploaded or fetched once, re-encoded and stored as ours."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.dependencies import RequireRole

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
