"""What a request may carry: bodies up to a limit (413 beyond it), and no NUL characters."""

from __future__ import annotations

import json
import re

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The studio's image upload: an 8 MB image (app/images/encoding.py) and its form around it.
# A larger one gets 413 here; up to this, the route reads it and explains any refusal.
UPLOAD_PATH = re.compile(r"/studio/content/[^/]+/image")
UPLOAD_LIMIT = 9 * 1024 * 1024
# The studio's editor form (a save, a stale save's overwrite, a live preview): every field of
# an item at the API's longest, nine share texts of 3 000 characters among them, in any
# script, percent-encoded (up to 9 bytes a character), with the form's digests beside them.
EDITOR_PATH = re.compile(r"/studio/(?:content(?:/[^/]+)?|previews)")
EDITOR_LIMIT = 384 * 1024


def body_limit(scope: Scope, *, json_limit: int, form_limit: int) -> int:
    """The largest body this request may send: forms are small, JSON a little larger."""
    content_type = Headers(scope=scope).get("content-type", "").lower()
    if content_type.startswith("multipart/form-data") and UPLOAD_PATH.fullmatch(scope["path"]):
        return UPLOAD_LIMIT
    if content_type.startswith(FORM_TYPES) and EDITOR_PATH.fullmatch(scope["path"]):
        return max(form_limit, EDITOR_LIMIT)
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


NUL = "\x00"
NOT_NUL = "must not contain NUL characters"


def _nul_paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Where NUL stands in a decoded JSON document, as validation locations."""
    if isinstance(value, str):
        return [path] if NUL in value else []
    if isinstance(value, dict):
        found = [(*path, key) for key in value if NUL in key]
        return found + [p for key, item in value.items() for p in _nul_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _nul_paths(item, (*path, i))]
    return []


def _refuse(locations: list[tuple[str | int, ...]]) -> None:
    if locations:
        raise RequestValidationError(
            [{"loc": loc, "msg": NOT_NUL, "type": "value_error"} for loc in locations]
        )


async def refuse_nul_characters(request: Request) -> None:
    """No stored text may hold NUL (PostgreSQL cannot): 404 in a path, 422 elsewhere.

    An app-wide dependency, so nothing carrying one reaches a query; the 422 names
    the fields, as any validation error does. In a multipart form only the text
    fields count: files may contain any byte.
    """
    if any(NUL in str(value) for value in request.path_params.values()):
        raise HTTPException(404, detail="There is nothing at this address.")
    if b"%00" in request.scope["query_string"]:
        _refuse([("query", name) for name, v in request.query_params.multi_items() if NUL in v])
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(FORM_TYPES):
        form = await request.form()  # parsed once; the route reads the same form
        _refuse([("body", k) for k, v in form.multi_items() if isinstance(v, str) and NUL in v])
        return
    body = await request.body()
    if b"\\u0000" in body.lower():
        try:
            document = json.loads(body)
        except ValueError:
            return  # not JSON: the route refuses it, or never reads it
        _refuse([("body", *loc) for loc in _nul_paths(document)])
