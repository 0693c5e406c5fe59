"""How an item will look on LinkedIn, X, Mastodon and Bluesky, in our own CSS."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.dependencies import RequireRole

router = APIRouter(include_in_schema=False, dependencies=[Depends(RequireRole("comms"))])
