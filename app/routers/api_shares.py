"""REST API v1: shares."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["shares"])
