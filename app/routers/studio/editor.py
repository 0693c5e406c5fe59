"""The studio's editor: create, edit, save, publish, schedule, archive and delete an item."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.dependencies import RequireRole

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
