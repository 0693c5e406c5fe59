"""Request bodies are bounded: past the limit the answer is 413, before more is read."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def body_limit(scope: Scope, *, json_limit: int, form_limit: int) -> int:
    """The largest body this request may send: forms are small, JSON a little larger."""
    content_type = Headers(scope=scope).get("content-type", "").lower()
    return form_limit if content_type.startswith(FORM_TYPES) else json_limit


def too_large(limit: int) -> HTTPException:
    """The 413 that the problem handlers turn into problem+json or an HTML page."""
    size = f"{limit // 1024} KiB" if limit < 1024 * 1024 else f"{limit / (1024 * 1024):g} MiB"
    return HTTPException(413, detail=f"The request body is larger than {size}.")


def limited_receive(receive: Receive, scope: Scope, *, json_limit: int, form_limit: int) -> Receive:
    """Wrap `receive` so that a body over its limit raises 413 as soon as that is known.

    A declared Content-Length over the limit is refused before a byte is read; a
    chunked body is counted as it arrives and refused at the chunk that crosses
    the limit, so the server never holds more than one chunk past it.
    """
    limit = body_limit(scope, json_limit=json_limit, form_limit=form_limit)
    declared = Headers(scope=scope).get("content-length", "")
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        if declared.isdigit() and int(declared) > limit:
            raise too_large(limit)
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large(limit)
        return message

    return receive_within_limit
