"""The query parameters every listing shares: `?limit=` and `?cursor=` (see web/pagination)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.web.pagination import MAX_LIMIT

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (1–200).")]
Cursor = Annotated[
    str | None,
    Query(max_length=200, description="`next_cursor` of the previous page."),
]
