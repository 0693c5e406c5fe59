"""REST API v1: import from a link, a prefill for a new content item from a web page."""

from __future__ import annotations

from functools import partial

import anyio
from fastapi import APIRouter, Depends

from app.content.import_schemas import LinkImportPublic, LinkImportRequest
from app.content.link_import import LATE, TIMEOUT_SECONDS, link_import
from app.dependencies import SettingsDep
from app.errors import GatewayTimeout
from app.web.api_auth import RequireScope
from app.web.openapi import problems

# Reading a page is part of writing an item, so it takes the same grant. The path is not
# /content/import: /content/{content_id} would answer its GET, PATCH and DELETE.
importers = APIRouter(tags=["content"], dependencies=[Depends(RequireScope("content:write"))])
DESCRIPTION = (
    "Read the Open Graph tags of the page at `url` (og:title, og:description, og:image, "
    'og:url; else <title>, <meta name="description">, <link rel="canonical">, and the '
    "language of <html lang>) into the fields of a new item. Nothing is stored. `warnings` "
    "name what the page lacks for the link cards of LinkedIn, X, Mastodon and Bluesky. "
    "The page is fetched as webhooks are sent: public addresses only, on every redirect "
    f"(at most 5), http or https, HTML only, its first 2 MB, within {TIMEOUT_SECONDS:g} s. "
    "422: the link or an address it leads to is refused, or it is no web page; 502: the "
    "page failed; 504: it did not arrive in time."
)


@importers.post("/content-imports", responses=problems(502, 504), description=DESCRIPTION)
async def content_imports_create(
    data: LinkImportRequest, settings: SettingsDep
) -> LinkImportPublic:
    """Prefill a new content item from a web page's Open Graph tags."""
    fetch = partial(
        link_import,
        url=data.url,
        # The SSRF rules of webhooks, with their one switch for development and tests.
        allow_private=settings.webhook_allow_private,
        content_hosts=settings.content_hosts,
    )
    # A thread of its own (the fetch blocks on another server, not on the database). The
    # fetch keeps its own time, but a name lookup cannot be interrupted: the answer does
    # not wait for it, and the abandoned thread ends with the lookup.
    found = None
    with anyio.move_on_after(TIMEOUT_SECONDS + 0.5):
        found = await anyio.to_thread.run_sync(fetch, abandon_on_cancel=True)
    if found is None:
        raise GatewayTimeout(LATE)
    return LinkImportPublic.of(found)


routers = (importers,)
