"""One item's quality loop: share-worthiness, reasons after k answers, shares, clicks."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.dependencies import RequireRole

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
