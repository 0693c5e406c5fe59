"""/images/{key}: our copies of content images, and the sweep that fetches image_urls once.

Served without sign-in on purpose: a key is the hash of the image's own bytes (128 bits),
so it names nothing and cannot be guessed, and only pages that may show the item (the
feed, the studio, the preview circle) ever carry it; a draft's image stays as private as
the draft. Without a session to check, the answer is the same for everyone and may be
kept for a year (immutable: a changed image gets a new key).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from app.images.fetching import image_copy, image_keys_set, images_due
from app.images.store import image_file

log = logging.getLogger("gladshare")
CACHED = "public, max-age=31536000, immutable"
FIRST_SWEEP_SECONDS = 1.0
SWEEP_EVERY_SECONDS = 5.0


async def images_fetch(app: FastAPI) -> int:
    """One sweep: copy each image_url that has no copy yet; how many items changed."""
    settings, database = app.state.settings, app.state.database
    due = await database.read(images_due, var_dir=settings.var_dir)
    if not due:
        return 0
    keys: dict[str, tuple[str | None, str | None]] = {}
    for item in due:
        key = None
        if item.url is not None and item.refused is None:
            key = await asyncio.to_thread(
                image_copy,
                url=item.url,
                var_dir=settings.var_dir,
                allow_private=settings.webhook_allow_private,
            )
        keys[item.content_id] = (item.url, key)
    changed: int = await database.write(image_keys_set, keys=keys)
    return changed


@contextlib.asynccontextmanager
async def image_fetching(app: FastAPI) -> AsyncIterator[None]:
    """Sweep for image_urls to copy while the web process runs (the demo included)."""

    async def sweep_forever() -> None:
        await asyncio.sleep(FIRST_SWEEP_SECONDS)
        while True:
            try:
                await images_fetch(app)
            except Exception:
                log.exception("copying images failed; trying again at the next sweep")
            await asyncio.sleep(SWEEP_EVERY_SECONDS)

    task = asyncio.create_task(sweep_forever())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


router = APIRouter(include_in_schema=False, lifespan=image_fetching)


@router.get("/images/{key}")
async def image_get(request: Request, key: str) -> FileResponse:
    """One of our images, for a year in any cache: its key changes when the image does."""
    found = image_file(var_dir=request.app.state.settings.var_dir, key=key)
    if found is None:
        raise HTTPException(404, detail="There is nothing at this address.")
    path, media_type = found
    headers = {"Cache-Control": CACHED, "X-Content-Type-Options": "nosniff"}
    return FileResponse(path, media_type=media_type, headers=headers)
