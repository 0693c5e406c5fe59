"""OpenAPI: every error an operation can answer, documented with the problem schema."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel, Field


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["urn:gladshare:problem:not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["There is no content item with this id."])
    errors: list[ValidationIssue] | None = None


# Every API operation can answer these: a bad key, a bad request, a rate limit.
COMMON = (401, 403, 422, 429)


def problems(*statuses: int, common: bool = True) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting these error statuses as problem+json."""
    codes = sorted(set(statuses) | (set(COMMON) if common else set()))
    return {
        code: {
            "model": Problem,
            "description": HTTPStatus(code).phrase,
            "content": {"application/problem+json": {}},
        }
        for code in codes
    }


def operation_id(route: APIRoute) -> str:
    """A route's operationId is its function's name, `<resource>_<verb>` (content_list)."""
    # Generated clients name their methods after it, so it must not carry the path.
    return route.name


def header(description: str) -> dict[str, Any]:
    """A response header as OpenAPI 3.1 wants it: described, with its schema."""
    return {"description": description, "schema": {"type": "string"}}
