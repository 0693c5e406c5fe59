"""REST API v1: content."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["content"])
