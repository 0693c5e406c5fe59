"""GET /s/{code}: the public hot path, answered in plain ASGI before any routing.

No thread-pool hop, no ORM, no middleware it does not need: a lookup by
primary key, a counter in memory, a 302. Nothing about the visitor is stored;
a link-preview fetcher's request counts as a preview, not a click (previews.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.types import Receive, Scope, Send

from app.caches import TtlCache
from app.config import Settings
from app.db import transaction
from app.short_links.clicks import ClickCounter, write_clicks
from app.short_links.codes import PATH_PREFIX
from app.short_links.lookup import LinkLookup, open_link_lookup
from app.short_links.previews import fetched_for_a_preview
from app.web.rate_limits import LinkRateLimit

log = logging.getLogger("gladshare")
CODE = re.compile(r"[A-Za-z0-9_-]{8,32}")
# Answers for codes asked in the last second, so a link that is going round is not
# looked up again for every click; cleared by every write to content_item (a deleted
# item's links answer 410 at once) and kept at most a second against other processes.
# Each entry is the location's bytes (b"" for gone) and nothing else: twenty thousand
# entries renewed every second must not give the garbage collector more to walk.
ANSWER_SECONDS = 1.0
ANSWER_ENTRIES = 32_768
GONE_MARK = b""
_BASE_HEADERS = [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]


def _plain(
    status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    body = text.encode()
    headers = [
        *_BASE_HEADERS,
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    return (
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body},
    )


NOT_FOUND = _plain(404, "This link does not exist.\n")
GONE = _plain(410, "This link's content was withdrawn.\n")
UNAVAILABLE = _plain(503, "Please try again in a moment.\n", [(b"retry-after", b"5")])
NOT_ALLOWED = _plain(405, "Method not allowed.\n", [(b"allow", b"GET, HEAD")])


@asynccontextmanager
async def link_runtime(app: FastAPI, settings: Settings, engine: Engine) -> AsyncIterator[None]:
    """Lookup, click counter and rate limit for /s/, with a flush task that stops cleanly.

    The lifespan has the answers cleared by writes to content_item (`ShortLinks.answers`).
    """
    counter = ClickCounter()
    lookup = await open_link_lookup(settings.database_url)
    limit = LinkRateLimit(settings.rate_limit_links, enabled=settings.rate_limits)
    answers: TtlCache[str, bytes] = TtlCache(ttl=ANSWER_SECONDS, max_entries=ANSWER_ENTRIES)
    app.state.short_links = ShortLinks(lookup, counter, limit, answers)

    async def flush_forever() -> None:
        while True:
            await asyncio.sleep(settings.click_flush_seconds)
            try:
                await asyncio.to_thread(flush_clicks, counter=counter, engine=engine)
            except Exception:
                log.exception("could not write clicks; they are kept for the next try")

    task = asyncio.create_task(flush_forever())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        flush_clicks(counter=counter, engine=engine)  # a graceful stop loses no click
        await lookup.close()


def flush_clicks(*, counter: ClickCounter, engine: Engine) -> int:
    """Write the pending clicks in one transaction; how many were written."""
    with counter.taking() as batch:
        if not batch:
            return 0
        with transaction(engine) as session:
            return write_clicks(session.connection(), batch)


class ShortLinks:
    """Answers /s/{code} in plain ASGI; the app hands these requests over before routing."""

    def __init__(
        self,
        lookup: LinkLookup,
        counter: ClickCounter,
        limit: LinkRateLimit,
        answers: TtlCache[str, bytes],
    ) -> None:
        self.lookup = lookup
        self.counter = counter
        self.limit = limit
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        start, body = await self.answer(scope)
        await send(start)
        await send(body if scope["method"] != "HEAD" else {"type": "http.response.body"})

    async def answer(self, scope: Scope) -> tuple[dict[str, Any], dict[str, Any]]:
        """The response for one request to /s/…, counting a click on a GET that redirects."""
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            return NOT_ALLOWED
        retry_after = self.limit.check(scope.get("client"))
        if retry_after:
            return _plain(
                429, "Too many requests.\n", [(b"retry-after", str(retry_after).encode())]
            )
        code = scope["path"][len(PATH_PREFIX) :]
        location = self.answers.get(code)
        if location is None:
            if not CODE.fullmatch(code):
                return NOT_FOUND
            generation = self.answers.generation
            try:
                target = await self.lookup.find(code)
            except Exception:
                log.exception("short link lookup failed")
                return UNAVAILABLE
            if target is None:
                return NOT_FOUND  # unknown codes are not kept: guesses must not fill it
            location = GONE_MARK if target.gone else target.location.encode()
            self.answers.put(code, location, generation=generation)
        if location == GONE_MARK:
            return GONE
        if method == "GET":
            self.counter.count(code, preview=fetched_for_a_preview(scope))
        headers = [*_BASE_HEADERS, (b"location", location), (b"content-length", b"0")]
        return (
            {"type": "http.response.start", "status": 302, "headers": headers},
            {"type": "http.response.body", "body": b""},
        )
