"""Optimistic concurrency: ETag from a version column, If-Match required on PATCH."""

from __future__ import annotations

from app.errors import PreconditionFailed, PreconditionRequired


def etag(resource_id: str, version: int) -> str:
    """A strong ETag for one version of one resource."""
    return f'"{resource_id}.{version}"'


def check_if_match(if_match: str | None, *, current: str) -> None:
    """428 without If-Match, 412 when it names another version."""
    if not if_match:
        raise PreconditionRequired("Send If-Match with the ETag you last read.")
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in candidates and current not in candidates:
        raise PreconditionFailed(
            "This item changed since you read it; read it again and retry with its new ETag."
        )
