"""The preview circle: a draft sent to the colleagues who asked to see drafts."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.dependencies import RequireRole

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
