"""The ASGI application: create_app(settings) and the lifespan that owns the engine."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from app.config import Settings, get_settings
from app.content.items import content_page_cache
from app.db import Database, make_engine
from app.migrate import head_revisions
from app.routers import api, docs, health
from app.routers.studio import analytics as studio_analytics
from app.routers.studio import circle, content, editor, images, previews, quality, topics
from app.routers.ui import auth, demo, feed, language, learn, me, me_data, pages, setup
from app.routers.ui import images as image_files
from app.routers.ui.feed import feed_page_cache
from app.sharing.feed import FEED_TABLES
from app.sharing.shares import shareable_cache
from app.short_links.codes import PATH_PREFIX as SHORT_LINK_PREFIX
from app.short_links.redirect import link_runtime
from app.web.api_auth import api_key_cache
from app.web.input_limits import limited_receive, refuse_nul_characters
from app.web.oidc import OidcClient
from app.web.problems import install_problem_handlers
from app.web.rate_limits import FailureLimit, RateLimit
from app.web.rendering import render_error_page
from app.web.security_headers import secured
from app.web.visitors import visitor_cache

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger("gladshare")


class Gladshare(FastAPI):
    """FastAPI, with short links answered before any routing and security headers on the rest."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if scope["path"].startswith(SHORT_LINK_PREFIX):
                await self.state.short_links(scope, receive, send)
                return
            settings = self.state.settings
            send = secured(scope, send, https=settings.base_url.startswith("https://"))
            receive = limited_receive(
                receive,
                scope,
                json_limit=settings.body_limit_json,
                form_limit=settings.body_limit_form,
            )
            if scope["method"] == "HEAD":
                # HEAD answers wherever GET does: the GET's headers, without its body.
                scope, send = {**scope, "method": "GET"}, _headers_only(send)
        await super().__call__(scope, receive, send)


def _headers_only(send: Send) -> Send:
    async def send_headers(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return send_headers


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; nothing touches the database until the lifespan starts."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.check_secret()
        engine = make_engine(settings.database_url)
        app.state.engine = engine
        app.state.database = Database(engine)
        app.state.api_keys = api_key_cache()
        app.state.content_pages = content_page_cache()
        app.state.database.clear_on(app.state.content_pages, "content_item", "share_text")
        app.state.visitors = visitor_cache()
        app.state.database.clear_on(app.state.visitors, "employee", "web_session")
        app.state.shareables = shareable_cache()
        app.state.database.clear_on(app.state.shareables, "content_item", "share_text")
        app.state.feed_pages = feed_page_cache()
        app.state.database.clear_on(app.state.feed_pages, *FEED_TABLES)
        app.state.head_revisions = head_revisions(settings.database_url)
        app.state.api_rate_limit = RateLimit(settings.rate_limit_api, enabled=settings.rate_limits)
        app.state.unknown_key_limit = FailureLimit(
            settings.rate_limit_unknown_keys, enabled=settings.rate_limits
        )
        app.state.oidc = OidcClient(settings) if settings.oidc_issuer else None
        try:
            async with link_runtime(app, settings, engine):
                # A deleted item's links answer 410 at once.
                app.state.database.clear_on(app.state.short_links.answers, "content_item")
                # Everything built so far lives as long as the process: keep it out of
                # the garbage collector's scans, which otherwise slow every request.
                gc.freeze()
                yield
        finally:
            if app.state.oidc is not None:
                app.state.oidc.close()
            app.state.database.close()
            engine.dispose()

    app = Gladshare(
        title="gladshare",
        version="1",
        summary="Employee ambassador platform built on voluntariness",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served by app/routers/docs.py from our own origin
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_nul_characters)],
    )
    app.state.settings = settings
    install_problem_handlers(app, render_error_page=render_error_page)
    # Routes are matched in order on every request: the most requested come first.
    api.include(app, api.HOT)
    app.include_router(feed.router)
    api.include(app, api.OTHERS)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(health.router)
    app.include_router(docs.router)
    for pages_group in (image_files, pages, learn, me, setup, me_data, language):
        app.include_router(pages_group.router)
    studio = (content, editor, previews, images, circle, quality, topics, studio_analytics)
    for studio_group in studio:
        app.include_router(studio_group.router)
    if settings.oidc_issuer:
        app.include_router(auth.router)
    elif settings.demo:
        # Demo sign-in needs no password, so it never exists beside real single sign-on.
        app.include_router(demo.router)
    return app


app = create_app()
